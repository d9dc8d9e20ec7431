// Deleting objects or folders: expand folders to the exact keys, confirm with that list, then delete.
import type { AppState } from '../../state/app.svelte.ts';
import type { Row } from '../../state/browser.svelte.ts';
import { toast } from 'svelte-sonner';
import { toastError, toastSuccess } from '../../lib/components/toast.ts';
import { plural } from '../../lib/format/format.ts';
import { refocusIfLost } from '../../lib/components/focus.ts';

export async function deleteRows(app: AppState, allRows: Row[]): Promise<void> {
  const { browser } = app;
  if (allRows.length === 0 || !browser.bucket) return;
  const versions = allRows.filter((r) => r.kind === 'version');
  if (versions.length) await deleteVersionRows(app, versions);
  const rows = allRows.filter((r) => r.kind !== 'version');
  if (rows.length) await deleteObjectRows(app, rows);
  // The control that started it (the details panel's Delete button, a row) can go with the object: go on
  // from the object list (or, in an emptied folder, the table body that stands in for it).
  await refocusIfLost('[data-testid="object-list"]', '[data-testid="object-browser"] .tbody');
}

/** Exact versions and delete markers go for good (S3 DeleteObjects with VersionId). */
async function deleteVersionRows(app: AppState, rows: Row[]): Promise<void> {
  const { browser, ui } = app;
  const list = rows.flatMap((r) => (r.kind === 'version' ? [{ key: r.objectKey, versionId: r.version.versionId, marker: r.version.isDeleteMarker }] : []));
  const markers = list.filter((v) => v.marker).length;
  // Only delete markers: removing them undeletes (the version below becomes the latest again), and nothing is
  // lost: a confirmation worded as a permanent delete ('cannot be undone') scared users off the way to undelete.
  const onlyMarkers = markers === list.length;
  const ok = onlyMarkers
    ? await ui.confirm({
        title: markers === 1 ? 'Remove the delete marker?' : `Remove ${plural(markers, 'delete marker')}?`,
        message: `From bucket “${browser.bucket}”: where a marker is an object's latest version, removing it brings the object back (undelete).`,
        items: list.map((v) => `${v.key} @ ${v.versionId} (delete marker)`),
        note: 'No object data is deleted: every version stays. Deleting the object again adds a new marker.',
        confirmLabel: markers === 1 ? 'Remove marker' : `Remove ${plural(markers, 'marker')}`,
      })
    : await ui.confirm({
        title: `Delete ${plural(list.length, 'version')} permanently?`,
        message: `From bucket “${browser.bucket}”${markers ? ` (${plural(markers, 'delete marker')}: removing the latest marker restores the object)` : ''}:`,
        items: list.map((v) => `${v.key} @ ${v.versionId}${v.marker ? ' (delete marker)' : ''}`),
        note: 'Deleting a specific version cannot be undone.',
        confirmLabel: `Delete ${plural(list.length, 'version')}`,
        danger: true,
      });
  if (!ok) return;
  try {
    const result = await browser.deleteVersions(list.map(({ key, versionId }) => ({ key, versionId })));
    if (result.errors.length) {
      toastError({ code: 'PartialFailure', message: `${plural(result.errors.length, 'version')} could not be deleted`, hint: result.errors.slice(0, 3).map((e) => `${e.key}: ${e.message}`).join('\n') });
    } else if (onlyMarkers) toastSuccess(markers === 1 ? 'Delete marker removed' : `${plural(result.removed, 'delete marker')} removed`, `${list[0]!.key}${list.length > 1 ? ', …' : ''}: the previous version is the latest again.`);
    else toastSuccess(`Deleted ${plural(result.removed, 'version')}`);
  } catch (err) {
    toastError(err, 'Delete failed');
  }
}

async function deleteObjectRows(app: AppState, rows: Row[]): Promise<void> {
  const { browser, ui } = app;
  let keys: string[];
  // Listing a big folder takes a while: show how far it got, and let the user stop it.
  const abort = new AbortController();
  const folders = rows.some((r) => r.kind === 'folder');
  const progress = folders
    ? toast.loading('Listing what to delete…', { action: { label: 'Cancel', onClick: () => abort.abort() }, duration: Number.POSITIVE_INFINITY })
    : undefined;
  try {
    keys = await browser.expandForDelete(rows, (n) => progress !== undefined && toast.loading(`Listing what to delete… ${plural(n, 'key')} so far`, { id: progress }), abort.signal);
  } catch (err) {
    if (progress !== undefined) toast.dismiss(progress);
    if ((err as { code?: string }).code !== 'Cancelled') toastError(err, 'Could not list what to delete');
    return;
  }
  if (progress !== undefined) toast.dismiss(progress);
  if (keys.length === 0) {
    toastSuccess('Nothing to delete', 'The folder holds no objects.');
    return;
  }
  const versioned = browser.versioning === 'Enabled' || browser.versioning === 'Suspended';
  const ok = await ui.confirm({
    title: `Delete ${plural(keys.length, 'object')}?`,
    message: `From bucket “${browser.bucket}”:`,
    items: keys,
    note: versioned
      ? 'Versioning is on: each object gets a delete marker and its older versions stay restorable.'
      : 'Versioning is off: this cannot be undone.',
    confirmLabel: `Delete ${plural(keys.length, 'object')}`,
    danger: true,
    irreversible: !versioned,
  });
  if (!ok) return;
  // More than one request (1,000 keys each): say how far it got, and let the user stop between requests.
  const stop = new AbortController();
  const deleting = keys.length > 1000
    ? toast.loading(`Deleting ${plural(keys.length, 'object')}…`, { action: { label: 'Cancel', onClick: () => stop.abort() }, duration: Number.POSITIVE_INFINITY })
    : undefined;
  try {
    const result = await browser.deleteKeys(
      keys,
      (done, total) => {
        if (deleting !== undefined && !stop.signal.aborted) toast.loading(`Deleting… ${done.toLocaleString('en-US')} of ${plural(total, 'object')}`, { id: deleting });
      },
      stop.signal,
    );
    if (deleting !== undefined) toast.dismiss(deleting);
    const left = keys.length - result.removed - result.errors.length;
    if (result.cancelled) {
      toast(`Stopped after deleting ${result.removed.toLocaleString('en-US')} of ${plural(keys.length, 'object')}`, {
        description: `${plural(left, 'object')} ${left === 1 ? 'is' : 'are'} still in the bucket.${versioned && result.removed ? ' The deleted ones got delete markers and can be restored.' : ''}`,
        duration: 15_000,
      });
    } else if (result.errors.length) {
      toastError({ code: 'PartialFailure', message: `${plural(result.errors.length, 'object')} could not be deleted`, hint: result.errors.slice(0, 3).map((e) => `${e.key}: ${e.message}`).join('\n') });
    } else toastSuccess(`Deleted ${plural(result.removed, 'object')}`, versioned ? 'Delete markers added; the older versions can be restored.' : undefined);
  } catch (err) {
    if (deleting !== undefined) toast.dismiss(deleting);
    toastError(err, 'Delete failed');
  }
}
