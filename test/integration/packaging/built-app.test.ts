// The built bundles carry the security properties the sources promise: a strict CSP in index.html, a
// sandbox-compatible (CommonJS, self-contained) preload, and browser-mode/headless entries that never
// load Electron.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from './support/build.ts';

const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');

/** Parses the CSP meta tag of an HTML document into directive -> sources. */
function cspOf(html: string): Map<string, string[]> {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!meta) throw new Error('index.html has no Content-Security-Policy meta tag');
  // Attribute values are HTML-escaped ('self' is written &#39;self&#39;).
  const policy = meta[1]!.replace(/&#39;|&#x27;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

beforeAll(() => ensureBuilt(), 240_000);

describe('built renderer', () => {
  it('index.html carries a strict CSP: no eval, scripts only from the app itself, no remote origins', () => {
    const html = read('out/renderer/index.html');
    const csp = cspOf(html);
    expect(html).not.toContain('unsafe-eval');
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    for (const [directive, sources] of csp) {
      for (const source of sources) {
        // Only the app's own origin, inline data URLs for images, and the loopback RPC socket.
        expect(source, `${directive} ${source}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:|blob:|ws:\/\/(127\.0\.0\.1|localhost):\*)$/);
      }
      if (directive !== 'style-src') expect(sources, directive).not.toContain("'unsafe-inline'");
    }
  });

  it('loads no script from outside the bundle', () => {
    const html = read('out/renderer/index.html');
    for (const [, src] of html.matchAll(/<script[^>]*\ssrc=["']([^"']+)["']/g)) expect(src).toMatch(/^\.\//);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>\s*\S/);
  });
});

describe('built preload', () => {
  it('is one self-contained CommonJS file that requires nothing but electron', () => {
    const code = read('out/preload/index.cjs');
    expect(readdirSync(path.join(root, 'out/preload'))).toEqual(['index.cjs']);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const required = new Set([...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
    expect(code).toContain('exposeInMainWorld');
    expect(code).toContain('bucketscope');
    // The contract's method ids are compiled in (the allowlist), and raw ipcRenderer is never exposed.
    expect(code).toContain('connections.save');
    expect(code).not.toMatch(/exposeInMainWorld\(\s*["'][^"']+["']\s*,\s*(electron\.)?ipcRenderer\b/);
  });

  it('runs with only what a sandboxed preload gets, exposing exactly the bridge', async () => {
    // A sandboxed preload sees a CommonJS wrapper and a `require` that knows 'electron' and little else
    // (https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts); run it that way.
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, result: null }),
        on: () => {},
        removeListener: () => {},
      },
      webUtils: { getPathForFile: () => '/tmp/x' },
    };
    const required: string[] = [];
    const sandboxRequire = (id: string) => {
      required.push(id);
      if (id === 'electron') return electron;
      throw new Error(`module not found: ${id}`);
    };
    const module = { exports: {} };
    const context = vm.createContext({ console, setTimeout, clearTimeout, queueMicrotask });
    const wrapper = vm.runInContext(`(function (exports, require, module) {${read('out/preload/index.cjs')}\n})`, context) as (
      ...args: unknown[]
    ) => void;
    wrapper(module.exports, sandboxRequire, module);
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['bucketscope']);
    const bridge = exposed.bucketscope as { invoke(m: string, i?: unknown): Promise<unknown> };
    expect(Object.keys(bridge).sort()).toEqual(['getPathForFile', 'invoke', 'subscribe']);
    await expect(bridge.invoke('buckets.list', { connectionId: 'local' })).resolves.toEqual({ ok: true, result: null });
    await expect(bridge.invoke('shell.openExternal', 'x')).resolves.toMatchObject({ ok: false });
    expect(invoked).toEqual([['bucketscope:rpc', 'buckets.list', { connectionId: 'local' }]]);
  });
});

describe('built main entries', () => {
  it('loads electron from index.js only: web.js, serve.js and their chunks never do', () => {
    const files = readdirSync(path.join(root, 'out/main'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(m?js|cjs)$/.test(f));
    expect(files).toContain('index.js');
    expect(files).toContain('web.js');
    const electronUsers = files.filter((f) => /(from\s*["']electron["']|require\(["']electron["']\)|import\(["']electron["']\))/.test(read(`out/main/${f}`)));
    expect(electronUsers).toEqual(['index.js']);
  });

  it('ships no source maps', () => {
    const all = readdirSync(path.join(root, 'out'), { recursive: true, encoding: 'utf8' });
    expect(all.filter((f) => f.endsWith('.map'))).toEqual([]);
  });
});
