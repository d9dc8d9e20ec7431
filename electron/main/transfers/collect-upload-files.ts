// Turns what a user chose to upload (files and folders, by absolute path) into one entry per object.
// A chosen folder keeps its own name: choosing /home/me/photos yields `photos/a.jpg`, `photos/sub/b.jpg`.
// Keys use `/` on every OS and NFC (macOS file systems may hand out decomposed names; other tools and
// the S3 console produce composed ones). Links to files are followed; links to folders are skipped, so a
// link loop cannot make the walk endless. An empty folder becomes a zero-byte `folder/` marker, the way
// "Create folder" does, so the uploaded tree looks like the local one.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';

export const MAX_UPLOAD_FILES = 100_000;
const STAT_BATCH = 64;

export interface UploadEntry {
  /** Key below the destination prefix, `/`-separated; ends with `/` for a folder marker. */
  relativeKey: string;
  /** Local file to read; absent for a folder marker. */
  file?: string;
  size: number;
}

export async function collectUploadEntries(paths: string[], maxFiles = MAX_UPLOAD_FILES): Promise<UploadEntry[]> {
  const entries: UploadEntry[] = [];
  const add = (entry: UploadEntry) => {
    if (entries.length >= maxFiles) {
      throw invalid(
        `The selection holds more than ${maxFiles.toLocaleString('en-US')} files. Upload it in smaller parts, or use a sync tool (aws s3 sync, rclone) for a tree this large.`,
      );
    }
    entries.push(entry);
  };
  for (const chosen of paths) {
    if (!path.isAbsolute(chosen)) throw invalid(`Not an absolute path: ${chosen}`);
    // The chosen path itself is followed even when it is a link: the user picked it.
    const info = await stat(chosen).catch(() => {
      throw invalid(`Cannot read ${chosen}`);
    });
    const name = path.basename(chosen).normalize('NFC');
    if (info.isFile()) add({ relativeKey: name, file: chosen, size: info.size });
    else if (info.isDirectory()) await walk(chosen, name === '' ? [] : [name], add);
    else throw invalid(`Not a file or folder: ${chosen}`);
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.relativeKey)) throw invalid(`Two of the chosen items would upload to the same key "${entry.relativeKey}"`);
    seen.add(entry.relativeKey);
  }
  return entries;
}

/** Adds the folder's files (depth first, by name) and returns how many entries it added. */
async function walk(folder: string, keyPath: string[], add: (entry: UploadEntry) => void): Promise<number> {
  let children: Dirent[];
  try {
    children = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    throw invalid(`Cannot read the folder ${folder}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Sizes of a folder's files are read in parallel batches (one stat at a time makes a 100k-file tree slow).
  // stat follows a link: a link to a file uploads that file; to a folder (possible loop) or to nothing, skipped.
  const sizes = new Map<string, number>();
  const files = children.filter((c) => c.isFile() || c.isSymbolicLink());
  for (let i = 0; i < files.length; i += STAT_BATCH) {
    await Promise.all(
      files.slice(i, i + STAT_BATCH).map(async (child) => {
        const info = await stat(path.join(folder, child.name)).catch(() => undefined);
        if (info?.isFile()) sizes.set(child.name, info.size);
      }),
    );
  }
  let added = 0;
  for (const child of children) {
    const full = path.join(folder, child.name);
    const childKey = [...keyPath, child.name.normalize('NFC')];
    if (child.isDirectory()) {
      added += await walk(full, childKey, add);
      continue;
    }
    // Sockets, FIFOs, devices and links to folders have no size here: nothing to upload.
    const size = sizes.get(child.name);
    if (size === undefined) continue;
    add({ relativeKey: childKey.join('/'), file: full, size });
    added++;
  }
  if (added === 0 && keyPath.length > 0) {
    add({ relativeKey: `${keyPath.join('/')}/`, size: 0 });
    added++;
  }
  return added;
}

function invalid(message: string): AppError {
  return new AppError({ code: 'InvalidInput', message, fields: { paths: message } });
}
