// Where settings, secrets and data live when Electron is not there to say (browser mode, headless).
// Matches Electron's app.getPath('userData') for productName "Bucketscope", so both modes share settings.
import { randomBytes } from 'node:crypto';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.BUCKETSCOPE_DATA_DIR) return resolve(env.BUCKETSCOPE_DATA_DIR);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Bucketscope');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Bucketscope');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Bucketscope');
}

/**
 * Creates `dir` (and its parents) and proves a file can be created in it, failing fast with the system's error
 * code. Not `mkdir(dir, { recursive: true })`: Node's recursive mkdir loops forever where mkdir answers ENOENT
 * although the parent exists (e.g. under /proc), which made `serve --data /proc/x` hang instead of failing.
 */
export async function ensureWritableDir(dir: string): Promise<void> {
  await makeDir(resolve(dir));
  const probe = join(dir, `.write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fh = await open(probe, 'wx');
  await fh.close();
  await unlink(probe);
}

async function makeDir(dir: string): Promise<void> {
  const made = await mkdir(dir).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' && dirname(dir) !== dir) return false;
      if (e.code === 'EEXIST') return isDirectory(dir, e);
      throw e;
    },
  );
  if (made) return;
  await makeDir(dirname(dir));
  // Once: if the parent now exists and mkdir still answers ENOENT, that is the answer.
  await mkdir(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? isDirectory(dir, e) : Promise.reject(e)));
}

async function isDirectory(dir: string, err: NodeJS.ErrnoException): Promise<true> {
  if ((await stat(dir)).isDirectory()) return true;
  throw err; // EEXIST: a file is in the way
}
