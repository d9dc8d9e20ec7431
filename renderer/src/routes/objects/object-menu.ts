// The object list's context menu: what can be done with the selected rows.
import Copy from '@lucide/svelte/icons/copy';
import CopyPlus from '@lucide/svelte/icons/copy-plus';
import Archive from '@lucide/svelte/icons/archive';
import Download from '@lucide/svelte/icons/download';
import FilePen from '@lucide/svelte/icons/file-pen';
import FolderOpen from '@lucide/svelte/icons/folder-open';
import Link from '@lucide/svelte/icons/link';
import PanelRight from '@lucide/svelte/icons/panel-right';
import Trash2 from '@lucide/svelte/icons/trash-2';
import Undo2 from '@lucide/svelte/icons/undo-2';
import type { MenuItem } from '../../lib/components/ContextMenu.svelte';
import type { AppState } from '../../state/app.svelte.ts';
import type { Row } from '../../state/browser.svelte.ts';
import { copyText } from '../../lib/components/copy-text.ts';
import { toastError } from '../../lib/components/toast.ts';
import { deleteRows } from './delete-flow.ts';
import { canDownloadToFolder, canDownloadZip, downloadEach, downloadLink, downloadToFolder, downloadZip } from './download.ts';
import { restoreVersion } from './version-actions.ts';

export function objectMenu(app: AppState, openRow: (row: Row) => void): MenuItem[] {
  const { browser, ui } = app;
  const rows = browser.markedRows;
  const bucket = browser.bucket;
  const connectionId = browser.connectionId;
  if (rows.length === 0 || !bucket || !connectionId) return [];
  const del: MenuItem = {
    label: rows.length > 1 ? `Delete ${rows.length} items…` : deleteLabel(rows[0]!),
    icon: Trash2,
    shortcut: 'Del',
    danger: true,
    testid: 'menu-delete',
    onselect: () => void deleteRows(app, rows),
  };
  const toFolder: MenuItem[] = canDownloadToFolder(app)
    ? [
        {
          label: 'Download to folder…',
          icon: Download,
          onselect: () => void downloadToFolder(app, rows.map((r) => (r.kind === 'version' ? { key: r.objectKey, versionId: r.version.versionId } : { key: r.key }))),
        },
      ]
    : [];
  // Browser mode has no folder to download into: several objects can also go as one download each (not folders:
  // their files would land side by side in the Downloads folder, without their paths; the zip keeps them).
  const files = rows.flatMap((r) =>
    r.kind === 'object' ? [{ key: r.key }] : r.kind === 'version' && !r.version.isDeleteMarker ? [{ key: r.objectKey, versionId: r.version.versionId }] : [],
  );
  const each: MenuItem[] =
    !canDownloadToFolder(app) && rows.length > 1 && files.length === rows.length
      ? [{ label: `Download ${files.length} files`, icon: Download, testid: 'menu-download-each', onselect: () => void downloadEach(app, files) }]
      : [];
  // Browser mode: a folder or several items as one zip, their paths kept (delete markers have nothing to download).
  const zipped = rows.flatMap((r) => (r.kind === 'version' ? (r.version.isDeleteMarker ? [] : [{ key: r.objectKey, versionId: r.version.versionId }]) : [{ key: r.key }]));
  const zip: MenuItem[] =
    canDownloadZip(app) && zipped.length > 0 && (rows.length > 1 || rows[0]!.kind === 'folder')
      ? [{ label: rows.length > 1 ? `Download ${zipped.length} items as zip` : 'Download as zip', icon: Archive, testid: 'menu-download-zip', onselect: () => void downloadZip(app, zipped) }]
      : [];
  // Several objects and folders (not versions) can go into another folder or bucket together.
  const copyMany: MenuItem[] =
    rows.length > 1 && rows.every((r) => r.kind !== 'version')
      ? [
          { label: `Copy ${rows.length} items to…`, icon: CopyPlus, testid: 'menu-copy', onselect: () => ui.open({ kind: 'copy', key: rows[0]!.key }) },
          { label: `Move ${rows.length} items to…`, icon: FilePen, testid: 'menu-rename', onselect: () => ui.open({ kind: 'copy', key: rows[0]!.key, move: true }) },
        ]
      : [];
  if (rows.length > 1) return [...toFolder, ...each, ...zip, ...copyMany, ...(each.length || toFolder.length || zip.length || copyMany.length ? ['separator' as const] : []), del];

  const r = rows[0]!;
  if (r.kind === 'folder') {
    return [
      { label: 'Open', icon: FolderOpen, shortcut: 'Enter', testid: 'menu-open', onselect: () => openRow(r) },
      ...toFolder,
      ...zip,
      { label: 'Copy prefix', icon: Copy, onselect: () => void copyText(r.key, 'prefix') },
      { label: 'Copy to…', icon: CopyPlus, testid: 'menu-copy', onselect: () => ui.open({ kind: 'copy', key: r.key }) },
      { label: 'Rename or move…', icon: FilePen, testid: 'menu-rename', onselect: () => ui.open({ kind: 'copy', key: r.key, move: true }) },
      'separator',
      del,
    ];
  }
  const key = r.kind === 'version' ? r.objectKey : r.key;
  const versionId = r.kind === 'version' ? r.version.versionId : undefined;
  const marker = r.kind === 'version' && r.version.isDeleteMarker;
  const url = marker ? undefined : app.api.files.downloadUrl({ connectionId, bucket, key, versionId });
  const download: MenuItem[] = url ? [{ label: 'Download', icon: Download, testid: 'menu-download', onselect: () => downloadLink(url) }] : marker ? [] : toFolder;
  const copyMove: MenuItem[] =
    r.kind === 'object'
      ? [
          { label: 'Copy to…', icon: CopyPlus, testid: 'menu-copy', onselect: () => ui.open({ kind: 'copy', key }) },
          { label: 'Rename or move…', icon: FilePen, testid: 'menu-rename', onselect: () => ui.open({ kind: 'copy', key, move: true }) },
        ]
      : [];
  // An older version (not a marker) can become the latest again.
  const restore: MenuItem[] =
    r.kind === 'version' && !r.version.isLatest && !marker && versionId !== undefined
      ? [{ label: 'Restore this version', icon: Undo2, testid: 'menu-restore', onselect: () => void restoreVersion(app, key, versionId) }]
      : [];
  return [
    {
      label: 'Show details',
      icon: PanelRight,
      shortcut: 'Enter',
      onselect: () => {
        app.layout.detailsOpen = true;
        app.layout.save();
      },
    },
    ...download,
    { label: 'Copy key', icon: Copy, onselect: () => void copyText(key, 'key') },
    ...(marker
      ? []
      : [
          {
            label: 'Copy share link (valid 1 hour)',
            icon: Link,
            testid: 'menu-share-link',
            onselect: () =>
              void app.api.objects.presign({ connectionId, bucket, key, versionId, expiresInSeconds: 3600 }).then(
                (link) => copyText(link.url, 'share link (valid 1 hour)'),
                (err) => toastError(err, 'Could not create the link'),
              ),
          } satisfies MenuItem,
        ]),
    ...restore,
    ...copyMove,
    'separator',
    del,
  ];
}

/** A delete marker's row offers to remove it (the latest one undeletes the object), not to "delete" it. */
function deleteLabel(r: Row): string {
  if (r.kind !== 'version') return 'Delete…';
  if (!r.version.isDeleteMarker) return 'Delete this version…';
  return r.version.isLatest ? 'Undelete (remove this delete marker)…' : 'Remove this delete marker…';
}
