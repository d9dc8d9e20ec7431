// Bucket CORS as S3 applies it: a stored CORSConfiguration, preflight (OPTIONS) answered from the first matching
// rule, and Access-Control-* headers on the actual requests of allowed origins, so a web page can use presigned
// URLs and POST forms against this server from the browser.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html
import { S3Error } from './errors.ts';
import { children, parseXmlBody, text, texts, toXml } from './xml/xml-codec.ts';

export interface CorsRule {
  id?: string;
  allowedMethods: string[];
  allowedOrigins: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

const METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);
const MAX_RULES = 100;

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html — S3's checks on the document. */
export function parseCorsConfiguration(body: Buffer): CorsRule[] {
  const root = parseXmlBody(body, 'CORSConfiguration');
  const rules = children(root, 'CORSRule').map((r): CorsRule => {
    const list = (name: string): string[] => texts(r, name);
    const allowedMethods = list('AllowedMethod');
    const allowedOrigins = list('AllowedOrigin');
    if (allowedMethods.length === 0 || allowedOrigins.length === 0) throw new S3Error('MalformedXML');
    const bad = allowedMethods.find((m) => !METHODS.has(m));
    if (bad !== undefined) throw new S3Error('InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${bad}`);
    for (const o of allowedOrigins) {
      if (o.split('*').length > 2) throw new S3Error('InvalidRequest', `AllowedOrigin "${o}" can not have more than one wildcard.`);
    }
    const allowedHeaders = list('AllowedHeader');
    for (const hd of allowedHeaders) {
      if (hd.split('*').length > 2) throw new S3Error('InvalidRequest', `AllowedHeader "${hd}" can not have more than one wildcard.`);
    }
    const maxAge = text(r, 'MaxAgeSeconds');
    const id = text(r, 'ID');
    return {
      ...(id !== undefined ? { id } : {}),
      allowedMethods,
      allowedOrigins,
      allowedHeaders,
      exposeHeaders: list('ExposeHeader'),
      ...(maxAge !== undefined && /^\d+$/.test(maxAge) ? { maxAgeSeconds: Number(maxAge) } : {}),
    };
  });
  if (rules.length === 0 || rules.length > MAX_RULES) throw new S3Error('MalformedXML');
  return rules;
}

export function corsConfiguration(rules: CorsRule[]): string {
  return toXml('CORSConfiguration', {
    CORSRule: rules.map((r) => ({
      ID: r.id,
      AllowedHeader: r.allowedHeaders,
      AllowedMethod: r.allowedMethods,
      AllowedOrigin: r.allowedOrigins,
      ExposeHeader: r.exposeHeaders,
      MaxAgeSeconds: r.maxAgeSeconds,
    })),
  });
}

/** A pattern with at most one `*`, compared case-insensitively for headers and exactly for origins. */
function wildcardMatch(pattern: string, value: string, caseless: boolean): boolean {
  const p = caseless ? pattern.toLowerCase() : pattern;
  const v = caseless ? value.toLowerCase() : value;
  const star = p.indexOf('*');
  if (star < 0) return p === v;
  const head = p.slice(0, star);
  const tail = p.slice(star + 1);
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
}

/** The first rule allowing this origin, method and every requested header (S3 uses the first match). */
export function matchCorsRule(rules: CorsRule[], origin: string, method: string, requestHeaders: string[] = []): CorsRule | undefined {
  return rules.find((r) =>
    r.allowedOrigins.some((o) => wildcardMatch(o, origin, false))
    && r.allowedMethods.includes(method)
    && requestHeaders.every((hd) => r.allowedHeaders.some((a) => wildcardMatch(a, hd, true))));
}

/** Access-Control-* headers S3 sends for a matching rule (preflight adds the requested headers). */
export function corsHeaders(rule: CorsRule, origin: string, requestHeaders?: string[]): Record<string, string> {
  const anyOrigin = rule.allowedOrigins.includes('*');
  const out: Record<string, string> = {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!anyOrigin) out['access-control-allow-credentials'] = 'true';
  if (requestHeaders?.length) out['access-control-allow-headers'] = requestHeaders.join(', ');
  if (rule.exposeHeaders.length) out['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  if (rule.maxAgeSeconds !== undefined) out['access-control-max-age'] = String(rule.maxAgeSeconds);
  return out;
}

/** Access-Control-Request-Headers as a list of lower-case names. */
export const requestedHeaders = (value: string | undefined): string[] =>
  (value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
