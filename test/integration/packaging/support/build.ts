// Shared by the packaging tests: make sure the bundles exist (npm test builds them first; a lone run of
// this folder builds them itself, once, even with both test files starting together) and locate the repo.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../../../..');

export const BUILT_FILES = ['out/main/index.js', 'out/main/web.js', 'out/main/serve.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

const built = () => BUILT_FILES.every((file) => existsSync(path.join(root, file)));

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function ensureBuilt(): void {
  if (built()) return;
  // mkdir is atomic: one test file builds, the other waits for it.
  const lock = path.join(root, 'out/.packaging-test-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after five minutes.
      const info = statSync(lock, { throwIfNoEntry: false });
      if (info && Date.now() - info.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      sleep(500);
      if (built()) return;
    }
  }
  try {
    if (built()) return;
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
