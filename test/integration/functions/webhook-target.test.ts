import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionRunner } from '../../../electron/main/functions/function-runner.ts';
import { fnDto } from './helpers.ts';

const received: { headers: IncomingMessage['headers']; body: string }[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    if (req.url === '/fail') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('try later');
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 2000);
    } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  runner.close();
});
const runner = new FunctionRunner();

describe('webhook functions', () => {
  it('POSTs the payload with the configured headers and records status, latency and body', async () => {
    const fn = fnDto({ runtime: 'webhook', url: `${base}/hook`, headers: { authorization: 'Bearer t0k' } });
    const out = await runner.invoke(fn, { requestId: 'w1', payload: { Records: [{ a: 1 }] } });
    expect(out.status).toBe('success');
    expect(out.result).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(typeof (out.result as { latencyMs: number }).latencyMs).toBe('number');
    const last = received.at(-1)!;
    expect(JSON.parse(last.body)).toEqual({ Records: [{ a: 1 }] });
    expect(last.headers['authorization']).toBe('Bearer t0k');
    expect(last.headers['content-type']).toBe('application/json');
  });

  it('treats a non-2xx answer as an error and a slow one as a timeout', async () => {
    const failed = await runner.invoke(fnDto({ runtime: 'webhook', url: `${base}/fail` }), { requestId: 'w2', payload: {} });
    expect(failed).toMatchObject({ status: 'error', result: { status: 503, body: 'try later' } });
    expect(failed.error?.message).toBe('Webhook answered 503 Service Unavailable');
    const slow = await runner.invoke(fnDto({ runtime: 'webhook', url: `${base}/slow`, timeoutMs: 200 }), { requestId: 'w3', payload: {} });
    expect(slow.status).toBe('timeout');
    // A port nothing listens on (taken, then freed).
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const free = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const refused = await runner.invoke(fnDto({ runtime: 'webhook', url: `http://127.0.0.1:${free}/` }), { requestId: 'w4', payload: {} });
    expect(refused.status).toBe('error');
    expect(refused.error?.message).toMatch(/^Webhook request failed: fetch failed \(.*ECONNREFUSED/);
  });

  it('says why fetch() refuses a blocked port (it only said "fetch failed (bad port)")', async () => {
    const blocked = await runner.invoke(fnDto({ runtime: 'webhook', url: 'http://127.0.0.1:10080/hook' }), { requestId: 'w5', payload: {} });
    expect(blocked.status).toBe('error');
    expect(blocked.error?.message).toBe(
      'Webhook request failed: port 10080 is one fetch() and browsers refuse to connect to (a blocked port of the Fetch standard); run the receiver on another port',
    );
  });
});
