// Where the plain-JS/Python runtime files (resources/runtime) are: unpacked next to the packaged app's
// asar (electron-builder.yml asarUnpack — a worker or python3 cannot read from inside an asar), or found by
// walking up from this module in dev and tests.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function runtimeDir(): string {
  if (cached !== undefined) return cached;
  const candidates: string[] = [];
  if (process.env['BUCKETSCOPE_RUNTIME_DIR']) candidates.push(process.env['BUCKETSCOPE_RUNTIME_DIR']);
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath !== undefined) {
    candidates.push(path.join(resourcesPath, 'app.asar.unpacked', 'resources', 'runtime'), path.join(resourcesPath, 'runtime'));
  }
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'resources', 'runtime'));
    dir = path.dirname(dir);
  }
  const found = candidates.find((c) => existsSync(path.join(c, 'node-worker.mjs')));
  if (found === undefined) throw new Error(`Function runtime files not found (looked in ${candidates.join(', ')})`);
  // A path inside app.asar exists for Electron's patched fs but not for workers and child processes.
  cached = found.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return cached;
}
