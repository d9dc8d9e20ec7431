// The object browser in Chromium against the embedded server, as a file-manager user works it: Alt+Left and
// Alt+Right go back and forward through the folders opened (and stay in the app: Chromium's own Alt+Left would
// leave the page), a column header sorts, and several selected rows move into another folder together.
import { DeleteObjectCommand, ListObjectsV2Command, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { embeddedServerClient, type RunningApp, startApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

describe.skipIf(!hasChromium)('object browser as a daily user works it', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;

  async function s3<T>(send: (client: S3Client) => Promise<T>): Promise<T> {
    const client = await embeddedServerClient(run.app);
    try {
      return await send(client);
    } finally {
      client.destroy();
    }
  }

  /** A row by its full key (rows show names relative to the folder). */
  const row = (key: string) => run.page.locator(`[data-testid="object-row"][data-key="${key}"]`);
  const crumbs = () => ui.byTestId('breadcrumb').allInnerTexts();
  const rowKeys = () => ui.byTestId('object-row').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { key: string } }).dataset.key));

  beforeAll(async () => {
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    await ui.openLocal();
    await ui.createBucket('work');
    await s3(async (c) => {
      const files: [string, number][] = [['docs/a.txt', 10], ['docs/big.bin', 5000], ['docs/mid.bin', 700], ['docs/sub/deep.txt', 1], ['inbox/keep.txt', 1]];
      for (const [Key, size] of files) await c.send(new PutObjectCommand({ Bucket: 'work', Key, Body: Buffer.alloc(size, 120) }));
    });
    await ui.openBucket('work');
    await row('docs/').waitFor();
  }, 120_000);

  afterAll(async () => {
    await run?.close();
  });

  it('Alt+Left and Alt+Right go back and forward through the folders opened, without leaving the app', async () => {
    const url = run.page.url();
    await row('docs/').dblclick();
    await eventually(crumbs).toEqual(['work', 'docs']);
    await row('docs/sub/').dblclick();
    await eventually(crumbs).toEqual(['work', 'docs', 'sub']);
    await ui.byTestId('object-list').focus();
    await run.page.keyboard.press('Alt+ArrowLeft');
    await eventually(crumbs).toEqual(['work', 'docs']);
    // Back in the parent, the folder it came from is selected and the list keeps the focus.
    await eventually(() => row('docs/sub/').getAttribute('aria-selected')).toBe('true');
    await eventually(() => ui.focusedTestId()).toBe('object-list');
    await run.page.keyboard.press('Alt+ArrowLeft');
    await eventually(crumbs).toEqual(['work']);
    await run.page.keyboard.press('Alt+ArrowLeft');
    await run.page.keyboard.press('Alt+ArrowRight');
    await eventually(crumbs).toEqual(['work', 'docs']);
    expect(run.page.url()).toBe(url);
  });

  it('sorts by size from the column header, largest first, then smallest', async () => {
    await eventually(crumbs).toEqual(['work', 'docs']);
    await ui.byTestId('sort-size').click();
    await eventually(rowKeys).toEqual(['docs/sub/', 'docs/big.bin', 'docs/mid.bin', 'docs/a.txt']);
    await ui.byTestId('sort-size').click();
    await eventually(rowKeys).toEqual(['docs/sub/', 'docs/a.txt', 'docs/mid.bin', 'docs/big.bin']);
    await ui.byTestId('sort-name').click();
    await eventually(rowKeys).toEqual(['docs/sub/', 'docs/a.txt', 'docs/big.bin', 'docs/mid.bin']);
  });

  it('moves several selected rows, a folder among them, into another folder from the keyboard menu', async () => {
    await ui.byTestId('object-list').focus();
    await run.page.keyboard.press('Home');
    await run.page.keyboard.press('Shift+ArrowDown');
    await run.page.keyboard.press('Shift+ArrowDown');
    await run.page.keyboard.press('Shift+F10');
    await ui.byTestId('menu-rename').click();
    const dialog = ui.byTestId('copy-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Move 3 items');
    await ui.byTestId('copy-target-key').fill('inbox');
    await ui.byTestId('copy-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(rowKeys).toEqual(['docs/mid.bin']);
    const keys = await s3(async (c) => (await c.send(new ListObjectsV2Command({ Bucket: 'work' }))).Contents?.map((o) => o.Key));
    expect(keys).toEqual(['docs/mid.bin', 'inbox/a.txt', 'inbox/big.bin', 'inbox/keep.txt', 'inbox/sub/deep.txt']);
  });

  it("shows a deleted object's name whole next to its 'latest' and 'delete marker' tags in the versions list", async () => {
    await s3(async (c) => {
      await c.send(new PutBucketVersioningCommand({ Bucket: 'work', VersioningConfiguration: { Status: 'Enabled' } }));
      await c.send(new PutObjectCommand({ Bucket: 'work', Key: 'notes.txt', Body: 'q' }));
      await c.send(new DeleteObjectCommand({ Bucket: 'work', Key: 'notes.txt' }));
    });
    // The window's default 1440×900 with the details panel open: the widest Name column before the narrow layout
    // drops the Storage class column (a 1280 window shows all of it anyway).
    await ui.openBucket('work');
    await ui.byTestId('refresh-objects').click();
    await ui.byTestId('toggle-versions').click();
    const marker = ui.byTestId('object-row').filter({ hasText: 'delete marker' });
    await marker.waitFor();
    // The tags give way first: the key is not cut to 'no…' beside two whole tags.
    const label = marker.locator('.label');
    const fits = await label.evaluate((el) => (el as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth <= (el as unknown as { clientWidth: number }).clientWidth);
    expect(fits).toBe(true);
    expect(await label.innerText()).toBe('notes.txt');
  });
});

