// Every key under a prefix (no delimiter, so nested "folders" included), page by page with continuation
// tokens (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html), for folder downloads.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../../shared/errors.ts';
import { s3Call } from '../s3-client/map-error.ts';

export interface ListedKey {
  key: string;
  size: number;
  lastModified?: Date | undefined;
}

export async function listKeysUnder(
  client: S3Client,
  target: { endpoint?: string | undefined; bucket: string; prefix: string },
  limit: number,
  /** Keys per page; the server's default (1,000 at most) when absent. */
  pageSize?: number,
): Promise<ListedKey[]> {
  const keys: ListedKey[] = [];
  for await (const page of listPagesUnder(client, target, pageSize)) {
    for (const item of page) {
      if (keys.length >= limit) throw tooMany(limit);
      keys.push(item);
    }
  }
  return keys;
}

/** The same keys, one page (one request) at a time, for a caller that streams them on (a zip download). */
export async function* listPagesUnder(
  client: S3Client,
  target: { endpoint?: string | undefined; bucket: string; prefix: string },
  pageSize?: number,
): AsyncGenerator<ListedKey[]> {
  let token: string | undefined;
  do {
    const page = await s3Call({ endpoint: target.endpoint, bucket: target.bucket }, () =>
      client.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: target.prefix || undefined, ContinuationToken: token, MaxKeys: pageSize })),
    );
    yield (page.Contents ?? []).flatMap((item) => (item.Key === undefined ? [] : [{ key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified }]));
    // A server that says "truncated" without a token would make this loop for ever.
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

export function tooMany(limit: number): AppError {
  return new AppError({
    code: 'InvalidInput',
    message: `The selection holds more than ${limit.toLocaleString('en-US')} objects. Download it in smaller parts, or use a sync tool (aws s3 sync, rclone) for a tree this large.`,
  });
}
