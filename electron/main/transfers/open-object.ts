// An object's body as a stream, for a download that is not a transfer of its own (each entry of a zip: the
// browser shows the zip's progress, and one row per entry would bury the transfer list).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { s3Call } from '../s3-client/map-error.ts';

export async function openObject(
  client: S3Client,
  target: { endpoint?: string | undefined; bucket: string; key: string; versionId?: string | undefined },
  signal?: AbortSignal,
): Promise<Readable> {
  const output = await s3Call({ endpoint: target.endpoint, bucket: target.bucket, key: target.key }, () =>
    client.send(new GetObjectCommand({ Bucket: target.bucket, Key: target.key, VersionId: target.versionId }), { abortSignal: signal }),
  );
  return output.Body as Readable;
}
