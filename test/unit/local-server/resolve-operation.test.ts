import { describe, expect, it } from 'vitest';
import { resolveOperation, type OperationName } from '../../../electron/main/local-server/resolve-operation.ts';

type Row = [method: string, bucket: string | undefined, key: string | undefined, query: Record<string, string>, headers: Record<string, string>, expected: OperationName];

const form = { 'content-type': 'multipart/form-data; boundary=x' };
const copy = { 'x-amz-copy-source': '/b/k' };

const TABLE: Row[] = [
  ['GET', undefined, undefined, {}, {}, 'ListBuckets'],
  ['PUT', undefined, undefined, {}, {}, 'MethodNotAllowed'],
  ['PUT', 'b', undefined, {}, {}, 'CreateBucket'],
  ['DELETE', 'b', undefined, {}, {}, 'DeleteBucket'],
  ['HEAD', 'b', undefined, {}, {}, 'HeadBucket'],
  ['GET', 'b', undefined, { location: '' }, {}, 'GetBucketLocation'],
  ['GET', 'b', undefined, { versioning: '' }, {}, 'GetBucketVersioning'],
  ['PUT', 'b', undefined, { versioning: '' }, {}, 'PutBucketVersioning'],
  ['GET', 'b', undefined, { notification: '' }, {}, 'GetBucketNotificationConfiguration'],
  ['PUT', 'b', undefined, { notification: '' }, {}, 'PutBucketNotificationConfiguration'],
  ['GET', 'b', undefined, {}, {}, 'ListObjects'],
  ['GET', 'b', undefined, { 'list-type': '2' }, {}, 'ListObjectsV2'],
  ['GET', 'b', undefined, { versions: '', prefix: 'p' }, {}, 'ListObjectVersions'],
  ['GET', 'b', undefined, { uploads: '' }, {}, 'ListMultipartUploads'],
  ['POST', 'b', undefined, { delete: '' }, {}, 'DeleteObjects'],
  ['POST', 'b', undefined, {}, form, 'PostObject'],
  ['POST', 'b', undefined, {}, {}, 'NotImplemented'],
  ['GET', 'b', undefined, { acl: '' }, {}, 'GetBucketAcl'],
  ['PUT', 'b', undefined, { acl: '' }, {}, 'PutBucketAcl'],
  ['DELETE', 'b', undefined, { acl: '' }, {}, 'NotImplemented'],
  ['PUT', 'b', undefined, { policy: '' }, {}, 'NotImplemented'],
  ['DELETE', 'b', undefined, { cors: '' }, {}, 'DeleteBucketCors'],
  ['DELETE', 'b', undefined, { policy: '' }, {}, 'DeleteBucketDefaultConfiguration'],
  ['GET', 'b', undefined, { cors: '' }, {}, 'GetBucketCors'],
  ['PUT', 'b', undefined, { cors: '' }, {}, 'PutBucketCors'],
  ['OPTIONS', 'b', undefined, {}, {}, 'CorsPreflight'],
  ['DELETE', 'b', undefined, { publicAccessBlock: '' }, {}, 'NotImplemented'],
  ['PUT', 'b', undefined, { encryption: '' }, {}, 'PutBucketDefaultConfiguration'],
  ['PUT', 'b', undefined, { publicAccessBlock: '' }, {}, 'PutBucketDefaultConfiguration'],
  ['PUT', 'b', undefined, { policy: '' }, {}, 'NotImplemented'],
  ['GET', 'b', undefined, { policy: '' }, {}, 'GetBucketDefaultConfiguration'],
  ['GET', 'b', undefined, { analytics: '' }, {}, 'NotImplemented'],
  ['GET', 'b', undefined, { tagging: '' }, {}, 'GetBucketTagging'],
  ['PUT', 'b', undefined, { tagging: '' }, {}, 'PutBucketTagging'],
  ['DELETE', 'b', undefined, { tagging: '' }, {}, 'DeleteBucketTagging'],
  ['PATCH', 'b', undefined, {}, {}, 'MethodNotAllowed'],
  ['PUT', 'b', 'k', {}, {}, 'PutObject'],
  ['PUT', 'b', 'k', {}, copy, 'CopyObject'],
  ['GET', 'b', 'k', {}, {}, 'GetObject'],
  ['GET', 'b', 'k', { versionId: 'v' }, {}, 'GetObject'],
  ['HEAD', 'b', 'k', {}, {}, 'HeadObject'],
  ['DELETE', 'b', 'k', {}, {}, 'DeleteObject'],
  ['GET', 'b', 'k', { tagging: '' }, {}, 'GetObjectTagging'],
  ['PUT', 'b', 'k', { tagging: '' }, {}, 'PutObjectTagging'],
  ['DELETE', 'b', 'k', { tagging: '' }, {}, 'DeleteObjectTagging'],
  ['POST', 'b', 'k', { uploads: '' }, {}, 'CreateMultipartUpload'],
  ['PUT', 'b', 'k', { uploadId: 'u', partNumber: '1' }, {}, 'UploadPart'],
  ['PUT', 'b', 'k', { uploadId: 'u', partNumber: '1' }, copy, 'UploadPartCopy'],
  ['POST', 'b', 'k', { uploadId: 'u' }, {}, 'CompleteMultipartUpload'],
  ['DELETE', 'b', 'k', { uploadId: 'u' }, {}, 'AbortMultipartUpload'],
  ['GET', 'b', 'k', { uploadId: 'u' }, {}, 'ListParts'],
  ['GET', 'b', 'k', { acl: '' }, {}, 'GetObjectAcl'],
  ['PUT', 'b', 'k', { acl: '' }, {}, 'PutObjectAcl'],
  ['DELETE', 'b', 'k', { acl: '' }, {}, 'NotImplemented'],
  ['POST', 'b', 'k', { restore: '' }, {}, 'RestoreObject'],
  ['GET', 'b', 'k', { restore: '' }, {}, 'NotImplemented'],
  ['POST', 'b', 'k', { select: '', 'select-type': '2' }, {}, 'NotImplemented'],
  ['GET', 'b', 'k', { attributes: '' }, {}, 'GetObjectAttributes'],
  ['PUT', 'b', 'k', { attributes: '' }, {}, 'NotImplemented'],
  ['PUT', 'b', 'k', { retention: '' }, {}, 'ObjectLockNotConfigured'],
  ['GET', 'b', 'k', { 'legal-hold': '' }, {}, 'ObjectLockNotConfigured'],
  ['OPTIONS', 'b', 'k', {}, {}, 'CorsPreflight'],
  ['OPTIONS', undefined, undefined, {}, {}, 'MethodNotAllowed'],
];

describe('resolveOperation', () => {
  it.each(TABLE)('%s /%s/%s %j %j -> %s', (method, bucket, key, query, headers, expected) => {
    expect(resolveOperation(method, bucket, key, query, headers)).toBe(expected);
  });
});
