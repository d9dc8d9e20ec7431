// A dropped folder is walked through its directory entries (Chromium hands them out in batches). The entries here
// are stand-ins with the FileSystemEntry API the walk uses; jsdom has no drag and drop of real folders.
import { describe, expect, it } from 'vitest';
import { droppedFiles } from './dropped-files.ts';

type Node = string | { [name: string]: Node };

/** A FileSystemEntry tree: a string is a file's text, an object a folder; readEntries gives 2 children a call. */
function entry(name: string, node: Node): FileSystemEntry {
  if (typeof node === 'string') {
    return { name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => ok(new File([node], name)) } as unknown as FileSystemEntry;
  }
  const children = Object.entries(node).map(([n, child]) => entry(n, child));
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return { readEntries: (ok: (batch: FileSystemEntry[]) => void) => ok(children.slice(at, (at += 2))) };
    },
  } as unknown as FileSystemEntry;
}

function drop(...entries: FileSystemEntry[]): DataTransfer {
  return { items: entries.map((e) => ({ webkitGetAsEntry: () => e })), files: [] } as unknown as DataTransfer;
}

describe('droppedFiles', () => {
  it('walks dropped folders in every batch, keeping relative paths, and keeps empty folders as markers', async () => {
    const shots = entry('shots', { 'a.jpg': 'a', 'b.jpg': 'b', day: { 'c.jpg': 'c' }, empty: {}, deeper: { nothing: {} } });
    const list = await droppedFiles(drop(shots, entry('loose.txt', 'loose')));
    expect(list.map((d) => [d.path, d.file.size])).toEqual([
      ['shots/a.jpg', 1],
      ['shots/b.jpg', 1],
      ['shots/day/c.jpg', 1],
      ['shots/empty/', 0],
      ['shots/deeper/nothing/', 0],
      ['loose.txt', 5],
    ]);
  });
});
