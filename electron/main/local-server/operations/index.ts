// The operation table: one handler per S3 operation name, checked for completeness by the compiler.
import { S3Error } from '../errors.ts';
import { requireBucket } from './common.ts';
import type { Handler } from '../context.ts';
import type { OperationName } from '../resolve-operation.ts';
import type { SecretLookup } from '../auth/verify-request.ts';
import * as bucketOps from './bucket-operations.ts';
import * as listOps from './list-operations.ts';
import * as readOps from './object-read.ts';
import * as writeOps from './object-write.ts';
import * as taggingOps from './tagging-operations.ts';
import * as aclOps from './acl-operations.ts';
import * as corsOps from './cors-operations.ts';
import * as multipartOps from './multipart-operations.ts';
import { postObject } from './post-object.ts';
import { getObjectAttributes } from './object-attributes.ts';
import { restoreObject } from './restore-object.ts';
import { deleteBucketDefaultConfiguration, getBucketDefaultConfiguration, putBucketDefaultConfiguration } from './bucket-config-defaults.ts';

export function createHandlers(lookup: SecretLookup): Record<OperationName, Handler> {
  return {
    ListBuckets: bucketOps.listBuckets,
    CreateBucket: bucketOps.createBucket,
    DeleteBucket: bucketOps.deleteBucket,
    HeadBucket: bucketOps.headBucket,
    GetBucketLocation: bucketOps.getBucketLocation,
    GetBucketVersioning: bucketOps.getBucketVersioning,
    PutBucketVersioning: bucketOps.putBucketVersioning,
    GetBucketNotificationConfiguration: bucketOps.getBucketNotificationConfiguration,
    PutBucketNotificationConfiguration: bucketOps.putBucketNotificationConfiguration,
    GetBucketAcl: aclOps.getBucketAcl,
    GetBucketCors: corsOps.getBucketCors,
    PutBucketCors: corsOps.putBucketCors,
    DeleteBucketCors: corsOps.deleteBucketCors,
    CorsPreflight: corsOps.corsPreflight,
    GetBucketTagging: taggingOps.getBucketTagging,
    PutBucketTagging: taggingOps.putBucketTagging,
    DeleteBucketTagging: taggingOps.deleteBucketTagging,
    PutBucketAcl: aclOps.putBucketAcl,
    GetBucketDefaultConfiguration: getBucketDefaultConfiguration,
    DeleteBucketDefaultConfiguration: deleteBucketDefaultConfiguration,
    PutBucketDefaultConfiguration: putBucketDefaultConfiguration,
    ListObjects: listOps.listObjects,
    ListObjectsV2: listOps.listObjectsV2,
    ListObjectVersions: listOps.listObjectVersions,
    ListMultipartUploads: listOps.listMultipartUploads,
    DeleteObjects: writeOps.deleteObjects,
    PostObject: postObject(lookup),
    PutObject: writeOps.putObject,
    CopyObject: writeOps.copyObject,
    GetObject: readOps.getObject,
    HeadObject: readOps.headObject,
    DeleteObject: writeOps.deleteObject,
    GetObjectTagging: taggingOps.getObjectTagging,
    GetObjectAttributes: getObjectAttributes,
    RestoreObject: restoreObject,
    ObjectLockNotConfigured: async (ctx) => {
      requireBucket(ctx);
      throw new S3Error('InvalidRequest', 'Bucket is missing Object Lock Configuration');
    },
    PutObjectTagging: taggingOps.putObjectTagging,
    DeleteObjectTagging: taggingOps.deleteObjectTagging,
    GetObjectAcl: aclOps.getObjectAcl,
    PutObjectAcl: aclOps.putObjectAcl,
    CreateMultipartUpload: multipartOps.createMultipartUpload,
    UploadPart: multipartOps.uploadPart,
    UploadPartCopy: multipartOps.uploadPartCopy,
    CompleteMultipartUpload: multipartOps.completeMultipartUpload,
    AbortMultipartUpload: multipartOps.abortMultipartUpload,
    ListParts: multipartOps.listParts,
    NotImplemented: async () => {
      throw new S3Error('NotImplemented');
    },
    MethodNotAllowed: async (ctx) => {
      throw new S3Error('MethodNotAllowed', undefined, { Method: ctx.method, ResourceType: ctx.key ? 'OBJECT' : 'BUCKET' });
    },
  };
}
