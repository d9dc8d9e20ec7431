// `path` + `handler` -> the file to load and the export to call. A folder takes the module named by the
// handler (`index.main_handler` -> index.js|mjs|cjs); a file is loaded as is.
import { statSync } from 'node:fs';
import path from 'node:path';

export interface ResolvedHandler {
  file: string;
  /** Undefined = try main_handler, then handler. */
  exportName: string | undefined;
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
  for (const ext of EXTENSIONS[runtime]) {
    const file = path.join(fnPath, module + ext);
    try {
      if (statSync(file).isFile()) return { file, exportName };
    } catch {
      // try the next extension
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
