// One server per data folder. Each server keeps its own in-memory index and appends to the same key journals, so
// a second server on a folder in use (a CI script starting `npm run serve` twice, or the headless server pointed
// at the app's folder) would hide and then corrupt the other's writes. `server.lock` holds the owner's pid; a lock
// whose process is gone (kill -9, power loss) is taken over. A server that is still stopping gets a few seconds,
// so `kill $SERVER; npm run serve …` restarts without a `wait`.
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE = 'server.lock';

export class DataDirInUseError extends Error {
  readonly code = 'EDATADIRINUSE';
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`${dataDir} is in use by another Bucketscope server (pid ${pid}); if none runs, delete ${join(dataDir, LOCK_FILE)}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock (waiting up to `waitMs` for a stopping owner); resolves to its release. */
export async function lockDataDir(dataDir: string, waitMs = 3_000): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  const mine = `${process.pid}\n`;
  const release = async (): Promise<void> => {
    const now = await readFile(path, 'utf8').catch(() => undefined);
    if (now === mine) await unlink(path).catch(() => undefined);
  };
  for (const deadline = Date.now() + waitMs; ; ) {
    try {
      await writeFile(path, mine, { flag: 'wx' });
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    // This process already holds it (a server reopened in the same process, as tests and the app's restart do),
    // or the owner is gone: take it over.
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || !alive(owner)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) throw new DataDirInUseError(dataDir, owner);
    await new Promise((r) => setTimeout(r, 100));
  }
}
