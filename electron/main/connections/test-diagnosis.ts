// A failed "Test connection", explained from what the error alone cannot tell: a plain-HTTP endpoint whose port
// speaks TLS, the AWS endpoint of a mistyped region, a secret pasted with a space around it, and temporary AWS
// keys without their session token. Each returns a better AppErrorDto, or leaves it be.
import type { AppErrorDto } from '../../shared/errors.ts';
import type { ResolvedConnection } from './connection-store.ts';
import { speaksTls } from './speaks-tls.ts';

/**
 * http:// to a port that speaks TLS: the connection is reset (Node) or answered with a 400 that is no S3 error
 * (Go's and nginx's "plain HTTP request sent to HTTPS port"). Say so, with the URL to use, instead of
 * "cannot reach the server".
 */
export async function httpToHttpsPort(endpoint: string, error: AppErrorDto): Promise<AppErrorDto | undefined> {
  const reset = error.code === 'Unreachable' && /ECONNRESET|EPIPE/.test(error.message);
  const notS3 = error.code === 'Unavailable' && error.status === 400;
  if (!endpoint.startsWith('http://') || (!reset && !notS3)) return undefined;
  const url = new URL(endpoint);
  const port = url.port || '80';
  // WHATWG URLs keep an IPv6 host in brackets; a socket wants it bare.
  if (!(await speaksTls(url.hostname.replace(/^\[|\]$/g, ''), Number(port)))) return undefined;
  const https = `https://${url.hostname}:${port}${url.pathname.replace(/\/+$/, '')}`;
  return {
    code: 'TlsError',
    message: `The server at ${endpoint} speaks HTTPS, not plain HTTP`,
    hint: `Change the endpoint to ${https}.`,
  };
}

/** An AWS connection without an endpoint reaches s3.<region>.amazonaws.com: a host not found is most often a mistyped region. */
export function awsRegionHint(connection: Pick<ResolvedConnection, 'provider' | 'endpoint' | 'region'>, error: AppErrorDto): AppErrorDto {
  if (connection.provider !== 'aws' || connection.endpoint !== '' || error.code !== 'Unreachable' || !/^Host not found/.test(error.message)) return error;
  return {
    ...error,
    message: `No AWS S3 endpoint answers for the region "${connection.region}" (s3.${connection.region}.amazonaws.com was not found)`,
    hint: 'Check the region (AWS regions look like us-east-1 or eu-west-3), then your network / DNS.',
  };
}

/**
 * A refused signature with a secret that starts or ends with white space: almost always pasted with it (from a CSV
 * or a console). Said outright rather than left to the generic "watch for spaces" hint; the secret is not trimmed,
 * as a server may really have such a secret.
 */
export function secretSpacesHint(secretAccessKey: string, error: AppErrorDto): AppErrorDto {
  if (error.code !== 'SignatureDoesNotMatch' || secretAccessKey === secretAccessKey.trim()) return error;
  const where = /^\s/.test(secretAccessKey) ? (/\s$/.test(secretAccessKey) ? 'starts and ends' : 'starts') : 'ends';
  return {
    ...error,
    message: `Wrong secret key: the one entered ${where} with a space`,
    hint: 'Paste the secret access key again without the space around it.',
  };
}

/**
 * AWS access key ids starting with ASIA are temporary (STS) credentials: without their session token AWS answers
 * InvalidAccessKeyId, as if the key did not exist (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
 */
export function temporaryKeyHint(connection: { accessKeyId: string; sessionToken?: string | undefined }, error: AppErrorDto): AppErrorDto {
  if (error.code !== 'InvalidAccessKeyId' || !connection.accessKeyId.startsWith('ASIA') || connection.sessionToken) return error;
  return {
    ...error,
    message: 'This is a temporary access key (ASIA…), and no session token was given',
    hint: 'Paste the session token that came with the key into "Session token", or use a long-term key (AKIA…).',
  };
}
