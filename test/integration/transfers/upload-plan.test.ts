// The desktop app's folder uploads are checked for overwrites like browser uploads: main names the keys of a
// picked or dropped folder (transfers.planUpload, the same walk as uploadPaths), and the window's check
// (renderer/src/routes/objects/existing-keys.ts) asks the server which exist. Here both run against the real host
// through its dispatcher, as the desktop window drives them (Electron's dialog cannot run here; the paths are
// what it would return).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHost, type Host } from '../../../electron/main/host.ts';
import type { ObjectPage, TransferDto } from '../../../electron/shared/dto.ts';
import type { RpcResponse } from '../../../electron/shared/envelope.ts';
import { findExistingKeys, type KeyLookup } from '../../../renderer/src/routes/objects/existing-keys.ts';

let tmp: string;
let host: Host;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'bucketscope-upload-plan-'));
  host = await createHost({ dataDir: path.join(tmp, 'data'), mode: 'browser', version: '0.0.0' });
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

async function allKeys(bucket: string): Promise<string[]> {
  const page = await call<ObjectPage>('objects.list', { connectionId: 'local', bucket, prefix: '', delimiter: '' });
  return page.objects.map((o) => o.key);
}

it('names the keys a folder upload writes, and the window finds exactly those already stored', async () => {
  const bucket = 'plan';
  await call('buckets.create', { connectionId: 'local', bucket });
  const shots = path.join(tmp, 'pick', 'shots');
  for (const day of ['day-1', 'day-2', 'empty']) await mkdir(path.join(shots, day), { recursive: true });
  for (let i = 0; i < 12; i++) await writeFile(path.join(shots, i % 2 ? 'day-1' : 'day-2', `img-${i}.jpg`), `image ${i}`);
  await writeFile(path.join(shots, 'cover.jpg'), 'cover');
  const loose = path.join(tmp, 'pick', 'notes.txt');
  await writeFile(loose, 'notes');
  const input = { connectionId: 'local', bucket, prefix: 'inbox', paths: [shots, loose] };

  const { keys } = await call<{ keys: string[] }>('transfers.planUpload', input);
  expect(keys).toHaveLength(15);
  expect(keys).toContain('inbox/shots/day-1/img-1.jpg');
  expect(keys).toContain('inbox/shots/empty/');
  expect(keys).toContain('inbox/notes.txt');

  // Some of them are there already (from an earlier upload of part of the folder, by any client).
  const earlier = [path.join(shots, 'day-1'), path.join(shots, 'cover.jpg')];
  await call<TransferDto[]>('transfers.uploadPaths', { ...input, prefix: 'inbox/shots', paths: earlier });
  await expect.poll(() => allKeys(bucket), { timeout: 10_000 }).toHaveLength(7);

  const lookup: KeyLookup = {
    exists: (key) => call('objects.head', { connectionId: 'local', bucket, key }).then(() => true, () => false),
    list: ({ prefix, delimiter, token }) =>
      call<ObjectPage>('objects.list', { connectionId: 'local', bucket, prefix, delimiter, token }).then((p) => ({ keys: p.objects.map((o) => o.key), nextToken: p.nextToken })),
  };
  const existing = await findExistingKeys(lookup, keys);
  expect(existing.sort()).toEqual((await allKeys(bucket)).sort());

  // The upload itself writes exactly the keys it was planned with.
  const started = await call<TransferDto[]>('transfers.uploadPaths', input);
  expect(started.map((t) => t.key)).toEqual(keys);
});

it('refuses what uploadPaths refuses, before anything is asked', async () => {
  await expect(call('transfers.planUpload', { connectionId: 'local', bucket: 'plan', prefix: '', paths: ['relative/path'] })).rejects.toMatchObject({ code: 'InvalidInput' });
});
