import { afterAll, describe, expect, it } from 'vitest';
import { FunctionRunner } from '../../../electron/main/functions/function-runner.ts';
import { findPython } from '../../../electron/main/functions/runtime-availability.ts';
import { fnDto, writeFunction } from './helpers.ts';

const python = await findPython();
if (!python.available) {
  if (process.env['CI'] === 'true') throw new Error(`python3 is required under CI: ${python.reason}`);
  console.warn(`\n*** SKIPPING Python handler tests: ${python.reason} (apt-get install -y python3) ***\n`);
}

const runner = new FunctionRunner({
  serverAccess: () => ({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', accessKeyId: 'AK', secretAccessKey: 'SK' }),
});
afterAll(() => runner.close());

describe.skipIf(!python.available)('Python handlers in child processes', () => {
  it('runs main_handler(event, context) with captured print output, warm on the second call', async () => {
    const path = writeFunction({
      'index.py': [
        'import os, sys',
        'calls = 0',
        'def main_handler(event, context):',
        '    global calls',
        '    calls += 1',
        '    print("got", event["hello"])',
        '    print("to stderr", file=sys.stderr)',
        '    return {"calls": calls, "request": context["request_id"], "name": context.function_name,',
        '            "remaining": context.get_remaining_time_in_millis(), "endpoint": os.environ["AWS_ENDPOINT_URL"]}',
      ].join('\n'),
    });
    const fn = fnDto({ runtime: 'python', path, handler: 'index.main_handler' });
    const first = await runner.invoke(fn, { requestId: 'p1', payload: { hello: 'world' } });
    expect(first).toMatchObject({ status: 'success', cold: true, result: { calls: 1, request: 'p1', name: fn.name, endpoint: 'http://127.0.0.1:9' } });
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(first.logs[0]).toMatch(/Z stdout got world$/);
    expect(first.logs[1]).toMatch(/Z stderr to stderr$/);
    const second = await runner.invoke(fn, { requestId: 'p2', payload: { hello: 'again' } });
    expect(second).toMatchObject({ status: 'success', cold: false, result: { calls: 2 } });
  });

  it('records exceptions with a traceback, sys.exit as an error, hangs as timeouts and MemoryError as out-of-memory', async () => {
    const path = writeFunction({
      'index.py': [
        'import sys, time',
        'def main_handler(event, context):',
        '    mode = event["mode"]',
        '    if mode == "raise": raise ValueError("bad value")',
        '    if mode == "exit": sys.exit(2)',
        '    if mode == "hang": time.sleep(30)',
        '    if mode == "oom": return len(bytearray(400 * 1024 * 1024))',
        '    return "ok"',
      ].join('\n'),
    });
    const fn = fnDto({ runtime: 'python', path, timeoutMs: 1500, memoryMb: 64 });
    const raised = await runner.invoke(fn, { requestId: 'r', payload: { mode: 'raise' } });
    expect(raised.status).toBe('error');
    expect(raised.error?.message).toBe('ValueError: bad value');
    expect(raised.error?.stack).toMatch(/Traceback[\s\S]*index\.py/);
    expect((await runner.invoke(fn, { requestId: 'e', payload: { mode: 'exit' } })).error?.message).toBe('SystemExit: 2');
    const oom = await runner.invoke(fn, { requestId: 'o', payload: { mode: 'oom' } });
    expect(oom).toMatchObject({ status: 'out-of-memory', error: { message: 'Handler exceeded the 64 MB memory limit (MemoryError)' } });
    expect(oom.error?.stack).toMatch(/Traceback[\s\S]*MemoryError/);
    expect(await runner.invoke(fn, { requestId: 'h', payload: { mode: 'hang' } })).toMatchObject({ status: 'timeout' });
    expect(await runner.invoke(fn, { requestId: 'k', payload: { mode: 'ok' } })).toMatchObject({ status: 'success', result: 'ok', cold: true });
  });

  it('mark what a thread printed after its run had answered, shown with the next run', async () => {
    const path = writeFunction({
      'index.py': ['import threading, time', 'def main_handler(event, context):', '    print("run", event["n"])', '    if event["n"] == 1: threading.Timer(0.02, lambda: print("late from 1")).start()', '    return event["n"]'].join('\n'),
    });
    const fn = fnDto({ runtime: 'python', path });
    expect((await runner.invoke(fn, { requestId: 'l1', payload: { n: 1 } })).logs).toEqual([expect.stringMatching(/stdout run 1$/)]);
    await new Promise((r) => setTimeout(r, 200));
    const second = await runner.invoke(fn, { requestId: 'l2', payload: { n: 2 } });
    expect(second.logs).toEqual([expect.stringMatching(/stdout \[printed after the previous run had ended\] late from 1$/), expect.stringMatching(/stdout run 2$/)]);
  });

  it("load a handler in a package as Lambda does: dotted or slashed handler, the function's folder on sys.path and as working directory, relative imports", async () => {
    const path = writeFunction({
      'app/__init__.py': '',
      'app/lambda_file.py': ['from .example import greet', 'from util.names import shout', 'def lambda_handler(event, context):', '    return shout(greet(event["who"]))'].join('\n'),
      'app/example.py': 'def greet(who): return open("greeting.txt").read() + " " + who',
      'util/names.py': 'def shout(s): return s.upper()',
      'greeting.txt': 'hello',
    });
    for (const handler of ['app.lambda_file.lambda_handler', 'app/lambda_file.lambda_handler']) {
      const out = await runner.invoke(fnDto({ runtime: 'python', path, handler }), { requestId: handler, payload: { who: 'cat' } });
      expect(out.error?.message).toBeUndefined();
      expect(out).toMatchObject({ status: 'success', result: 'HELLO CAT' });
    }
  });

  it('return NaN and infinities by name (a bare NaN in the reply left the run waiting for its timeout)', async () => {
    const path = writeFunction({
      'index.py': ['def main_handler(event, context):', '    return {"mean": float("nan"), "range": [float("inf"), -float("inf"), 1.5], "nested": ({"x": float("nan")},)}'].join('\n'),
    });
    const fn = fnDto({ runtime: 'python', path, timeoutMs: 20_000 });
    const out = await runner.invoke(fn, { requestId: 'nan', payload: {} });
    expect(out.status).toBe('success');
    expect(out.result).toEqual({ mean: 'NaN', range: ['Infinity', '-Infinity', 1.5], nested: [{ x: 'NaN' }] });
  });
});

describe.skipIf(!python.available)('Python handlers that fail to load', () => {
  it('report the error with what the module printed while loading, and start cold again next time', async () => {
    const path = writeFunction({
      'index.py': ['print("loading config")', 'raise RuntimeError("no config")', 'def main_handler(event, context):', '    return 1'].join('\n'),
    });
    const fn = fnDto({ runtime: 'python', path, handler: 'index.main_handler' });
    const first = await runner.invoke(fn, { requestId: 'i1', payload: {} });
    expect(first).toMatchObject({ status: 'error', cold: true });
    expect(first.logs.some((l) => /stdout loading config$/.test(l))).toBe(true);
    expect(first.logs.at(-1)).toMatch(/stderr Init failed: .*no config/);
    expect(await runner.invoke(fn, { requestId: 'i2', payload: {} })).toMatchObject({ status: 'error', cold: true });
  });
  it('name the functions the module defines when the handler is not one of them', async () => {
    const path = writeFunction({ 'index.py': ['import json', 'def main_handler(event, context):', '    return 1', 'def helper():', '    return 2'].join('\n') });
    const out = await runner.invoke(fnDto({ runtime: 'python', path, handler: 'index.main_handlr' }), { requestId: 'i3', payload: {} });
    expect(out.error?.message).toMatch(/defines no function named main_handlr \(its functions: helper, main_handler\)/);
  });
});

describe.skipIf(!python.available)('Python handler requests to the embedded server', () => {
  it('carry the invocation action id header (what the recursion guard follows), and only to that server', async () => {
    const { createServer } = await import('node:http');
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers['x-bucketscope-action-id'] as string | undefined);
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const tagged = new FunctionRunner({ serverAccess: () => ({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'AK', secretAccessKey: 'SK' }) });
    try {
      const path = writeFunction({
        'index.py': [
          'import http.client, os',
          'from urllib.parse import urlparse',
          'def main_handler(event, context):',
          '    url = urlparse(os.environ["AWS_ENDPOINT_URL"])',
          '    conn = http.client.HTTPConnection(url.hostname, url.port)',
          '    conn.request("PUT", "/bucket/key", body=b"x")',
          '    return conn.getresponse().status',
        ].join('\n'),
      });
      const fn = fnDto({ runtime: 'python', path });
      expect(await tagged.invoke(fn, { requestId: 'a', payload: {}, actionToken: 'fx-123' })).toMatchObject({ status: 'success', result: 200 });
      expect(await tagged.invoke(fn, { requestId: 'b', payload: {} })).toMatchObject({ status: 'success' });
      expect(seen).toEqual(['fx-123', undefined]);
    } finally {
      tagged.close();
      server.close();
    }
  });
});

describe('runtime availability', () => {
  it('lists node, python (with version or reason) and webhook', async () => {
    const list = await runner.runtimes();
    expect(list.map((r) => r.runtime)).toEqual(['nodejs', 'python', 'webhook']);
    expect(list[0]).toMatchObject({ available: true, version: `Node.js ${process.version}` });
    const py = list[1]!;
    expect(py.available ? py.version : py.reason).toMatch(python.available ? /^Python 3\./ : /python3/);
  });
});
