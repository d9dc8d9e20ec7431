import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveHandler, splitHandler } from '../../../electron/main/functions/resolve-handler.ts';

describe('handler resolution', () => {
  it('splits <file>.<export> at the last dot', () => {
    expect(splitHandler('index.main_handler')).toEqual({ module: 'index', exportName: 'main_handler' });
    expect(splitHandler('src/app.v2.handler')).toEqual({ module: 'src/app.v2', exportName: 'handler' });
    expect(splitHandler(undefined)).toEqual({ module: 'index', exportName: undefined });
  });

  it('finds the module in a folder by extension, or takes a file as is', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bucketscope-resolve-'));
    writeFileSync(path.join(dir, 'index.cjs'), '');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'main.py'), '');
    expect(resolveHandler('nodejs', dir, 'index.handler')).toEqual({ file: path.join(dir, 'index.cjs'), exportName: 'handler' });
    expect(resolveHandler('python', dir, 'src/main.main_handler')).toEqual({
      file: path.join(dir, 'src', 'main.py'),
      exportName: 'main_handler',
      pythonModule: { root: dir, moduleName: 'src.main' },
    });
    // Lambda's dotted form names the same file.
    expect(resolveHandler('python', dir, 'src.main.main_handler')).toEqual(resolveHandler('python', dir, 'src/main.main_handler'));
    expect(resolveHandler('nodejs', path.join(dir, 'index.cjs'), undefined)).toEqual({ file: path.join(dir, 'index.cjs'), exportName: undefined });
    expect(() => resolveHandler('nodejs', dir, 'app.handler')).toThrow(/No app\.js\|\.mjs\|\.cjs in/);
    expect(() => resolveHandler('python', path.join(dir, 'missing'), undefined)).toThrow('Function path not found');
  });
});
