// Puts a downloaded object into the folder the user chose: sub-folders created on demand and never outside
// that folder (not even through a link that already sits inside it), the bytes written to a temporary file
// that takes its final name only when complete, and never over an existing file (` (1)`, ` (2)`, ...).
import { link, mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { numberedName } from './safe-local-path.ts';

/** Enough for any real folder; a bound so a pathological one cannot loop for ever. */
const MAX_NUMBER = 10_000;

/** Codes of file systems without hard links (FAT, exFAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EACCES']);

/**
 * Creates `root/segments...` (segments already made safe by safe-local-path.ts) and returns its path.
 * Refuses when the folder would end up outside `root`, e.g. because `root` holds a link to elsewhere.
 */
export async function ensureFolderInside(root: string, segments: string[]): Promise<string> {
  const realRoot = await realpath(root);
  let folder = root;
  // One level at a time, checked before going deeper: a recursive mkdir would already have created
  // folders on the far side of a link before any check could refuse it.
  for (const segment of segments) {
    folder = path.join(folder, segment);
    if (!isInside(root, folder)) throw outside(folder);
    try {
      await mkdir(folder);
    } catch (err) {
      // EEXIST: a folder, a file or a link is there already; which one is checked below.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const real = await realpath(folder).catch(() => undefined);
    if (real !== undefined && !isInside(realRoot, real)) throw outside(folder);
    const info = real === undefined ? undefined : await stat(real);
    if (!info?.isDirectory()) {
      throw new AppError({ code: 'Conflict', message: `Cannot create the folder ${folder}: a file with that name is in the way` });
    }
  }
  return folder;
}

/** What a file-system error code means to someone choosing a folder. */
const WRITE_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'the folder is gone',
  ENOTDIR: 'it is not a folder',
};

/**
 * Fails at once, with one clear error, when nothing can be written into `folder` (a read-only disk, a folder the
 * user may not write to), instead of each queued download failing on its own with a raw "EACCES: ... .part".
 * Creates and removes a hidden probe file, since permission bits alone do not tell (root, ACLs, read-only mounts).
 */
export async function checkWritableFolder(folder: string): Promise<void> {
  const probe = temporaryPath(folder, `probe-${process.pid}-${Date.now()}`);
  try {
    const handle = await open(probe, 'wx');
    await handle.close();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const problem = WRITE_PROBLEMS[code] ?? (err as Error).message;
    throw new AppError({
      code: code === 'EACCES' || code === 'EPERM' ? 'AccessDenied' : 'InvalidInput',
      message: `Cannot save into ${folder}: ${problem}`,
      hint: 'Choose another folder to download into.',
      fields: { directory: problem },
    });
  }
  await rm(probe, { force: true });
}

/** A hidden file next to the final one (same file system, so it can be linked or renamed into place). */
export function temporaryPath(folder: string, id: string): string {
  return path.join(folder, `.bucketscope-${id}.part`);
}

/**
 * Gives the complete temporary file its final name: `wanted`, or `name (n).ext` when that exists.
 * A hard link fails when the name is taken (atomically, also on case-insensitive file systems), so two
 * downloads that want one name both survive. Without hard links, the name is claimed with an exclusive
 * create and then replaced by the rename. Returns the path used.
 */
export async function commitWithoutOverwrite(temporary: string, wanted: string, options: { hardLinks?: boolean } = {}): Promise<string> {
  const folder = path.dirname(wanted);
  const name = path.basename(wanted);
  let useLinks = options.hardLinks ?? true;
  for (let n = 0; n <= MAX_NUMBER; n++) {
    const candidate = n === 0 ? wanted : path.join(folder, numberedName(name, n));
    if (useLinks) {
      try {
        await link(temporary, candidate);
        await rm(temporary, { force: true });
        return candidate;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (code === 'EEXIST') continue;
        if (!NO_HARD_LINKS.has(code)) throw err;
        useLinks = false;
      }
    }
    try {
      const claimed = await open(candidate, 'wx');
      await claimed.close();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    await rename(temporary, candidate);
    return candidate;
  }
  throw new AppError({ code: 'Conflict', message: `Too many files named like ${wanted}` });
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  if (relative === '') return true;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function outside(folder: string): AppError {
  return new AppError({ code: 'InvalidInput', message: `Refusing to write ${folder}: it is outside the chosen download folder` });
}
