// `npm start` on a machine without Electron's binary: one clear line, then the same UI in browser mode.
// Electron's absence is made certain with ELECTRON_OVERRIDE_DIST_PATH pointing at an empty directory.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const built = existsSync(join(root, 'out/main/web.js')) && existsSync(join(root, 'out/renderer/index.html'));
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!built && process.env.CI !== 'true')('npm start without Electron', () => {
  it('says so in one line and serves the UI in browser mode', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bucketscope-start-'));
    const emptyDist = await mkdtemp(join(tmpdir(), 'bucketscope-no-electron-'));
    dirs.push(dataDir, emptyDist);
    const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
      cwd: root,
      env: { ...process.env, BUCKETSCOPE_SKIP_BUILD: '1', BUCKETSCOPE_NO_OPEN: '1', BUCKETSCOPE_DATA_DIR: dataDir, ELECTRON_OVERRIDE_DIST_PATH: emptyDist },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines: string[] = [];
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 30 s:\n${lines.join('\n')}`)), 30_000);
        createInterface({ input: child.stdout! }).on('line', (line) => {
          lines.push(line);
          const match = /(http:\/\/127\.0\.0\.1:\d+\/)#token=(\S+)/.exec(line);
          if (match) {
            clearTimeout(timer);
            resolve(match[0]);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${lines.join('\n')}`)));
      });
      expect(lines.filter((l) => l.includes('Electron is not installed'))).toEqual([
        'Electron is not installed on this machine (its binary could not be downloaded): opening Bucketscope in browser mode instead.',
      ]);
      const page = await fetch(url.replace(/#.*/, ''));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('browser mode prints its usage and exits 0 on --help', async () => {
    const child = spawn(process.execPath, [join(root, 'out/main/web.js'), '--help'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('usage: npm run web -- [--port N] [--data DIR]');
  });
});
