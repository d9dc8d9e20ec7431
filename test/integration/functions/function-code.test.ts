// functions.scaffold / readCode / readFile / writeFile through the real host's dispatcher (schema validation
// included), with real worker threads running the code the editor wrote.
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../electron/main/host.ts';
import { findPython } from '../../../electron/main/functions/runtime-availability.ts';
import type { RpcResponse } from '../../../electron/shared/envelope.ts';
import type { ExecutionRecord } from '../../../electron/shared/timeline.ts';
import type { FunctionCode, FunctionDto } from '../../../electron/shared/triggers.ts';

const python = await findPython();
if (!python.available) {
  if (process.env['CI'] === 'true') throw new Error(`python3 is required under CI: ${python.reason}`);
  console.warn(`\n*** SKIPPING the Python starter test: ${python.reason} (apt-get install -y python3) ***\n`);
}

let dataDir: string;
let outside: string;
let host: Host;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bucketscope-fncode-'));
  outside = mkdtempSync(join(tmpdir(), 'bucketscope-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'not yours');
  host = await createHost({ dataDir, mode: 'browser', version: '0.0.0' });
});

afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

async function call<T>(method: string, input?: unknown): Promise<T> {
  const r: RpcResponse = await host.dispatch(method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.result as T;
}

async function refused(method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r: RpcResponse = await host.dispatch(method, input);
  if (r.ok) throw new Error(`${method} succeeded with ${JSON.stringify(input)}`);
  return r.error;
}

const invoke = (id: string, format: 'cos' | 's3') =>
  call<ExecutionRecord>('functions.invoke', { id, event: { type: 'ObjectCreated:Put', bucket: 'photos', key: 'a b/c.jpg', format } });

describe('function code through the host', () => {
  let fn: FunctionDto;

  it('scaffolds a Node.js starter into <dataDir>/functions/<name> that runs and logs both payload shapes', async () => {
    fn = await call<FunctionDto>('functions.scaffold', { name: 'starter-node', runtime: 'nodejs' });
    expect(fn).toMatchObject({ runtime: 'nodejs', handler: 'index.main_handler', path: join(dataDir, 'functions', 'starter-node') });
    const code = await call<FunctionCode>('functions.readCode', { id: fn.id });
    expect(code.entry).toBe('index.mjs');
    expect(code.files).toEqual([{ path: 'index.mjs', size: Buffer.byteLength(code.content) }]);
    expect(code.content).toContain('export async function main_handler(event, context)');

    const cos = await invoke(fn.id, 'cos');
    expect(cos).toMatchObject({ status: 'success', cold: true, result: { ok: true, records: 1 } });
    // Keys as written: the starter strips COS's /<appid>/<bucket>/ and decodes S3's '+'-encoding.
    expect(cos.logs.some((l) => / stdout cos:ObjectCreated:Put photos a b\/c\.jpg$/.test(l))).toBe(true);
    const s3 = await invoke(fn.id, 's3');
    expect(s3).toMatchObject({ status: 'success', cold: false });
    expect(s3.logs.some((l) => / stdout ObjectCreated:Put photos a b\/c\.jpg$/.test(l))).toBe(true);
  });

  it('refuses to scaffold over an existing name or into a folder with files', async () => {
    expect((await refused('functions.scaffold', { name: 'starter-node', runtime: 'nodejs' })).code).toBe('Conflict');
    const busy = join(outside, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'index.mjs'), 'export const main_handler = () => 1;');
    expect((await refused('functions.scaffold', { name: 'other', runtime: 'nodejs', path: busy })).code).toBe('Conflict');
    expect((await refused('functions.scaffold', { name: 'hook', runtime: 'webhook' })).code).toBe('InvalidInput');
  });

  it('writeFile changes what the next invocation runs, and that run is cold', async () => {
    const warm = await invoke(fn.id, 'cos');
    expect(warm.cold).toBe(false);
    await call('functions.writeFile', { id: fn.id, path: 'lib/greet.mjs', content: "export const greet = (k) => `edited ${k}`;\n" });
    await call('functions.writeFile', {
      id: fn.id,
      path: 'index.mjs',
      content: "import { greet } from './lib/greet.mjs';\nexport function main_handler(event) { console.log(greet('v1')); return { version: 1 }; }\n",
    });
    const first = await invoke(fn.id, 'cos');
    expect(first).toMatchObject({ status: 'success', cold: true, result: { version: 1 } });
    expect(first.logs.some((l) => l.endsWith('stdout edited v1'))).toBe(true);

    // Only the helper changes (the handler file's mtime stays): still a cold start with the new helper.
    await call('functions.writeFile', { id: fn.id, path: 'lib/greet.mjs', content: "export const greet = (k) => `changed ${k}`;\n" });
    const second = await invoke(fn.id, 'cos');
    expect(second).toMatchObject({ status: 'success', cold: true });
    expect(second.logs.some((l) => l.endsWith('stdout changed v1'))).toBe(true);

    const code = await call<FunctionCode>('functions.readCode', { id: fn.id });
    expect(code.files.map((f) => f.path)).toEqual(['index.mjs', 'lib/greet.mjs']);
    expect((await call<{ content: string }>('functions.readFile', { id: fn.id, path: 'lib/greet.mjs' })).content).toContain('changed');
  });

  it('a save during a run lets that run finish on the old code; the next run is cold on the new', async () => {
    const started = join(outside, 'started');
    const slow = await call<FunctionDto>('functions.scaffold', { name: 'slow', runtime: 'nodejs' });
    await call('functions.save', { ...slow, env: { STARTED_FILE: started } });
    await call('functions.writeFile', {
      id: slow.id,
      path: 'index.mjs',
      content:
        "import { writeFileSync } from 'node:fs';\nexport async function main_handler() {\n  writeFileSync(process.env.STARTED_FILE, 'x');\n  await new Promise((r) => setTimeout(r, 300));\n  return 'old';\n}\n",
    });
    expect(await invoke(slow.id, 'cos')).toMatchObject({ status: 'success', cold: true, result: 'old' });
    rmSync(started, { force: true });
    const inFlight = invoke(slow.id, 'cos');
    // The handler has started (it wrote the file) before the code changes under it.
    while (!existsSync(started)) await new Promise((r) => setTimeout(r, 10));
    await call('functions.writeFile', { id: slow.id, path: 'index.mjs', content: "export const main_handler = async () => 'new';\n" });
    expect(await inFlight).toMatchObject({ status: 'success', cold: false, result: 'old' });
    expect(await invoke(slow.id, 'cos')).toMatchObject({ status: 'success', cold: true, result: 'new' });
    expect(await invoke(slow.id, 'cos')).toMatchObject({ status: 'success', cold: false, result: 'new' });
    expect(host.engine.runner.warmCount(slow.id)).toBe(1);
  });

  it('refuses paths that leave the function folder, with InvalidInput', async () => {
    const root = fn.path!;
    symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
    symlinkSync(outside, join(root, 'linkdir'));
    for (const path of ['../x', '../../functions.json', 'lib/../../x', '/etc/passwd', join(outside, 'secret.txt'), 'C:/x', 'lib\\..\\..\\x', './index.mjs', 'link.txt', 'linkdir/secret.txt', 'linkdir/new.txt']) {
      const read = await refused('functions.readFile', { id: fn.id, path });
      expect(read.code, `readFile ${path}`).toBe('InvalidInput');
      const write = await refused('functions.writeFile', { id: fn.id, path, content: 'x' });
      expect(write.code, `writeFile ${path}`).toBe('InvalidInput');
    }
    // Symlinks are not listed either, and nothing was written outside.
    const code = await call<FunctionCode>('functions.readCode', { id: fn.id });
    expect(code.files.map((f) => f.path)).toEqual(['index.mjs', 'lib/greet.mjs']);
    expect((await import('node:fs')).readdirSync(outside).sort()).toEqual(['busy', 'secret.txt', 'started']); // (single/ is made later)
  });

  it('a function whose path is one file: only that file is listed, read and written', async () => {
    const dir = join(outside, 'single');
    mkdirSync(dir);
    writeFileSync(join(dir, 'handler.mjs'), "export const main_handler = () => 'one';\n");
    writeFileSync(join(dir, 'other.txt'), 'a sibling');
    const single = await call<FunctionDto>('functions.save', { name: 'single', runtime: 'nodejs', path: join(dir, 'handler.mjs'), handler: 'handler.main_handler' });
    const code = await call<FunctionCode>('functions.readCode', { id: single.id });
    expect(code).toMatchObject({ entry: 'handler.mjs', files: [{ path: 'handler.mjs' }], content: "export const main_handler = () => 'one';\n" });
    expect((await refused('functions.readFile', { id: single.id, path: 'other.txt' })).code).toBe('InvalidInput');
    expect((await refused('functions.writeFile', { id: single.id, path: 'new.mjs', content: '' })).code).toBe('InvalidInput');
    await call('functions.writeFile', { id: single.id, path: 'handler.mjs', content: "export const main_handler = () => 'two';\n" });
    expect(await invoke(single.id, 'cos')).toMatchObject({ status: 'success', result: 'two' });
  });

  it('refuses binary files and files over 1 MiB, and caps node_modules', async () => {
    const root = fn.path!;
    writeFileSync(join(root, 'blob.bin'), Buffer.from([1, 0, 2]));
    writeFileSync(join(root, 'big.json'), 'x'.repeat(1024 * 1024 + 1));
    mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'dep', 'index.js'), '');
    expect((await refused('functions.readFile', { id: fn.id, path: 'blob.bin' })).code).toBe('InvalidInput');
    expect((await refused('functions.readFile', { id: fn.id, path: 'big.json' })).code).toBe('InvalidInput');
    expect((await refused('functions.writeFile', { id: fn.id, path: 'big.txt', content: 'é'.repeat(600_000) })).code).toBe('InvalidInput');
    const code = await call<FunctionCode>('functions.readCode', { id: fn.id });
    expect(code.files.map((f) => f.path)).toEqual(['big.json', 'blob.bin', 'index.mjs', 'lib/greet.mjs']);
  });

  it.skipIf(!python.available)('scaffolds a Python starter that runs and logs the event', async () => {
    const py = await call<FunctionDto>('functions.scaffold', { name: 'starter-py', runtime: 'python' });
    const code = await call<FunctionCode>('functions.readCode', { id: py.id });
    expect(code).toMatchObject({ entry: 'index.py' });
    expect(code.content).toContain('def main_handler(event, context):');
    const cos = await invoke(py.id, 'cos');
    expect(cos).toMatchObject({ status: 'success', result: { ok: true, records: 1 } });
    expect(cos.logs.some((l) => / stdout cos:ObjectCreated:Put photos a b\/c\.jpg$/.test(l))).toBe(true);
    const s3 = await invoke(py.id, 's3');
    expect(s3.logs.some((l) => / stdout ObjectCreated:Put photos a b\/c\.jpg$/.test(l))).toBe(true);
  });
});
