// electron-builder.yml checked the way electron-builder itself checks it (its config loader and its JSON
// schema, node_modules/app-builder-lib/scheme.json), plus what the schema cannot know: that every file it
// names exists, and that the icons are the ones scripts/icons.mjs generates from the one source image.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DebugLogger } from 'builder-util';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { describe, expect, it } from 'vitest';
import { APP_ID, APP_NAME } from '../../../electron/main/platform/app-identity.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  productName: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

async function loadConfig(): Promise<Configuration> {
  return getConfig(root, null, null);
}

type TargetItem = { target: string; arch?: string[] };
function targets(value: unknown): TargetItem[] {
  return (value as TargetItem[]).map((t) => (typeof t === 'string' ? { target: t } : t));
}

/** Files under `dir` (relative, posix separators). */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  }, 30_000);

  it('is rejected by the same validator when it has a typo (the check can fail)', async () => {
    const config = { ...(await loadConfig()), linux: { targt: 'deb' } } as unknown as Configuration;
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/does not match the API schema/);
  });

  it('builds every required installer for x64 and arm64', async () => {
    const config = await loadConfig();
    const both = ['x64', 'arm64'];
    expect(targets(config.linux!.target)).toEqual([
      { target: 'AppImage', arch: both },
      { target: 'deb', arch: both },
    ]);
    expect(targets(config.win!.target)).toEqual([{ target: 'nsis', arch: both }]);
    expect(targets(config.mac!.target)).toEqual([{ target: 'dmg', arch: both }]);
  });

  it('names the app and its artifacts (version and arch in every artifact name)', async () => {
    const config = await loadConfig();
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
    // The running app uses the same id (Windows AppUserModelID for notifications).
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(pkg.productName);
    expect(APP_NAME).toBe(pkg.productName);
    for (const name of [config.artifactName, config.nsis!.artifactName, config.dmg!.artifactName]) {
      expect(name).toContain('${version}');
      expect(name).toContain('${arch}');
    }
    expect(config.linux!.category).toBe('Development');
    expect(config.mac!.category).toBe('public.app-category.developer-tools');
  });

  it('installs per user on Windows', async () => {
    const config = await loadConfig();
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false });
  });

  it('packs an asar of built bundles and runtime files, runtime unpacked, no sources or maps', async () => {
    const config = await loadConfig();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['resources/runtime/**']);
    // The loader normalises `files` into [{ filter: [...] }].
    const files = (config.files as Array<string | { filter?: string | string[] }>).flatMap((f) =>
      typeof f === 'string' ? [f] : ([] as string[]).concat(f.filter ?? []),
    );
    expect(files).toEqual(expect.arrayContaining(['out/**', 'resources/runtime/**', '!**/*.map']));
    for (const include of files.filter((f) => !f.startsWith('!'))) {
      expect(include, 'only built output, runtime files and package.json').toMatch(/^(out\/\*\*|resources\/runtime\/\*\*|package\.json)$/);
    }
    expect(Object.keys(pkg.devDependencies)).toContain('electron');
    expect(Object.keys(pkg.devDependencies)).toContain('electron-builder');
    expect(Object.keys(pkg.dependencies)).not.toContain('electron');
  });

  it('references only files that exist', async () => {
    const config = await loadConfig();
    const buildResources = path.join(root, config.directories!.buildResources!);
    expect(statSync(buildResources).isDirectory()).toBe(true);
    const extra = (config.linux!.extraResources as { from: string }[]).map((r) => r.from);
    const referenced = [config.win!.icon, config.mac!.icon, config.mac!.entitlements, config.mac!.entitlementsInherit, ...extra];
    for (const file of referenced) {
      expect(file).toBeTypeOf('string');
      expect(existsSync(path.join(root, file as string)), file as string).toBe(true);
    }
    const linuxIcons = path.join(root, config.linux!.icon as string);
    const sizes = readdirSync(linuxIcons).map((f) => Number(/^(\d+)x\1\.png$/.exec(f)?.[1]));
    expect(sizes).not.toContain(NaN);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512]));
    // The runtime files the asar must carry (and unpack) are there to be packed.
    expect(walk(path.join(root, 'resources/runtime')).length).toBeGreaterThan(0);
    expect(readFileSync(path.join(root, config.mac!.entitlements as string), 'utf8')).toContain('com.apple.security.cs.allow-jit');
  });

  it('has `npm run dist`', () => {
    expect(pkg.scripts.dist).toBeTruthy();
  });
});

describe('app icons', () => {
  it('are exactly what scripts/icons.mjs generates from resources/build/icon.svg', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'bs-icons-'));
    try {
      // @ts-expect-error plain-JS build script without type declarations
      const { generateIcons } = (await import('../../../scripts/icons.mjs')) as {
        generateIcons: (dir: string) => Promise<string[]>;
      };
      const written = await generateIcons(out);
      expect(written).toEqual(expect.arrayContaining(['icon.png', 'icon.ico', 'icon.icns', 'icons/256x256.png']));
      for (const rel of written) {
        const committed = await readFile(path.join(root, 'resources/build', rel));
        expect(committed.equals(await readFile(path.join(out, rel))), `${rel} is stale: run node scripts/icons.mjs`).toBe(true);
      }
      // Real formats, not just files: PNG signature, ICO header (reserved 0, type 1), ICNS magic.
      const ico = await readFile(path.join(out, 'icon.ico'));
      expect(ico.readUInt16LE(0)).toBe(0);
      expect(ico.readUInt16LE(2)).toBe(1);
      expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5);
      expect((await readFile(path.join(out, 'icon.icns'))).subarray(0, 4).toString('latin1')).toBe('icns');
      expect((await readFile(path.join(out, 'icons/512x512.png'))).subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    // Rasterising and ICNS/ICO encoding take about 1.5 s alone, several seconds on a busy 2-core machine.
  }, 60_000);
});
