// `path` + `handler` -> the file to load and the export to call. A folder takes the module named by the
// handler (`index.main_handler` -> index.js|mjs|cjs); a file is loaded as is.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface ResolvedHandler {
  file: string;
  /** Undefined = try main_handler, then handler. */
  exportName: string | undefined;
  /**
   * Python, code in a folder: the folder (on sys.path first, as Lambda's task root is) and the module's dotted
   * name under it ('app.lambda_file' for app/lambda_file.py), so `from .x import y` and `from app.x import y` work.
   */
  pythonModule?: { root: string; moduleName: string };
}

const EXTENSIONS: Record<'nodejs' | 'python', string[]> = {
  nodejs: ['.js', '.mjs', '.cjs'],
  python: ['.py'],
};

export function splitHandler(handler: string | undefined): { module: string; exportName: string | undefined } {
  if (handler === undefined || handler === '') return { module: 'index', exportName: undefined };
  const dot = handler.lastIndexOf('.');
  return { module: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

export function resolveHandler(runtime: 'nodejs' | 'python', fnPath: string, handler: string | undefined): ResolvedHandler {
  const { module, exportName } = splitHandler(handler);
  let stats;
  try {
    stats = statSync(fnPath);
  } catch {
    throw new Error(`Function path not found: ${fnPath}`);
  }
  if (stats.isFile()) return { file: fnPath, exportName };
  // Python also takes Lambda's dotted form: 'app.lambda_file.lambda_handler' is app/lambda_file.py.
  const modules = runtime === 'python' && module.includes('.') ? [module, module.replace(/\./g, '/')] : [module];
  for (const name of modules) {
    for (const ext of EXTENSIONS[runtime]) {
      const file = path.join(fnPath, name + ext);
      try {
        if (!statSync(file).isFile()) continue;
      } catch {
        continue; // try the next extension
      }
      if (runtime !== 'python') return { file, exportName };
      return { file, exportName, pythonModule: { root: fnPath, moduleName: path.relative(fnPath, file).slice(0, -ext.length).split(path.sep).join('.') } };
    }
  }
  throw new Error(`No ${module}${EXTENSIONS[runtime].join('|')} in ${fnPath} (handler "${handler ?? 'index.main_handler'}")`);
}

/** Modification time of the handler file: a changed file means warm instances run stale code. */
export function handlerVersion(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Folders whose files are not the function's own code (dependencies change by reinstalling, and are many). */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.mypy_cache', '.pytest_cache']);
/**
 * Code only: a handler that writes its output next to itself (its folder is its working directory) must not make
 * every next run cold.
 */
const CODE = /\.(?:m?js|cjs|py)$/;
/** Most entries looked at per folder walk: a huge folder is not walked whole before every run. */
const MAX_ENTRIES = 2000;
/** A burst of events (200 uploads) walks the folder once, not 200 times. */
const CACHE_MS = 200;
const versions = new Map<string, { at: number; version: string }>();

/**
 * The newest modification time and the number of the function's code files: editing a module the handler imports
 * (in another editor: saving in the app retires instances itself) starts the next run cold on the new code. Only
 * the handler file's time was compared, so a changed lib/helper.mjs kept running its old code in warm instances.
 */
export function sourceVersion(root: string, file: string, now = Date.now()): string {
  if (root === '' || path.resolve(root) === path.resolve(file)) return String(handlerVersion(file));
  // The handler file itself is always looked at (one stat): its edits apply at once, as they did.
  const own = handlerVersion(file);
  const cached = versions.get(root);
  if (cached !== undefined && now - cached.at < CACHE_MS) return `${own}/${cached.version}`;
  let newest = own;
  /** Files (a removed or added module changes the count even when no time grows). */
  let count = 0;
  let seen = 0;
  const pending = [root];
  while (pending.length > 0 && seen < MAX_ENTRIES) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (seen++ > MAX_ENTRIES) break;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // (a __pycache__ appearing after the first run is no change of code)
        if (!SKIPPED_DIRS.has(entry.name)) pending.push(full);
      } else if (entry.isFile() && CODE.test(entry.name)) {
        count += 1;
        try {
          newest = Math.max(newest, statSync(full).mtimeMs);
        } catch {
          // removed meanwhile
        }
      }
    }
  }
  const version = `${newest}/${count}`;
  versions.set(root, { at: now, version });
  return `${own}/${version}`;
}
