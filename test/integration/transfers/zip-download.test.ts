// Browser mode's folder / selection download: POST /download-zip then GET the link, through the real browser
// server, TransfersService and embedded server; the zip is read back by Python's zipfile (CRC-checked), an
// independent reader, and compared byte for byte with the bucket.
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../electron/main/rpc/dispatcher.ts';
import { EventHub } from '../../../electron/main/rpc/event-hub.ts';
import { startBrowserServer, type BrowserServer } from '../../../electron/main/web/browser-server.ts';
import { EntryNames } from '../../../electron/main/web/zip-download.ts';
import type { AppApi } from '../../../electron/shared/contract.ts';
import { findTool, itWithTool } from '../clients/support.ts';
import { startTransferHarness, type TransferHarness } from './support.ts';

const python = findTool(['/usr/bin/python3'], 'apt-get install -y python3');

let h: TransferHarness;
let web: BrowserServer;
let dir: string;
let counter = 0;

beforeAll(async () => {
  h = await startTransferHarness();
  dir = await mkdtemp(path.join(tmpdir(), 'bucketscope-zip-'));
  web = await startBrowserServer({ dispatch: createDispatcher({} as AppApi), hub: new EventHub(), transfers: h.transfers, rendererDir: dir });
});

afterAll(async () => {
  await web?.close();
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

async function bucketWith(objects: Record<string, string | Buffer>): Promise<string> {
  const bucket = `zip-${++counter}`;
  const client = await h.client(h.local);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const [Key, Body] of Object.entries(objects)) await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
  return bucket;
}

function prepare(selection: object, token: string | null = web.token): Promise<Response> {
  return fetch(`${web.origin}/download-zip`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(selection),
  });
}

/** The zip of `selection` saved to a file, with the response's headers. */
async function download(selection: object): Promise<{ file: string; headers: Headers }> {
  const prepared = await prepare(selection);
  expect(prepared.status).toBe(200);
  const { url } = (await prepared.json()) as { url: string };
  const res = await fetch(`${web.origin}${url}&token=${web.token}`);
  expect(res.status).toBe(200);
  const file = path.join(dir, `${++counter}.zip`);
  await writeFile(file, Buffer.from(await res.arrayBuffer()));
  return { file, headers: res.headers };
}

/** Entry name -> sha256 of its bytes ('' for a folder), read by Python's zipfile (which checks each CRC). */
function readZip(pythonPath: string, file: string): Record<string, string> {
  const script = [
    'import hashlib, json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'print(json.dumps({i.filename: ("" if i.is_dir() else hashlib.sha256(z.read(i)).hexdigest()) for i in z.infolist()}))',
  ].join('\n');
  return JSON.parse(execFileSync(pythonPath, ['-c', script, file], { encoding: 'utf8' })) as Record<string, string>;
}

const sha = (body: string | Buffer) => createHash('sha256').update(body).digest('hex');

