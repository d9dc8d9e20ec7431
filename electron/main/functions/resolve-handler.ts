// `path` + `handler` -> the file to load and the export to call. A folder takes the module named by the
// handler (`index.main_handler` -> index.js|mjs|cjs); a file is loaded as is.
import { statSync } from 'node:fs';
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
