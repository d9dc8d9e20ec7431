// Authenticates a request signed with SigV4 in the Authorization header or in a presigned URL's query.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
import { S3Error } from '../errors.ts';
import {
  ALGORITHM,
  SIGV2_REFUSED,
  canonicalPath,
  canonicalRequest,
  hmacHex,
  parseAmzDate,
  parseCredential,
  scopeString,
  signaturesEqual,
  signingKey,
  stringToSign,
  type Scope,
} from './sigv4.ts';

/** S3 refuses requests whose time differs from the server's by more than 15 minutes. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_EXPIRES_S = 7 * 24 * 3600;

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AuthResult {
  accessKeyId: string;
  /** x-amz-content-sha256 as signed: a hex digest, UNSIGNED-PAYLOAD or a STREAMING-* marker. */
  payloadHash: string;
  signingKey: Uint8Array;
  longDate: string;
  scope: string;
  /** The request signature: the seed of chunk signatures in aws-chunked bodies. */
  signature: string;
}

export interface SignedRequest {
  method: string;
  rawPath: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
}

export type SecretLookup = (accessKeyId: string) => string | undefined;

export async function verifyRequest(r: SignedRequest, lookup: SecretLookup, now = Date.now()): Promise<AuthResult> {
  const auth = r.headers.authorization;
  if (auth !== undefined) return verifyHeader(r, auth, lookup, now);
  if (r.query['X-Amz-Algorithm'] !== undefined || r.query['X-Amz-Signature'] !== undefined) return verifyPresigned(r, lookup, now);
  // A Signature Version 2 presigned URL (what boto3 before 1.31 and `s3cmd signurl` make by default) is signed,
  // not anonymous: answer as S3 does for buckets without SigV2, so the fix (sign with SigV4) is clear.
  if (r.query.AWSAccessKeyId !== undefined && r.query.Signature !== undefined) throw new S3Error('InvalidRequest', SIGV2_REFUSED);
  throw new S3Error('AccessDenied', 'Anonymous access is not allowed; sign the request with AWS Signature Version 4.');
}

function parseAuthorization(value: string): { credential: string; signedHeaders: string[]; signature: string } {
  if (!value.startsWith(`${ALGORITHM} `)) {
    if (value.startsWith('AWS ')) throw new S3Error('InvalidRequest', SIGV2_REFUSED);
    throw new S3Error('AuthorizationHeaderMalformed', 'The authorization header is malformed; the authorization mechanism is not supported.');
  }
  const fields: Record<string, string> = {};
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const { Credential: credential, SignedHeaders: signed, Signature: signature } = fields;
  if (!credential || !signed || !signature) throw new S3Error('AuthorizationHeaderMalformed');
  return { credential, signedHeaders: signed.split(';'), signature };
}

function lookupSecret(lookup: SecretLookup, scope: Scope | undefined, malformed: 'AuthorizationHeaderMalformed' | 'AuthorizationQueryParametersError'): { scope: Scope; secret: string } {
  if (!scope) throw new S3Error(malformed, 'The credential is malformed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  const secret = lookup(scope.accessKeyId);
  if (secret === undefined) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: scope.accessKeyId });
  return { scope, secret };
}

async function checkSignature(
  r: SignedRequest,
  scope: Scope,
  secret: string,
  longDate: string,
  signedHeaders: string[],
  payloadHash: string,
  query: Record<string, string | string[]>,
  provided: string,
): Promise<{ key: Uint8Array; scopeStr: string }> {
  const key = await signingKey(secret, scope);
  const scopeStr = scopeString(scope);
  if (!signedHeaders.includes('host')) throw new S3Error('AccessDenied', 'The host header must be signed.');
  const base = { method: r.method, query, headers: r.headers, signedHeaders, payloadHash };
  // Clients differ in how they escape the path; try AWS's canonical form first, then the path as sent.
  const candidates = [canonicalPath(r.rawPath), r.rawPath];
  for (const path of candidates) {
    const expected = hmacHex(key, stringToSign(longDate, scopeStr, canonicalRequest({ ...base, path })));
    if (signaturesEqual(expected, provided)) return { key, scopeStr };
  }
  throw new S3Error('SignatureDoesNotMatch', undefined, { AWSAccessKeyId: scope.accessKeyId });
}

async function verifyHeader(r: SignedRequest, value: string, lookup: SecretLookup, now: number): Promise<AuthResult> {
  const { credential, signedHeaders, signature } = parseAuthorization(value);
  const { scope, secret } = lookupSecret(lookup, parseCredential(credential), 'AuthorizationHeaderMalformed');
  const longDate = r.headers['x-amz-date'] ?? toLongDate(r.headers.date);
  const time = parseAmzDate(longDate ?? '');
  if (Number.isNaN(time)) throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  if (Math.abs(time - now) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', undefined, {
      RequestTime: new Date(time).toISOString(),
      ServerTime: new Date(now).toISOString(),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    });
  }
  const payloadHash = r.headers['x-amz-content-sha256'];
  if (payloadHash === undefined) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  const { key, scopeStr } = await checkSignature(r, scope, secret, longDate as string, signedHeaders, payloadHash, r.query, signature);
  return { accessKeyId: scope.accessKeyId, payloadHash, signingKey: key, longDate: longDate as string, scope: scopeStr, signature };
}

async function verifyPresigned(r: SignedRequest, lookup: SecretLookup, now: number): Promise<AuthResult> {
  const q = (name: string): string | undefined => {
    const v = r.query[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const algorithm = q('X-Amz-Algorithm');
  const longDate = q('X-Amz-Date');
  const expires = Number(q('X-Amz-Expires'));
  const signedHeaders = q('X-Amz-SignedHeaders');
  const signature = q('X-Amz-Signature');
  if (algorithm !== ALGORITHM || !longDate || !signedHeaders || !signature || !Number.isInteger(expires)) {
    throw new S3Error('AuthorizationQueryParametersError', 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  const { scope, secret } = lookupSecret(lookup, parseCredential(q('X-Amz-Credential') ?? ''), 'AuthorizationQueryParametersError');
  const time = parseAmzDate(longDate);
  if (Number.isNaN(time)) throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  if (expires < 0 || expires > MAX_PRESIGNED_EXPIRES_S) {
    throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be less than a week (in seconds) that is 604800');
  }
  if (time - now > MAX_SKEW_MS) throw new S3Error('AccessDenied', 'Request is not valid yet');
  if (now > time + expires * 1000) {
    throw new S3Error('AccessDenied', 'Request has expired', {
      'X-Amz-Expires': String(expires),
      Expires: new Date(time + expires * 1000).toISOString(),
      ServerTime: new Date(now).toISOString(),
    });
  }
  const query = { ...r.query };
  delete query['X-Amz-Signature'];
  const payloadHash = q('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  const { key, scopeStr } = await checkSignature(r, scope, secret, longDate, signedHeaders.split(';'), payloadHash, query, signature);
  return { accessKeyId: scope.accessKeyId, payloadHash, signingKey: key, longDate, scope: scopeStr, signature };
}

function toLongDate(httpDate: string | undefined): string | undefined {
  if (!httpDate) return undefined;
  const t = Date.parse(httpDate);
  if (Number.isNaN(t)) return undefined;
  return new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
