// `Expect: 100-continue`, as the AWS SDKs and aws-cli send it with large bodies: what the server can judge from the
// request line and headers is answered before the client sends the body (no 100, the final status at once, and
// the connection closed because the body may or may not follow); a request that passes gets 100 and is served.
// https://www.rfc-editor.org/rfc/rfc9110#name-expect and
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPUT.html (Expect: "your application does not send
// the request body until it receives an acknowledgment").
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { bodyBytes, CREDENTIALS, errorCode, expectS3Error, signRequest, startHarnessWithBucket, type Harness } from './support.ts';

let h: Harness;
let b: string;
beforeAll(async () => {
  ({ h, bucket: b } = await startHarnessWithBucket('expect'));
});
afterAll(async () => h?.close());

interface Outcome {
  status: number;
  code: string | undefined;
  /** Whether the server sent 100 Continue (and so the body was sent). */
  continued: boolean;
  connection: string | undefined;
}

/** A signed PUT that sends its body only after 100 Continue, the way the SDKs do. */
async function putExpecting(path: string, body: Buffer, extra: Record<string, string> = {}, query: Record<string, string> = {}, secret?: string): Promise<Outcome> {
  const url = new URL(h.server.endpoint);
  const headers: Record<string, string> = { host: url.host, 'content-length': String(body.length), expect: '100-continue', ...extra };
  const credentials = secret ? { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: secret } : undefined;
  const signed = await signRequest(url, { method: 'PUT', path, query, ...(credentials ? { credentials } : {}) }, headers, createHash('sha256').update(body).digest('hex'));
  const search = new URLSearchParams(query).toString();
  return new Promise<Outcome>((resolve, reject) => {
    let continued = false;
    const req = httpRequest({ host: url.hostname, port: url.port, method: 'PUT', path: search ? `${path}?${search}` : path, headers: { ...headers, ...signed.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        // A body that never went out: end the request so the socket is released.
        if (!continued) req.destroy();
        resolve({ status: res.statusCode ?? 0, code: errorCode(Buffer.concat(chunks).toString()), continued, connection: res.headers.connection });
      });
    });
    req.on('error', reject);
    req.on('continue', () => {
      continued = true;
      req.end(body);
    });
    req.flushHeaders();
  });
}

const body = randomBytes(256 * 1024);

describe('Expect: 100-continue', () => {
  it('a valid PUT gets 100 Continue, then its body is stored', async () => {
    const r = await putExpecting(`/${b}/ok.bin`, body);
    expect(r).toMatchObject({ status: 200, continued: true });
    const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'ok.bin' }));
    expect((await bodyBytes(got.Body)).equals(body)).toBe(true);
  });

  it('a wrong signature is refused before the body is sent, and the connection is closed', async () => {
    const r = await putExpecting(`/${b}/badsig.bin`, body, {}, {}, 'not-the-secret');
    expect(r).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch', continued: false, connection: 'close' });
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'badsig.bin' })), undefined, 404);
  });

  it('a missing bucket is refused before the body is sent', async () => {
    const r = await putExpecting('/no-such-bucket-expect/x.bin', body);
    expect(r).toMatchObject({ status: 404, code: 'NoSuchBucket', continued: false, connection: 'close' });
  });

  it('a create-only PUT (If-None-Match: *) of an existing key is refused before its body, and changes nothing', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'taken.txt', Body: 'first' }));
    const from = h.events.length;
    const r = await putExpecting(`/${b}/taken.txt`, body, { 'if-none-match': '*' });
    expect(r).toMatchObject({ status: 412, code: 'PreconditionFailed', continued: false });
    const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'taken.txt' }));
    expect((await bodyBytes(got.Body)).toString()).toBe('first');
    expect(h.events.slice(from)).toEqual([]);
  });

  it('If-Match naming another ETag is refused before the body; the right ETag is served', async () => {
    const { ETag } = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'cas.txt', Body: 'v1' }));
    const wrong = await putExpecting(`/${b}/cas.txt`, body, { 'if-match': '"00000000000000000000000000000000"' });
    expect(wrong).toMatchObject({ status: 412, continued: false });
    const right = await putExpecting(`/${b}/cas.txt`, body, { 'if-match': ETag as string });
    expect(right).toMatchObject({ status: 200, continued: true });
  });

  it('UploadPart to an unknown upload id is refused before the body; to a real one it is served', async () => {
    const missing = await putExpecting(`/${b}/mp.bin`, body, {}, { partNumber: '1', uploadId: 'no-such-upload' });
    expect(missing).toMatchObject({ status: 404, code: 'NoSuchUpload', continued: false });
    const { UploadId } = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'mp.bin' }));
    const part = await putExpecting(`/${b}/mp.bin`, body, {}, { partNumber: '1', uploadId: UploadId as string });
    expect(part).toMatchObject({ status: 200, continued: true });
  });

  it('the server keeps serving on new connections after refusing', async () => {
    await putExpecting('/no-such-bucket-expect/y.bin', body);
    const r = await putExpecting(`/${b}/after.bin`, body);
    expect(r).toMatchObject({ status: 200, continued: true });
  });
});
