// A user turns on versioning for a Local bucket, uploads one file twice and deletes it: the timeline shows the
// delete as cos:ObjectRemove:DeleteMarkerCreated (the trigger's COS dialect), and the object's versions in the
// details panel are the two uploads plus the delete marker.
import { resolve } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { embeddedServerClient, type RunningApp, startApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { readTimeline, WorkbenchPage } from './pages/app-page.ts';

const LOG_EVENT = resolve(import.meta.dirname, '../../examples/functions/log-event');
const file = (body: string) => [{ name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from(body) }];

describe.skipIf(!hasChromium)('versioning on the Local server', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;

  beforeAll(async () => {
    run = await startApp();
    ui = new WorkbenchPage(run.page);
  });

  afterAll(async () => {
    await run?.close();
  });

  const versionItems = () => ui.byTestId('details-versions').locator('li');
  /** Opens the details panel's Versions section (collapsed by default). */
  async function expandVersions(): Promise<void> {
    const head = ui.byTestId('details-versions').getByRole('button').first();
    if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
  }

  it('enables versioning from the bucket details', async () => {
    await ui.openLocal();
    await ui.createBucket('docs');
    await ui.openBucket('docs');
    await eventually(() => ui.byTestId('versioning-state').innerText()).toBe('Unversioned');
    await ui.byTestId('versioning-toggle').click();
    await eventually(() => ui.byTestId('versioning-state').innerText()).toBe('Enabled');
    await eventually(() => ui.byTestId('versioning-badge').innerText()).toMatch(/Versioning enabled/);
    // The server agrees (not just the screen).
    expect(await run.app.host.api.buckets.getVersioning({ connectionId: 'local', bucket: 'docs' })).toBe('Enabled');
    await ui.dismissToasts();
    await run.shot('versioning-01-enabled');

    await ui.createFunction({ name: 'log-event', path: LOG_EVENT });
    await ui.bucket('docs').click();
    await ui.addTrigger({ functionName: 'log-event', format: 'cos', events: ['cos:ObjectCreated:*', 'cos:ObjectRemove:*'] });
    await eventually(() => ui.byTestId('trigger-row').innerText()).toMatch(/cos:ObjectCreated:\*[\s\S]*cos:ObjectRemove:\*/);
  });

  it('uploads a file twice: two versions of one key', async () => {
    await ui.upload(file('first version'));
    await ui.objectRow('report.txt').waitFor();
    await ui.showTimeline();
    await eventually(async () => (await readTimeline(run.page)).filter((g) => /PUT docs\/report\.txt/.test(g.action)).length).toBe(1);
    await ui.upload(file('second version, longer'));
    await ui.showTimeline();
    await eventually(async () => (await readTimeline(run.page)).filter((g) => /PUT docs\/report\.txt/.test(g.action)).length).toBe(2);
    const puts = (await readTimeline(run.page)).filter((g) => /PUT docs\/report\.txt/.test(g.action));
    for (const put of puts) {
      expect(put.events.map((e) => e.text)).toEqual([expect.stringMatching(/^cos:ObjectCreated:Put embedded/)]);
      await eventually(async () => (await readTimeline(run.page)).find((g) => g.action === put.action)?.events[0]?.executions.map((x) => x.status)).toEqual(['success']);
    }
    // The folder refreshes once the upload is done: one row, now the second (22-byte) body.
    await eventually(() => ui.objectRow('report.txt').innerText()).toMatch(/22 B/);
    expect(await ui.byTestId('object-row').count()).toBe(1);

    await ui.objectRow('report.txt').click();
    await eventually(() => ui.byTestId('details-name').innerText()).toBe('report.txt');
    await expandVersions();
    await eventually(() => versionItems().count()).toBe(2);
    const items = await versionItems().allInnerTexts();
    expect(items.filter((t) => /latest/.test(t))).toHaveLength(1);
    expect(items.some((t) => /delete marker/.test(t))).toBe(false);
    await ui.dismissToasts();
    await run.shot('versioning-02-two-versions');
  });

  it('keeps the selected object\'s head and versions after Refresh', async () => {
    // Another client adds a key, so the refreshed listing is visibly new when it lands.
    const client = await embeddedServerClient(run.app);
    await client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'notes.txt', Body: 'added by another client' }));
    client.destroy();
    await ui.byTestId('refresh-objects').click();
    await ui.objectRow('notes.txt').waitFor();
    expect(await ui.byTestId('details-name').innerText()).toBe('report.txt');
    await expandVersions();
    await eventually(() => versionItems().count()).toBe(2);
    await eventually(() => ui.byTestId('details-content-type').innerText()).toBe('text/plain');
  });

  it('shares a presigned link to the selected object that a plain HTTP client can fetch', async () => {
    const share = ui.byTestId('details-share');
    await share.getByRole('button').first().click();
    await ui.byTestId('share-expiry').selectOption('900');
    await ui.byTestId('share-create').click();
    await eventually(() => ui.byTestId('share-url').inputValue()).toMatch(/X-Amz-Expires=900/);
    const link = await ui.byTestId('share-url').inputValue();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/docs\/report\.txt\?/);
    // No credentials here: the query signature is the only authority.
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('second version, longer');
    expect(await ui.byTestId('share-expires').innerText()).toMatch(/^Anyone with this link can download the object until /);
    // The Local server is loopback-only, and the panel says so.
    expect(await ui.byTestId('share-local-only').innerText()).toMatch(/this computer only/);
    await ui.dismissToasts();
    await run.shot('versioning-03-share-link');
  });

  it('deletes it: the timeline shows cos:ObjectRemove:DeleteMarkerCreated and its run', async () => {
    await ui.byTestId('delete-object').click();
    const confirm = ui.byTestId('confirm-dialog');
    await confirm.waitFor();
    expect(await ui.byTestId('confirm-items').innerText()).toBe('report.txt');
    expect(await confirm.innerText()).toMatch(/delete marker/);
    await ui.settle();
    await run.shot('versioning-03-confirm-delete');
    // A destructive confirm opens on Cancel: Enter out of habit keeps the object, and the focus goes back to
    // the Delete button that asked.
    expect(await ui.focusedTestId()).toBe('confirm-cancel');
    await run.page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    expect(await ui.byTestId('object-row').allInnerTexts()).toContainEqual(expect.stringMatching(/^report\.txt/));
    expect(await ui.focusedTestId()).toBe('delete-object');
    // Asking again from the keyboard: Tab to the red button, then Enter deletes.
    await run.page.keyboard.press('Enter');
    await confirm.waitFor();
    await run.page.keyboard.press('Tab');
    expect(await ui.focusedTestId()).toBe('confirm-ok');
    await run.page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await eventually(() => ui.byTestId('object-row').allInnerTexts()).toEqual([expect.stringMatching(/^notes\.txt/)]);

    await ui.showTimeline();
    const del = async () => (await readTimeline(run.page)).find((g) => /DELETE docs\/report\.txt/.test(g.action));
    await eventually(async () => (await del())?.events.map((e) => e.text)).toEqual([expect.stringMatching(/^cos:ObjectRemove:DeleteMarkerCreated embedded/)]);
    await eventually(async () => (await del())?.events[0]?.executions.map((x) => x.status)).toEqual(['success']);
    expect((await del())!.action).toMatch(/→ cos:ObjectRemove:DeleteMarkerCreated/);

    // The delivered payload says the same, in COS form.
    await ui.resizeBottomPanel(480);
    await ui.timelineRows('event').filter({ hasText: 'DeleteMarkerCreated' }).click();
    const payload = JSON.parse(await ui.byTestId('event-json').innerText()) as { Records: { event: { eventName: string }; cos: { cosObject: { key: string; vid: string } } }[] };
    expect(payload.Records[0]!.event.eventName).toBe('cos:ObjectRemove:DeleteMarkerCreated');
    expect(payload.Records[0]!.cos.cosObject.key).toMatch(/\/docs\/report\.txt$/);
    expect(payload.Records[0]!.cos.cosObject.vid).not.toBe('');
    await ui.dismissToasts();
    await run.shot('versioning-04-delete-marker-event');
  });

  it('shows the deleted object\'s versions from the timeline: the delete marker (latest) on top of the two uploads', async () => {
    // From the timeline back to the object.
    await ui.timelineRows('event').filter({ hasText: 'DeleteMarkerCreated' }).click();
    await ui.byTestId('timeline-show-object').click();
    await ui.byTestId('details-versions').waitFor({ timeout: 5000 });
    await expandVersions();
    await eventually(() => versionItems().count()).toBe(3);
    const items = await versionItems().allInnerTexts();
    expect(items.filter((t) => /delete marker/.test(t))).toHaveLength(1);
    expect(items.find((t) => /delete marker/.test(t))).toMatch(/latest/);
    expect(items.filter((t) => !/delete marker/.test(t))).toHaveLength(2);
    await run.shot('versioning-05-versions-after-delete');
  });

  it('restores the first upload from the versions view\'s context menu: the key is back with that body', async () => {
    await ui.byTestId('toggle-versions').click();
    const reportRows = ui.byTestId('object-row').filter({ hasText: 'report.txt' });
    await eventually(() => reportRows.count()).toBe(3);
    const first = reportRows.filter({ hasText: '13 B' });
    await first.click({ button: 'right' });
    const menu = run.page.getByRole('menu');
    // The latest version and the delete marker have nothing to restore; an older version does.
    await menu.getByTestId('menu-restore').click();
    await eventually(() => reportRows.count()).toBe(4);
    const latest = reportRows.filter({ hasText: 'latest' });
    await eventually(() => latest.innerText()).toMatch(/13 B/);
    const client = await embeddedServerClient(run.app);
    const body = await (await client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'report.txt' }))).Body!.transformToString();
    client.destroy();
    expect(body).toBe('first version');
    // The latest row's menu offers no restore; the details header of an older version does.
    await latest.click({ button: 'right' });
    expect(await menu.getByTestId('menu-restore').count()).toBe(0);
    await run.page.keyboard.press('Escape');
    await reportRows.filter({ hasText: '22 B' }).click();
    await eventually(() => ui.byTestId('restore-selected-version').isVisible()).toBe(true);
    await ui.byTestId('toggle-versions').click();
    await eventually(() => ui.objectRow('report.txt').innerText()).toMatch(/13 B/);
  });
});
