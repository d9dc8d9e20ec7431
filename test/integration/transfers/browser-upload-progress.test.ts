// A browser-mode upload below the multipart part size: its progress must climb while the body arrives (it
// showed 0 % until the end, because lib-storage buffers a body shorter than a part and reports once), and a
// cancel mid-body must still answer over the open connection and store nothing.
// Real HTTP end to end: node:http client -> browser server -> TransfersService -> engine -> embedded server.
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { request, type ClientRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDispatcher } from '../../../electron/main/rpc/dispatcher.ts';
import { EventHub } from '../../../electron/main/rpc/event-hub.ts';
import { startBrowserServer, type BrowserServer } from '../../../electron/main/web/browser-server.ts';
import type { AppApi } from '../../../electron/shared/contract.ts';
import { startTransferHarness, type TransferHarness } from './support.ts';

let h: TransferHarness;
let web: BrowserServer;
let rendererDir: string;

beforeAll(async () => {
  // The default 8 MiB part size, as the app uses.
  h = await startTransferHarness({ partSize: 8 * 1024 * 1024 });
  rendererDir = await mkdtemp(path.join(tmpdir(), 'bucketscope-renderer-'));
  web = await startBrowserServer({ dispatch: createDispatcher({} as AppApi), hub: new EventHub(), transfers: h.transfers, rendererDir });
  await (await h.client(h.local)).send(new CreateBucketCommand({ Bucket: 'progress' }));
});

afterAll(async () => {
  await web?.close();
  await h?.close();
  await rm(rendererDir, { recursive: true, force: true });
});

function put(key: string, size: number): { req: ClientRequest; answer: Promise<{ status: number; body: string }> } {
  const query = new URLSearchParams({ connectionId: h.local, bucket: 'progress', key });
  let req!: ClientRequest;
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req = request(
      { host: '127.0.0.1', port: web.port, agent: false, method: 'PUT', path: `/upload?${query}`, headers: { Authorization: `Bearer ${web.token}`, 'Content-Length': size } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
  });
  return { req, answer };
}

it('reports progress while a body below the part size arrives, and stores it whole in one PutObject', async () => {
  const chunk = 256 * 1024;
  const size = 12 * chunk;
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 13) % 251;
  h.recorder.clear();
  const { req, answer } = put('small.bin', size);
  // Throttled like a slow uplink: the next chunk goes only after the engine has counted the previous one,
  // so progress can be seen between chunks (no timing assumption).
  const counted = (bytes: number) =>
    new Promise<void>((resolve) => {
      const seen = () => h.events.some((e) => e.key === 'small.bin' && e.loaded >= bytes);
      if (seen()) return resolve();
      const stop = h.engine.onChange(() => {
        if (seen()) {
          stop();
          resolve();
        }
      });
    });
  for (let sent = 0; sent < size; sent += chunk) {
    req.write(data.subarray(sent, sent + chunk));
    if (sent + chunk < size) await counted(sent + chunk);
  }
  req.end();
  const { status, body } = await answer;
  expect(status).toBe(200);
  expect(JSON.parse(body)).toMatchObject({ state: 'done', loaded: size, total: size });

  const running = h.events.filter((e) => e.key === 'small.bin' && e.state === 'running').map((e) => e.loaded);
  const between = new Set(running.filter((loaded) => loaded > 0 && loaded < size));
  expect(between.size).toBeGreaterThanOrEqual(3);
  expect(running).toEqual([...running].sort((a, b) => a - b));

  const out = await (await h.client(h.local)).send(new GetObjectCommand({ Bucket: 'progress', Key: 'small.bin' }));
  expect(Buffer.from(await out.Body!.transformToByteArray()).equals(data)).toBe(true);
  expect(h.recorder.actions).toHaveLength(1);
  expect(h.recorder.actions[0]).toMatchObject({ operation: 'PutObject', result: 'ok', info: { objects: [{ size }] } });
});

it('cancels a body below the part size mid-way: answered over the open connection, nothing stored', async () => {
  const chunk = Buffer.alloc(256 * 1024, 5);
  const size = 16 * chunk.length;
  const { req, answer } = put('cancelled.bin', size);
  let sent = 0;
  const sendUpTo = (limit: number) => {
    for (; sent < limit; sent += chunk.length) req.write(chunk);
  };
  sendUpTo(size / 2);
  const stop = h.engine.onChange((dto) => {
    if (dto.key !== 'cancelled.bin' || dto.state !== 'running' || dto.loaded === 0) return;
    stop();
    h.transfers.cancel({ id: dto.id }).then(() => {
      sendUpTo(size);
      req.end();
    }, () => undefined);
  });
  const { status, body } = await answer;
  expect(status).toBeGreaterThanOrEqual(400);
  expect(JSON.parse(body)).toMatchObject({ code: 'Cancelled' });
  expect(h.events.filter((e) => e.key === 'cancelled.bin').at(-1)?.state).toBe('cancelled');
  const listed = await (await h.client(h.local)).send(new ListObjectsV2Command({ Bucket: 'progress', Prefix: 'cancelled' }));
  expect(listed.KeyCount).toBe(0);
});

it('fails a body below the part size that stops arriving (tab closed): nothing stored, the server stays up', async () => {
  const chunk = Buffer.alloc(256 * 1024, 7);
  const { req, answer } = put('interrupted.bin', 16 * chunk.length);
  answer.catch(() => undefined);
  for (let i = 0; i < 4; i++) req.write(chunk);
  const stop = h.engine.onChange((dto) => {
    if (dto.key !== 'interrupted.bin' || dto.loaded === 0) return;
    stop();
    req.destroy();
  });
  const id = await new Promise<string>((resolve) => {
    const find = setInterval(() => {
      const seen = h.events.find((e) => e.key === 'interrupted.bin');
      if (seen) {
        clearInterval(find);
        resolve(seen.id);
      }
    }, 5);
  });
  expect(await h.engine.settled(id)).toMatchObject({ state: 'failed' });
  const listed = await (await h.client(h.local)).send(new ListObjectsV2Command({ Bucket: 'progress', Prefix: 'interrupted' }));
  expect(listed.KeyCount).toBe(0);
  // The browser server still answers.
  const next = put('after.txt', 2);
  next.req.end('ok');
  expect((await next.answer).status).toBe(200);
});
