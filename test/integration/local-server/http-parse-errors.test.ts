// Requests Node's HTTP parser refuses before any handler runs get an S3 error document saying what was wrong
// (Node's default is a bare "400 Bad Request" without a body). Raw sockets: these requests cannot be made with an
// HTTP client. The duplicate Content-Length case is what rclone --s3-use-presigned-request sends.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startHarness, type Harness } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

function rawExchange(request: Buffer | string): Promise<{ status: number; headers: string; body: string }> {
  const url = new URL(h.server.endpoint);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), headers: text.slice(0, split), body: text.slice(split + 4) });
    });
  });
}

describe('HTTP parse errors', () => {
  it('a duplicate Content-Length is InvalidRequest naming the header, as an S3 error document', async () => {
    const res = await rawExchange('PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\ncontent-length: 1\r\n\r\nx');
    expect([res.status, errorCode(res.body)]).toEqual([400, 'InvalidRequest']);
    expect(res.body).toContain('more than one Content-Length header');
    expect(res.headers).toMatch(/content-type: application\/xml/);
    expect(res.headers).toMatch(/connection: close/);
  });

  it('an oversized header section is RequestHeaderSectionTooLarge; garbage is InvalidRequest; the server keeps serving', async () => {
    const big = await rawExchange(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect([big.status, errorCode(big.body)]).toEqual([400, 'RequestHeaderSectionTooLarge']);
    const garbage = await rawExchange('NOT HTTP AT ALL\r\n\r\n');
    expect([garbage.status, errorCode(garbage.body)]).toEqual([400, 'InvalidRequest']);
    const ok = await fetch(`${h.server.endpoint}/`);
    expect(ok.status).toBe(403);
  });
});
