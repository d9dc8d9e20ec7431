// SDK and network failures -> AppError with a message a user can act on. S3 error codes pass through as the
// AppError code (the UI knows the common ones); transport failures get codes of their own. Codes and
// statuses: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
import { AppError, type AppErrorDto } from '../../shared/errors.ts';

export interface ErrorContext {
  endpoint?: string | undefined;
  bucket?: string | undefined;
  key?: string | undefined;
}

/** Node socket errors that mean "nothing answered at that address". */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

/** Node / OpenSSL certificate and handshake errors. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'EPROTO',
]);

interface S3LikeError {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  Code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { statusCode?: number };
}

type Explain = (ctx: ErrorContext, serverMessage: string) => Omit<AppErrorDto, 'code' | 'status'>;

const cosWithoutAppId = (ctx: ErrorContext): boolean =>
  Boolean(ctx.bucket && !/-\d{6,}$/.test(ctx.bucket) && /^https?:\/\/[^/]*\.myqcloud\.com(:\d+)?(\/|$)/i.test(ctx.endpoint ?? ''));
const where = (ctx: ErrorContext): string => (ctx.endpoint ? ` at ${ctx.endpoint}` : '');
const bucketName = (ctx: ErrorContext): string => (ctx.bucket ? `"${ctx.bucket}"` : 'The bucket');

/** S3 error codes with a better explanation than the server's message. */
const S3_CODES: Record<string, Explain> = {
  SignatureDoesNotMatch: () => ({
    message: 'Wrong secret key: the server rejected the request signature',
    hint: 'Re-enter the secret access key (watch for spaces when pasting). A wrong region can also cause this.',
  }),
  InvalidAccessKeyId: (ctx) => ({
    message: `The access key id is not known to the server${where(ctx)}`,
    hint: 'Check the access key id, and that the endpoint belongs to the provider that issued it.',
  }),
  AccessDenied: (_ctx, msg) => ({
    message: `Access denied${msg && msg !== 'Access Denied' ? `: ${msg}` : ''}`,
    hint: 'The key is valid, but its policy does not allow this action on this resource.',
  }),
  // A bodiless 403 (HEAD): S3 does not say whether the key, the secret or the policy is at fault.
  Forbidden: () => ({
    message: 'Access denied',
    hint: 'The server gave no reason (HEAD responses carry none): check the keys with "Test connection", then the key\'s policy.',
  }),
  RequestTimeTooSkewed: () => ({
    message: "This computer's clock is too far from the server's time",
    hint: 'Signed requests must be within 15 minutes of the server clock: turn on automatic time sync and retry.',
  }),
  NoSuchBucket: (ctx) => ({
    message: `${bucketName(ctx)} does not exist`,
    // A COS bucket is named <name>-<APPID> (https://www.tencentcloud.com/document/product/436/13312).
    hint: cosWithoutAppId(ctx)
      ? `COS bucket names end with the account's APPID: ${ctx.bucket}-1250000000 for APPID 1250000000.`
      : 'It may have been deleted; refresh the bucket list.',
  }),
  NoSuchKey: (ctx) => ({ message: `Object ${ctx.key ? `"${ctx.key}" ` : ''}does not exist`, hint: 'It may have been deleted; refresh the folder.' }),
  NotFound: (ctx) => ({ message: `${ctx.key ? `Object "${ctx.key}"` : bucketName(ctx)} was not found`, hint: 'It may have been deleted; refresh.' }),
  NoSuchVersion: () => ({ message: 'That version does not exist', hint: 'Refresh the version list.' }),
  BucketAlreadyExists: (ctx) => ({
    message: `${bucketName(ctx)} already exists and belongs to someone else`,
    hint: 'Bucket names are global on this provider: pick another name.',
  }),
  BucketAlreadyOwnedByYou: (ctx) => ({ message: `${bucketName(ctx)} already exists in your account` }),
  BucketNotEmpty: (ctx) => ({
    message: `${bucketName(ctx)} is not empty`,
    hint: 'Delete its objects (and, in a versioned bucket, all versions and delete markers) first.',
  }),
  InvalidBucketName: (ctx) => ({
    message: `${bucketName(ctx)} is not a valid bucket name`,
    hint: '3-63 characters: lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.',
  }),
  AuthorizationHeaderMalformed: (_ctx, msg) => ({
    message: msg || 'The request was signed for the wrong region',
    hint: 'Set the connection region to the one the server expects.',
  }),
  PermanentRedirect: () => ({
    message: 'The bucket lives in another region or must be addressed with another endpoint',
    hint: "Set the connection region to the bucket's region, or switch path-style addressing.",
  }),
  NotImplemented: (_ctx, msg) => ({
    message: `The server does not implement this operation${msg ? `: ${msg}` : ''}`,
  }),
  ExpiredToken: () => ({ message: 'The session token has expired', hint: 'Enter a fresh session token, or remove it.' }),
  InvalidToken: () => ({ message: 'The session token is not valid', hint: 'Enter a fresh session token, or remove it.' }),
  SlowDown: () => ({ message: 'The server asks to slow down', hint: 'Wait a moment and retry.' }),
  ServiceUnavailable: () => ({ message: 'The service is unavailable', hint: 'Wait a moment and retry.' }),
  InternalError: () => ({ message: 'The server hit an internal error', hint: 'Retry; if it persists, check the server logs.' }),
};

