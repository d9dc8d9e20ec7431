// Electron downloads: main writes the objects into a folder picked in the native dialog (browser mode uses
// plain links to the loopback download endpoint instead, one per object for a selection of several).
import type { AppState } from '../../state/app.svelte.ts';
import { toastError } from '../../lib/components/toast.ts';

export function canDownloadToFolder(app: AppState): boolean {
  return app.api.mode === 'electron';
}

/** `objects` keys ending in `/` download everything under that folder. */
export async function downloadToFolder(app: AppState, objects: { key: string; versionId?: string | undefined }[]): Promise<void> {
  const { browser, transfers, layout } = app;
  const connectionId = browser.connectionId;
  const bucket = browser.bucket;
  if (!connectionId || !bucket || objects.length === 0) return;
  try {
    const { paths } = await app.api.desktop.openDialog({ purpose: 'download-folder' });
    const directory = paths[0];
    if (!directory) return;
    layout.bottomOpen = true;
    layout.bottomTab = 'transfers';
    layout.save();
    await transfers.downloadTo({ connectionId, bucket, prefix: browser.prefix, directory, objects });
  } catch (err) {
    toastError(err, 'Download failed');
  }
}

/** Between two links of one selection, so the browser sees separate downloads (it asks once to allow several). */
const BETWEEN_LINKS_MS = 250;

/**
 * Browser mode: each selected object (or version) as its own download, through the same authenticated link the
 * single Download uses. Returns how many were started (0 when this window has no download links).
 */
export async function downloadEach(app: AppState, objects: { key: string; versionId?: string | undefined }[]): Promise<number> {
  const connectionId = app.browser.connectionId;
  const bucket = app.browser.bucket;
  if (!connectionId || !bucket) return 0;
  let started = 0;
  for (const object of objects) {
    const url = app.api.files.downloadUrl({ connectionId, bucket, key: object.key, versionId: object.versionId });
    if (!url) continue;
    if (started > 0) await new Promise((resolve) => setTimeout(resolve, BETWEEN_LINKS_MS));
    const link = document.createElement('a');
    link.href = url;
    link.download = '';
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    started++;
  }
  return started;
}
