// The mapping of error shapes the SDK produces. The shapes of network and S3 errors are also exercised over
// real sockets in test/integration/s3-service/error-mapping.test.ts; this covers the ones a local test
// cannot provoke reliably (DNS failure, expired certificates, redirects).
import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3Call, toAppError } from '../../../electron/main/s3-client/map-error.ts';
import { AppError } from '../../../electron/shared/errors.ts';

function serviceError(name: string, status: number, message = name): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message });
}

function systemError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('toAppError', () => {
  it('a COS bucket that does not exist and has no APPID suffix: says COS names end with the APPID', () => {
    const cos = 'https://cos.ap-guangzhou.myqcloud.com';
    expect(toAppError(serviceError('NoSuchBucket', 404), { endpoint: cos, bucket: 'photos' }).hint).toBe(
      "COS bucket names end with the account's APPID: photos-1250000000 for APPID 1250000000.",
    );
    expect(toAppError(serviceError('NoSuchBucket', 404), { endpoint: cos, bucket: 'photos-1250000000' }).hint).toMatch(/deleted/);
    expect(toAppError(serviceError('NoSuchBucket', 404), { endpoint: 'https://s3.amazonaws.com', bucket: 'photos' }).hint).toMatch(/deleted/);
  });

  it('passes AppErrors through untouched', () => {
    const original = new AppError({ code: 'InvalidInput', message: 'x' });
    expect(toAppError(original)).toBe(original);
  });

  it.each([
    ['ENOTFOUND', /Host not found at https:\/\/s3\.example\.invalid/, /DNS/],
    ['EAI_AGAIN', /Host not found/, /DNS/],
    ['ECONNREFUSED', /Cannot reach the server.*ECONNREFUSED/, /port/],
    ['EHOSTUNREACH', /Cannot reach/, /firewall/],
  ])('maps %s to Unreachable', (code, message, hint) => {
    const err = toAppError(systemError(code), { endpoint: 'https://s3.example.invalid' });
    expect(err.code).toBe('Unreachable');
    expect(err.message).toMatch(message);
    expect(err.hint).toMatch(hint);
  });

  it('a host not found that is the bucket in front of the endpoint host says to turn on path-style addressing', () => {
    // Node's getaddrinfo error, as the SDK passes it on for https://photos.minio.lab:9000/key.
    const lookup = Object.assign(new Error('getaddrinfo ENOTFOUND photos.minio.lab'), { code: 'ENOTFOUND', hostname: 'photos.minio.lab' });
    const err = toAppError(lookup, { endpoint: 'https://minio.lab:9000', bucket: 'photos' });
    expect(err).toMatchObject({ code: 'Unreachable', message: "Host not found: photos.minio.lab (the bucket's name in front of the endpoint's host)" });
    expect(err.hint).toMatch(/path-style addressing/);
    // The endpoint's own host not found stays a DNS problem.
    const own = Object.assign(new Error('getaddrinfo ENOTFOUND minio.lab'), { code: 'ENOTFOUND', hostname: 'minio.lab' });
    expect(toAppError(own, { endpoint: 'https://minio.lab:9000', bucket: 'photos' }).hint).toMatch(/DNS/);
    // On AWS (no endpoint typed) bucket host names exist: a failed lookup is the network.
    const aws = Object.assign(new Error('getaddrinfo ENOTFOUND photos.s3.us-east-1.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'photos.s3.us-east-1.amazonaws.com' });
    expect(toAppError(aws, { endpoint: '', bucket: 'photos' }).hint).toMatch(/DNS/);
  });

  it('finds a network code in the error cause chain', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: systemError('ECONNREFUSED') });
    expect(toAppError(wrapped).code).toBe('Unreachable');
  });

  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /self-signed/],
    ['CERT_HAS_EXPIRED', /expired/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /another host name/],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /unknown authority/],
  ])('maps %s to TlsError', (code, message) => {
    const err = toAppError(systemError(code));
    expect(err.code).toBe('TlsError');
    expect(err.message).toMatch(message);
    expect(err.hint).toMatch(/trust/);
  });

  it('maps timeouts and aborts', () => {
    expect(toAppError(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })).code).toBe('Timeout');
    expect(toAppError(systemError('ETIMEDOUT')).code).toBe('Timeout');
    expect(toAppError(Object.assign(new Error('Upload aborted.'), { name: 'AbortError' })).code).toBe('Cancelled');
  });

  it('explains known S3 codes and keeps the status', () => {
    const err = toAppError(serviceError('NoSuchBucket', 404, 'The specified bucket does not exist'), { bucket: 'photos' });
    expect(err.toDto()).toEqual({ code: 'NoSuchBucket', message: '"photos" does not exist', hint: expect.any(String), status: 404 });
    expect(toAppError(serviceError('BucketAlreadyExists', 409)).hint).toMatch(/another name/);
    expect(toAppError(serviceError('PermanentRedirect', 301)).hint).toMatch(/region/);
    const malformed = toAppError(
      serviceError('AuthorizationHeaderMalformed', 400, "the region 'us-east-1' is wrong; expecting 'eu-west-1'"),
    );
    expect(malformed.message).toContain("expecting 'eu-west-1'");
  });

  it('passes unknown S3 codes through with the server message', () => {
    const err = toAppError(serviceError('InvalidStorageClass', 400, 'The storage class you specified is not valid'));
    expect(err.toDto()).toEqual({ code: 'InvalidStorageClass', message: 'The storage class you specified is not valid', status: 400 });
  });

  it('names bodiless (HEAD) errors after their status', () => {
    const head = (status: number) => serviceError('Unknown', status, 'UnknownError');
    expect(toAppError(head(404), { key: 'a/b.txt' })).toMatchObject({ code: 'NotFound', status: 404, message: 'Object "a/b.txt" was not found' });
    expect(toAppError(head(403))).toMatchObject({ code: 'Forbidden', status: 403 });
    expect(toAppError(head(301)).code).toBe('PermanentRedirect');
  });

  it('reports non-S3 answers and unexpected errors plainly', () => {
    expect(toAppError(serviceError('Unknown', 418, 'UnknownError')).code).toBe('Unavailable');
    expect(toAppError(new Error('Deserialization error: to see the raw response...')).code).toBe('Unavailable');
    expect(toAppError(new Error('boom')).toDto()).toEqual({ code: 'Internal', message: 'boom' });
    expect(toAppError('a string').message).toBe('a string');
  });
});

describe('s3Call', () => {
  it('returns the value or throws the mapped error', async () => {
    await expect(s3Call({}, async () => 42)).resolves.toBe(42);
    await expect(s3Call({ bucket: 'b' }, () => Promise.reject(serviceError('NoSuchBucket', 404)))).rejects.toMatchObject({ code: 'NoSuchBucket' });
  });
});
