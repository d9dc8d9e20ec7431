// A browser-mode upload cancelled while its body is still arriving: the endpoint must answer the request, not
// reset the connection. Chromium silently re-sends a PUT whose connection was reset, so a reset made the
// cancelled upload start again and land in the bucket (seen in the app: Cancel, then the file appeared anyway).
// Real HTTP end to end: node:http client -> browser server -> TransfersService -> engine -> embedded server.
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { request } from 'node:http';
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
  h = await startTransferHarness();
  rendererDir = await mkdtemp(path.join(tmpdir(), 'bucketscope-renderer-'));
  web = await startBrowserServer({ dispatch: createDispatcher({} as AppApi), hub: new EventHub(), transfers: h.transfers, rendererDir });
  await (await h.client(h.local)).send(new CreateBucketCommand({ Bucket: 'cancel' }));
});

afterAll(async () => {
  await web?.close();
  await h?.close();
  await rm(rendererDir, { recursive: true, force: true });
});

it('answers a cancelled upload over the open connection (no reset for the browser to retry), and stores nothing', async () => {
  const size = 12 * 1024 * 1024;
  const chunk = Buffer.alloc(256 * 1024, 1);
  const query = new URLSearchParams({ connectionId: h.local, bucket: 'cancel', key: 'big.bin' });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: web.port, method: 'PUT', path: `/upload?${query}`, headers: { Authorization: `Bearer ${web.token}`, 'Content-Length': size } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    // Send part of the body, cancel the transfer once the engine has read some of it, then send the rest
    // (as a browser does: it keeps sending until it reads the answer).
    let sent = 0;
    const sendSome = (limit: number) => {
      while (sent < limit) {
        req.write(chunk);
        sent += chunk.length;
      }
    };
    sendSome(size / 2);
    const started = () => h.events.find((e) => e.key === 'big.bin' && e.state === 'running' && e.loaded > 0);
    const poll = setInterval(() => {
      const running = started();
      if (!running) return;
      clearInterval(poll);
      h.transfers.cancel({ id: running.id }).then(() => {
        sendSome(size);
        req.end();
      }, reject);
    }, 10);
  });
  const { status, body } = await answer;
  expect(status).toBeGreaterThanOrEqual(400);
  expect(JSON.parse(body)).toMatchObject({ code: 'Cancelled' });
  const final = h.events.filter((e) => e.key === 'big.bin').at(-1);
  expect(final?.state).toBe('cancelled');
  const listed = await (await h.client(h.local)).send(new ListObjectsV2Command({ Bucket: 'cancel' }));
  expect(listed.KeyCount).toBe(0);
});
