import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_RESULT_CHARS } from '../../../electron/main/functions/clip-result.ts';
import { FunctionRunner } from '../../../electron/main/functions/function-runner.ts';
import { fnDto, writeFunction } from './helpers.ts';

const runner = new FunctionRunner({
  idleMs: 60_000,
  serverAccess: () => ({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', accessKeyId: 'AK', secretAccessKey: 'SK' }),
});
afterAll(() => runner.close());

let seq = 0;
const invoke = (fn: ReturnType<typeof fnDto>, payload: unknown = { hello: 'world' }) =>
  runner.invoke(fn, { requestId: `req-${++seq}`, payload });

describe('Node.js handlers in worker threads', () => {
  it('runs an async ESM main_handler with an SCF/Lambda context and captured console lines', async () => {
    const path = writeFunction({
      'index.mjs': `export async function main_handler(event, context) {
        console.log('got', JSON.stringify(event));
        console.error('warned');
        process.stdout.write('partial ');
        process.stdout.write('line\\n');
        return { requestId: context.request_id, name: context.function_name, mem: context.memory_limit_in_mb,
                 time: context.time_limit_in_ms, remaining: context.getRemainingTimeInMillis(),
                 endpoint: process.env.AWS_ENDPOINT_URL, key: process.env.AWS_ACCESS_KEY_ID, mine: process.env.MY_VAR,
                 leaked: process.env.BUCKETSCOPE_TEST_SECRET ?? null };
      }`,
    });
    process.env['BUCKETSCOPE_TEST_SECRET'] = 'must-not-leak';
    const fn = fnDto({ runtime: 'nodejs', path, handler: 'index.main_handler', env: { MY_VAR: 'x' } });
    const out = await invoke(fn);
    expect(out.status).toBe('success');
    expect(out.result).toMatchObject({ requestId: `req-${seq}`, name: fn.name, mem: 128, time: 3000, endpoint: 'http://127.0.0.1:9', key: 'AK', mine: 'x', leaked: null });
    expect((out.result as { remaining: number }).remaining).toBeGreaterThan(2000);
    expect(out.logs).toHaveLength(3);
    expect(out.logs[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z stdout got \{"hello":"world"\}$/);
    expect(out.logs[1]).toMatch(/Z stderr warned$/);
    expect(out.logs[2]).toMatch(/Z stdout partial line$/);
    expect(out.cold).toBe(true);
    expect(out.initDurationMs).toBeGreaterThan(0);
  });

  it('runs a CommonJS callback handler (index.handler) and reuses the warm instance', async () => {
    const path = writeFunction({
      'index.js': `let calls = 0;
        exports.handler = function (event, context, callback) { calls += 1; setTimeout(() => callback(null, { calls }), 5); };`,
      'package.json': '{"type":"commonjs"}',
    });
    const fn = fnDto({ runtime: 'nodejs', path, handler: 'index.handler' });
    const first = await invoke(fn);
    const second = await invoke(fn);
    expect(first).toMatchObject({ status: 'success', result: { calls: 1 }, cold: true });
    expect(second).toMatchObject({ status: 'success', result: { calls: 2 }, cold: false });
    expect(second.initDurationMs).toBeUndefined();
    expect(runner.warmCount(fn.id)).toBe(1);
  });

  it('accepts a promise-returning handler in a single file and a synchronous one', async () => {
    const dir = writeFunction({
      'promise.cjs': `module.exports.main_handler = (event) => Promise.resolve(event.n * 2);`,
      'sync.mjs': `export const handler = (event) => event.n + 1;`,
    });
    expect(await invoke(fnDto({ runtime: 'nodejs', path: `${dir}/promise.cjs` }), { n: 21 })).toMatchObject({ status: 'success', result: 42 });
    expect(await invoke(fnDto({ runtime: 'nodejs', path: `${dir}/sync.mjs`, handler: 'sync.handler' }), { n: 1 })).toMatchObject({ status: 'success', result: 2 });
  });

  it('records throw, reject and callback errors with their stack, and keeps the instance warm', async () => {
    const path = writeFunction({
      'index.mjs': `export async function main_handler(event, context, cb) {
        if (event.mode === 'throw') throw new TypeError('bad input');
        if (event.mode === 'reject') return Promise.reject(new Error('rejected'));
        return 'fine';
      }`,
    });
    const fn = fnDto({ runtime: 'nodejs', path });
    const thrown = await invoke(fn, { mode: 'throw' });
    expect(thrown.status).toBe('error');
    expect(thrown.error?.message).toBe('TypeError: bad input');
    expect(thrown.error?.stack).toMatch(/index\.mjs/);
    expect((await invoke(fn, { mode: 'reject' })).error?.message).toBe('Error: rejected');
    expect(await invoke(fn, { mode: 'ok' })).toMatchObject({ status: 'success', result: 'fine', cold: false });
  });

  it('times out a hanging handler (busy loop) and starts cold afterwards', async () => {
    const path = writeFunction({ 'index.mjs': `export function main_handler(e) { if (e.spin) { for (;;) {} } return 'ok'; }` });
    const fn = fnDto({ runtime: 'nodejs', path, timeoutMs: 300 });
    const out = await invoke(fn, { spin: true });
    expect(out.status).toBe('timeout');
    expect(out.error?.message).toBe('Task timed out after 300 ms');
    expect(await invoke(fn, { spin: false })).toMatchObject({ status: 'success', cold: true });
  });

  it('records heap exhaustion as out-of-memory', async () => {
    const path = writeFunction({ 'index.mjs': `export function main_handler() { const a = []; for (;;) a.push({ x: 'y'.repeat(64) + a.length }); }` });
    const out = await invoke(fnDto({ runtime: 'nodejs', path, memoryMb: 32, timeoutMs: 20_000 }));
    expect(out.status).toBe('out-of-memory');
    expect(out.error?.message).toMatch(/32 MB memory limit/);
  });

  it('counts Buffers against the memory limit too', async () => {
    const path = writeFunction({
      'index.mjs': `const keep = []; export async function main_handler() {
        for (let i = 0; i < 12; i++) { keep.push(Buffer.alloc(8 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 5)); }
        return keep.length; }`,
    });
    const out = await invoke(fnDto({ runtime: 'nodejs', path, memoryMb: 48 }));
    expect(out.status).toBe('out-of-memory');
    expect(out.error?.message).toMatch(/Buffers included/);
  });

  it('records process.exit and an uncaught asynchronous throw as errors', async () => {
    const path = writeFunction({
      'index.mjs': `export function main_handler(e) {
        if (e.exit) process.exit(3);
        return new Promise(() => setTimeout(() => { throw new Error('late boom'); }, 1));
      }`,
    });
    const fn = fnDto({ runtime: 'nodejs', path });
    const exited = await invoke(fn, { exit: true });
    expect(exited.status).toBe('error');
    expect(exited.error?.message).toBe('Handler ended its worker (process.exit(3))');
    const crashed = await invoke(fn, { exit: false });
    expect(crashed.status).toBe('error');
    expect(crashed.error?.message).toBe('Uncaught exception: Error: late boom');
    expect(runner.warmCount(fn.id)).toBe(0);
  });

  it("runs in the function's folder: relative paths in fs, path.resolve, process.cwd() and child processes start there", async () => {
    const path = writeFunction({
      'src/index.mjs': `import fs from 'node:fs';
        import { readFile } from 'node:fs/promises';
        import { resolve } from 'node:path';
        import { exec, execFileSync, spawnSync } from 'node:child_process';
        import { promisify } from 'node:util';
        export async function main_handler() {
          fs.writeFileSync('out/written.txt', 'w');
          return {
            sync: fs.readFileSync('data/config.json', 'utf8').trim(),
            promise: (await readFile('./data/config.json', 'utf8')).trim(),
            exists: fs.existsSync('data/config.json'),
            resolved: resolve('data') === process.cwd() + '/data',
            child: execFileSync('cat', ['data/config.json'], { encoding: 'utf8' }).trim(),
            shell: (await promisify(exec)('cat data/config.json')).stdout.trim(),
            nullOptions: await new Promise((r) => exec('pwd', null, (err, out) => r(err ? err.message : out.trim()))),
            spawned: spawnSync('pwd', undefined, { encoding: 'utf8' }).stdout.trim(),
            written: fs.readFileSync(process.cwd() + '/out/written.txt', 'utf8'),
            cwd: process.cwd(),
          };
        }`,
      'data/config.json': '{"stage":"dev"}',
      'out/.keep': '',
    });
    const out = await invoke(fnDto({ runtime: 'nodejs', path, handler: 'src/index.main_handler' }));
    expect(out.error?.message).toBeUndefined();
    expect(out.result).toEqual({ sync: '{"stage":"dev"}', promise: '{"stage":"dev"}', exists: true, resolved: true, child: '{"stage":"dev"}', shell: '{"stage":"dev"}', nullOptions: path, spawned: path, written: 'w', cwd: path });
  });

  it('starts cold on new code when a module the handler imports is edited outside the app', async () => {
    const path = writeFunction({ 'index.mjs': `import { v } from './lib/helper.mjs'; export const main_handler = () => v;`, 'lib/helper.mjs': 'export const v = 1;' });
    const fn = fnDto({ runtime: 'nodejs', path });
    expect(await invoke(fn)).toMatchObject({ result: 1, cold: true });
    expect(await invoke(fn)).toMatchObject({ result: 1, cold: false });
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(join(path, 'lib/helper.mjs'), 'export const v = 2;');
    // Kept warm on its old code, it answered 1 until the handler file itself changed.
    expect(await invoke(fn)).toMatchObject({ result: 2, cold: true });
    // Data files it writes next to itself are no new code: it stays warm.
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(join(path, 'output.json'), '{}');
    expect(await invoke(fn)).toMatchObject({ result: 2, cold: false });
  });

  it('marks what a run printed after it had answered, which shows with the next run', async () => {
    const path = writeFunction({
      'index.mjs': `export async function main_handler(e) {
        console.log('run', e.n);
        if (e.n === 1) setTimeout(() => console.log('late from 1'), 20);
        return e.n;
      }`,
    });
    const fn = fnDto({ runtime: 'nodejs', path });
    expect((await invoke(fn, { n: 1 })).logs).toEqual([expect.stringMatching(/stdout run 1$/)]);
    await new Promise((r) => setTimeout(r, 100));
    const second = await invoke(fn, { n: 2 });
    expect(second.logs).toEqual([expect.stringMatching(/stdout \[printed after the previous run had ended\] late from 1$/), expect.stringMatching(/stdout run 2$/)]);
  });

  it('fails the run that left a promise rejected, not the next one, which runs on a new instance', async () => {
    const path = writeFunction({
      'index.mjs': `import { parentPort } from 'node:worker_threads';
      export async function main_handler(e, context) {
        // left unhandled in this run (Lambda: Runtime.UnhandledPromiseRejection for this invocation)
        if (e.mode === 'during') Promise.reject(new Error('left behind'));
        // rejected right after this run answered, before the instance can take the next one (a timer could
        // fire either side of the next request; hooking the answer makes it certain)
        if (e.mode === 'after') {
          const post = parentPort.postMessage.bind(parentPort);
          parentPort.postMessage = (m) => {
            post(m);
            if (m.type === 'result' && m.requestId === context.requestId) Promise.reject(new Error('after the answer'));
          };
        }
        if (e.mode === 'symbol') return () => 1;
        console.log('run', e.mode);
        return e.mode;
      }`,
    });
    const fn = fnDto({ runtime: 'nodejs', path });
    const during = await invoke(fn, { mode: 'during' });
    expect(during.status).toBe('error');
    expect(during.error?.message).toBe('Unhandled promise rejection: Error: left behind');
    const next = await invoke(fn, { mode: 'next' });
    expect(next).toMatchObject({ status: 'success', result: 'next', cold: true });
    expect(next.logs.at(-1)).toMatch(/stdout run next$/);
    expect((await invoke(fn, { mode: 'after' })).status).toBe('success');
    const afterwards = await invoke(fn, { mode: 'afterwards' });
    expect(afterwards).toMatchObject({ status: 'success', result: 'afterwards', cold: true });
    // Handed the ending instance (the usual order), it says why it started again; had the end been seen
    // first, it simply started cold.
    if (afterwards.logs.length > 1) expect(afterwards.logs[0]).toMatch(/warm instance ended before this run started \(Unhandled promise rejection: Error: after the answer\)/);
    // A function has no JSON: no result, not an 'unserialisable' note.
    const fnResult = await invoke(fn, { mode: 'symbol' });
    expect(fnResult.status).toBe('success');
    expect(fnResult.result).toBeUndefined();
  });

  it('reports a module that fails to load or lacks the handler', async () => {
    const dir = writeFunction({ 'broken.mjs': `console.log('loading'); throw new Error('syntax-ish');`, 'none.mjs': `export const other = 1;` });
    const broken = await invoke(fnDto({ runtime: 'nodejs', path: `${dir}/broken.mjs` }));
    expect(broken).toMatchObject({ status: 'error', cold: true });
    expect(broken.error?.message).toBe('Error: syntax-ish');
    expect(broken.logs.join('\n')).toMatch(/stdout loading/);
    const none = await invoke(fnDto({ runtime: 'nodejs', path: `${dir}/none.mjs` }));
    // What it does export, so a mistyped handler name is obvious.
    expect(none.error?.message).toMatch(/does not export a function named main_handler or handler \(its function exports: none\)$/);
    const typo = writeFunction({ 'index.mjs': `export async function main_handler() {}\nexport const helper = () => 1;\nexport const size = 3;` });
    const wrong = await invoke(fnDto({ runtime: 'nodejs', path: typo, handler: 'index.main_handlr' }));
    expect(wrong.error?.message).toMatch(/does not export a function named main_handlr \(its function exports: helper, main_handler\)$/);
    const missing = await invoke(fnDto({ runtime: 'nodejs', path: `${dir}/nope` }));
    expect(missing.error?.message).toMatch(/Function path not found/);
  });

  it('runs at most `concurrency` executions of a function at once', async () => {
    const path = writeFunction({
      'index.mjs': `export async function main_handler() { const start = Date.now(); await new Promise((r) => setTimeout(r, 50)); return { start, end: Date.now() }; }`,
    });
    const fn = fnDto({ runtime: 'nodejs', path, concurrency: 1 });
    const [a, b] = await Promise.all([invoke(fn), invoke(fn)]);
    const ra = a.result as { start: number; end: number };
    const rb = b.result as { start: number; end: number };
    expect(Math.max(ra.start, rb.start)).toBeGreaterThanOrEqual(Math.min(ra.end, rb.end));
    expect(runner.warmCount(fn.id)).toBe(1);
  });

  it('reaps idle instances and reloads a changed handler file', async () => {
    const short = new FunctionRunner({ idleMs: 100 });
    try {
      const path = writeFunction({ 'index.mjs': `export const main_handler = () => 1;` });
      const fn = fnDto({ runtime: 'nodejs', path });
      await short.invoke(fn, { requestId: 'a', payload: {} });
      expect(short.warmCount(fn.id)).toBe(1);
      await expect.poll(() => short.warmCount(fn.id), { timeout: 5000 }).toBe(0);
      expect((await short.invoke(fn, { requestId: 'b', payload: {} })).cold).toBe(true);
      const { writeFileSync, utimesSync } = await import('node:fs');
      writeFileSync(`${path}/index.mjs`, `export const main_handler = () => 2;`);
      utimesSync(`${path}/index.mjs`, new Date(), new Date(Date.now() + 5000));
      expect(await short.invoke(fn, { requestId: 'c', payload: {} })).toMatchObject({ result: 2, cold: true });
    } finally {
      short.close();
    }
  });
  it('keeps only the start of a result too big for the timeline, and says how big it was', async () => {
    const path = writeFunction({
      'index.mjs': `export async function main_handler() { return { big: 'y'.repeat(5_000_000), small: 1 }; }`,
      'small.mjs': `export async function main_handler() { return { fine: 'z'.repeat(1000) }; }`,
    });
    const out = await invoke(fnDto({ runtime: 'nodejs', path, handler: 'index.main_handler' }));
    expect(out.status).toBe('success');
    expect(out.resultClipped).toEqual({ bytes: JSON.stringify({ big: 'y'.repeat(5_000_000), small: 1 }).length });
    expect(typeof out.result).toBe('string');
    expect((out.result as string).length).toBe(MAX_RESULT_CHARS);
    expect(out.result as string).toMatch(/^\{"big":"yyyy/);
    // Below the cap the value is kept as it is.
    const small = await invoke(fnDto({ runtime: 'nodejs', path, handler: 'small.main_handler' }));
    expect(small.result).toEqual({ fine: 'z'.repeat(1000) });
    expect(small.resultClipped).toBeUndefined();
  });
  it('says in which file and line a module has a syntax error, also in a module the handler imports', async () => {
    const path = writeFunction({
      'index.mjs': `import { size } from './lib/helper.mjs';\nexport async function main_handler() { return size; }\n`,
      'lib/helper.mjs': `export const size = {\n  a: 1,\n  b: 2;\n};\n`,
      'broken.mjs': `export async function main_handler() { return { ok: true ; }\n`,
    });
    const nested = await invoke(fnDto({ runtime: 'nodejs', path, handler: 'index.main_handler' }));
    expect(nested.status).toBe('error');
    expect(nested.error?.message).toBe("SyntaxError: Unexpected token ';' (lib/helper.mjs:3)");
    // The source line and a caret under the token, as Node prints an uncaught one.
    expect(nested.error?.stack).toMatch(/helper\.mjs:3\n {2}b: 2;\n +\^/);
    expect(nested.logs.at(-1)).toMatch(/Init failed: SyntaxError: Unexpected token ';' \(lib\/helper\.mjs:3\)$/);
    const entry = await invoke(fnDto({ runtime: 'nodejs', path, handler: 'broken.main_handler' }));
    expect(entry.error?.message).toBe("SyntaxError: Unexpected token ';' (broken.mjs:1)");
  });
  it('gives the line of a missing closing brace (node --check prints no source line for the end of input)', async () => {
    const path = writeFunction({ 'index.mjs': `export async function main_handler(event) {\n  return {\n}\n` });
    const out = await invoke(fnDto({ runtime: 'nodejs', path, handler: 'index.main_handler' }));
    expect(out.error?.message).toBe('SyntaxError: Unexpected end of input (index.mjs:4)');
  });
});