describe('zip download (browser mode)', () => {
  itWithTool(python, 'streams a folder as a zip whose entries are the objects, byte for byte, with safe names', async (py) => {
    const big = randomBytes(6 * 1024 * 1024);
    const objects: Record<string, string | Buffer> = {
      'photos/a.txt': 'hello',
      'photos/sub/big.bin': big,
      'photos/sub/deeper/ü naïve.txt': 'unicode',
      'photos/empty/': '',
      'photos/a/../../evil.txt': 'evil',
      'photos//abs.txt': 'leading slash below the folder',
      'photos/con.txt': 'device name',
      'photos/what?:*.txt': 'forbidden characters',
      'photos/Case.txt': 'upper',
      'photos/case.txt': 'lower',
      'photos/clash': 'a file named like a folder',
      'photos/clash/inside.txt': 'inside the folder',
      'other/not-in-zip.txt': 'outside',
    };
    const bucket = await bucketWith(objects);
    const { file, headers } = await download({ connectionId: h.local, bucket, prefix: 'photos/', objects: [{ key: 'photos/' }] });
    expect(headers.get('content-type')).toBe('application/zip');
    expect(headers.get('content-disposition')).toBe(`attachment; filename="photos.zip"; filename*=UTF-8''photos.zip`);
    expect(readZip(py, file)).toEqual({
      'a.txt': sha('hello'),
      'sub/big.bin': sha(big),
      'sub/deeper/ü naïve.txt': sha('unicode'),
      'empty/': '',
      // `..` never climbs out of the folder it is unpacked in (a trailing dot would vanish on Windows too).
      'a/__/__/evil.txt': sha('evil'),
      'abs.txt': sha('leading slash below the folder'),
      '_con.txt': sha('device name'),
      'what___.txt': sha('forbidden characters'),
      'Case.txt': sha('upper'),
      'case (1).txt': sha('lower'),
      clash: sha('a file named like a folder'),
      'clash (1)/inside.txt': sha('inside the folder'),
    });
  });

  itWithTool(python, 'zips a selection of files, folders and an older version, each object once', async (py) => {
    const bucket = await bucketWith({ 'docs/readme.md': 'v1', 'docs/guide/intro.md': 'intro', 'docs/notes.txt': 'notes', 'img/x.png': 'png' });
    const client = await h.client(h.local);
    await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    const v2 = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/readme.md', Body: 'v2' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/readme.md', Body: 'v3' }));
    const { file, headers } = await download({
      connectionId: h.local,
      bucket,
      prefix: 'docs/',
      objects: [{ key: 'docs/readme.md' }, { key: 'docs/readme.md', versionId: v2.VersionId! }, { key: 'docs/guide/' }, { key: 'docs/guide/intro.md' }],
    });
    // Several items: named after the open folder.
    expect(headers.get('content-disposition')).toMatch(/filename="docs\.zip"/);
    expect(readZip(py, file)).toEqual({ 'readme.md': sha('v3'), 'readme (1).md': sha('v2'), 'guide/intro.md': sha('intro') });
  });

  it('refuses a request without the token, or from another origin, and a link without it', async () => {
    const bucket = await bucketWith({ 'a.txt': 'secret' });
    const selection = { connectionId: h.local, bucket, prefix: '' };
    expect((await prepare(selection, null)).status).toBe(403);
    expect((await prepare(selection, 'wrong-token')).status).toBe(403);
    const foreign = await fetch(`${web.origin}/download-zip`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${web.token}`, Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: JSON.stringify(selection),
    });
    expect(foreign.status).toBe(403);
    const { url } = (await (await prepare(selection)).json()) as { url: string };
    // The link alone is not enough: it needs the token too.
    const bare = await fetch(`${web.origin}${url}`);
    expect(bare.status).toBe(403);
    expect(await bare.text()).not.toContain('secret');
    // Used once (with the token), the link is gone.
    expect((await fetch(`${web.origin}${url}&token=${web.token}`)).status).toBe(200);
    expect((await fetch(`${web.origin}${url}&token=${web.token}`)).status).toBe(404);
  });

  it('answers a missing bucket and a malformed selection when the link is asked for, not with a failed download', async () => {
    const missing = await prepare({ connectionId: h.local, bucket: 'no-such-bucket-here', prefix: '' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('NoSuchBucket');
    expect((await prepare({ connectionId: h.local, bucket: 'b', prefix: '', objects: [] })).status).toBe(400);
    expect((await prepare({ connectionId: h.local, bucket: 'b', prefix: '', extra: 1 })).status).toBe(400);
  });
});

describe('zip download cancelled by the browser', () => {
  it('stops listing and reading objects once the browser goes away', async () => {
    const bucket = await bucketWith({});
    const client = await h.client(h.local);
    const body = randomBytes(512 * 1024);
    for (let i = 0; i < 40; i++) await client.send(new PutObjectCommand({ Bucket: bucket, Key: `f/${String(i).padStart(2, '0')}.jpg`, Body: body }));
    // The same service, counting what the zip asks it to read, and which of the opened bodies are released.
    let requested = 0;
    let opened = 0;
    let closed = 0;
    const counting = {
      upload: h.transfers.upload.bind(h.transfers),
      download: h.transfers.download.bind(h.transfers),
      zipEntries: h.transfers.zipEntries.bind(h.transfers),
      openObject: async (input: Parameters<typeof h.transfers.openObject>[0], signal?: AbortSignal) => {
        requested++;
        const stream = await h.transfers.openObject(input, signal);
        opened++;
        stream.once('close', () => closed++);
        return stream;
      },
    };
    const own = await startBrowserServer({ dispatch: createDispatcher({} as AppApi), hub: new EventHub(), transfers: counting, rendererDir: dir });
    try {
      const prepared = await fetch(`${own.origin}/download-zip`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${own.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ connectionId: h.local, bucket, prefix: '' }),
      });
      const { url } = (await prepared.json()) as { url: string };
      const abort = new AbortController();
      const res = await fetch(`${own.origin}${url}&token=${own.token}`, { signal: abort.signal });
      const reader = res.body!.getReader();
      // Into the second object or further: one is being written, others were requested ahead.
      for (let received = 0; received < 700 * 1024; ) received += (await reader.read()).value?.length ?? Infinity;
      abort.abort();
      await reader.cancel().catch(() => undefined);
      // Every body opened is released (none left holding a connection to the server), and nothing more is asked for.
      await expect.poll(() => opened > 0 && closed === opened, { timeout: 5_000 }).toBe(true);
      const asked = requested;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(requested).toBe(asked);
      expect(requested).toBeLessThan(40);
    } finally {
      await own.close();
    }
  });
});

describe('EntryNames', () => {
  it('numbers names taken already (ignoring case) and renames a folder a file took, for every entry below it', () => {
    const names = new EntryNames();
    expect(names.file(['a'])).toBe('a');
    expect(names.file(['A'])).toBe('A (1)');
    expect(names.file(['a', 'x.txt'])).toBe('a (2)/x.txt');
    expect(names.file(['a', 'y.txt'])).toBe('a (2)/y.txt');
    expect(names.folder(['a', 'empty'])).toBe('a (2)/empty');
    expect(names.file(['d', 'x.txt'])).toBe('d/x.txt');
    expect(names.file(['d'])).toBe('d (1)');
  });
});
