// Where a Node.js handler's syntax error is. An ES module that fails to compile rejects its import() with a
// bare "SyntaxError: Unexpected token ';'": Node keeps the file, line and caret in a private field it prints
// only for an uncaught error. `node --check <file>` parses a file without running it and prints them, so on
// such an error the handler file and the local modules it imports (followed by their relative specifiers),
// then the folder's other JavaScript files, are checked one by one until one fails. Nothing of the user's code
// runs here: --check only parses.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { codeRoot, listCodeFiles } from './function-files.ts';

/** Most files checked (each is one short `node --check` process). */
const MAX_CHECKED = 30;
const JS_FILE = /\.(?:m|c)?js$/;

export interface SyntaxLocation {
  /** The file relative to the function folder, with the line: `lib/helper.mjs:3`. */
  where: string;
  /** What `node --check` printed above the error: the file:line, the source line and the caret under it. */
  excerpt: string;
}

/** True for a module compile error whose message says nothing of where it is (a CommonJS one already does). */
export function needsLocation(error: { message: string; stack?: string | undefined }): boolean {
  if (!error.message.startsWith('SyntaxError')) return false;
  const firstLine = (error.stack ?? '').split('\n', 1)[0] ?? '';
  return !/:\d+$/.test(firstLine);
}

/** The first JavaScript file of the function that does not parse, or undefined when all do (or none could be checked). */
export async function locateSyntaxError(fnPath: string, entryFile: string): Promise<SyntaxLocation | undefined> {
  let root: string;
  let files: string[];
  try {
    const code = codeRoot(fnPath);
    root = code.root;
    files = code.only !== undefined ? [code.only] : listCodeFiles(code).files.map((f) => f.path);
  } catch {
    return undefined;
  }
  const entry = path.relative(root, entryFile).split(path.sep).join('/');
  const imported = importGraph(root, entry);
  const ordered = [...imported, ...files.filter((f) => !imported.includes(f) && JS_FILE.test(f))].slice(0, MAX_CHECKED);
  for (const rel of ordered) {
    const excerpt = await check(path.join(root, ...rel.split('/')));
    if (excerpt !== undefined) {
      // The block's first line is `<file>:<line>`; for "Unexpected end of input" it is the whole block (no source line follows).
      const line = /:(\d+)$/.exec(excerpt.split('\n', 1)[0] ?? '')?.[1];
      return { where: line !== undefined ? `${rel}:${line}` : rel, excerpt };
    }
  }
  return undefined;
}

/** Relative import/export/require specifiers of a source text ('./lib/x.mjs', '../y'). */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The entry and the local files it reaches through relative specifiers, breadth first (paths under root). */
function importGraph(root: string, entry: string): string[] {
  const seen = [entry];
  for (let i = 0; i < seen.length && seen.length < MAX_CHECKED; i++) {
    const file = path.join(root, ...seen[i]!.split('/'));
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(SPECIFIER)) {
      const target = resolveLocal(path.resolve(path.dirname(file), m[1]!));
      if (target === undefined) continue;
      const rel = path.relative(root, target).split(path.sep).join('/');
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && !seen.includes(rel)) seen.push(rel);
    }
  }
  return seen;
}

/** A specifier's file as Node would find it among the usual extensions (undefined when none exists). */
function resolveLocal(target: string): string | undefined {
  for (const candidate of [target, `${target}.js`, `${target}.mjs`, `${target}.cjs`, path.join(target, 'index.js')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * Plain Node: this process's own binary. In Electron that binary is the app (and the packaged app's runAsNode
 * fuse is off, see electron-builder.yml), so a `node` on PATH is used; without one there is no location to give.
 */
function nodeCommand(): string {
  return process.versions['electron'] === undefined ? process.execPath : 'node';
}

/** `node --check`'s location block for a file that does not parse; undefined when it parses. */
function check(file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    // No environment of the app's (credentials) reaches the checker; --check never runs the code anyway.
    execFile(nodeCommand(), ['--check', file], { timeout: 5000, env: { PATH: process.env['PATH'] ?? '' } }, (err, _stdout, stderr) => {
      if (err === null) return resolve(undefined);
      const at = stderr.indexOf('\nSyntaxError');
      resolve(at > 0 ? stderr.slice(0, at).trimEnd() : undefined);
    });
  });
}
