// A function's code as the editor sees it: the files under its folder (or the one file it names), read and
// written as text. Every path comes from the window, so each is checked: relative with '/' separators, no
// '..', no absolute or drive paths, and its real path (symlinks followed) must stay under the folder's real
// path. Files over 1 MiB or with NUL bytes are not text to edit here.
import { lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, statSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';

export const MAX_CODE_FILE_BYTES = 1024 * 1024;
/** Most files listed (a folder with node_modules can hold tens of thousands). */
export const MAX_LISTED_FILES = 500;
/** Most folders walked (a function path pointed at a big tree must not stall the listing). */
const MAX_WALKED_DIRS = 2000;
/** Folders listed by name only, never walked. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv']);

export interface CodeFile {
  path: string;
  size: number;
}

export interface CodeRoot {
  /** The folder whose files may be edited (real path). */
  root: string;
  /** Set when the function's path is one file: only that file is editable. */
  only: string | undefined;
}

function invalid(message: string): AppError {
  return new AppError({ code: 'InvalidInput', message, fields: { path: message } });
}

/** The editable root of a function's `path` (a folder, or a file's folder restricted to that file). */
export function codeRoot(fnPath: string): CodeRoot {
  let real: string;
  try {
    real = realpathSync(fnPath);
  } catch {
    throw new AppError({ code: 'NotFound', message: `Function path not found: ${fnPath}` });
  }
  return statSync(real).isFile() ? { root: path.dirname(real), only: path.basename(real) } : { root: real, only: undefined };
}

/** Checks a window-supplied relative path and returns the absolute file it names (which may not exist yet). */
export function resolveCodePath(code: CodeRoot, rel: string): string {
  if (rel === '' || rel.length > 1024) throw invalid('Give a file path relative to the function folder');
  if (rel.includes('\\') || rel.includes('\0')) throw invalid(`Use '/' separators: ${rel}`);
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || path.isAbsolute(rel)) throw invalid(`Absolute paths are refused: ${rel}`);
  const parts = rel.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) throw invalid(`The path must stay inside the function folder: ${rel}`);
  if (code.only !== undefined && rel !== code.only) throw invalid(`This function is the single file ${code.only}`);
  const file = path.join(code.root, ...parts);
  // The real path of the file, or of its nearest existing parent for a new file, must be under the root.
  let probe = file;
  while (!existsSync(probe) && probe !== code.root) probe = path.dirname(probe);
  const real = realpathSync(probe);
  if (real !== code.root && !real.startsWith(code.root + path.sep)) throw invalid(`The path leads outside the function folder: ${rel}`);
  return probe === file ? real : file;
}

/** Files under the root, sorted, with skipped folders' contents left out and at most MAX_LISTED_FILES entries. */
export function listCodeFiles(code: CodeRoot): { files: CodeFile[]; truncated: boolean } {
  if (code.only !== undefined) return { files: [{ path: code.only, size: statSync(path.join(code.root, code.only)).size }], truncated: false };
  const files: CodeFile[] = [];
  let truncated = false;
  let walked = 0;
  const walk = (dir: string, prefix: string): void => {
    if (++walked > MAX_WALKED_DIRS) {
      truncated = true;
      return;
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const e of entries) {
      if (files.length >= MAX_LISTED_FILES) {
        truncated = true;
        return;
      }
      const rel = prefix + e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(path.join(dir, e.name), `${rel}/`);
      } else if (e.isFile()) {
        files.push({ path: rel, size: lstatSync(path.join(dir, e.name)).size });
      }
      // Symlinks are not listed: where they lead is not the function's folder to edit.
    }
  };
  walk(code.root, '');
  return { files, truncated };
}

export function readCodeFile(code: CodeRoot, rel: string): string {
  const file = resolveCodePath(code, rel);
  let stats;
  try {
    stats = statSync(file);
  } catch {
    throw new AppError({ code: 'NotFound', message: `No file ${rel} in the function folder` });
  }
  if (!stats.isFile()) throw invalid(`${rel} is not a file`);
  if (stats.size > MAX_CODE_FILE_BYTES) throw invalid(`${rel} is larger than 1 MiB; edit it in your own editor`);
  const bytes = readFileSync(file);
  if (bytes.subarray(0, 8192).includes(0)) throw invalid(`${rel} is a binary file`);
  return bytes.toString('utf8');
}

/** Writes through a temp file and a rename, so a cold start never loads half a file. */
export function writeCodeFile(code: CodeRoot, rel: string, content: string): void {
  if (Buffer.byteLength(content, 'utf8') > MAX_CODE_FILE_BYTES) throw invalid(`${rel}: the text is larger than 1 MiB`);
  if (content.includes('\0')) throw invalid(`${rel}: the text contains NUL characters`);
  const file = resolveCodePath(code, rel);
  if (existsSync(file) && !statSync(file).isFile()) throw invalid(`${rel} is not a file`);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
