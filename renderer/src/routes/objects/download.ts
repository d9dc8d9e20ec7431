// Electron downloads: main writes the objects into a folder picked in the native dialog (browser mode uses
// plain links to the loopback download endpoint instead).
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
