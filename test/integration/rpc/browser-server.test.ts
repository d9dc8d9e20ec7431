// The browser-mode server over real HTTP and a real WebSocket: who gets in, and what it serves.
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDispatcher } from '../../../electron/main/rpc/dispatcher.ts';
import { EventHub } from '../../../electron/main/rpc/event-hub.ts';
import { startBrowserServer, type BrowserServer } from '../../../electron/main/web/browser-server.ts';
import type { BrowserTransfers } from '../../../electron/main/web/transfer-endpoints.ts';
import type { AppApi } from '../../../electron/shared/contract.ts';
import type { ServerFrame } from '../../../electron/shared/envelope.ts';

let server: BrowserServer;
let dir: string;
const hub = new EventHub();
const uploads: { key: string; body: string; contentType: string }[] = [];

const transfers: BrowserTransfers = {
  async upload({ connectionId, bucket, key, body, size, contentType }) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    uploads.push({ key, body: Buffer.concat(chunks).toString(), contentType });
    return { id: 't1', kind: 'upload', connectionId, bucket, key, loaded: size, total: size, state: 'done', startedAt: new Date(0).toISOString() };
  },
  async download({ key }) {
    const body = `contents of ${key}`;
    return { body: Readable.from([Buffer.from(body)]), size: Buffer.byteLength(body), contentType: 'text/plain' };
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bucketscope-web-'));
  await mkdir(join(dir, 'renderer/assets'), { recursive: true });
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html><title>Bucketscope</title>');
  await writeFile(join(dir, 'renderer/assets/app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  const api = { connections: { list: async () => [{ id: 'c1' }] } } as unknown as AppApi;
  server = await startBrowserServer({ dispatch: createDispatcher(api), hub, transfers, rendererDir: join(dir, 'renderer') });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function httpGet(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

function connect(token: string | undefined, origin: string | undefined = server.origin) {
  const url = `ws://127.0.0.1:${server.port}/rpc${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
  return new WebSocket(url, origin === undefined ? {} : { origin });
}

function outcome(ws: WebSocket) {
  return new Promise<'open' | number>((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

describe('browser-mode server', () => {
  it('listens on loopback and gives a URL with the token in the fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the renderer with a strict CSP', async () => {
    const page = await httpGet('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Bucketscope</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).not.toContain('unsafe-eval');
    expect((await httpGet('/assets/app.js')).status).toBe(200);
  });

  it('never serves files outside the renderer directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await httpGet(path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('outside the renderer');
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await httpGet('/', { host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('answers contract calls over the socket with the token', async () => {
    const ws = connect(server.token);
    expect(await outcome(ws)).toBe('open');
    const reply = new Promise<ServerFrame>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    ws.send(JSON.stringify({ id: 7, method: 'connections.list' }));
    expect(await reply).toEqual({ id: 7, response: { ok: true, result: [{ id: 'c1' }] } });
    ws.close();
  });

  it('pushes hub events to connected sockets', async () => {
    const ws = connect(server.token);
    expect(await outcome(ws)).toBe('open');
    const pushed = new Promise<ServerFrame>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    hub.emit('connections', { changed: true });
    expect(await pushed).toEqual({ event: { seq: hub.lastSeq, name: 'connections', payload: { changed: true } } });
    ws.close();
  });

  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    expect(await outcome(connect(undefined))).toBe(403);
    expect(await outcome(connect('x'.repeat(43)))).toBe(403);
    expect(await outcome(connect(server.token, 'http://evil.example'))).toBe(403);
    expect(await outcome(connect(server.token, `http://127.0.0.1:${server.port + 1}`))).toBe(403);
  });

  it('accepts uploads only with the bearer token', async () => {
    const put = (auth?: string) =>
      fetch(`${server.origin}/upload?connectionId=c1&bucket=b&key=${encodeURIComponent('dir/a b.txt')}`, {
        method: 'PUT',
        headers: { 'content-type': 'text/plain', ...(auth ? { authorization: auth } : {}) },
        body: 'hello',
      });
    expect((await put()).status).toBe(403);
    expect((await put('Bearer wrong')).status).toBe(403);
    const ok = await put(`Bearer ${server.token}`);
    expect(ok.status).toBe(200);
    expect(uploads.at(-1)).toEqual({ key: 'dir/a b.txt', body: 'hello', contentType: 'text/plain' });
  });

  it('serves downloads with the token and a safe Content-Disposition', async () => {
    expect((await fetch(`${server.origin}/download?connectionId=c1&bucket=b&key=x`)).status).toBe(403);
    const res = await fetch(`${server.origin}/download?connectionId=c1&bucket=b&key=${encodeURIComponent('d/naïve "x".txt')}&token=${server.token}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('contents of d/naïve "x".txt');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="na_ve _x_.txt"; filename*=UTF-8''${encodeURIComponent('naïve "x".txt')}`,
    );
  });

  it('answers a readable error for a download without a key', async () => {
    const res = await fetch(`${server.origin}/download?connectionId=c1&bucket=b&token=${server.token}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'InvalidInput', message: 'Missing query parameter: key' });
  });
});
