// Builds the @aws-sdk/client-s3 client for one connection. Everything protocol-relevant comes from the
// connection (endpoint, region, path-style, checksum mode); the action-id middleware is installed on every
// client, and is a no-op outside an action.
import { rootCertificates } from 'node:tls';
import { S3Client } from '@aws-sdk/client-s3';
import type { ResolvedConnection } from '../connections/connection-store.ts';
import { ACTION_ID_MIDDLEWARE_NAME, actionIdMiddleware } from './action-context.ts';
import { routeByBucketRegion } from './bucket-regions.ts';

export interface ClientTuning {
  /** Attempts per request including the first (SDK standard retry mode). */
  maxAttempts?: number;
  /** Milliseconds to establish the TCP/TLS connection. */
  connectionTimeoutMs?: number;
  /** Milliseconds of socket inactivity before a request fails (safe for long uploads). */
  socketTimeoutMs?: number;
  /** Milliseconds for a whole request; only for small calls (a part upload on a slow link takes longer). */
  requestTimeoutMs?: number | undefined;
}

export const DEFAULT_TUNING: ClientTuning = {
  maxAttempts: 3,
  connectionTimeoutMs: 10_000,
  socketTimeoutMs: 120_000,
};

export function createS3Client(connection: ResolvedConnection, tuning: ClientTuning = {}): S3Client {
  const client = buildClient(connection, tuning);
  // AWS answers 301 PermanentRedirect for a bucket in another region than the connection's: requests are routed to
  // a client of the bucket's region, so one AWS connection browses buckets of every region (see bucket-regions.ts).
  if (connection.provider !== 'aws') return client;
  return routeByBucketRegion(client, connection.region, (region) => buildClient({ ...connection, region }, tuning));
}

function buildClient(connection: ResolvedConnection, tuning: ClientTuning): S3Client {
  const t = { ...DEFAULT_TUNING, ...tuning };
  const client = new S3Client({
    region: connection.region,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    forcePathStyle: connection.forcePathStyle,
    credentials: {
      accessKeyId: connection.accessKeyId,
      secretAccessKey: connection.secretAccessKey,
      ...(connection.sessionToken ? { sessionToken: connection.sessionToken } : {}),
    },
    // https://docs.aws.amazon.com/sdkref/latest/guide/feature-dataintegrity.html
    requestChecksumCalculation: connection.checksumMode,
    responseChecksumValidation: connection.checksumMode,
    maxAttempts: t.maxAttempts,
    requestHandler: {
      connectionTimeout: t.connectionTimeoutMs,
      socketTimeout: t.socketTimeoutMs,
      // Without throwOnRequestTimeout the handler only logs a warning when requestTimeout passes. Always on: a
      // call may set its own requestTimeout (`client.send(command, { requestTimeout })`), and it must fail then.
      throwOnRequestTimeout: true,
      ...(t.requestTimeoutMs ? { requestTimeout: t.requestTimeoutMs } : {}),
      // A connection's own trusted certificates are added to the system's CAs (Node's `ca` replaces them), for
      // one endpoint only: the rest of the app keeps verifying against the system store.
      ...(connection.caCertificate ? { httpsAgent: { keepAlive: true, ca: [...rootCertificates, connection.caCertificate] } } : {}),
    },
  });
  client.middlewareStack.add(actionIdMiddleware, { step: 'build', name: ACTION_ID_MIDDLEWARE_NAME, priority: 'high' });
  return client;
}
