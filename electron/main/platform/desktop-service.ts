// AppApi['desktop']: what only the desktop app can do for the page — native open dialogs (their paths
// then go to transfers.uploadPaths) and showing the log or data folder in the file manager. Pure over
// adapters, so the host builds it in every mode: browser mode passes none and each method answers
// `Unavailable` (a web page picks files with <input type=file> instead).
import { AppError } from '../../shared/errors.ts';
import type { DesktopDialogs } from './dialogs.ts';

export type DialogPurpose = 'upload-files' | 'upload-folder' | 'download-folder';
export type RevealLocation = 'logs' | 'data';

export interface DesktopAdapters {
  dialogs: DesktopDialogs;
  /** Opens the folder (or shows the file) in the OS file manager. */
  reveal(location: RevealLocation): Promise<void>;
}

export interface DesktopApi {
  openDialog(input: { purpose: DialogPurpose }): Promise<{ paths: string[] }>;
  reveal(input: { location: RevealLocation }): Promise<void>;
}

function unavailable(): AppError {
  return new AppError({ code: 'Unavailable', message: 'Native dialogs and folders are available in the desktop app only' });
}

export function createDesktopService(adapters?: DesktopAdapters): DesktopApi {
  return {
    async openDialog({ purpose }) {
      if (!adapters) throw unavailable();
      const { dialogs } = adapters;
      if (purpose === 'upload-files') return { paths: await dialogs.chooseUploadFiles() };
      if (purpose === 'upload-folder') return { paths: await dialogs.chooseUploadFolder() };
      const folder = await dialogs.chooseDownloadFolder();
      return { paths: folder ? [folder] : [] };
    },
    async reveal({ location }) {
      if (!adapters) throw unavailable();
      await adapters.reveal(location);
    },
  };
}
