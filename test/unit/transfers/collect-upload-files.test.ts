// The folder walk over a real temp directory (links, loops, empty folders, unicode names).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectUploadEntries } from '../../../electron/main/transfers/collect-upload-files.ts';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'bucketscope-walk-'));
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function tree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, ...rel.split('/'));
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

describe('collectUploadEntries', () => {
  it('keeps the chosen folder name, walks depth first, follows file links and skips folder links', async () => {
    const photos = path.join(tmp, 'walk', 'photos');
    await tree(photos, { 'a.jpg': 'aa', 'sub/b.jpg': 'bbb', 'sub/deeper/c.txt': 'c' });
    await mkdir(path.join(photos, 'empty'));
    await mkdir(path.join(photos, 'only-links'));
    await symlink(photos, path.join(photos, 'loop'));
    await symlink(photos, path.join(photos, 'only-links', 'up'));
    await symlink(path.join(photos, 'a.jpg'), path.join(photos, 'alias.jpg'));
    await symlink(path.join(tmp, 'nowhere'), path.join(photos, 'broken'));
    const single = path.join(tmp, 'walk', 'single.txt');
    await writeFile(single, 'single');

    const entries = await collectUploadEntries([photos, single]);
    expect(entries).toEqual([
      { relativeKey: 'photos/a.jpg', file: path.join(photos, 'a.jpg'), size: 2 },
      { relativeKey: 'photos/alias.jpg', file: path.join(photos, 'alias.jpg'), size: 2 },
      { relativeKey: 'photos/empty/', size: 0 },
      { relativeKey: 'photos/only-links/', size: 0 },
      { relativeKey: 'photos/sub/b.jpg', file: path.join(photos, 'sub', 'b.jpg'), size: 3 },
      { relativeKey: 'photos/sub/deeper/c.txt', file: path.join(photos, 'sub', 'deeper', 'c.txt'), size: 1 },
      { relativeKey: 'single.txt', file: single, size: 6 },
    ]);
  });

  it('uses NFC keys for decomposed file names', async () => {
    const root = path.join(tmp, 'nfc', 'Mu\u0308nchen');
    await tree(root, { 'Cafe\u0301.txt': 'x' });
    const [entry] = await collectUploadEntries([root]);
    expect(entry?.relativeKey).toBe('M\u00fcnchen/Caf\u00e9.txt');
  });

  it('refuses more files than the limit, relative paths, missing paths and duplicate keys', async () => {
    const many = path.join(tmp, 'many');
    await tree(many, { a: '1', b: '2', c: '3', d: '4' });
    await expect(collectUploadEntries([many], 3)).rejects.toMatchObject({ code: 'InvalidInput', message: expect.stringContaining('more than 3 files') });
    expect(await collectUploadEntries([many], 4)).toHaveLength(4);
    await expect(collectUploadEntries(['relative/file.txt'])).rejects.toMatchObject({ code: 'InvalidInput', message: 'Not an absolute path: relative/file.txt' });
    await expect(collectUploadEntries([path.join(tmp, 'missing')])).rejects.toMatchObject({ code: 'InvalidInput' });
    await tree(path.join(tmp, 'dup1'), { 'x.txt': '1' });
    await tree(path.join(tmp, 'dup2'), { 'x.txt': '2' });
    await expect(collectUploadEntries([path.join(tmp, 'dup1', 'x.txt'), path.join(tmp, 'dup2', 'x.txt')])).rejects.toMatchObject({
      message: 'Two of the chosen items would upload to the same key "x.txt"',
    });
  });
});
