// SigV4 building blocks shared by header, presigned-URL, chunk and POST-policy verification. Key derivation,
// canonical headers and canonical query come from @smithy/signature-v4 (the SDK's own signer), so the server
// computes exactly what clients compute. https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createScope, getCanonicalHeaders, getCanonicalQuery, getSigningKey } from '@smithy/signature-v4';
import { NodeSha256 } from '../../node-sha256.ts';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/**
 * S3's answer to Signature Version 2 (header, presigned URL or POST form), which it no longer accepts for new buckets.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/Appendix-Sigv2.html
 */
export const SIGV2_REFUSED = 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface Scope {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
}

export function parseCredential(credential: string): Scope | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, shortDate, region, service] = parts as [string, string, string, string];
  if (!/^\d{8}$/.test(shortDate)) return undefined;
  return { accessKeyId, shortDate, region, service };
}

export function scopeString(s: Scope): string {
  return createScope(s.shortDate, s.region, s.service);
}

/** Derived keys by secret and scope: a key is valid for a whole day, so deriving it per request is waste. */
const keyCache = new Map<string, Promise<Uint8Array>>();
const KEY_CACHE_MAX = 64;

export function signingKey(secretAccessKey: string, s: Scope): Promise<Uint8Array> {
  const id = `${secretAccessKey}\n${s.shortDate}\n${s.region}\n${s.service}`;
  let key = keyCache.get(id);
  if (!key) {
    key = getSigningKey(NodeSha256, { accessKeyId: s.accessKeyId, secretAccessKey }, s.shortDate, s.region, s.service);
    // Bounded: clients sign with a handful of date/region/service scopes at a time.
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(id, key);
    key.catch(() => keyCache.delete(id));
  }
  return key;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export const hmacHex = (key: Uint8Array, data: string): string => createHmac('sha256', key).update(data, 'utf8').digest('hex');

export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function stringToSign(longDate: string, scope: string, canonicalRequest: string): string {
  return `${ALGORITHM}\n${longDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}

export interface CanonicalInput {
  method: string;
  /** Canonical URI (already encoded). */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  signedHeaders: string[];
  payloadHash: string;
}

export function canonicalRequest(c: CanonicalInput): string {
  const picked: Record<string, string> = {};
  for (const h of c.signedHeaders) picked[h] = c.headers[h] ?? '';
  // Passing the signed names as signable makes smithy keep headers it would never sign itself.
  const canonical = getCanonicalHeaders({ headers: picked } as never, undefined, new Set(c.signedHeaders));
  const names = Object.keys(canonical).sort();
  const query = getCanonicalQuery({ query: c.query } as never);
  return `${c.method}\n${c.path}\n${query}\n${names.map((n) => `${n}:${canonical[n]}`).join('\n')}\n\n${names.join(';')}\n${c.payloadHash}`;
}

/** AWS's URI encoding (RFC 3986 unreserved kept), as smithy's escapeUri does. */
export function awsUriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** S3 does not normalise paths; the canonical URI is each decoded segment encoded once. */
export function canonicalPath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((seg) => {
      try {
        return awsUriEncode(decodeURIComponent(seg));
      } catch {
        return seg;
      }
    })
    .join('/');
}

/** `20130524T000000Z` → epoch ms, or NaN. */
export function parseAmzDate(longDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(longDate);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}
