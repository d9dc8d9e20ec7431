// Browser mode keeps its port across restarts (the page's origin, and so its localStorage: panel sizes, the last
// folder, buckets opened by name), and takes another free port when the remembered one is in use.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDispatcher } from '../../../electron/main/rpc/dispatcher.ts';
import { EventHub } from '../../../electron/main/rpc/event-hub.ts';
import { startBrowserServer } from '../../../electron/main/web/browser-server.ts';
import type { BrowserTransfers } from '../../../electron/main/web/transfer-endpoints.ts';
import type { AppApi } from '../../../electron/shared/contract.ts';

let dir: string;
const transfers = {} as BrowserTransfers;
const start = (rememberPortIn: string) =>
  startBrowserServer({ dispatch: createDispatcher({} as AppApi), hub: new EventHub(), transfers, rendererDir: join(dir, 'renderer'), rememberPortIn });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bucketscope-web-port-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html>');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('listens on the same port after a restart', async () => {
  const file = join(dir, 'browser-port');
  const first = await start(file);
  const port = first.port;
  await first.close();
  expect((await readFile(file, 'utf8')).trim()).toBe(String(port));
  const second = await start(file);
  expect(second.port).toBe(port);
  expect(second.url.startsWith(`http://127.0.0.1:${port}/#token=`)).toBe(true);
  await second.close();
});

it('takes another free port, and remembers it, when the remembered one is in use', async () => {
  const file = join(dir, 'busy-port');
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const busy = (blocker.address() as { port: number }).port;
  await writeFile(file, `${busy}\n`);
  try {
    const server = await start(file);
    expect(server.port).not.toBe(busy);
    expect((await readFile(file, 'utf8')).trim()).toBe(String(server.port));
    await server.close();
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

it('ignores a remembered port that is not a port', async () => {
  const file = join(dir, 'junk-port');
  await writeFile(file, 'not a port');
  const server = await start(file);
  expect(server.port).toBeGreaterThan(0);
  await server.close();
});

it('`npm run web -- --port abc` says so in one line and exits 1 (it was an uncaught stack trace)', async () => {
  const root = resolve(import.meta.dirname, '../../..');
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'electron/main/web.ts'), '--port', 'abc'], { cwd: root });
  const failure = (await run.then(() => undefined, (err: unknown) => err)) as { code: number; stderr: string } | undefined;
  expect(failure?.code).toBe(1);
  expect(failure?.stderr.trim()).toBe('Bucketscope could not start: Invalid --port abc: a number from 0 to 65535. usage: npm run web -- [--port N] [--data DIR]');
});
