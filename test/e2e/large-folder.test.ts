// A folder of 20,000 keys on the Local server: the object browser keeps only the visible rows in the DOM,
// scrolling to the end loads the next pages (ListObjectsV2 continuation tokens) until the last key shows, and
// the footer counts 20,000 objects.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

const KEYS = 20_000;
/** Well under what a non-virtualized list would render (20,000), and above one screen plus overscan. */
const MAX_ROWS_IN_DOM = 200;

describe.skipIf(!hasChromium)('a folder of 20,000 keys', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;
  let seeded: { count: number; ms: number };

  beforeAll(async () => {
    run = await startApp({
      // The keys go in through the embedded server's S3 API (real signed PUTs from the AWS SDK, 32 at a time, in a
      // child process so client and server get a core each) before the window opens.
      beforeBrowser: async (app) => {
        const status = await app.host.api.server.status();
        const { secretAccessKey } = await app.host.api.server.revealSecret();
        const client = new S3Client({ endpoint: status.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: status.accessKeyId, secretAccessKey } });
        await client.send(new CreateBucketCommand({ Bucket: 'big' }));
        await client.send(new PutObjectCommand({ Bucket: 'big', Key: 'readme.txt', Body: 'A folder of 20,000 keys is under data/.' }));
        client.destroy();
        const script = join(import.meta.dirname, 'support/put-many.mjs');
        const { stdout } = await promisify(execFile)(process.execPath, [script, status.endpoint, status.accessKeyId, secretAccessKey, 'big', 'data/item-{n}.txt', String(KEYS), '32'], { maxBuffer: 64 * 1024 * 1024 }).catch((err: { stderr?: string }) => { throw new Error(String(err.stderr).slice(0, 3000)); });
        seeded = JSON.parse(stdout) as { count: number; ms: number };
        console.log(`seeded ${seeded.count} keys in ${seeded.ms} ms (${Math.round(seeded.count / (seeded.ms / 1000))} PUT/s)`);
      },
    });
    ui = new WorkbenchPage(run.page);
    // Seeding takes ~25 s on a quiet 2-core machine (~800 PUT/s) and over a minute when other suites share it.
  }, 300_000);

  afterAll(async () => {
    await run?.close();
  });

  it('opens the folder with the first page only, virtualized', async () => {
    await ui.openLocal();
    await ui.openBucket('big');
    await ui.objectRow('readme.txt').waitFor();
    await eventually(() => ui.byTestId('object-count').innerText()).toBe('1 folder · 1 object');
    await ui.objectRow('data/').locator('[data-testid="folder-link"]').click();
    await ui.objectRow('item-00000.txt').waitFor();
    // One page of ListObjectsV2 (1,000 keys) and a continuation token for the rest.
    await eventually(() => ui.byTestId('object-count').innerText()).toBe('0 folders · 1,000 objects loaded');
    expect(await ui.byTestId('load-more').isVisible()).toBe(true);
    expect(await ui.byTestId('object-row').count()).toBeLessThan(MAX_ROWS_IN_DOM);
    // Every row a screen reader can reach, the column headers' row included.
    expect(await ui.byTestId('object-list').getAttribute('aria-rowcount')).toBe('1001');
    await run.shot('large-folder-01-first-page');
  });

  it('scrolls to the end, loading page after page, until the last key is visible', async () => {
    const list = ui.byTestId('object-list');
    const box = (await list.boundingBox())!;
    await run.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const last = ui.objectRow(`item-${KEYS - 1}.txt`);
    let pagesSeen = 1;
    let maxRows = 0;
    for (let step = 0; step < 200 && !(await last.isVisible()); step++) {
      const before = Number(await list.getAttribute('aria-rowcount'));
      // A big wheel turn: to the bottom of what is loaded, which asks for the next page.
      await run.page.mouse.wheel(0, 100_000);
      await eventually(async () => Number(await list.getAttribute('aria-rowcount')) > before || (await last.isVisible())).toBe(true);
      const loaded = Number(await list.getAttribute('aria-rowcount')) - 1; // less the header row
      pagesSeen = Math.max(pagesSeen, Math.ceil(loaded / 1000));
      maxRows = Math.max(maxRows, await ui.byTestId('object-row').count());
      if (pagesSeen === 10) await run.shot('large-folder-02-halfway');
    }
    await last.waitFor();
    expect(pagesSeen).toBe(KEYS / 1000);
    expect(maxRows).toBeLessThan(MAX_ROWS_IN_DOM);
    await eventually(() => ui.byTestId('object-count').innerText()).toBe('0 folders · 20,000 objects');
    expect(await ui.byTestId('load-more').count()).toBe(0);
    expect(await ui.byTestId('object-row').count()).toBeLessThan(MAX_ROWS_IN_DOM);
    // The rows in view are the end of the folder, in S3's order.
    const keys = await ui.byTestId('object-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(keys.at(-1)).toBe(`data/item-${KEYS - 1}.txt`);
    expect(keys).toEqual([...keys].sort());
    await run.shot('large-folder-03-end');
  });

  it('filters the loaded folder down to the few matching keys, and back', async () => {
    await ui.byTestId('object-filter').fill('item-1999');
    await eventually(() => ui.byTestId('object-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual(
      Array.from({ length: 10 }, (_, i) => `data/item-1999${i}.txt`),
    );
    expect(await ui.byTestId('object-count').innerText()).toMatch(/^0 folders · 10 objects\s*\(filtered\)$/);
    await run.shot('large-folder-04-filtered');
    await ui.byTestId('object-filter').fill('');
    await eventually(() => ui.byTestId('object-list').getAttribute('aria-rowcount')).toBe(String(KEYS + 1));
  });

  it('searches past the first page: a filter typed right after opening the folder loads the rest and finds the keys at its end', async () => {
    await ui.byTestId('refresh-objects').click();
    await eventually(() => ui.byTestId('object-count').innerText()).toBe('0 folders · 1,000 objects loaded');
    await ui.byTestId('object-filter').fill('item-1999');
    await eventually(() => ui.byTestId('object-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual(
      Array.from({ length: 10 }, (_, i) => `data/item-1999${i}.txt`),
    );
    await eventually(() => ui.byTestId('object-count').innerText()).toMatch(/^0 folders · 10 objects\s*\(filtered\)$/);
    expect(await ui.byTestId('load-more').count()).toBe(0);
  });
});