/** Maps anything thrown by the SDK (or the network below it) to an AppError. */
export function toAppError(err: unknown, ctx: ErrorContext = {}): AppError {
  if (err instanceof AppError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as S3LikeError;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const systemCode = networkCode(e);

  if (e.name === 'AbortError') return new AppError({ code: 'Cancelled', message: 'Cancelled' });
  if (systemCode === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = certificateNames(e);
    if (names.length) return wrongHostName(ctx, names);
  }
  if (systemCode && TLS_CODES.has(systemCode)) {
    return new AppError({
      code: 'TlsError',
      message: `TLS error${where(ctx)}: ${tlsReason(systemCode, e.message)}`,
      hint: notTls(systemCode, e.message)
          ? 'The server does not speak HTTPS on that port: try http:// instead.'
          : 'The server certificate is not trusted by this computer. If this is your server, paste its certificate (or its CA\'s) under "Trusted certificates" in the connection, or use a certificate from a public CA.',
    });
  }
  if (systemCode && UNREACHABLE_CODES.has(systemCode)) {
    const dns = systemCode === 'ENOTFOUND' || systemCode === 'EAI_AGAIN';
    const host = dns ? lookedUpHost(e) : undefined;
    // (Not for AWS, whose bucket host names always exist: there it is the network.)
    const selfHosted = Boolean(ctx.endpoint) && !/amazonaws\.com/i.test(ctx.endpoint ?? '');
    if (host && selfHosted && ctx.bucket && host.startsWith(`${ctx.bucket}.`)) {
      // Virtual-hosted addressing put the bucket in front of the host (photos.minio.lab): many self-hosted servers
      // have no such DNS names and want the bucket in the path.
      return new AppError({
        code: 'Unreachable',
        message: `Host not found: ${host} (the bucket's name in front of the endpoint's host)`,
        hint: 'This server wants path-style addressing (endpoint/bucket/key): turn it on in the connection.',
      });
    }
    return new AppError({
      code: 'Unreachable',
      message: dns ? `Host not found${where(ctx)}` : `Cannot reach the server${where(ctx)} (${systemCode})`,
      hint: dns
        ? 'Check the endpoint host name and your network / DNS.'
        : 'Check the endpoint URL and port, and that the server is running and not blocked by a firewall.',
    });
  }
  if (e.name === 'TimeoutError' || systemCode === 'ETIMEDOUT' || e.name === 'RequestTimeout') {
    return new AppError({
      code: 'Timeout',
      message: `The server${where(ctx)} did not answer in time`,
      hint: 'Check the endpoint and your network; a proxy or firewall may be swallowing the connection.',
    });
  }

  const code = s3Code(e, status);
  if (code) {
    const serverMessage = e.message && e.message !== 'UnknownError' && e.message !== code ? e.message : '';
    const explain = S3_CODES[code];
    const dto: AppErrorDto = explain
      ? { code, ...explain(ctx, serverMessage) }
      : { code, message: serverMessage || `The server answered ${code}` };
    if (status !== undefined) dto.status = status;
    return new AppError(withRegion(dto, expectedRegion(e)));
  }

  if (status !== undefined || /deserializ/i.test(e.message ?? '')) {
    // The endpoint answered, but not like an S3 server (a web page, a proxy error, the console port).
    const dto: AppErrorDto = {
      code: 'Unavailable',
      message: `The endpoint${where(ctx)} did not answer like an S3 server${status ? ` (HTTP ${status})` : ''}`,
      hint: 'Check that the endpoint is the S3 API URL (not a web console) and the path-style setting.',
    };
    if (status !== undefined) dto.status = status;
    return new AppError(dto);
  }
  return new AppError({ code: 'Internal', message: e.message || 'Unexpected error' });
}

/**
 * HEAD responses have no body, so the SDK can only report "Unknown" and the status: name the error after
 * the status (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html#API_HeadObject_Errors).
 */
const HEAD_STATUS_CODES: Record<number, string> = {
  301: 'PermanentRedirect',
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  500: 'InternalError',
  501: 'NotImplemented',
  503: 'ServiceUnavailable',
};

function s3Code(e: S3LikeError, status: number | undefined): string | undefined {
  const name = e.Code ?? e.name;
  if (name && name !== 'Error' && name !== 'Unknown' && name !== 'UnknownError' && name !== 'S3ServiceException' && !/^\d+$/.test(name) && e.$fault !== undefined) {
    return name;
  }
  if (status !== undefined && HEAD_STATUS_CODES[status] && (name === 'Unknown' || name === 'UnknownError' || /^\d+$/.test(name ?? ''))) {
    return HEAD_STATUS_CODES[status];
  }
  return undefined;
}

/** The region a wrong-region answer names: x-amz-bucket-region (301, HEAD's 400) or AuthorizationHeaderMalformed's <Region>. */
function expectedRegion(e: S3LikeError): string | undefined {
  const header = (e.$response as { headers?: Record<string, string | undefined> } | undefined)?.headers?.['x-amz-bucket-region'];
  const element = (e as { Region?: unknown }).Region;
  return header || (typeof element === 'string' && element ? element : undefined);
}

/** A redirect or a wrong-region signature that names the region: say which one to set. */
function withRegion(dto: AppErrorDto, region: string | undefined): AppErrorDto {
  if (!region || (dto.code !== 'PermanentRedirect' && dto.code !== 'AuthorizationHeaderMalformed' && dto.code !== 'BadRequest')) return dto;
  return {
    ...dto,
    ...(dto.code === 'AuthorizationHeaderMalformed' ? {} : { message: `The bucket is in the region ${region}, not the connection's` }),
    hint: `Set the connection's region to ${region} (or save a copy of the connection for that region).`,
  };
}

function networkCode(e: S3LikeError): string | undefined {
  let current: unknown = e;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || TLS_CODES.has(code) || code === 'ETIMEDOUT')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The host name a failed DNS lookup was for (Node puts it on the error as `hostname`), in the cause chain. */
function lookedUpHost(e: S3LikeError): string | undefined {
  let current: unknown = e;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const hostname = (current as { hostname?: unknown }).hostname;
    if (typeof hostname === 'string' && hostname) return hostname;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The DNS names and IPs a certificate was issued for, from Node's host-name check error (in the cause chain). */
function certificateNames(e: S3LikeError): string[] {
  let current: unknown = e;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const altnames = (current as { cert?: { subjectaltname?: unknown } }).cert?.subjectaltname;
    if (typeof altnames === 'string') return altnames.split(/,\s*/).map((n) => n.replace(/^(DNS|IP Address|IP):/, '')).filter(Boolean);
    current = (current as { cause?: unknown }).cause;
  }
  return [];
}

/**
 * A trusted certificate for another name than the endpoint's host (a MinIO certificate for minio.lab reached as
 * 127.0.0.1): trusting it again does not help; the endpoint must use a name the certificate has.
 */
function wrongHostName(ctx: ErrorContext, names: string[]): AppError {
  let host = '';
  let suggestion = '';
  try {
    const url = new URL(ctx.endpoint ?? '');
    host = url.hostname;
    const name = names.find((n) => !n.includes('*')) ?? names[0]!;
    url.hostname = name.includes(':') ? `[${name}]` : name;
    suggestion = url.toString().replace(/\/$/, '');
  } catch {
    // No endpoint to rewrite: the hint names the certificate's names only.
  }
  return new AppError({
    code: 'TlsError',
    message: `TLS error${where(ctx)}: the certificate is for ${names.join(', ')}${host ? `, not ${host}` : ''}`,
    hint: suggestion
      ? `Use ${suggestion} as the endpoint (add the name to the hosts file if it does not resolve here), or reissue the certificate for ${host}.`
      : `Use one of the certificate's names in the endpoint: ${names.join(', ')}.`,
  });
}

/** OpenSSL's way of saying the other side answered in plain text. */
function notTls(code: string, message: string | undefined): boolean {
  return (
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
    /wrong version number|packet length too long|http request/i.test(message ?? '')
  );
}

function tlsReason(code: string, message: string | undefined): string {
  if (notTls(code, message)) return 'the server answered in plain HTTP';
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'the server uses a self-signed certificate';
    case 'CERT_HAS_EXPIRED':
      return 'the server certificate has expired';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'the certificate is for another host name';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'the certificate is signed by an unknown authority';
    default:
      return message || code;
  }
}

/** Runs a read-only S3 call and maps whatever it throws. */
export async function s3Call<T>(ctx: ErrorContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAppError(err, ctx);
  }
}
