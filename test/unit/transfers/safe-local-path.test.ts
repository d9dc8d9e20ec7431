import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_SEGMENT_BYTES,
  numberedName,
  safeFolderSegments,
  safeRelativeSegments,
  safeSegment,
} from '../../../electron/main/transfers/safe-local-path.ts';

describe('safeRelativeSegments', () => {
  it.each([
    ['photos/a.jpg', 'photos/', ['a.jpg']],
    ['photos/sub/b.jpg', 'photos/', ['sub', 'b.jpg']],
    ['photos/sub/b.jpg', '', ['photos', 'sub', 'b.jpg']],
    ['elsewhere/c.txt', 'photos/', ['elsewhere', 'c.txt']],
    // A prefix that is not a folder: only its folder part is removed, a name is never cut in two.
    ['photos.txt', 'photos', ['photos.txt']],
    ['photos/a.jpg', 'photos', ['photos', 'a.jpg']],
    ['albums/photos/a.jpg', 'albums/pho', ['photos', 'a.jpg']],
    ['a/../../evil.txt', '', ['a', '__', '__', 'evil.txt']],
    ['../evil.txt', '', ['__', 'evil.txt']],
    ['..\\x', '', ['__', 'x']],
    ['..', '', ['__']],
    ['...', '', ['___']],
    ['/etc/passwd', '', ['etc', 'passwd']],
    ['\\\\server\\share\\f', '', ['server', 'share', 'f']],
    ['C:/Windows/win.ini', '', ['C_', 'Windows', 'win.ini']],
    ['c:evil', '', ['c_evil']],
    ['x//y', '', ['x', 'y']],
    ['q/./r', '', ['q', 'r']],
    ['con', '', ['_con']],
    ['dir/CON.txt', '', ['dir', '_CON.txt']],
    ['lpt1', '', ['_lpt1']],
    ['console.log', '', ['console.log']],
    ['a<b>c:d"e|f?g*h', '', ['a_b_c_d_e_f_g_h']],
    ['tab\there', '', ['tab_here']],
    ['trailing. ', '', ['trailing__']],
    ['.hidden', '', ['.hidden']],
    ['ü/日本.txt', '', ['ü', '日本.txt']],
  ])('%j minus %j -> %j', (key, prefix, expected) => {
    expect(safeRelativeSegments(key, prefix)).toEqual(expected);
  });

  it('never yields a segment that climbs, is absolute or is empty', () => {
    const keys = ['a/../../x', '../../../..', '/..', '\\..\\..', 'a/./../b', '..%2f', ' ../x', '.. /x', '.\\.\\..'];
    for (const key of keys) {
      const segments = safeRelativeSegments(key, '');
      expect(segments.length).toBeGreaterThan(0);
      for (const s of segments) {
        expect(s).not.toBe('');
        expect(s).not.toMatch(/^\.+$/);
        expect(s).not.toMatch(/[/\\]/);
      }
      const root = path.resolve('/tmp/root');
      expect(path.resolve(root, ...segments).startsWith(`${root}${path.sep}`)).toBe(true);
    }
  });

  it('names a key that maps to nothing after its last segment, or `_`', () => {
    expect(safeRelativeSegments('photos/', 'photos/')).toEqual(['photos']);
    expect(safeRelativeSegments('./', '')).toEqual(['_']);
  });

  it('shortens a long name at a character boundary and keeps its extension', () => {
    const long = `${'日'.repeat(200)}.jpeg`;
    const [name] = safeRelativeSegments(long, '');
    expect(Buffer.byteLength(name!)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(name!.endsWith('.jpeg')).toBe(true);
    expect(name).not.toContain('\uFFFD');
  });

  it('composes decomposed names (NFC)', () => {
    expect(safeSegment('u\u0308ber')).toBe('\u00fcber');
  });
});

describe('safeFolderSegments', () => {
  it('is empty for the folder itself', () => {
    expect(safeFolderSegments('photos/', 'photos/')).toEqual([]);
    expect(safeFolderSegments('photos/2024/', 'photos/')).toEqual(['2024']);
    expect(safeFolderSegments('../up/', '')).toEqual(['__', 'up']);
  });
});

describe('numberedName', () => {
  it.each([
    ['report.pdf', 1, 'report (1).pdf'],
    ['archive.tar.gz', 2, 'archive.tar (2).gz'],
    ['.bashrc', 1, '.bashrc (1)'],
    ['notes', 3, 'notes (3)'],
  ])('%s #%i -> %s', (name, n, expected) => {
    expect(numberedName(name, n)).toBe(expected);
  });
});
