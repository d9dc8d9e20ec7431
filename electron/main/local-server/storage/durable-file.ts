// Crash-safe small-file writes: temp file in the same directory, fsync, rename over the target, fsync the
// directory. A reader sees either the old or the new content, never a torn file, even after kill -9 or a power
// loss (writeFileAtomic: the same without the fsyncs, safe against kill -9 only).
import { constants } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

export const TEMP_SUFFIX = '.tmp';

export async function writeFileDurable(path: string, data: string | Buffer, syncDir = true): Promise<void> {
  await replaceFile(path, data, true);
  if (syncDir) await fsyncDir(dirname(path));
}

/**
 * Temp file + rename without fsync: after kill -9 a reader still sees the old or the new content (the kernel
 * keeps both), but after a power loss the file may be missing. For records whose data is not synced either.
 */
export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  await replaceFile(path, data, false);
}

async function replaceFile(path: string, data: string | Buffer, sync: boolean): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  const fh = await open(temp, 'wx');
  try {
    await fh.writeFile(data);
    if (sync) await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; some file systems refuse fsync on directories, which is fine.
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* best effort */
  }
}

/**
 * O_DSYNC on Linux: a write returns once its bytes, and the metadata needed to read them back (the file size),
 * are on stable storage, i.e. write + fdatasync in one system call. For the group-committed journal and packs
 * that halves the thread-pool round trips per commit, which on a small machine cost more than the flush itself.
 * Elsewhere 0, and writeSynced fsyncs: on macOS libuv's fsync is F_FULLFSYNC (flushes the drive's cache), which
 * O_DSYNC is not; Windows has no O_DSYNC. Open files with this flag and write them with writeSynced.
 */
export const DSYNC_FLAG: number = process.platform === 'linux' ? (constants.O_DSYNC ?? 0) : 0;

/** Writes `data` durably through a handle opened with DSYNC_FLAG (or write + fsync where there is none). */
export async function writeSynced(fh: FileHandle, data: Buffer, position: number | null = null): Promise<void> {
  const { bytesWritten } = await fh.write(data, 0, data.length, position);
  if (bytesWritten !== data.length) throw new Error(`short write (${bytesWritten} of ${data.length} bytes)`);
  if (!DSYNC_FLAG) await fh.sync();
}
