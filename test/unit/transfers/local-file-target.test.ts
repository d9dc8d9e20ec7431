// Final placement of downloaded files, on a real temp directory.
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitWithoutOverwrite, ensureFolderInside, temporaryPath } from '../../../electron/main/transfers/local-file-target.ts';

let tmp: string;
let n = 0;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'bucketscope-target-'));
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function freshDir(): Promise<string> {
  const dir = path.join(tmp, `d${++n}`);
  await mkdir(dir);
  return dir;
}

describe.each([
  ['hard links', true],
  ['exclusive create + rename (file systems without hard links)', false],
])('commitWithoutOverwrite with %s', (_label, hardLinks) => {
  it('takes the wanted name when free, numbers it when taken, and removes the temporary file', async () => {
    const dir = await freshDir();
    await writeFile(path.join(dir, 'report.pdf'), 'existing');
    const results: string[] = [];
    for (const content of ['one', 'two']) {
      const temp = temporaryPath(dir, `t-${content}`);
      await writeFile(temp, content);
      results.push(await commitWithoutOverwrite(temp, path.join(dir, 'report.pdf'), { hardLinks }));
    }
    expect(results).toEqual([path.join(dir, 'report (1).pdf'), path.join(dir, 'report (2).pdf')]);
    expect((await readdir(dir)).sort()).toEqual(['report (1).pdf', 'report (2).pdf', 'report.pdf']);
    expect(await readFile(path.join(dir, 'report.pdf'), 'utf8')).toBe('existing');
    expect(await readFile(path.join(dir, 'report (2).pdf'), 'utf8')).toBe('two');

    const temp = temporaryPath(dir, 'fresh');
    await writeFile(temp, 'fresh');
    expect(await commitWithoutOverwrite(temp, path.join(dir, 'new.txt'), { hardLinks })).toBe(path.join(dir, 'new.txt'));
  });

  it('does not replace a folder of the wanted name', async () => {
    const dir = await freshDir();
    await mkdir(path.join(dir, 'name'));
    const temp = temporaryPath(dir, 'x');
    await writeFile(temp, 'file');
    expect(await commitWithoutOverwrite(temp, path.join(dir, 'name'), { hardLinks })).toBe(path.join(dir, 'name (1)'));
  });
});

describe('ensureFolderInside', () => {
  it('creates nested folders and returns their path', async () => {
    const dir = await freshDir();
    expect(await ensureFolderInside(dir, ['a', 'b'])).toBe(path.join(dir, 'a', 'b'));
    expect(await ensureFolderInside(dir, [])).toBe(dir);
  });

  it('refuses a folder reached through a link that leaves the root, and a file in the way', async () => {
    const dir = await freshDir();
    const outside = await freshDir();
    await symlink(outside, path.join(dir, 'out'));
    await expect(ensureFolderInside(dir, ['out', 'x'])).rejects.toMatchObject({ code: 'InvalidInput' });
    expect(await readdir(outside)).toEqual([]);
    await expect(ensureFolderInside(dir, ['..', 'escape'])).rejects.toMatchObject({ code: 'InvalidInput' });
    await writeFile(path.join(dir, 'file'), 'x');
    await expect(ensureFolderInside(dir, ['file', 'sub'])).rejects.toMatchObject({ code: 'Conflict' });
  });

  it('accepts a root that is itself a link', async () => {
    const real = await freshDir();
    const alias = path.join(tmp, `alias-${++n}`);
    await symlink(real, alias);
    await ensureFolderInside(alias, ['inside']);
    expect(await readdir(real)).toEqual(['inside']);
  });
});
