// Native open/save dialogs behind a small interface: the rest of main (and its tests) gets paths, never
// Electron's dialog module. https://www.electronjs.org/docs/latest/api/dialog
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';

export interface DesktopDialogs {
  /** Files to upload; [] when cancelled. */
  chooseUploadFiles(): Promise<string[]>;
  /** A folder to upload recursively; [] when cancelled. */
  chooseUploadFolder(): Promise<string[]>;
  /** Where downloads go; undefined when cancelled. */
  chooseDownloadFolder(defaultPath?: string): Promise<string | undefined>;
}

/** Electron's dialog.showOpenDialog bound to the app window (a sheet on macOS). */
export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;

export function uploadFilesDialog(): OpenDialogOptions {
  return { title: 'Upload files', buttonLabel: 'Upload', properties: ['openFile', 'multiSelections', 'dontAddToRecent'] };
}

export function uploadFolderDialog(): OpenDialogOptions {
  return { title: 'Upload folder', buttonLabel: 'Upload', properties: ['openDirectory', 'dontAddToRecent'] };
}

export function downloadFolderDialog(defaultPath?: string): OpenDialogOptions {
  return {
    title: 'Download to folder',
    buttonLabel: 'Download here',
    properties: ['openDirectory', 'createDirectory', 'promptToCreate', 'dontAddToRecent'],
    ...(defaultPath ? { defaultPath } : {}),
  };
}

export function createDesktopDialogs(show: ShowOpenDialog): DesktopDialogs {
  const paths = async (options: OpenDialogOptions): Promise<string[]> => {
    const result = await show(options);
    return result.canceled ? [] : result.filePaths;
  };
  return {
    chooseUploadFiles: () => paths(uploadFilesDialog()),
    chooseUploadFolder: () => paths(uploadFolderDialog()),
    chooseDownloadFolder: async (defaultPath) => (await paths(downloadFolderDialog(defaultPath)))[0],
  };
}
