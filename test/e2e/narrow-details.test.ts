// A 900×600 window, checked with the browser's own layout (jsdom has none): long transfer names are not cut
// while their status has room to spare, an action's event summary is either readable or blank (never '→.'),
// the sidebar does not read 'BUCKETS · LOC…', the trigger dialog shows every event name whole, the details
// panel's Tags editor and Share link keep their fields usable, and a timeline record's title stays whole beside
// its buttons. Then the Tags editor and the Edit properties dialog, driven by the keyboard alone.
import { resolve } from 'node:path';
import { CreateBucketCommand, GetObjectTaggingCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { embeddedServerClient, type RunningApp, startApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

const LOG_EVENT = resolve(import.meta.dirname, '../../examples/functions/log-event');
const NAME = 'IMG_20261127_102001_HDR_panorama.json';
const LONG_KEY = `albums/2026/${'summer-holiday-'.repeat(3)}IMG_20261127_102001_HDR.jpg`;

type Box = { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number; textContent: string | null; value?: string };
/** Elements under `root` whose text (or, for an input, value) the layout cuts off. */
const clipped = (root: Locator, selector: string) =>
  root.evaluate(
    // The node tsconfig has no DOM types: the elements are typed by hand.
    (el, sel) =>
      [...(el as unknown as { querySelectorAll(s: string): Iterable<Box> }).querySelectorAll(sel)]
        .filter((e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight)
        .map((e) => e.value ?? e.textContent),
    selector,
  );

type Animated = { getAnimations(): { finished: Promise<unknown> }[]; parentElement: Animated };
/**
 * Waits for a dialog's own fade and rise (not ui.settle(), which waits for every animation: a function run an
 * action fired may still be spinning on the timeline).
 */
const opened = (dialog: Locator) =>
  dialog.evaluate((el) => Promise.all([...(el as unknown as Animated).getAnimations(), ...(el as unknown as Animated).parentElement.getAnimations()].map((a) => a.finished)).then(() => undefined));

describe.skipIf(!hasChromium)('a 900×600 window and the keyboard', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;
  let s3: S3Client;

  const focused = () => ui.focusedTestId();
  /** The accessible name of the focused element (its aria-label, else its text), for elements without a test id. */
  const focusedName = () =>
    run.page.evaluate(() => {
      type El = { getAttribute(n: string): string | null; textContent: string | null; tagName: string };
      const el = (globalThis as unknown as { document: { activeElement: El | null } }).document.activeElement;
      return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}` : '';
    });

  beforeAll(async () => {
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    s3 = await embeddedServerClient(run.app);
    await ui.openLocal();
    await ui.createBucket('photos');
    await ui.createFunction({ name: 'log-event', path: LOG_EVENT });
    await ui.bucket('photos').click();
    await ui.addTrigger({ functionName: 'log-event', format: 'cos', events: ['cos:ObjectCreated:*', 'cos:ObjectRemove:*'] });
    await ui.openBucket('photos');
  });

  afterAll(async () => {
    s3?.destroy();
    await run?.close();
  });

  it('shows a long transfer name whole when its status is short', async () => {
    await run.page.setViewportSize({ width: 900, height: 600 });
    await ui.upload([{ name: NAME, mimeType: 'application/json', buffer: Buffer.from('{"camera":"X100","iso":200}') }]);
    await ui.byTestId('tab-transfers').click();
    const row = ui.byTestId('transfer-row').filter({ hasText: NAME });
    await eventually(() => row.getAttribute('data-state')).toBe('done');
    // 'done' needs a few letters: the name gets the rest of the row (it was given two thirds of it, and cut).
    expect(await clipped(row, '[data-testid="transfer-name"], .state')).toEqual([]);
    expect(await row.innerText()).toMatch(new RegExp(`photos/${NAME.replace(/\./g, '\\.')}\\s+done`));
    await ui.dismissToasts();
    await run.shot('narrow-details-01-transfers-900');
  });

  it('never shows a sliver of an action’s event summary, at any width', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: LONG_KEY, Body: 'jpg' }));
    await ui.showTimeline();
    await ui.timelineRows('action').filter({ hasText: 'summer-holiday' }).waitFor();
    // Close the record details so the list is wide enough to show summaries at all.
    if (await ui.byTestId('timeline-detail').count()) await ui.byTestId('timeline-detail').getByRole('button', { name: 'Close' }).click();
    type Summary = { getClientRects(): { length: number }; clientWidth: number; firstElementChild: unknown; textContent: string | null };
    type Win = { getComputedStyle(e: unknown): { visibility: string } };
    const slivers: string[] = [];
    let shown = 0;
    // Every few pixels of window width, the key leaves a different room for the summary beside it.
    for (let width = 900; width <= 1320; width += 3) {
      await run.page.setViewportSize({ width, height: 600 });
      const seen = await ui.byTestId('timeline-events-sum').evaluateAll((els) =>
        els.map((el) => {
          const sum = el as unknown as Summary;
          const visible = sum.getClientRects().length > 0 && (globalThis as unknown as Win).getComputedStyle(sum.firstElementChild ?? sum).visibility === 'visible' && sum.clientWidth > 0;
          return { visible, width: sum.clientWidth, text: sum.textContent?.trim() ?? '' };
        }),
      );
      for (const s of seen.filter((x) => x.visible)) {
        shown++;
        // Room for the arrow and the start of a name ('→ cos:Ob…'), else nothing at all.
        if (s.width < 64) slivers.push(`${width}px window: ${s.width}px for '${s.text}'`);
      }
    }
    expect(slivers).toEqual([]);
    // The summaries do show where there is room for them.
    expect(shown).toBeGreaterThan(0);
    await run.page.setViewportSize({ width: 900, height: 600 });
  });

  it('shows the bucket and status filters’ choices whole; the wide events filter gives way first', async () => {
    type Sel = { getBoundingClientRect(): { width: number }; cloneNode(deep: boolean): Sel; style: { position: string; width: string; maxWidth: string; minWidth: string }; remove(): void };
    type Doc = { body: { append(e: Sel): void } };
    /** The select's width beside the width it takes when nothing squeezes it (its longest option's). */
    const squeeze = (id: string) =>
      ui.byTestId(id).evaluate((el) => {
        const select = el as unknown as Sel;
        const free = select.cloneNode(true);
        Object.assign(free.style, { position: 'absolute', width: 'auto', maxWidth: 'none', minWidth: '0' });
        (globalThis as unknown as { document: Doc }).document.body.append(free);
        const natural = free.getBoundingClientRect().width;
        free.remove();
        return Math.round(natural - select.getBoundingClientRect().width);
      });
    await ui.showTimeline();
    expect(await squeeze('timeline-filter-bucket')).toBeLessThanOrEqual(0);
    expect(await squeeze('timeline-filter-status')).toBeLessThanOrEqual(0);
  });

  it('cuts a 63-character bucket name in the bucket filter instead of squeezing the text and events filters', async () => {
    const long = 'customer-uploads-eu-west-archive-2026-november-campaign-assets1';
    await s3.send(new CreateBucketCommand({ Bucket: long }));
    await s3.send(new PutObjectCommand({ Bucket: long, Key: 'a.txt', Body: 'x' }));
    const bucketFilter = ui.byTestId('timeline-filter-bucket');
    await bucketFilter.locator('option', { hasText: long }).waitFor({ state: 'attached' });
    const width = (id: string) => ui.byTestId(id).evaluate((el) => el.getBoundingClientRect().width);
    // It was 200 px (showing 'All buckets'), leaving 'Key, fu' of the text filter's placeholder.
    expect(await width('timeline-filter-bucket')).toBeLessThanOrEqual(140);
    expect(await width('timeline-filter-text')).toBeGreaterThanOrEqual(95);
    // The option keeps the whole name, and the chosen one is whole in the select's tooltip.
    await bucketFilter.selectOption(long);
    expect(await bucketFilter.getAttribute('title')).toBe(long);
    await run.shot('narrow-details-long-bucket-filter');
    await bucketFilter.selectOption('');
    expect(await bucketFilter.getAttribute('title')).toBeNull();
  });

  it('names the open connection in the sidebar whole, or not at all', async () => {
    const section = ui.byTestId('sidebar-buckets');
    expect(await clipped(section, 'button[aria-expanded] span')).toEqual([]);
    expect(await section.getByRole('button', { name: /buckets/i }).first().innerText()).toMatch(/^BUCKETS\s*·\s*Local$/);
    await run.shot('narrow-details-02-sidebar-900');

    // A long name: left out where only a few letters would show, cut with an ellipsis where there is room.
    const status = await run.app.host.api.server.status();
    const { secretAccessKey } = await run.app.host.api.server.revealSecret();
    const name = 'Tencent COS Guangzhou production';
    await ui.fillConnection({ name, provider: 'custom', endpoint: status.endpoint, region: 'us-east-1', pathStyle: true, accessKey: status.accessKeyId, secret: secretAccessKey });
    await ui.byTestId('conn-save').click();
    await ui.connection(name).click();
    await ui.bucket('photos').waitFor();
    await ui.dismissToasts();
    type Rect = { left: number; right: number; top: number; bottom: number; width: number };
    type El = { getBoundingClientRect(): Rect; parentElement: El };
    /** How wide the name shows: 0 when it wrapped out of its one clipped line. */
    const shownWidth = () =>
      ui.byTestId('sidebar-buckets-detail').evaluate((el) => {
        const text = (el as unknown as El).getBoundingClientRect();
        const line = (el as unknown as El).parentElement.getBoundingClientRect();
        return text.top >= line.bottom ? 0 : Math.round(text.width);
      });
    const header = section.getByRole('button', { name: /buckets/i }).first();
    expect(await header.getAttribute('title')).toBe(`Buckets · ${name}`);
    const narrow = await shownWidth();
    expect(narrow === 0 || narrow >= 70, `${narrow}px of '${name}'`).toBe(true);
    await run.page.setViewportSize({ width: 1280, height: 800 });
    await eventually(shownWidth).toBeGreaterThanOrEqual(70);
    await run.shot('narrow-details-02b-sidebar-long-name-1280');
    await run.page.setViewportSize({ width: 900, height: 600 });
    await ui.connection('Local').click();
    await ui.openBucket('photos');
  });

  it('shows every event name in the trigger dialog whole', async () => {
    await ui.byTestId('bucket-tab-triggers').click();
    await ui.byTestId('add-trigger').click();
    const dialog = ui.byTestId('trigger-dialog');
    await dialog.waitFor();
    for (const format of ['cos', 's3']) {
      await ui.byTestId('trigger-format').selectOption(format);
      const codes = ui.byTestId('trigger-events').locator('code');
      expect(await codes.count()).toBeGreaterThan(5);
      expect(await clipped(ui.byTestId('trigger-events'), 'code')).toEqual([]);
      // The text is the event name itself (the line breaks are only offered after its colons).
      expect((await codes.allInnerTexts()).map((t) => t.replace(/\s/g, ''))).toEqual(await ui.byTestId('trigger-events').locator('input[data-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event'))));
    }
    await opened(dialog);
    await run.shot('narrow-details-03-trigger-dialog-900');
    // The format was changed: Escape asks first, and Escape again keeps the dialog; Discard closes it.
    await run.page.keyboard.press('Escape');
    await ui.byTestId('trigger-discard-dialog').waitFor();
    await eventually(focused).toBe('trigger-discard-dialog-keep');
    await run.page.keyboard.press('Escape');
    await ui.byTestId('trigger-discard-dialog').waitFor({ state: 'detached' });
    expect(await ui.byTestId('trigger-format').inputValue()).toBe('s3');
    await run.page.keyboard.press('Escape');
    await run.page.keyboard.press('Tab');
    await run.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    // Both gone, the focus is back on the button that opened the form, not on <body>.
    await eventually(focused).toBe('add-trigger');
    await ui.byTestId('bucket-tab-objects').click();
  });

  it('keeps the Tags editor and the Share link usable in a narrow details panel', async () => {
    await ui.objectRow(NAME).click();
    await eventually(() => ui.byTestId('details-name').innerText()).toBe(NAME);
    await ui.byTestId('details-tags').getByRole('button').first().click();
    await ui.byTestId('tags-edit').click();
    const editor = ui.byTestId('tags-editor');
    await editor.getByRole('button', { name: 'Add' }).click();
    await editor.getByLabel('Tag key').last().fill('environment');
    await editor.getByLabel('Tag value').last().fill('production-eu');
    expect(await clipped(editor, 'input')).toEqual([]);
    await ui.byTestId('details-share').getByRole('button').first().click();
    // From the keyboard: the focus stays on Create link while the link is made (it was dropped on <body>).
    await ui.byTestId('share-create').focus();
    await run.page.keyboard.press('Enter');
    await ui.byTestId('share-url').waitFor();
    await eventually(() => ui.byTestId('share-create').getAttribute('aria-disabled')).toBe('false');
    expect(await focused()).toBe('share-create');
    // The duration menu shows its choice, and the link field enough of the link to recognise it.
    expect(await clipped(ui.byTestId('share-link'), 'select')).toEqual([]);
    expect((await ui.byTestId('share-expiry').boundingBox())!.width).toBeGreaterThan(100);
    expect((await ui.byTestId('share-url').boundingBox())!.width).toBeGreaterThan(150);
    await ui.byTestId('details-tags').scrollIntoViewIfNeeded();
    await run.shot('narrow-details-04-tags-share-900');
    await ui.byTestId('tags-cancel').click();
  });

  it('keeps a timeline record’s title whole beside its buttons, Run again among them', async () => {
    await ui.showTimeline();
    await ui.timelineRows('execution').first().click();
    await ui.byTestId('timeline-replay').waitFor();
    await eventually(() => ui.byTestId('timeline-detail-title').innerText()).toMatch(/^log-event · attempt 1$/);
    expect(await clipped(ui.byTestId('timeline-detail'), '[data-testid="timeline-detail-title"]')).toEqual([]);
    // Every button is inside the panel.
    const panel = (await ui.byTestId('timeline-detail').boundingBox())!;
    for (const button of await ui.byTestId('timeline-detail').locator('.bar button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
    }
    await run.shot('narrow-details-05-timeline-detail-900');

    // Run again from the keyboard: the run shows on the timeline, and the focus stays on the button (it was
    // disabled while the run went, which dropped the focus on <body>).
    await ui.byTestId('timeline-replay').focus();
    await run.page.keyboard.press('Enter');
    await eventually(async () => (await ui.timelineTexts('action')).some((t) => /Replay of event #\d+ to log-event/.test(t))).toBe(true);
    await eventually(() => ui.byTestId('timeline-replay').getAttribute('aria-disabled')).toBe('false');
    expect(await focused()).toBe('timeline-replay');
    await ui.dismissToasts();
  });

  it('edits the tags with the keyboard alone: Enter saves, Escape cancels, the focus is never lost', async () => {
    await run.page.setViewportSize({ width: 1280, height: 800 });
    await ui.byTestId('tags-edit').focus();
    await run.page.keyboard.press('Enter');
    // No tags yet: the focus lands on Add; Add puts it in the new row's key.
    await eventually(focusedName).toBe('button:Add');
    await run.page.keyboard.press('Enter');
    await eventually(focusedName).toBe('input:Tag key');
    await run.page.keyboard.type('env');
    await run.page.keyboard.press('Tab');
    expect(await focusedName()).toBe('input:Tag value');
    await run.page.keyboard.type('prod');
    await run.page.keyboard.press('Tab');
    expect(await focusedName()).toBe('button:Remove env');
    await run.page.keyboard.press('Tab');
    expect(await focusedName()).toBe('button:Add');
    // A second, empty row, removed again: the focus goes back to Add instead of to <body>.
    await run.page.keyboard.press('Enter');
    await eventually(focusedName).toBe('input:Tag key');
    await run.page.keyboard.press('Tab');
    await run.page.keyboard.press('Tab');
    expect(await focusedName()).toBe('button:Remove row 2');
    await run.page.keyboard.press('Enter');
    await eventually(focusedName).toBe('button:Remove env');
    await run.page.keyboard.press('Shift+Tab');
    await run.page.keyboard.press('Enter');
    // Enter in a field saves; the focus returns to 'Edit tags…'.
    await eventually(() => ui.byTestId('tag-chip').allInnerTexts()).toEqual([expect.stringMatching(/^env\s*prod$/)]);
    await eventually(focused).toBe('tags-edit');
    const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket: 'photos', Key: NAME }));
    expect(tagging.TagSet).toEqual([{ Key: 'env', Value: 'prod' }]);

    // Escape cancels the edit (and only the edit: the details stay), and the focus returns too.
    await run.page.keyboard.press('Enter');
    await eventually(focusedName).toBe('input:Tag key');
    await run.page.keyboard.type('-changed');
    await run.page.keyboard.press('Escape');
    await eventually(focused).toBe('tags-edit');
    expect(await ui.byTestId('tag-chip').allInnerTexts()).toEqual([expect.stringMatching(/^env\s*prod$/)]);
    expect(await ui.byTestId('details-name').innerText()).toBe(NAME);
    await ui.dismissToasts();
  });

  it('edits the properties with the keyboard alone, the focus kept inside the dialog', async () => {
    await ui.byTestId('edit-properties').focus();
    await run.page.keyboard.press('Enter');
    const dialog = ui.byTestId('properties-dialog');
    await dialog.waitFor();
    await eventually(focused).toBe('properties-content-type');
    // Content type, Cache-Control, Content-Disposition, Content-Encoding, then the metadata's Add.
    for (const id of ['properties-cache-control', 'properties-content-disposition', 'properties-content-encoding']) {
      await run.page.keyboard.press('Tab');
      expect(await focused()).toBe(id);
    }
    await run.page.keyboard.press('Tab');
    expect(await focusedName()).toBe('button:Add');
    await run.page.keyboard.press('Enter');
    await eventually(focusedName).toBe('input:Name');
    await run.page.keyboard.type('owner');
    await run.page.keyboard.press('Tab');
    await run.page.keyboard.type('web team');
    await run.page.keyboard.press('Tab');
    expect(await focusedName()).toBe('button:Remove owner');
    // Removing the only row hands the focus to Add, inside the dialog: Escape and Tab still work.
    await run.page.keyboard.press('Enter');
    await eventually(focusedName).toBe('button:Add');
    await run.page.keyboard.press('Enter');
    await eventually(focusedName).toBe('input:Name');
    await run.page.keyboard.type('owner');
    await run.page.keyboard.press('Tab');
    await run.page.keyboard.type('web team');
    await opened(dialog);
    await run.shot('narrow-details-06-properties-keyboard');
    // Enter in a field saves (the form's submit).
    await run.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => ui.byTestId('details-metadata').innerText()).toMatch(/owner\s+web team/);
    // The focus went back to where the dialog was opened from.
    await eventually(focused).toBe('edit-properties');

    // Escape closes without saving. In a small window, the 'Properties saved' toast stays under the dialog
    // rather than over its buttons.
    await run.page.setViewportSize({ width: 900, height: 600 });
    await eventually(() => run.page.locator('[data-sonner-toast]').count()).toBeGreaterThan(0);
    await run.page.keyboard.press('Enter');
    await dialog.waitFor();
    await opened(dialog);
    for (const id of ['properties-save']) {
      const box = (await ui.byTestId(id).boundingBox())!;
      type Doc = { elementFromPoint(x: number, y: number): { closest(s: string): unknown } | null };
      const onTop = await run.page.evaluate(
        ([x, y, sel]) => Boolean((globalThis as unknown as { document: Doc }).document.elementFromPoint(x!, y!)?.closest(sel!)),
        [box.x + box.width / 2, box.y + box.height / 2, `[data-testid="${id}"]`] as const,
      );
      expect(onTop, `${id} is under something`).toBe(true);
    }
    await run.shot('narrow-details-07-dialog-over-toast-900');
    await run.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await eventually(focused).toBe('edit-properties');
  });

  // Last: its long bucket name would widen the bucket filter the test above measures.
  it('shows an action’s key whole beside a long bucket name, which gives way first', async () => {
    const bucket = 'quarterly-reports-archive-of-the-finance-department-2026';
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'q3/summary.pdf', Body: 'pdf' }));
    await run.page.setViewportSize({ width: 900, height: 600 });
    await ui.showTimeline();
    const row = ui.timelineRows('action').filter({ hasText: 'q3/summary.pdf' });
    await row.waitFor();
    // The key is what tells the actions apart: it was cut to nothing after 'quarterly-reports-archive-of-the…'.
    type Rect = { left: number; right: number };
    type El = { getBoundingClientRect(): Rect; querySelector(s: string): El };
    const [key, target] = await row.getByTestId('timeline-target').evaluate((el) => [(el as unknown as El).querySelector('.tk').getBoundingClientRect(), (el as unknown as El).getBoundingClientRect()]);
    expect(key!.right).toBeLessThanOrEqual(target!.right + 0.5);
    expect(await clipped(row, '.tb')).toEqual([`${bucket}/`]);
    // Read as one path, as before.
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain(`${bucket}/q3/summary.pdf`);
    expect(await row.getByTestId('timeline-target').getAttribute('title')).toBe(`${bucket}/q3/summary.pdf`);
  });

  it('shows an empty bucket’s message whole, its Upload button in view, in a 900×600 window', async () => {
    await run.page.setViewportSize({ width: 900, height: 600 });
    await s3.send(new CreateBucketCommand({ Bucket: 'empty-for-now' }));
    await ui.byTestId('refresh-buckets').click();
    await ui.openBucket('empty-for-now');
    const empty = ui.byTestId('empty-folder');
    await empty.waitFor();
    type Rect = { top: number; bottom: number; width: number; height: number };
    type El = { getBoundingClientRect(): Rect; closest(s: string): El; querySelectorAll(s: string): Iterable<El>; className: string };
    // Every part of the message (icon, title, text, buttons) that shows lies inside the pane, and the icon's square
    // tile is whole: centred in a pane shorter than the message, it was squashed to half its height.
    const parts = await empty.evaluate((el) => {
      const pane = (el as unknown as El).closest('.tbody').getBoundingClientRect();
      return [...(el as unknown as El).querySelectorAll(':scope > *')]
        .map((c) => ({ part: String(c.className).split(' ')[0], box: c.getBoundingClientRect() }))
        .filter(({ box }) => box.height > 0)
        .map(({ part, box }) => ({ part, inside: box.top >= pane.top - 0.5 && box.bottom <= pane.bottom + 0.5, square: part !== 'icon' || Math.abs(box.width - box.height) < 1 }));
    });
    expect(parts.filter((p) => !p.inside || !p.square)).toEqual([]);
    expect(await empty.getByRole('button', { name: 'Upload files' }).isVisible()).toBe(true);
  });

  it('keeps an execution’s status and duration in view beside a long function name', async () => {
    await run.page.setViewportSize({ width: 900, height: 600 });
    const name = 'generate-thumbnails-and-previews-for-every-upload';
    await ui.createStarterFunction(name);
    await s3.send(new CreateBucketCommand({ Bucket: 'previews' }));
    const fn = (await run.app.host.api.functions.list()).find((f) => f.name === name)!;
    await run.app.host.api.triggers.save({ connectionId: 'local', bucket: 'previews', events: ['cos:ObjectCreated:*'], prefix: '', suffix: '', format: 'cos', functionId: fn.id });
    await s3.send(new PutObjectCommand({ Bucket: 'previews', Key: 'a.png', Body: 'png' }));
    await ui.showTimeline();
    if (await ui.byTestId('timeline-detail').count()) await ui.byTestId('timeline-detail').getByRole('button', { name: 'Close' }).click();
    const row = ui.timelineRows('execution').filter({ hasText: 'generate-thumbnails' }).first();
    await eventually(() => row.locator('[data-status]').getAttribute('data-status')).toBe('success');
    type Rect = { left: number; right: number };
    type El = { getBoundingClientRect(): Rect; querySelector(s: string): El | null };
    // The name took the whole row and pushed the status, duration and result out of it.
    const [rowBox, status, duration] = await row.evaluate((el) => {
      const r = el as unknown as El;
      return [r.getBoundingClientRect(), r.querySelector('[data-status]')!.getBoundingClientRect(), r.querySelector('.dur')!.getBoundingClientRect()];
    });
    expect(status!.right).toBeLessThanOrEqual(rowBox!.right);
    expect(duration!.right).toBeLessThanOrEqual(rowBox!.right);
    expect(await row.locator('.fn-name').getAttribute('title')).toBe(name);
  });

  it('keeps a dead letter’s Redeliver and Discard buttons in view beside a long function name', async () => {
    await run.page.setViewportSize({ width: 900, height: 600 });
    // A webhook nobody listens on: every attempt is refused at once, so the event lands in the dead letters.
    const fn = await run.app.host.api.functions.save({ name: 'forward-every-upload-to-the-archiving-service-webhook', runtime: 'webhook', url: 'http://127.0.0.1:9/hook' });
    await s3.send(new CreateBucketCommand({ Bucket: 'undeliverable' }));
    await run.app.host.api.triggers.save({ connectionId: 'local', bucket: 'undeliverable', events: ['cos:ObjectCreated:*'], prefix: '', suffix: '', format: 'cos', functionId: fn.id });
    await s3.send(new PutObjectCommand({ Bucket: 'undeliverable', Key: 'reports/2026/november/summary.pdf', Body: 'pdf' }));
    await ui.showProblems();
    const row = ui.byTestId('dead-letter').filter({ hasText: 'forward-every-upload' });
    await row.waitFor({ timeout: 20_000 });
    if (await ui.byTestId('timeline-detail').count()) await ui.byTestId('timeline-detail').getByRole('button', { name: 'Close' }).click();
    type Rect = { left: number; right: number };
    type El = { getBoundingClientRect(): Rect; querySelector(s: string): El };
    // The name and the event name took the row and pushed both buttons past its end.
    const [box, redeliver, discard] = await row.evaluate((el) => {
      const r = el as unknown as El;
      return [r.getBoundingClientRect(), r.querySelector('[data-testid="dead-letter-redeliver"]').getBoundingClientRect(), r.querySelector('[data-testid="dead-letter-discard"]').getBoundingClientRect()];
    });
    expect(redeliver!.right).toBeLessThanOrEqual(box!.right);
    expect(discard!.right).toBeLessThanOrEqual(box!.right);
    expect(await row.locator('strong').getAttribute('title')).toBe('forward-every-upload-to-the-archiving-service-webhook');
  });
});
