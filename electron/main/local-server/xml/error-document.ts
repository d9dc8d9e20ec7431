// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#RESTErrorResponses
import type { S3Error } from '../errors.ts';
import { toXml } from './xml-codec.ts';

export function errorDocument(error: S3Error, resource: string, requestId: string): string {
  return toXml(
    'Error',
    { Code: error.code, Message: error.message, ...error.detail, Resource: resource, RequestId: requestId, HostId: requestId },
    false,
  );
}
