// Shared by the packaging tests: make sure the bundles exist (npm test builds them first; a lone run of
// this folder builds them itself) and locate the repo.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../../../..');

export const BUILT_FILES = ['out/main/index.js', 'out/main/web.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

export function ensureBuilt(): void {
  if (BUILT_FILES.every((file) => existsSync(path.join(root, file)))) return;
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
}
