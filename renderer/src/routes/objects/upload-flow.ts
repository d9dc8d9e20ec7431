// Before an upload replaces objects: PutObject silently overwrites a key that already holds an object, and without
// versioning the old object is gone for good. Like a file manager (and Cyberduck, S3 Browser), ask first, naming
// every object that would be replaced, and offer to skip those (upload only the new keys), as those tools do. With
// versioning enabled nothing is lost (the old one stays a version), so there is nothing to ask.
import { toast } from 'svelte-sonner';
import type { AppState } from '../../state/app.svelte.ts';
import { plural } from '../../lib/format/format.ts';
import { findExistingKeys } from './existing-keys.ts';

/** Above this many files, a toast says what the wait before the upload is. */
const SHOW_PROGRESS_FROM = 50;

/** Where an upload goes: the connection and bucket it was started for (a retry keeps them while the window moves on). */
export interface UploadTarget {
  connectionId: string;
  bucket: string;
}

/** The keys among `keys` that hold an object now, in the given order: HEAD for a few, listings for many. */
function existingKeys(app: AppState, { connectionId, bucket }: UploadTarget, keys: string[]): Promise<string[]> {
  const objects = app.api.objects;
  return findExistingKeys(
    {
      exists: (key) => objects.head({ connectionId, bucket, key }).then(() => true, () => false),
      list: ({ prefix, delimiter, token }) =>
        objects.list({ connectionId, bucket, prefix, delimiter, token }).then((page) => ({ keys: page.objects.map((o) => o.key), nextToken: page.nextToken })),
    },
    keys,
  );
}

/** The answer to the replace question: the keys to leave out of the upload (none when nothing is skipped). */
export interface UploadDecision {
  skip: string[];
}

const ALL: UploadDecision = { skip: [] };

/**
 * Resolves with what to upload when the upload may go ahead (nothing would be replaced, versioning keeps it, the
 * user said Replace, or Skip existing), undefined when the user cancelled.
 */
export async function confirmReplacing(app: AppState, target: UploadTarget, uploadKeys: string[]): Promise<UploadDecision | undefined> {
  const { browser, ui } = app;
  const bucket = target.bucket;
  // The window's versioning state is known only for the bucket it shows (of the connection it shows).
  const shown = browser.connectionId === target.connectionId && browser.bucket === bucket;
  // An empty folder's zero-byte `name/` marker replaces nothing worth asking about (it would be the same marker).
  const keys = uploadKeys.filter((k) => !k.endsWith('/'));
  if (keys.length === 0 || (shown && browser.versioning === 'Enabled')) return ALL;
  const checking = keys.length >= SHOW_PROGRESS_FROM ? toast.loading(`Checking which of ${plural(keys.length, 'file')} already exist…`) : undefined;
  let existing: string[];
  try {
    existing = await existingKeys(app, target, keys);
  } finally {
    if (checking !== undefined) toast.dismiss(checking);
  }
  if (existing.length === 0) return ALL;
  const suspended = shown && browser.versioning === 'Suspended';
  const them = existing.length === 1 ? 'the replaced object' : 'the replaced objects';
  const fresh = new Set(keys).size - existing.length;
  const answer = await ui.choose({
    title: `Replace ${plural(existing.length, 'object')}?`,
    message:
      `${existing.length === 1 ? 'This key' : `These ${existing.length} keys`} in bucket “${bucket}” already ${existing.length === 1 ? 'holds an object' : 'hold objects'}. ` +
      (fresh === 0
        ? `The upload replaces ${existing.length === 1 ? 'it' : 'them'}:`
        : `Replace ${existing.length === 1 ? 'it' : 'them'}, or skip ${existing.length === 1 ? 'it' : 'them'} and upload only the ${plural(fresh, 'new file')}:`),
    items: existing,
    note: suspended
      ? `Versioning is suspended: ${them} (their “null” version) cannot be recovered.`
      : `Versioning is off: ${them} cannot be recovered.`,
    confirmLabel: `Replace ${plural(existing.length, 'object')}`,
    // Skipping every file would upload nothing: then the question is only replace or cancel.
    ...(fresh > 0 ? { alternativeLabel: `Skip ${existing.length.toLocaleString('en-US')} existing` } : {}),
    danger: true,
  });
  if (answer === 'cancel') return undefined;
  return answer === 'alternative' ? { skip: existing } : ALL;
}

/**
 * Desktop app: files and folders main reads from their paths (picked or dropped). Main expands folders, so it is
 * asked which keys the upload writes, and those are checked like a browser upload's.
 */
export async function confirmReplacingPaths(app: AppState, dest: UploadTarget & { prefix: string }, paths: string[]): Promise<UploadDecision | undefined> {
  const { browser } = app;
  if (paths.length === 0 || (browser.connectionId === dest.connectionId && browser.bucket === dest.bucket && browser.versioning === 'Enabled')) return ALL;
  const { keys } = await app.api.transfers.planUpload({ connectionId: dest.connectionId, bucket: dest.bucket, prefix: dest.prefix, paths });
  return confirmReplacing(app, dest, keys);
}
