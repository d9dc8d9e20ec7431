// Which of the keys an upload is about to write already hold an object. A few keys are asked one by one
// (HeadObject); more are looked up by listing where they go (ListObjectsV2: up to 1,000 keys per request), so a
// folder of 2,000 files costs a handful of requests instead of 2,000 round trips, which on a remote connection is
// the difference between a moment and a minute before the upload starts.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html

export interface KeyLookup {
  /** Whether `key` holds an object now (a failed check counts as "no": the upload itself reports what goes wrong). */
  exists(key: string): Promise<boolean>;
  /** One ListObjectsV2 page: the object keys (not the common prefixes) under `prefix`. */
  list(input: { prefix: string; delimiter: string; token?: string | undefined }): Promise<{ keys: string[]; nextToken?: string | undefined }>;
}

/** Up to this many keys of one folder are asked with HEAD (one request each); more are listed. */
export const HEAD_UP_TO = 8;
/** HEAD requests in flight. */
const PARALLEL_HEADS = 8;
/** Folders listed at once. */
const PARALLEL_LISTS = 4;
/**
 * A listing stops after about one page per this many keys it is checking (a folder that already holds far more
 * objects than the upload adds): the keys after the last listed one are then asked with HEAD.
 */
const KEYS_PER_PAGE_BUDGET = 10;

interface Group {
  prefix: string;
  /** '/' for the keys directly in `prefix`, '' for a whole sub-tree. */
  delimiter: string;
  keys: string[];
}

/** The keys among `keys` that hold an object now, in the order given (duplicates once). */
export async function findExistingKeys(lookup: KeyLookup, keys: string[]): Promise<string[]> {
  const unique = [...new Set(keys)];
  const found = new Set<string>();
  const toHead: string[] = [];
  if (unique.length <= HEAD_UP_TO) toHead.push(...unique);
  else {
    const listed: Group[] = [];
    for (const group of groupByFolder(unique)) {
      if (group.keys.length <= HEAD_UP_TO) toHead.push(...group.keys);
      else listed.push(group);
    }
    // Folders are listed side by side (their pages one after another: each needs the previous page's token).
    const worker = async () => {
      for (let group = listed.shift(); group; group = listed.shift()) toHead.push(...(await listGroup(lookup, group, found)));
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_LISTS, listed.length) }, worker));
  }
  await headAll(lookup, toHead, found);
  return unique.filter((k) => found.has(k));
}

/**
 * The folder the keys have in common (up to a `/`), then one group for the keys directly in it (listed with the
 * delimiter, so its other sub-folders are not walked) and one per sub-folder the upload writes into (listed whole).
 */
export function groupByFolder(keys: string[]): Group[] {
  const base = commonFolder(keys);
  const groups = new Map<string, Group>();
  for (const key of keys) {
    const rest = key.slice(base.length);
    const slash = rest.indexOf('/');
    const prefix = slash === -1 ? base : base + rest.slice(0, slash + 1);
    const delimiter = slash === -1 ? '/' : '';
    const id = `${delimiter}\u0000${prefix}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { prefix, delimiter, keys: [] }));
    group.keys.push(key);
  }
  return [...groups.values()];
}

function commonFolder(keys: string[]): string {
  let common = keys[0] ?? '';
  for (const key of keys) {
    let i = 0;
    while (i < common.length && i < key.length && common[i] === key[i]) i++;
    common = common.slice(0, i);
  }
  return common.slice(0, common.lastIndexOf('/') + 1);
}

/** Marks the group's keys that the listing shows; returns those it did not reach (to ask with HEAD), or all on failure. */
async function listGroup(lookup: KeyLookup, group: Group, found: Set<string>): Promise<string[]> {
  const wanted = new Set(group.keys);
  const budget = Math.max(2, Math.ceil(group.keys.length / KEYS_PER_PAGE_BUDGET));
  let token: string | undefined;
  let last: string | undefined;
  try {
    for (let pages = 0; pages < budget; pages++) {
      const page = await lookup.list({ prefix: group.prefix, delimiter: group.delimiter, token });
      for (const key of page.keys) if (wanted.has(key)) found.add(key);
      last = page.keys.at(-1) ?? last;
      token = page.nextToken;
      if (!token) return [];
    }
  } catch {
    // No ListBucket permission (a key may be allowed to write but not to list): ask key by key instead.
    return group.keys.filter((k) => !found.has(k));
  }
  // Over budget: the listing (in UTF-8 byte order) got as far as `last`; keys after it are still unknown.
  return group.keys.filter((k) => !found.has(k) && (last === undefined || compareUtf8(k, last) > 0));
}

async function headAll(lookup: KeyLookup, keys: string[], found: Set<string>): Promise<void> {
  const queue = [...keys];
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) if (await lookup.exists(key)) found.add(key);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_HEADS, queue.length) }, worker));
}

/** S3 lists keys in UTF-8 byte order, which is code point order (JavaScript's `<` compares UTF-16 units). */
export function compareUtf8(a: string, b: string): number {
  const x = a[Symbol.iterator]();
  const y = b[Symbol.iterator]();
  for (;;) {
    const p = x.next();
    const q = y.next();
    if (p.done || q.done) return p.done && q.done ? 0 : p.done ? -1 : 1;
    const d = p.value.codePointAt(0)! - q.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}
