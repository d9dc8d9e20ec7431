// Only the Electron edge files may load 'electron' at run time. Checked twice: the lint rule itself (so
// `npm run lint` enforces it as code is written) and a scan of the sources as they are now.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const EDGE = [/^electron\/main\/index\.ts$/, /^electron\/main\/platform\//, /^electron\/main\/rpc\/ipc-transport\.ts$/, /^electron\/preload\//];

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) return sources(rel);
    return /\.(ts|mts|js|mjs|cjs|svelte)$/.test(name) ? [rel] : [];
  });
}

/** Runtime imports/requires of electron (type-only imports excluded). */
function importsElectron(text: string): boolean {
  const runtimeImport = /^\s*import\s+(?!type\b)[^'"]*?from\s+['"]electron(?:\/[^'"]*)?['"]/m;
  const bareImport = /^\s*import\s+['"]electron(?:\/[^'"]*)?['"]/m;
  const dynamic = /\b(?:import|require)\(\s*['"]electron(?:\/[^'"]*)?['"]\s*\)/;
  return runtimeImport.test(text) || bareImport.test(text) || dynamic.test(text);
}

describe('electron import boundary', () => {
  it('holds in the sources as they are now', () => {
    const offenders = [...sources('electron'), ...sources('renderer/src'), ...sources('scripts')]
      .filter((file) => !EDGE.some((re) => re.test(file)))
      .filter((file) => importsElectron(readFileSync(path.join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the scan recognises the import forms it looks for', () => {
    expect(importsElectron("import { app } from 'electron';")).toBe(true);
    expect(importsElectron('import electron from "electron/main";')).toBe(true);
    expect(importsElectron("const { app } = require('electron');")).toBe(true);
    expect(importsElectron("await import('electron')")).toBe(true);
    expect(importsElectron("import type { WebContents } from 'electron';")).toBe(false);
    expect(importsElectron("import { x } from './electron-helpers.ts';")).toBe(false);
  });

  describe('lint rule', () => {
    const eslint = new ESLint({ cwd: root });
    const lint = async (file: string, code: string) => {
      const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
      return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports');
    };
    const code = "import { app } from 'electron';\nexport const name = app.getName();\n";

    it('rejects electron in services, shared code, the renderer and browser-mode entries', async () => {
      for (const file of ['electron/main/services/x.ts', 'electron/shared/x.ts', 'electron/main/web.ts', 'renderer/src/lib/x.ts']) {
        expect(await lint(file, code), file).toHaveLength(1);
      }
      expect(await lint('electron/main/host.ts', "import { ipcMain } from 'electron/main';\nexport { ipcMain };\n")).toHaveLength(1);
    }, 30_000);

    it('allows it in the edge files, and type-only imports anywhere', async () => {
      for (const file of ['electron/main/index.ts', 'electron/main/platform/x.ts', 'electron/main/rpc/ipc-transport.ts', 'electron/preload/index.ts']) {
        expect(await lint(file, code), file).toEqual([]);
      }
      expect(await lint('electron/main/services/x.ts', "import type { App } from 'electron';\nexport type A = App;\n")).toEqual([]);
    }, 30_000);
  });
});
