// Bootstrap of one warm Node.js function instance, run in a worker thread by
// electron/main/functions/node-instance.ts. Plain ESM so it loads the same in tests, dev and the packaged app.
// The handler is the user's own trusted code: the worker isolates its heap and event loop, not its privileges.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';

const { entryFile, exportName, functionName, memoryMb, timeoutMs, actionHeader, endpointHosts, root } = workerData;
const MB = 1024 * 1024;

/** The invocation being served (an instance serves one at a time, like Lambda and SCF). */
let current = null;
const partial = { stdout: '', stderr: '' };

function post(message) {
  parentPort.postMessage(message);
}

function emitLines(stream, text) {
  const buffered = partial[stream] + text;
  const lines = buffered.split('\n');
  partial[stream] = lines.pop() ?? '';
  for (const line of lines) post({ type: 'log', requestId: current?.requestId, after: current ? undefined : lastRequestId, stream, time: Date.now(), text: line });
}

function flushPartial() {
  for (const stream of ['stdout', 'stderr']) {
    if (partial[stream] !== '') {
      post({ type: 'log', requestId: current?.requestId, after: current ? undefined : lastRequestId, stream, time: Date.now(), text: partial[stream] });
      partial[stream] = '';
    }
  }
}

// Capture console and direct stream writes as timestamped lines of the current invocation.
for (const method of ['log', 'info', 'debug', 'trace']) console[method] = (...args) => emitLines('stdout', `${format(...args)}\n`);
for (const method of ['warn', 'error']) console[method] = (...args) => emitLines('stderr', `${format(...args)}\n`);
for (const stream of ['stdout', 'stderr']) {
  process[stream].write = (chunk, encoding, callback) => {
    emitLines(stream, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') queueMicrotask(cb);
    return true;
  };
}

// Tag the handler's own requests to the embedded server with the invocation's action id, so the events
// they cause are recognised by the recursion guard (the SDK signs its own headers; an extra one is fine).
function tagRequests(mod) {
  for (const name of ['request', 'get']) {
    const original = mod[name];
    mod[name] = function tagged(...args) {
      const req = original.apply(this, args);
      try {
        const host = req.getHeader('host') ?? `${req.host}`;
        if (current?.actionToken && endpointHosts.some((h) => String(host).startsWith(h)) && !req.headersSent) {
          req.setHeader(actionHeader, current.actionToken);
        }
      } catch {
        // never break the handler's request over a tag
      }
      return req;
    };
  }
}
tagRequests(http);
tagRequests(https);

// Processes the handler starts tag their requests too (child/tag-requests.cjs for Node, child/sitecustomize.py
// for Python, aws-cli included): they inherit this worker's environment, where each invocation puts its token.
const childDir = join(dirname(fileURLToPath(import.meta.url)), 'child');
process.env.BUCKETSCOPE_ACTION_HEADER = actionHeader;
process.env.BUCKETSCOPE_TAG_HOSTS = endpointHosts.join(',');
// Quoted, with forward slashes: NODE_OPTIONS splits at spaces and treats a backslash in quotes as an escape.
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--require "${join(childDir, 'tag-requests.cjs').replace(/\\/g, '/')}"`].filter(Boolean).join(' ');
process.env.PYTHONPATH = [childDir, process.env.PYTHONPATH].filter(Boolean).join(delimiter);
function setChildToken(token) {
  if (token) process.env.BUCKETSCOPE_ACTION_TOKEN = token;
  else delete process.env.BUCKETSCOPE_ACTION_TOKEN;
}

// The working directory is the function's folder, as Lambda's is its task root (/var/task): readFileSync('data.json')
// and path.resolve('data.json') find the handler's files. A worker thread cannot chdir (the app's directory is
// shared), so relative paths given to fs and the default cwd of child processes are resolved against it here.
const functionDir = root ?? dirname(entryFile);
process.cwd = () => functionDir;
process.chdir = () => {
  throw new Error('process.chdir() is not available to a function (its working directory is its folder)');
};
const atDir = (p) => (typeof p === 'string' && p !== '' && !isAbsolute(p) ? resolve(functionDir, p) : p);
/** Path arguments per fs function (0 by default); a symlink's target stays relative to the link. */
const PATH_ARGS = { rename: [0, 1], copyFile: [0, 1], cp: [0, 1], link: [0, 1], symlink: [1] };
function relativeToFunction(mod) {
  for (const [name, original] of Object.entries(mod)) {
    if (typeof original !== 'function' || /^[A-Z]/.test(name) || name === 'promises') continue;
    const base = name.replace(/Sync$/, '');
    const indexes = PATH_ARGS[base] ?? [0];
    mod[name] = function atFunctionDir(...args) {
      for (const i of indexes) args[i] = atDir(args[i]);
      return original.apply(this, args);
    };
    Object.defineProperties(mod[name], Object.getOwnPropertyDescriptors(original));
  }
}
relativeToFunction(fs);
relativeToFunction(fs.promises);
for (const name of ['spawn', 'exec', 'execFile', 'fork', 'spawnSync', 'execSync', 'execFileSync']) {
  const original = childProcess[name];
  childProcess[name] = function inFunctionDir(...args) {
    // The options object is the plain object after the command (and its argument array); add cwd when none is
    // given. Without one: a null or undefined in its place (exec(cmd, null, cb)) becomes it, else it goes before
    // the callback.
    const at = args.findIndex((a, i) => i > 0 && a !== null && typeof a === 'object' && !Array.isArray(a));
    const empty = args.findIndex((a, i) => i > 0 && (a === null || a === undefined));
    if (at !== -1) {
      if (args[at].cwd === undefined) args[at] = { ...args[at], cwd: functionDir };
    } else if (empty !== -1) args[empty] = { cwd: functionDir };
    else args.splice(typeof args.at(-1) === 'function' ? args.length - 1 : args.length, 0, { cwd: functionDir });
    return original.apply(this, args);
  };
  Object.defineProperties(childProcess[name], Object.getOwnPropertyDescriptors(original));
}
syncBuiltinESMExports();
// fetch() (undici) does not go through node:http: tag it too.
if (typeof globalThis.fetch === 'function') {
  const originalFetch = globalThis.fetch;
  globalThis.fetch = function taggedFetch(input, init) {
    try {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      if (current?.actionToken && endpointHosts.includes(`${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`)) {
        const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
        headers.set(actionHeader, current.actionToken);
        return originalFetch.call(this, input, { ...init, headers });
      }
    } catch {
      // fall through untagged
    }
    return originalFetch.call(this, input, init);
  };
}

// A garbage collector to call before declaring a handler out of memory: unreferenced Buffers still count
// as external memory until the next collection.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

function memoryUsedMb() {
  const m = process.memoryUsage();
  // Buffers and ArrayBuffers live outside the V8 heap that resourceLimits caps: count them here.
  return (m.heapUsed + m.external) / MB;
}

function overLimit() {
  if (memoryUsedMb() <= memoryMb) return 0;
  collectGarbage();
  const used = memoryUsedMb();
  return used > memoryMb ? used : 0;
}

function toError(err) {
  if (err instanceof Error) return { message: `${err.name}: ${err.message}`, stack: err.stack };
  return { message: `Handler failed with a non-Error value: ${format(err)}` };
}

function jsonSafe(value) {
  if (value === undefined) return undefined;
  try {
    // A function or a symbol has no JSON (stringify gives undefined): no result, as for undefined.
    const text = JSON.stringify(value);
    return text === undefined ? undefined : JSON.parse(text);
  } catch (err) {
    return `[unserialisable result: ${err instanceof Error ? err.message : String(err)}]`;
  }
}

/** The last invocation this instance answered (a crash after its result is reported as after it). */
let lastRequestId = null;

// A promise the handler left rejected, or a throw from a timer it left behind, ends the instance (Lambda's Node
// runtime fails the invocation in progress with Runtime.UnhandledPromiseRejection and restarts). Say which
// invocation it happened in, or that it came between invocations, before ending: the main side must not
// blame the next invocation, which this instance never started.
function crashed(kind, reason) {
  flushPartial();
  const error = toError(reason);
  post({ type: 'crash', requestId: current?.requestId ?? null, after: lastRequestId, error: { message: `${kind}: ${error.message}`, stack: error.stack } });
  process.exit(1);
}
process.on('unhandledRejection', (reason) => crashed('Unhandled promise rejection', reason));
process.on('uncaughtException', (err) => crashed('Uncaught exception', err));

const initStart = performance.now();
let handler;
try {
  const ns = await import(pathToFileURL(entryFile).href);
  const names = exportName ? [exportName] : ['main_handler', 'handler'];
  for (const name of names) {
    handler = ns[name] ?? ns.default?.[name];
    if (typeof handler === 'function') break;
  }
  if (typeof handler !== 'function') {
    // Name what it does export, so a mistyped handler ("index.main_handlr") is obvious.
    const exported = [...new Set([...Object.keys(ns), ...Object.keys(ns.default ?? {})])].filter((k) => typeof (ns[k] ?? ns.default?.[k]) === 'function' && k !== 'default');
    throw new Error(`${entryFile} does not export a function named ${names.join(' or ')} (its function exports: ${exported.join(', ') || 'none'})`);
  }
  flushPartial();
  post({ type: 'ready', initMs: performance.now() - initStart });
} catch (err) {
  flushPartial();
  post({ type: 'init-error', error: toError(err) });
  // Let the message drain, then end this instance.
  setTimeout(() => process.exit(1), 10);
}

function invoke(fn, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, value) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(value);
    };
    const returned = fn(event, context, callback);
    if (returned !== null && typeof returned === 'object' && typeof returned.then === 'function') {
      returned.then((v) => callback(null, v), (e) => callback(e ?? new Error('Promise rejected without a reason')));
    } else if (fn.length < 3) {
      // Synchronous handler: its return value is the result.
      callback(null, returned);
    }
  });
}

parentPort.on('message', async (msg) => {
  if (msg?.type !== 'invoke') return;
  const deadline = Date.now() + timeoutMs;
  current = { requestId: msg.requestId, actionToken: msg.actionToken };
  setChildToken(msg.actionToken);
  const context = {
    request_id: msg.requestId,
    requestId: msg.requestId,
    awsRequestId: msg.requestId,
    function_name: functionName,
    functionName,
    function_version: '$LATEST',
    functionVersion: '$LATEST',
    namespace: 'default',
    memory_limit_in_mb: memoryMb,
    memoryLimitInMB: String(memoryMb),
    time_limit_in_ms: timeoutMs,
    invokedFunctionArn: `arn:bucketscope:function:${functionName}`,
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  // Watch memory the heap limit does not see while the handler awaits; a synchronous burst is caught
  // right after it returns.
  const watch = setInterval(() => {
    const used = overLimit();
    if (used > 0) {
      flushPartial();
      post({ type: 'oom', requestId: msg.requestId, usedMb: Math.round(used) });
      process.exit(137);
    }
  }, 25);
  const startedAt = performance.timeOrigin + performance.now();
  let reply;
  try {
    const value = await invoke(handler, msg.payload, context);
    reply = { type: 'result', requestId: msg.requestId, ok: true, value: jsonSafe(value) };
  } catch (err) {
    reply = { type: 'result', requestId: msg.requestId, ok: false, error: toError(err) };
  }
  // Rejections the handler left unhandled are reported once the microtasks drain: let that happen while this
  // invocation is still the current one, so it fails this one (as on Lambda) and not whichever comes next.
  await new Promise((resolve) => setImmediate(resolve));
  clearInterval(watch);
  flushPartial();
  const used = overLimit();
  if (used > 0) {
    post({ type: 'oom', requestId: msg.requestId, usedMb: Math.round(used) });
    process.exit(137);
  }
  post({ ...reply, startedAt, endedAt: performance.timeOrigin + performance.now() });
  lastRequestId = msg.requestId;
  current = null;
  setChildToken(undefined);
});
