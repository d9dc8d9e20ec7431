// The last open connection / bucket / folder, restored at start-up.
const KEY = 'bucketscope.location.v1';

export interface SavedLocation {
  connectionId?: string | undefined;
  bucket?: string | undefined;
  prefix?: string | undefined;
}

export function rememberLocation(loc: SavedLocation, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(loc));
  } catch {
    /* not remembered */
  }
}

export function restoreLocation(storage: Storage | undefined = globalThis.localStorage): SavedLocation | undefined {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return undefined;
    const v = JSON.parse(raw) as Record<string, unknown>;
    const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
    return { connectionId: str(v.connectionId), bucket: str(v.bucket), prefix: str(v.prefix) };
  } catch {
    return undefined;
  }
}
