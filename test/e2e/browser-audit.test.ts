// Object browser and transfers as a demanding user drives them on the Local connection: what an audit found
// broken, checked end to end (real browser, real host, real embedded server).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteBucketCommand, DeleteObjectCommand, GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { embeddedServerClient, type RunningApp, startApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

describe.skipIf(!hasChromium)('object browser audit', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;
  let s3: S3Client;
  let tmp: string;

  beforeAll(async () => {
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    s3 = await embeddedServerClient(run.app);
    tmp = await mkdtemp(join(tmpdir(), 'bucketscope-audit-'));
    await ui.openLocal();
  });

  afterAll(async () => {
    s3?.destroy();
    await run?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const keys = async (bucket: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!).sort();

  it('deletes a folder with every key in its sub-folders, after listing them all in the confirmation', async () => {
    await ui.createBucket('nested');
    // Only sub-folders directly under tree/: no object sits at its first level.
    for (const key of ['tree/2026/a.log', 'tree/2026/11/b.log', 'tree/2027/c.log', 'other.txt']) {
      await s3.send(new PutObjectCommand({ Bucket: 'nested', Key: key, Body: key }));
    }
    await ui.openBucket('nested');
    // A click beside the name selects the folder (a click on the name opens it).
    await ui.objectRow('tree/').click({ position: { x: 400, y: 10 } });
    await run.page.keyboard.press('Delete');
    const dialog = ui.byTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').innerText()).toBe('Delete 3 objects?');
    expect((await ui.byTestId('confirm-items').getByRole('listitem').allInnerTexts()).sort()).toEqual(['tree/2026/11/b.log', 'tree/2026/a.log', 'tree/2027/c.log']);
    await ui.byTestId('confirm-ok').click();
    await ui.objectRow('tree/').waitFor({ state: 'detached' });
    expect(await keys('nested')).toEqual(['other.txt']);
  });

  it('asks before an upload replaces objects in a bucket without versioning, naming them; Cancel uploads nothing', async () => {
    // The bucket of the first test: other.txt is there.
    const files = [
      { name: 'other.txt', mimeType: 'text/plain', buffer: Buffer.from('replacement') },
      { name: 'new.txt', mimeType: 'text/plain', buffer: Buffer.from('new') },
    ];
    await ui.upload(files);
    const dialog = ui.byTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').innerText()).toBe('Replace 1 object?');
    expect(await ui.byTestId('confirm-items').innerText()).toBe('other.txt');
    expect(await dialog.innerText()).toMatch(/cannot be recovered/);
    await ui.settle();
    await run.shot('browser-audit-01-replace-confirm');
    await ui.byTestId('confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await keys('nested')).toEqual(['other.txt']);
    const body = async () => (await s3.send(new GetObjectCommand({ Bucket: 'nested', Key: 'other.txt' }))).Body!.transformToString();
    expect(await body()).toBe('other.txt');
    // Skip existing, from the keyboard (the dialog opens on it): only new.txt goes; other.txt keeps its bytes.
    await ui.upload(files);
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/or skip it and upload only the 1 new file:/);
    expect(await ui.byTestId('confirm-alternative').innerText()).toBe('Skip 1 existing');
    await run.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => keys('nested')).toEqual(['new.txt', 'other.txt']);
    expect(await body()).toBe('other.txt');
    // Again, and this time replace.
    await ui.upload(files);
    await dialog.waitFor();
    await ui.byTestId('confirm-ok').click();
    await eventually(() => keys('nested')).toEqual(['new.txt', 'other.txt']);
    await eventually(body).toBe('replacement');
  });

  it('downloads several selected objects at once, one file each', async () => {
    // The bucket of the tests above: new.txt and other.txt.
    await ui.objectRow('new.txt').click();
    await ui.objectRow('other.txt').click({ modifiers: ['Shift'] });
    await eventually(() => ui.byTestId('selection-count').innerText()).toBe('2 selected');
    const downloads: { name: string; body: string }[] = [];
    let onDownload!: (download: Download) => Promise<void>;
    const done = new Promise<void>((resolve) => {
      onDownload = async (download) => {
        const path = await download.path();
        downloads.push({ name: download.suggestedFilename(), body: await readFile(path, 'utf8') });
        if (downloads.length === 2) resolve();
      };
      run.page.on('download', onDownload);
    });
    await ui.objectRow('other.txt').click({ button: 'right' });
    await run.page.getByRole('menu').getByTestId('menu-download-each').click();
    await done;
    // Later tests download too (one of them a deleted object, which the browser cancels): not this test's listener.
    run.page.off('download', onDownload);
    expect(downloads.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'new.txt', body: 'new' },
      { name: 'other.txt', body: 'replacement' },
    ]);
  });

  it('renames a folder: every key below it moves to the new path, the originals go only after all copies', async () => {
    for (const key of ['photos/2026/a b.jpg', 'photos/2026/c#1.jpg', 'photos/raw/ü.dng']) {
      await s3.send(new PutObjectCommand({ Bucket: 'nested', Key: key, Body: key }));
    }
    await ui.byTestId('refresh-objects').click();
    await ui.objectRow('photos/').click({ button: 'right' });
    await run.page.getByRole('menu').getByTestId('menu-rename').click();
    const dialog = ui.byTestId('copy-dialog');
    await dialog.waitFor();
    const folder = ui.byTestId('copy-target-key');
    expect(await folder.inputValue()).toBe('photos/');
    // Into itself is refused before anything is sent.
    await folder.fill('photos/old/');
    expect(await dialog.innerText()).toMatch(/A folder cannot go inside itself/);
    expect(await ui.byTestId('copy-submit').isDisabled()).toBe(true);
    await folder.fill('albums/2026 trip');
    await ui.settle();
    await run.shot('browser-audit-02-rename-folder');
    await ui.byTestId('copy-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await ui.objectRow('albums/').waitFor();
    await eventually(() => keys('nested')).toEqual([
      'albums/2026 trip/2026/a b.jpg',
      'albums/2026 trip/2026/c#1.jpg',
      'albums/2026 trip/raw/ü.dng',
      'new.txt',
      'other.txt',
    ]);
    expect(await ui.objectRow('photos/').count()).toBe(0);
    const body = await (await s3.send(new GetObjectCommand({ Bucket: 'nested', Key: 'albums/2026 trip/raw/ü.dng' }))).Body!.transformToString();
    expect(body).toBe('photos/raw/ü.dng');
  });

  it('keeps every original of a folder move that fails for one key, and says so', async () => {
    const long = `deep/${'k'.repeat(1000)}.txt`;
    for (const key of [long, 'deep/short.txt']) await s3.send(new PutObjectCommand({ Bucket: 'nested', Key: key, Body: 'x' }));
    await ui.byTestId('refresh-objects').click();
    await ui.objectRow('deep/').click({ button: 'right' });
    await run.page.getByRole('menu').getByTestId('menu-rename').click();
    // 40 + 1 + 1,004 bytes: over S3's 1,024-byte key limit for the long key only.
    await ui.byTestId('copy-target-key').fill('x'.repeat(40));
    await ui.byTestId('copy-submit').click();
    const toast = run.page.locator('[data-sonner-toast]').filter({ hasText: 'could not be moved' });
    await toast.waitFor();
    expect(await toast.innerText()).toMatch(/1 object could not be moved[\s\S]*Nothing was deleted/);
    const now = await keys('nested');
    expect(now).toContain(long);
    expect(now).toContain('deep/short.txt');
    await ui.dismissToasts();
  });

  it('says so when the bucket was deleted meanwhile by another client, and drops it from the sidebar', async () => {
    await ui.createBucket('gone-soon');
    await ui.openBucket('gone-soon');
    await s3.send(new DeleteBucketCommand({ Bucket: 'gone-soon' }));
    await ui.upload([{ name: 'late.txt', mimeType: 'text/plain', buffer: Buffer.from('late') }]);
    const note = run.page.locator('[data-sonner-toast]').filter({ hasText: 'Bucket “gone-soon” no longer exists' });
    await note.waitFor();
    await ui.bucket('gone-soon').waitFor({ state: 'detached' });
    await ui.byTestId('empty-no-bucket').waitFor();
    await ui.dismissToasts();
  });

  it('cancels a large upload halfway: the browser does not send it again, nothing lands in the bucket, and Retry sends it whole', async () => {
    await ui.createBucket('big');
    await ui.openBucket('big');
    const file = join(tmp, 'video.bin');
    await writeFile(file, Buffer.alloc(24 * 1024 * 1024, 7));
    // Slow the page's uploads down (4 MiB/s) so the cancel lands while the body is still being sent.
    const cdp = await run.page.context().newCDPSession(run.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 4 * 1024 * 1024 });
    try {
      await ui.byTestId('upload-input').setInputFiles(file);
      const row = ui.byTestId('transfer-row').filter({ hasText: 'video.bin' });
      await eventually(async () => /\b([1-9]\d?)%/.test(await row.first().innerText())).toBe(true);
      await row.first().getByTestId('transfer-cancel').click();
      await eventually(() => row.first().getAttribute('data-state')).toBe('cancelled');
      // A reset connection made Chromium send the PUT again at once, as a new transfer that then completed.
      await run.page.waitForTimeout(1500);
      expect(await row.count()).toBe(1);
      expect(await row.getAttribute('data-state')).toBe('cancelled');
      expect(await keys('big')).toEqual([]);
      // Nor parts of it: the multipart upload it had begun is aborted.
      await eventually(async () => (await s3.send(new ListMultipartUploadsCommand({ Bucket: 'big' }))).Uploads ?? []).toEqual([]);
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    // The transfer list's Retry needs a local path, which a page has not: the window offers it with the File it kept.
    const offer = run.page.locator('[data-sonner-toast]').filter({ hasText: 'Upload of video.bin cancelled' });
    await offer.waitFor();
    await ui.settle();
    await run.shot('browser-audit-03-retry-offer');
    await offer.getByRole('button', { name: 'Retry' }).click();
    await eventually(() => keys('big')).toEqual(['video.bin']);
    const head = await s3.send(new ListObjectsV2Command({ Bucket: 'big' }));
    expect(head.Contents?.[0]?.Size).toBe(24 * 1024 * 1024);
  });
  it("downloads an object from its menu without leaving the app, also when another client deleted it meanwhile", async () => {
    await ui.createBucket('menu-dl');
    for (const key of ['keep.txt', 'vanish.txt']) await s3.send(new PutObjectCommand({ Bucket: 'menu-dl', Key: key, Body: `body of ${key}` }));
    await ui.openBucket('menu-dl');
    const downloaded = run.page.waitForEvent('download');
    await ui.objectRow('keep.txt').click({ button: 'right' });
    await run.page.getByRole('menu').getByTestId('menu-download').click();
    const download = await downloaded;
    expect(await readFile(await download.path(), 'utf8')).toBe('body of keep.txt');
    // Deleted by another client while its menu is open (the list then drops the row, the open menu stays): the
    // failed download must not replace the app with its error.
    const app = run.page.url();
    await ui.objectRow('vanish.txt').click({ button: 'right' });
    await s3.send(new DeleteObjectCommand({ Bucket: 'menu-dl', Key: 'vanish.txt' }));
    await ui.objectRow('vanish.txt').waitFor({ state: 'detached' });
    const failed = run.page.waitForEvent('download');
    await run.page.getByRole('menu').getByTestId('menu-download').click();
    expect(await (await failed).failure()).not.toBeNull();
    expect(run.page.url()).toBe(app);
    await ui.objectRow('keep.txt').waitFor();
  });

  it('downloads a folder as one zip that keeps its paths, byte for byte', async () => {
    await ui.createBucket('zipped');
    const objects: Record<string, string> = { 'site/index.html': '<h1>hi</h1>', 'site/css/a b.css': 'body{}', 'site/img/2026/logo.svg': '<svg/>', 'site/../up.txt': 'up' };
    for (const [key, body] of Object.entries(objects)) await s3.send(new PutObjectCommand({ Bucket: 'zipped', Key: key, Body: body }));
    await ui.openBucket('zipped');
    const downloaded = run.page.waitForEvent('download');
    await ui.objectRow('site/').click({ button: 'right' });
    await run.page.getByRole('menu').getByTestId('menu-download-zip').click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe('site.zip');
    const file = join(tmp, 'site.zip');
    await download.saveAs(file);
    // Read back by an independent reader (Python's zipfile, which checks every CRC).
    const script = 'import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({n: z.read(n).decode() for n in z.namelist()}))';
    expect(JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }))).toEqual({
      // Relative to the open folder, as Electron's folder download names files: unpacked, it is a folder `site`.
      'site/index.html': '<h1>hi</h1>',
      'site/css/a b.css': 'body{}',
      'site/img/2026/logo.svg': '<svg/>',
      'site/__/up.txt': 'up',
    });
    await ui.dismissToasts();
  });

  it('cancels every running and queued upload with Cancel all, after asking; nothing lands in the bucket', async () => {
    await ui.createBucket('many');
    await ui.openBucket('many');
    const cdp = await run.page.context().newCDPSession(run.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
    try {
      const files = Array.from({ length: 8 }, (_, i) => ({ name: `part-${i}.bin`, mimeType: 'application/octet-stream', buffer: Buffer.alloc(3 * 1024 * 1024, i) }));
      await ui.byTestId('upload-input').setInputFiles(files);
      await ui.byTestId('transfers-cancel-all').waitFor();
      await ui.settle();
      await run.shot('browser-audit-04-cancel-all');
      // From the keyboard: the button takes the focus, Enter asks, Enter on the dialog's confirm button cancels.
      await ui.byTestId('transfers-cancel-all').focus();
      await run.page.keyboard.press('Enter');
      const dialog = ui.byTestId('confirm-dialog');
      await dialog.waitFor();
      expect(await dialog.getByRole('heading').innerText()).toBe('Cancel 8 transfers?');
      await ui.byTestId('confirm-ok').focus();
      await run.page.keyboard.press('Enter');
      await ui.byTestId('transfers-cancel-all').waitFor({ state: 'detached' });
      const rows = ui.byTestId('transfer-row').filter({ hasText: 'many/part-' });
      await eventually(async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).every((s) => s === 'cancelled')).toBe(true);
      await run.page.waitForTimeout(1000);
      expect(await keys('many')).toEqual([]);
      // Clear finished empties the list of what is over.
      await ui.byTestId('transfers-clear').click();
      await eventually(() => rows.count()).toBe(0);
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    await ui.dismissToasts();
  });
});
