// axe-core over the screens a screen-reader user works in, with data in them, at 900×600 in both themes: the
// object list (objects and versions), the timeline with a record open, the problems list, a bucket's triggers,
// a function, the transfers list, the trigger dialog and the question before Settings drop an edit. Serious and critical violations fail (the object list's header row sat outside its grid and
// the timeline's rows were grid rows without cells; a record's details scrolled out of the keyboard's reach).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutBucketVersioningCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { embeddedServerClient, startApp, type RunningApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { axeViolations } from './support/axe.ts';
import { WorkbenchPage } from './pages/app-page.ts';

describe.skipIf(!hasChromium)('accessibility (axe) of the main screens with data', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;
  let s3: S3Client;
  let handlers: string;

  beforeAll(async () => {
    handlers = await mkdtemp(join(tmpdir(), 'bucketscope-e2e-axe-'));
    await writeFile(join(handlers, 'index.mjs'), "export async function main_handler(event) { if (event.Records[0].cos.cosObject.key.includes('bad')) throw new Error('refused'); return 'ok'; }\n");
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    await run.page.setViewportSize({ width: 900, height: 600 });
    s3 = await embeddedServerClient(run.app);
    await ui.openLocal();
    await ui.createBucket('media');
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'media', VersioningConfiguration: { Status: 'Enabled' } }));
    await ui.createFunction({ name: 'checker', path: handlers, handler: 'index.main_handler' });
    await ui.bucket('media').click();
    await ui.addTrigger({ functionName: 'checker', format: 'cos', events: ['cos:ObjectCreated:*'] });
    for (const key of ['photos/cat.jpg', 'notes.txt', 'notes.txt', `bad-${'long-name-'.repeat(8)}.png`]) {
      await s3.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: 'x' }));
    }
    await ui.openBucket('media');
    await ui.showTimeline();
    // Every upload's execution has finished (the bad one failed its retries): the timeline holds all of them.
    await ui.timelineRows('execution').nth(3).waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    s3?.destroy();
    await run?.close();
    if (handlers) await rm(handlers, { recursive: true, force: true });
  });

  for (const scheme of ['light', 'dark'] as const) {
    describe(`${scheme} theme`, () => {
      beforeAll(async () => {
        await run.page.emulateMedia({ colorScheme: scheme });
      });

      async function check(screen: string): Promise<void> {
        await ui.dismissToasts();
        await ui.settle();
        expect(await axeViolations(run.page), screen).toEqual([]);
      }

      it('the object list, with objects and with versions', async () => {
        await ui.byTestId('bucket-tab-objects').click();
        await ui.objectRow('notes.txt').click();
        await check('objects');
        await ui.byTestId('toggle-versions').click();
        await eventually(() => ui.objectRow('notes.txt').count()).toBe(2);
        await check('versions');
        await ui.byTestId('toggle-versions').click();
      });

      it('the timeline with a record open, and the problems list', async () => {
        await ui.showTimeline();
        await ui.timelineRows('execution').first().click();
        await ui.byTestId('timeline-detail').waitFor();
        await check('timeline');
        await ui.showProblems();
        await ui.timelineRows().first().waitFor();
        await check('problems');
        await ui.showTimeline();
      });

      it('the triggers view and a function', async () => {
        await ui.byTestId('bucket-tab-triggers').click();
        await ui.byTestId('trigger-row').first().waitFor();
        await check('triggers');
        await ui.functionItem('checker').click();
        await ui.byTestId('code-editor').waitFor();
        await check('function');
        await ui.bucket('media').click();
      });

      it('the transfers list, with a finished upload', async () => {
        await ui.upload([{ name: `upload-${scheme}.txt`, mimeType: 'text/plain', buffer: Buffer.from('hello') }]);
        await ui.byTestId('tab-transfers').click();
        await run.page.locator(`[data-testid="transfer-row"][data-key="upload-${scheme}.txt"][data-state="done"]`).waitFor();
        await check('transfers');
        await ui.showTimeline();
      });

      it('the trigger dialog warning of an overlap, and the settings asking before they drop an edit', async () => {
        await ui.byTestId('bucket-tab-triggers').click();
        await ui.byTestId('add-trigger').click();
        await ui.byTestId('trigger-events').locator('[data-event="cos:ObjectCreated:*"]').check();
        await ui.byTestId('trigger-overlap').waitFor();
        await check('trigger dialog');
        await run.page.keyboard.press('Escape');
        await ui.byTestId('trigger-discard-dialog-discard').click();
        await ui.byTestId('trigger-dialog').waitFor({ state: 'detached' });
        await ui.byTestId('open-settings').click();
        await ui.byTestId('settings-retries').fill('1');
        await run.page.keyboard.press('Escape');
        await ui.byTestId('settings-discard-dialog').waitFor();
        await check('settings');
        await ui.byTestId('settings-discard-dialog-discard').click();
        await ui.byTestId('settings-dialog').waitFor({ state: 'detached' });
        await ui.byTestId('bucket-tab-objects').click();
      });
    });
  }
});
