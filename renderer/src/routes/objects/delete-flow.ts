// Deleting objects or folders: expand folders to the exact keys, confirm with that list, then delete.
import type { AppState } from '../../state/app.svelte.ts';
import type { Row } from '../../state/browser.svelte.ts';
import { toastError, toastSuccess } from '../../lib/components/toast.ts';
import { plural } from '../../lib/format/format.ts';

export async function deleteRows(app: AppState, allRows: Row[]): Promise<void> {
  const { browser } = app;
  if (allRows.length === 0 || !browser.bucket) return;
  const versions = allRows.filter((r) => r.kind === 'version');
  if (versions.length) await deleteVersionRows(app, versions);
  const rows = allRows.filter((r) => r.kind !== 'version');
  if (rows.length) await deleteObjectRows(app, rows);
}

/** Exact versions and delete markers go for good (S3 DeleteObjects with VersionId). */
async function deleteVersionRows(app: AppState, rows: Row[]): Promise<void> {
  const { browser, ui } = app;
  const list = rows.flatMap((r) => (r.kind === 'version' ? [{ key: r.objectKey, versionId: r.version.versionId, marker: r.version.isDeleteMarker }] : []));
  const markers = list.filter((v) => v.marker).length;
  const ok = await ui.confirm({
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
    } else toastSuccess(`Deleted ${plural(result.removed, 'version')}`);
  } catch (err) {
    toastError(err, 'Delete failed');
  }
}

async function deleteObjectRows(app: AppState, rows: Row[]): Promise<void> {
  const { browser, ui } = app;
  let keys: string[];
  try {
    keys = await browser.expandForDelete(rows);
  } catch (err) {
    toastError(err, 'Could not list what to delete');
    return;
  }
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
  try {
    const result = await browser.deleteKeys(keys);
    if (result.errors.length) {
      toastError({ code: 'PartialFailure', message: `${plural(result.errors.length, 'object')} could not be deleted`, hint: result.errors.slice(0, 3).map((e) => `${e.key}: ${e.message}`).join('\n') });
    } else toastSuccess(`Deleted ${plural(result.removed, 'object')}`);
  } catch (err) {
    toastError(err, 'Delete failed');
  }
}
