import type { Component } from 'svelte';
import File from '@lucide/svelte/icons/file';
import FileImage from '@lucide/svelte/icons/file-image';
import FileText from '@lucide/svelte/icons/file-text';
import FileJson from '@lucide/svelte/icons/file-json';
import FileArchive from '@lucide/svelte/icons/file-archive';
import FileVideo from '@lucide/svelte/icons/file-video';
import FileAudio from '@lucide/svelte/icons/file-audio';
import FileCode from '@lucide/svelte/icons/file-code';
import FileSpreadsheet from '@lucide/svelte/icons/file-spreadsheet';

type Icon = Component<{ size?: number }>;
const BY_EXT: Record<string, Icon> = {};
const add = (icon: Icon, exts: string) => exts.split(' ').forEach((e) => (BY_EXT[e] = icon));
add(FileImage as Icon, 'jpg jpeg png gif webp svg bmp tif tiff heic dng avif ico');
add(FileText as Icon, 'txt md log rtf pdf doc docx');
add(FileJson as Icon, 'json ndjson jsonl');
add(FileArchive as Icon, 'zip gz tgz tar bz2 xz 7z zst rar');
add(FileVideo as Icon, 'mp4 mov mkv webm avi');
add(FileAudio as Icon, 'mp3 wav flac ogg m4a');
add(FileCode as Icon, 'js ts mjs cjs py go rs java html css xml yaml yml toml sh');
add(FileSpreadsheet as Icon, 'csv tsv xls xlsx parquet');

export function fileIcon(name: string): Icon {
  const dot = name.lastIndexOf('.');
  return (dot >= 0 && BY_EXT[name.slice(dot + 1).toLowerCase()]) || (File as Icon);
}
