// One AWS connection browses buckets of every region. AWS answers a request signed for the wrong region with 301
// PermanentRedirect (or a 400 for HEAD) carrying `x-amz-bucket-region`
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html#API_HeadBucket_ResponseSyntax), and
// ListBuckets names each bucket's region (BucketRegion,
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html).
//
// The SDK's own `followRegionRedirects` is not used: it retries by making the client's region read as the
// bucket's for the duration of the retry, so any other request of that client started meanwhile is signed for
// that region and fails (aws/aws-sdk-js-v3#5554); and it forgets the region, so every request to such a bucket
// is made twice. Here each region gets a client of its own, and the region of a bucket, once known, is remembered
// for the life of the connection's client.
import type { S3Client } from '@aws-sdk/client-s3';

/** For each routed client, the client of a bucket's region (see signingClientFor). */
const regionClients = new WeakMap<S3Client, (bucket: string) => S3Client>();

/**
 * The client whose region a bucket is in, for work that signs without sending (presigned links): `send` routes
 * by itself, but a link signed by the connection's client for a bucket of another region answers 301 when opened.
 * The region is known once the bucket was listed (ListBuckets' BucketRegion, or a redirect answered).
 */
export function signingClientFor(client: S3Client, bucket: string): S3Client {
  return regionClients.get(client)?.(bucket) ?? client;
}

interface SentCommand {
  input: object;
}
type Send = (command: SentCommand, options?: object) => Promise<unknown>;

/**
 * Routes `client.send` by the region of the command's bucket. Returns the client itself, whose `send` is replaced
 * and whose `destroy` also closes the per-region clients.
 */
export function routeByBucketRegion(client: S3Client, homeRegion: string, makeClient: (region: string) => S3Client): S3Client {
  const regions = new Map<string, string>();
  const others = new Map<string, S3Client>();
  const clientFor = (region: string): S3Client => {
    let other = others.get(region);
    if (!other) {
      other = makeClient(region);
      others.set(region, other);
    }
    return other;
  };
  const home = client.send.bind(client) as unknown as Send;
  const sendIn = (region: string, command: SentCommand, options?: object): Promise<unknown> =>
    region === homeRegion ? home(command, options) : (clientFor(region).send as unknown as Send)(command, options);

  const routed: Send = async (command, options) => {
    const bucket = bucketOf(command);
    const region = (bucket && regions.get(bucket)) || homeRegion;
    try {
      const output = await sendIn(region, command, options);
      learnFromListing(output, regions);
      return output;
    } catch (err) {
      const actual = bucket ? redirectRegion(err) : undefined;
      if (!bucket || !actual || actual === region) throw err;
      regions.set(bucket, actual);
      // A streamed body was (partly) read by the first attempt and cannot be sent again: the error stands, and the
      // next attempt (a retry, or the transfer's next part) goes to the right region.
      if (!replayable((command.input as { Body?: unknown }).Body)) throw err;
      // A fresh command: a command object collects middleware each time it is sent.
      return sendIn(actual, renew(command), options);
    }
  };
  (client as unknown as { send: Send }).send = routed;
  regionClients.set(client, (bucket) => {
    const region = regions.get(bucket);
    return region && region !== homeRegion ? clientFor(region) : client;
  });

  const destroy = client.destroy.bind(client);
  client.destroy = () => {
    for (const other of others.values()) other.destroy();
    others.clear();
    destroy();
  };
  return client;
}

function bucketOf(command: SentCommand): string | undefined {
  const bucket = (command.input as { Bucket?: unknown }).Bucket;
  return typeof bucket === 'string' && bucket !== '' ? bucket : undefined;
}

function replayable(body: unknown): boolean {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array;
}

function renew(command: SentCommand): SentCommand {
  const Command = command.constructor as new (input: object) => SentCommand;
  return new Command(command.input);
}

/** The bucket's region named by a wrong-region answer: 301 (any request) or 400 (HEAD, or an error naming it). */
function redirectRegion(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string | undefined> }; name?: string; Region?: unknown };
  const status = e.$metadata?.httpStatusCode;
  const header = e.$response?.headers?.['x-amz-bucket-region'];
  if (header && (status === 301 || status === 400)) return header;
  // AuthorizationHeaderMalformed names the expected region in its <Region> element.
  if (status === 400 && e.name === 'AuthorizationHeaderMalformed' && typeof e.Region === 'string' && e.Region) return e.Region;
  return undefined;
}

function learnFromListing(output: unknown, regions: Map<string, string>): void {
  const buckets = (output as { Buckets?: { Name?: string; BucketRegion?: string }[] } | undefined)?.Buckets;
  if (!Array.isArray(buckets)) return;
  for (const b of buckets) if (b.Name && b.BucketRegion) regions.set(b.Name, b.BucketRegion);
}
