// Electron downloads: main writes the objects into a folder picked in the native dialog. Browser mode has no
// folder to write into: one object is a plain link to the loopback download endpoint; a folder or a selection
// is one zip, streamed by the same server.
import { toast } from 'svelte-sonner';
import type { AppState } from '../../state/app.svelte.ts';
import { toastError } from '../../lib/components/toast.ts';
import { plural } from '../../lib/format/format.ts';

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
    downloadLink(url);
    started++;
  }
  return started;
}

/**
 * Follows a download link as a download (an `<a download>`), never as a navigation: an error answer (the object
 * deleted meanwhile) then fails in the browser's downloads instead of replacing the app with the error's JSON.
 */
export function downloadLink(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

export function canDownloadZip(app: AppState): boolean {
  return !canDownloadToFolder(app) && app.api.files.downloadZip !== undefined;
}

/**
 * Browser mode: a folder or selection as one zip (keys ending in `/` are folders, with everything under them), named
 * after the folder. The browser shows its progress and can cancel it; the window only says it started.
 */
export async function downloadZip(app: AppState, objects: { key: string; versionId?: string | undefined }[]): Promise<void> {
  const { connectionId, bucket, prefix } = app.browser;
  const zip = app.api.files.downloadZip;
  if (!connectionId || !bucket || !zip || objects.length === 0) return;
  try {
    await zip({ connectionId, bucket, prefix, objects });
    const only = objects.length === 1 ? objects[0]!.key : undefined;
    toast.success(only?.endsWith('/') ? `Downloading “${only.slice(prefix.length)}” as a zip` : `Downloading ${plural(objects.length, 'item')} as a zip`, {
      description: 'Your browser shows its progress and can cancel it.',
    });
  } catch (err) {
    toastError(err, 'Download failed');
  }
}
