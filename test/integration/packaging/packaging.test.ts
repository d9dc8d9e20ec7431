// Packs the app the way a release does (electron-builder, asar), offline: Electron's real binary is
// replaced by a stub executable (shared/TOOLCHAIN.md, "Packaging offline"), so this proves what goes
// into app.asar, not that Electron starts. Then it runs the packed browser-mode entry under plain Node
// with nothing but the packed files, and loads the UI over HTTP.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractAll, listPackage } from '@electron/asar';
import { getConfig } from 'app-builder-lib/out/util/config/config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from './support/build.ts';

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let work: string;
let unpackedDir: string;
let asarPath: string;
let entries: string[];
let builderOutput = '';

beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'bs-pack-'));
  // A stand-in Electron distribution: electron-builder copies it and renames `electron` to the executable name.
  const dist = path.join(work, 'electron-dist');
  mkdirSync(dist);
  writeFileSync(path.join(dist, 'electron'), '#!/bin/sh\necho "stub electron: the real binary is not installed here" >&2\nexit 1\n');
  chmodSync(path.join(dist, 'electron'), 0o755);
  writeFileSync(path.join(dist, 'version'), JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version);

  // The real configuration, with only what the stub requires changed: fuses are written into the Electron
  // binary (a stub has none to flip) and the output goes to a temp folder.
  const config = (await getConfig(root, null, null)) as Record<string, unknown>;
  const derived = { ...config, electronFuses: null, electronDist: dist, directories: { ...(config.directories as object), output: path.join(work, 'release') } };
  const configPath = path.join(work, 'electron-builder.json');
  writeFileSync(configPath, JSON.stringify(derived));

  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--x64', '--projectDir', root, '--config', configPath],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' }, timeout: 170_000 },
  );
  builderOutput = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) throw new Error(`electron-builder failed (${result.status}):\n${builderOutput}`);
  unpackedDir = path.join(work, 'release/linux-unpacked');
  asarPath = path.join(unpackedDir, 'resources/app.asar');
  entries = listPackage(asarPath, { isPack: false }).map((entry) => entry.split(path.sep).join('/'));
}, 200_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const has = (entry: string) => entries.includes(entry);

describe('packaged app (electron-builder --linux dir, stub Electron)', () => {
  it('produces the executable, an asar archive and the Linux window icon next to it', () => {
    expect(existsSync(path.join(unpackedDir, 'bucketscope'))).toBe(true);
    expect(existsSync(asarPath)).toBe(true);
    expect(readFileSync(path.join(unpackedDir, 'resources/icon.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('packs the built main, preload and renderer bundles and the runtime files', () => {
    for (const entry of ['/package.json', '/out/main/index.js', '/out/main/web.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
      expect(has(entry), entry).toBe(true);
    }
    expect(entries.some((e) => /^\/out\/renderer\/assets\/.+\.js$/.test(e))).toBe(true);
    expect(has('/resources/runtime/node-worker.mjs')).toBe(true);
  });

  it('packs every production dependency', () => {
    for (const dep of Object.keys(pkg.dependencies)) expect(has(`/node_modules/${dep}/package.json`), dep).toBe(true);
  });

  it('packs no sources, tests, build files, dev dependencies or source maps', () => {
    const forbidden = entries.filter(
      (e) =>
        /^\/(electron|renderer|test|scripts|bench|resources\/build|\.ci|release)\//.test(e) ||
        /^\/(tsconfig[^/]*\.json|electron\.vite\.config\.ts|vitest\.config\.ts|eslint\.config\.js|electron-builder\.yml|package-lock\.json)$/.test(e) ||
        /\.map$/.test(e) ||
        /\.(ts|mts|cts)$/.test(e),
    );
    expect(forbidden).toEqual([]);
    const depsOnlyInDev = Object.keys(pkg.devDependencies).filter((d) => !(d in pkg.dependencies));
    const packedDevDeps = depsOnlyInDev.filter((d) => has(`/node_modules/${d}/package.json`));
    expect(packedDevDeps).toEqual([]);
    for (const big of ['electron', 'electron-builder', 'vite', 'vitest', 'svelte', 'typescript', 'eslint', 'playwright-core', 's3rver']) {
      expect(has(`/node_modules/${big}`), big).toBe(false);
    }
  });

  it('unpacks the function runtime files next to the archive, as real files', () => {
    const unpacked = path.join(unpackedDir, 'resources/app.asar.unpacked/resources/runtime');
    expect(existsSync(path.join(unpacked, 'node-worker.mjs'))).toBe(true);
    expect(readFileSync(path.join(unpacked, 'node-worker.mjs'), 'utf8').length).toBeGreaterThan(0);
  });

  describe('packed browser mode under plain Node', () => {
    let child: ChildProcess | undefined;
    afterAll(() => {
      child?.kill('SIGTERM');
    });

    it('starts from the extracted archive alone and serves the UI over HTTP', async () => {
      const app = path.join(work, 'extracted');
      extractAll(asarPath, app);
      // The extracted tree lives in a temp folder with no node_modules above it: only packed dependencies resolve.
      const env = { ...process.env, NODE_PATH: '', NODE_OPTIONS: '', BUCKETSCOPE_DATA_DIR: path.join(work, 'data') };
      child = spawn(process.execPath, [path.join(app, 'out/main/web.js'), '--port', '0', '--data', path.join(work, 'data')], {
        cwd: work,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`browser mode did not print its URL:\n${output}`)), 30_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        };
        child!.stdout!.on('data', onData);
        child!.stderr!.on('data', onData);
        child!.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`browser mode exited with ${code}:\n${output}`));
        });
      });
      const page = new URL(url);
      expect(page.hostname).toBe('127.0.0.1');
      const response = await fetch(new URL('/', page));
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('<div id="app">');
      expect(html).toContain('Content-Security-Policy');
      const script = /<script[^>]*\ssrc="\.?\/?([^"]+)"/.exec(html)?.[1];
      expect(script).toBeTruthy();
      const js = await fetch(new URL(`/${script}`, page));
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
    }, 60_000);
  });
});
