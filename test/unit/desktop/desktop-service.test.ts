import type { OpenDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createDesktopService } from '../../../electron/main/platform/desktop-service.ts';
import { createDesktopDialogs, downloadFolderDialog, uploadFilesDialog, uploadFolderDialog } from '../../../electron/main/platform/dialogs.ts';

/** Stands in for dialog.showOpenDialog: answers with scripted results and records the options it got. */
function fakeShow(answers: { canceled: boolean; filePaths: string[] }[]) {
  const seen: OpenDialogOptions[] = [];
  const show = async (options: OpenDialogOptions) => {
    seen.push(options);
    return answers.shift() ?? { canceled: true, filePaths: [] };
  };
  return { show, seen };
}

describe('native dialogs', () => {
  it('asks for several files to upload, or one folder, or a download folder it may create', () => {
    expect(uploadFilesDialog().properties).toEqual(expect.arrayContaining(['openFile', 'multiSelections']));
    expect(uploadFilesDialog().properties).not.toContain('openDirectory');
    expect(uploadFolderDialog().properties).toContain('openDirectory');
    expect(uploadFolderDialog().properties).not.toContain('multiSelections');
    expect(downloadFolderDialog('/home/u/Downloads')).toMatchObject({ defaultPath: '/home/u/Downloads' });
    expect(downloadFolderDialog().properties).toEqual(expect.arrayContaining(['openDirectory', 'createDirectory']));
  });

  it('returns the chosen paths, nothing when cancelled', async () => {
    const fake = fakeShow([
      { canceled: false, filePaths: ['/a/1.jpg', '/a/2.jpg'] },
      { canceled: true, filePaths: ['/ignored'] },
      { canceled: false, filePaths: ['/dl'] },
    ]);
    const dialogs = createDesktopDialogs(fake.show);
    expect(await dialogs.chooseUploadFiles()).toEqual(['/a/1.jpg', '/a/2.jpg']);
    expect(await dialogs.chooseUploadFolder()).toEqual([]);
    expect(await dialogs.chooseDownloadFolder()).toBe('/dl');
    expect(await dialogs.chooseDownloadFolder()).toBeUndefined();
    expect(fake.seen.map((o) => o.title)).toEqual(['Upload files', 'Upload folder', 'Download to folder', 'Download to folder']);
  });
});

describe('desktop service', () => {
  it('answers Unavailable in browser mode (no adapters)', async () => {
    const service = createDesktopService();
    await expect(service.openDialog({ purpose: 'upload-files' })).rejects.toMatchObject({ code: 'Unavailable' });
    await expect(service.reveal({ location: 'logs' })).rejects.toMatchObject({ code: 'Unavailable' });
  });

  it('routes each purpose to its dialog and each location to reveal', async () => {
    const fake = fakeShow([
      { canceled: false, filePaths: ['/f'] },
      { canceled: false, filePaths: ['/folder'] },
      { canceled: false, filePaths: ['/downloads'] },
    ]);
    const revealed: string[] = [];
    const service = createDesktopService({ dialogs: createDesktopDialogs(fake.show), reveal: async (l) => void revealed.push(l) });
    expect(await service.openDialog({ purpose: 'upload-files' })).toEqual({ paths: ['/f'] });
    expect(await service.openDialog({ purpose: 'upload-folder' })).toEqual({ paths: ['/folder'] });
    expect(await service.openDialog({ purpose: 'download-folder' })).toEqual({ paths: ['/downloads'] });
    expect(await service.openDialog({ purpose: 'download-folder' })).toEqual({ paths: [] });
    await service.reveal({ location: 'logs' });
    await service.reveal({ location: 'data' });
    expect(revealed).toEqual(['logs', 'data']);
  });
});
