// Listing over the sorted key index: each page is a binary search plus at most max-keys steps, and a
// delimiter roll-up skips a whole "folder" with one more binary search.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
import type { KeyEntry, ObjectVersion, SortedKeys } from './storage/object-store.ts';
import { compareUtf8 } from './storage/utf8-order.ts';

export interface ListParams {
  prefix: string;
  delimiter: string;
  /** List keys strictly after this one (marker, start-after, continuation token). */
  after: string;
  maxKeys: number;
}

export interface ListItem {
  key: string;
  version: ObjectVersion;
}

export interface ListPage {
  contents: ListItem[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** Last key or common prefix returned (the next marker). */
  last: string;
}

/**
 * The common prefix key `k` (at index `i`) rolls up into, and the index just past every key under it;
 * undefined when there is no delimiter or `k` has none after the prefix.
 */
function rollUp(keys: SortedKeys, k: string, i: number, prefix: string, delimiter: string): { cp: string; next: number } | undefined {
  if (!delimiter) return undefined;
  const d = k.indexOf(delimiter, prefix.length);
  if (d < 0) return undefined;
  const cp = k.slice(0, d + delimiter.length);
  return { cp, next: keys.endOfPrefix(cp, i) };
}

/** The key's current version when it is an object (not a delete marker, not gone). */
function currentObject(keys: SortedKeys, k: string): ObjectVersion | undefined {
  const version = keys.get(k)?.versions[0];
  return version && !version.deleteMarker ? version : undefined;
}

/**
 * Whether any key in [from, to) is listed by ListObjects: a "folder" whose keys all end in delete markers is not a
 * common prefix there (it still is in ListObjectVersions, which lists the markers). Stops at the first live key,
 * so a folder costs one step unless it holds deleted keys first.
 */
function anyCurrent(keys: SortedKeys, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (currentObject(keys, keys.at(j))) return true;
  return false;
}

function startIndex(keys: SortedKeys, prefix: string, after: string): number {
  if (after && compareUtf8(after, prefix) >= 0) return keys.lowerBound(after, true);
  return keys.lowerBound(prefix);
}

export function listCurrent(keys: SortedKeys, p: ListParams): ListPage {
  const page: ListPage = { contents: [], commonPrefixes: [], isTruncated: false, last: '' };
  // max-keys=0 asks for nothing and S3 reports nothing left (IsTruncated false): a "truncated" empty page with no
  // continuation would send paginating clients round forever. (Ceph s3-tests, validated against AWS:
  // test_bucket_list_maxkeys_zero, test_bucket_listv2_maxkeys_zero.)
  if (p.maxKeys === 0) return page;
  let i = startIndex(keys, p.prefix, p.after);
  let count = 0;
  while (i < keys.size) {
    const k = keys.at(i);
    if (!k.startsWith(p.prefix)) break;
    const folder = rollUp(keys, k, i, p.prefix, p.delimiter);
    if (folder) {
      // A prefix at or before the marker was returned by an earlier page.
      if ((!p.after || compareUtf8(folder.cp, p.after) > 0) && anyCurrent(keys, i, folder.next)) {
        if (count >= p.maxKeys) {
          page.isTruncated = true;
          break;
        }
        page.commonPrefixes.push(folder.cp);
        page.last = folder.cp;
        count++;
      }
      i = folder.next;
      continue;
    }
    const version = currentObject(keys, k);
    if (version) {
      if (count >= p.maxKeys) {
        page.isTruncated = true;
        break;
      }
      page.contents.push({ key: k, version });
      page.last = k;
      count++;
    }
    i++;
  }
  return page;
}

export interface VersionListParams {
  prefix: string;
  delimiter: string;
  keyMarker: string;
  versionIdMarker: string;
  maxKeys: number;
}

export interface VersionItem {
  key: string;
  version: ObjectVersion;
  isLatest: boolean;
}

export interface VersionPage {
  /** Versions and delete markers in S3 order (key ascending, newest first). */
  items: VersionItem[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextKeyMarker: string;
  nextVersionIdMarker: string;
}

export function listVersions(keys: SortedKeys, p: VersionListParams): VersionPage {
  const page: VersionPage = { items: [], commonPrefixes: [], isTruncated: false, nextKeyMarker: '', nextVersionIdMarker: '' };
  if (p.maxKeys === 0) return page; // as listCurrent
  let i: number;
  let skipUntilAfterVersion: string | undefined;
  if (p.keyMarker && p.versionIdMarker && compareUtf8(p.keyMarker, p.prefix) >= 0) {
    // Resume inside the marker's key, after that version (a page boundary may split a key's versions).
    i = keys.lowerBound(p.keyMarker);
    if (i < keys.size && keys.at(i) === p.keyMarker) skipUntilAfterVersion = p.versionIdMarker;
  } else {
    // A key marker before the prefix skips nothing under it; one at or past the last key leaves nothing to list.
    i = startIndex(keys, p.prefix, p.keyMarker);
  }
  let count = 0;
  outer: while (i < keys.size) {
    const k = keys.at(i);
    if (!k.startsWith(p.prefix)) break;
    const folder = rollUp(keys, k, i, p.prefix, p.delimiter);
    if (folder) {
      if (!p.keyMarker || compareUtf8(folder.cp, p.keyMarker) > 0) {
        if (count >= p.maxKeys) {
          page.isTruncated = true;
          break;
        }
        page.commonPrefixes.push(folder.cp);
        page.nextKeyMarker = folder.cp;
        page.nextVersionIdMarker = '';
        count++;
      }
      i = folder.next;
      continue;
    }
    const versions = (keys.get(k) as KeyEntry).versions;
    let j = 0;
    if (skipUntilAfterVersion !== undefined) {
      const at = versions.findIndex((v) => v.versionId === skipUntilAfterVersion);
      j = at >= 0 ? at + 1 : 0;
      skipUntilAfterVersion = undefined;
    }
    for (; j < versions.length; j++) {
      if (count >= p.maxKeys) {
        page.isTruncated = true;
        break outer;
      }
      const version = versions[j] as ObjectVersion;
      page.items.push({ key: k, version, isLatest: j === 0 });
      page.nextKeyMarker = k;
      page.nextVersionIdMarker = version.versionId;
      count++;
    }
    i++;
  }
  return page;
}
