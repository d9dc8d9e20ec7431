// `npm start`: build, then open Bucketscope in Electron; when Electron's binary is not installed (and
// cannot be fetched), say so in one line and open the same UI in browser mode. `npm run web` (--web)
// goes straight to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const passThrough = args.filter((arg) => arg !== '--web');

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(binary) ? binary : undefined;
  }
  const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  const installed = () => existsSync(pathFile) && existsSync(join(pkgDir, 'dist', readFileSync(pathFile, 'utf8')));
  if (installed()) return join(pkgDir, 'dist', readFileSync(pathFile, 'utf8'));
  // First start: Electron 45 fetches its binary now. Machines without access to the download fail fast.
  const fetch = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: 'pipe', timeout: 120_000 });
  return fetch.status === 0 && installed() ? join(pkgDir, 'dist', readFileSync(pathFile, 'utf8')) : undefined;
}

/** Opens the URL in the user's browser; silently does nothing where there is no desktop (CI, SSH). */
function openInBrowser(url) {
  if (process.env.BUCKETSCOPE_NO_OPEN || passThrough.includes('--no-open')) return;
  const [command, commandArgs] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const opener = spawn(command, commandArgs, { stdio: 'ignore', detached: true });
  opener.on('error', () => {});
  opener.unref();
}

function startBrowserMode() {
  const args = passThrough.filter((arg) => arg !== '--no-open');
  const child = spawn(process.execPath, [join(root, 'out/main/web.js'), ...args], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const url = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(String(chunk))?.[0];
    if (url) openInBrowser(url);
  });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

// Tests that already built the app skip the build (BUCKETSCOPE_SKIP_BUILD=1).
if (!process.env.BUCKETSCOPE_SKIP_BUILD) run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);

if (webOnly) {
  startBrowserMode();
} else {
  const binary = electronBinary();
  if (!binary) {
    console.log('Electron is not installed on this machine (its binary could not be downloaded): opening Bucketscope in browser mode instead.');
    startBrowserMode();
  } else {
    const child = spawn(binary, [root, ...passThrough], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}
