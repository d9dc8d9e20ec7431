// Folder upload and folder download the way the renderer drives them: through the real host's dispatcher
// (schema validation included), with progress arriving as `transfer` push events.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHost, type Host } from '../../../electron/main/host.ts';
import type { TransferDto } from '../../../electron/shared/dto.ts';
import type { RpcResponse } from '../../../electron/shared/envelope.ts';
import { listTree } from './support.ts';

let tmp: string;
let host: Host;
const pushed: TransferDto[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'bucketscope-transfer-rpc-'));
  host = await createHost({ dataDir: path.join(tmp, 'data'), mode: 'browser', version: '0.0.0' });
  host.hub.subscribe((event) => {
    if (event.name === 'transfer') pushed.push(event.payload);
  });
});

afterAll(async () => {
  await host?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function call<T>(method: string, input?: unknown): Promise<T> {
  const response: RpcResponse = await host.dispatch(method, input);
  if (!response.ok) throw Object.assign(new Error(response.error.message), response.error);
  return response.result as T;
}

/** Waits for the push events that say every transfer finished. */
async function finished(started: TransferDto[]): Promise<TransferDto[]> {
  const ids = new Set(started.map((t) => t.id));
  for (let i = 0; i < 500; i++) {
    const last = new Map<string, TransferDto>();
    for (const dto of pushed) if (ids.has(dto.id)) last.set(dto.id, dto);
    const states = [...last.values()];
    if (states.length === ids.size && states.every((t) => ['done', 'failed', 'cancelled'].includes(t.state))) return states;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('transfers did not finish');
}

it('uploads a folder and downloads it back into a chosen folder', async () => {
  await call('buckets.create', { connectionId: 'local', bucket: 'round-trip' });
  const source = path.join(tmp, 'pick', 'album');
  await mkdir(path.join(source, 'day 1'), { recursive: true });
  await writeFile(path.join(source, 'cover.png'), 'png');
  await writeFile(path.join(source, 'day 1', 'ü.txt'), 'text');

  const up = await call<TransferDto[]>('transfers.uploadPaths', { connectionId: 'local', bucket: 'round-trip', prefix: 'shared/', paths: [source] });
  expect(up.map((t) => t.key)).toEqual(['shared/album/cover.png', 'shared/album/day 1/ü.txt']);
  expect((await finished(up)).map((t) => t.state)).toEqual(['done', 'done']);

  const target = path.join(tmp, 'Downloads');
  await mkdir(target);
  // The whole "album" folder from inside "shared/": the folder keeps its name.
  const down = await call<TransferDto[]>('transfers.downloadTo', {
    connectionId: 'local',
    bucket: 'round-trip',
    prefix: 'shared/',
    objects: [{ key: 'shared/album/' }],
    directory: target,
  });
  expect((await finished(down)).map((t) => t.state)).toEqual(['done', 'done']);
  expect(await listTree(target)).toEqual(['album/', 'album/cover.png', 'album/day 1/', 'album/day 1/ü.txt']);
  expect(await readFile(path.join(target, 'album', 'day 1', 'ü.txt'), 'utf8')).toBe('text');
});

it('validates downloadTo input before any service runs', async () => {
  const base = { connectionId: 'local', bucket: 'round-trip', prefix: '', directory: tmp };
  await expect(call('transfers.downloadTo', { ...base, objects: [] })).rejects.toMatchObject({ code: 'InvalidInput' });
  const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ key: `k${i}` }));
  await expect(call('transfers.downloadTo', { ...base, objects: tooMany })).rejects.toMatchObject({ code: 'InvalidInput' });
  await expect(call('transfers.downloadTo', { ...base, directory: '' })).rejects.toMatchObject({ code: 'InvalidInput' });
  await expect(call('transfers.downloadTo', { ...base, overwrite: true })).rejects.toMatchObject({ code: 'InvalidInput' });
  await expect(call('transfers.downloadTo', { ...base, directory: 'relative' })).rejects.toMatchObject({
    code: 'InvalidInput',
    message: 'Not an absolute path: relative',
  });
});
