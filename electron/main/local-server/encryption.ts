// Server-side encryption as S3 reports it since January 2023: every object is encrypted with SSE-S3 (AES256)
// unless a request asks for another kind, and responses that describe an object say so. This server keeps data
// unencrypted on the user's own disk, but reports what S3 would, and refuses the kinds it cannot honour
// (SSE-KMS, DSSE-KMS, SSE-C) instead of silently storing the object without them.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html
import { S3Error } from './errors.ts';

export const SSE_HEADER = 'x-amz-server-side-encryption';
/** The header every response describing an object carries. */
export const SSE_S3: Readonly<Record<string, string>> = { [SSE_HEADER]: 'AES256' };

/** x-amz-server-side-encryption / SSE-C headers on a write (PUT, POST, copy, CreateMultipartUpload). */
export function checkSseHeaders(h: Record<string, string>): void {
  const sse = h[SSE_HEADER];
  if (sse !== undefined && sse !== 'AES256') {
    if (sse === 'aws:kms' || sse === 'aws:kms:dsse') throw new S3Error('NotImplemented', `Server-side encryption ${sse} is not implemented by this server; use AES256 (SSE-S3, the default).`);
    throw new S3Error('InvalidArgument', 'The encryption method specified is not supported', { ArgumentName: SSE_HEADER, ArgumentValue: sse });
  }
  if (h['x-amz-server-side-encryption-customer-algorithm'] !== undefined || h['x-amz-copy-source-server-side-encryption-customer-algorithm'] !== undefined) {
    throw new S3Error('NotImplemented', 'Server-side encryption with customer-provided keys (SSE-C) is not implemented by this server.');
  }
}
