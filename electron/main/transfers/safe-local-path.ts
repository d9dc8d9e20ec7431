// Maps an object key to a path below a chosen download folder. A key is any UTF-8 string: `a/../../x`,
// `/etc/passwd`, `C:\x`, `con.txt` and `a:b?` are all valid keys (the embedded server and AWS store them),
// so a key is never joined to a local path as is. The same rules apply on every OS, so a folder downloaded
// on Linux can be copied to Windows and the result does not depend on where it was downloaded:
// - `/` and `\` separate folders; empty and `.` segments are dropped (`/abs`, `x//y`, `q/./r`);
// - characters Windows forbids (`<>:"|?*`, control characters) become `_`, which also defuses drive
//   letters (`C:` -> `C_`); a trailing dot or space (Windows drops it, so `..` and `...` would resolve to
//   a parent) becomes `_`, so `..` turns into `__` and can never climb;
// - reserved device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with or without an extension) get a `_` prefix;
// - a segment longer than MAX_SEGMENT_BYTES is shortened, keeping its extension.
// https://learn.microsoft.com/en-us/windows/win32/fileio/naming-a-file#naming-conventions

/** Below the usual 255-byte name limit, leaving room for a ` (12)` collision suffix. */
export const MAX_SEGMENT_BYTES = 240;

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be replaced
const FORBIDDEN = /[<>:"|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/** One key segment made safe as a file or folder name; '' means "drop it". */
export function safeSegment(segment: string): string {
  if (segment === '' || segment === '.') return '';
  let name = shorten(segment.normalize('NFC').replace(FORBIDDEN, '_'));
  name = name.replace(/[. ]+$/, (tail) => '_'.repeat(tail.length));
  if (RESERVED.test(name)) name = `_${name}`;
  return name;
}

/**
 * The local path segments for `key`, relative to the download folder: the key minus the folder part of
 * `prefix` (up to its last `/`, so a name is never cut in two) when it starts with it, otherwise the whole
 * key; made safe segment by segment. Never empty: a key that maps to nothing (e.g. `./`) is named after
 * its last meaningful segment, or `_`.
 */
export function safeRelativeSegments(key: string, prefix: string): string[] {
  const segments = splitKey(relativeTo(key, prefix));
  if (segments.length > 0) return segments;
  return [splitKey(key).at(-1) ?? '_'];
}

/** The folder segments for a folder marker key (`photos/2024/`), relative to the download folder; [] for the folder itself. */
export function safeFolderSegments(key: string, prefix: string): string[] {
  return splitKey(relativeTo(key, prefix));
}

function relativeTo(key: string, prefix: string): string {
  const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  return folder !== '' && key.startsWith(folder) ? key.slice(folder.length) : key;
}

function splitKey(key: string): string[] {
  return key
    .split(/[/\\]/)
    .map(safeSegment)
    .filter((s) => s !== '');
}

function shorten(name: string): string {
  if (Buffer.byteLength(name) <= MAX_SEGMENT_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && Buffer.byteLength(name.slice(dot)) <= 16 ? name.slice(dot) : '';
  const budget = MAX_SEGMENT_BYTES - Buffer.byteLength(ext);
  let stem = '';
  let bytes = 0;
  // Cut at a code point boundary, never inside a UTF-8 sequence or a surrogate pair.
  for (const ch of name.slice(0, name.length - ext.length)) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > budget) break;
    stem += ch;
    bytes += size;
  }
  return stem + ext;
}

/** `report.pdf` -> `report (1).pdf`; `.bashrc` -> `.bashrc (1)`; `notes` -> `notes (1)`. */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return `${name} (${n})`;
  return `${name.slice(0, dot)} (${n})${name.slice(dot)}`;
}
