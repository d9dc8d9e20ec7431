// Files dropped on the browser, folders included: a dropped folder arrives as a directory entry that has to be
// walked (https://developer.mozilla.org/docs/Web/API/DataTransferItem/webkitGetAsEntry). Electron does not
// need this: main reads dropped paths itself, folders included.

export interface DroppedFile {
  file: File;
  /**
   * Path relative to the drop, e.g. "photos/2026/cat.jpg" for a dropped "photos" folder. An empty folder is an
   * empty file at "photos/empty/": a zero-byte folder marker, as the desktop app and "Create folder" make it,
   * so the uploaded tree looks like the dropped one.
   */
  path: string;
}

export async function droppedFiles(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => Boolean(e));
  if (entries.length === 0) return [...data.files].map((file) => ({ file, path: file.name }));
  const out: DroppedFile[] = [];
  for (const entry of entries) await walk(entry, '', out);
  return out;
}

async function walk(entry: FileSystemEntry, parent: string, out: DroppedFile[]): Promise<void> {
  const path = parent ? `${parent}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const before = out.length;
  // readEntries returns the children in batches until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, path, out);
  }
  if (out.length === before) out.push({ file: new File([], entry.name), path: `${path}/` });
}
