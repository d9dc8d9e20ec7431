// The timeline as a demanding user reads it: a window opened while a handler still runs shows it running (not an
// event that seems to have run nothing) and then its result; the keyboard keeps working after a click and a jump
// to the end of a long list; Enter reads a record's details; an event's payload copies byte for byte, raw (the
// webhook body) or indented.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { hasChromium, launchChromium } from './support/chromium.ts';
import { embeddedServerClient, startApp, type RunningApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

describe.skipIf(!hasChromium)('timeline audit', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;
  let s3: S3Client;
  let handlers: string;

  beforeAll(async () => {
    handlers = await mkdtemp(join(tmpdir(), 'bucketscope-e2e-fn-'));
    // Runs until the test creates its release file (no timing guesses); then returns what it was told.
    await writeFile(
      join(handlers, 'index.mjs'),
      `import { existsSync } from 'node:fs';
export async function main_handler(event) {
  const key = event.Records[0].cos.cosObject.key;
  if (key.endsWith('held.jpg')) while (!existsSync(${JSON.stringify(join(handlers, 'release'))})) await new Promise((r) => setTimeout(r, 50));
  console.log('handled', key);
  return { key };
}
`,
    );
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    s3 = await embeddedServerClient(run.app);
    const fn = await run.app.host.api.functions.save({ name: 'thumbnail-maker', runtime: 'nodejs', path: handlers, handler: 'index.main_handler', timeoutMs: 60_000 });
    await s3.send(new CreateBucketCommand({ Bucket: 'audit' }));
    await run.app.host.api.triggers.save({ connectionId: 'local', bucket: 'audit', events: ['cos:ObjectCreated:*'], prefix: '', suffix: '', format: 'cos', functionId: fn.id });
  });

  afterAll(async () => {
    s3?.destroy();
    await run?.close();
    if (handlers) await rm(handlers, { recursive: true, force: true });
  });

  async function executionStatus(page: Page): Promise<string | null> {
    const row = page.locator('[data-testid="timeline-row"][data-kind="execution"]').first();
    return (await row.count()) ? row.locator('[data-status]').getAttribute('data-status') : null;
  }

  it('a window opened while a function runs shows it running, then its result', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'audit', Key: 'in/held.jpg', Body: 'held' }));
    // The execution has started (main announced it) before this second window exists.
    await eventually(async () => (await run.app.host.api.timeline.list({})).some((r) => r.type === 'execution' && r.status === 'running')).toBe(true);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(run.app.server.url);
      await page.getByTestId('tab-timeline').click();
      await eventually(() => executionStatus(page)).toBe('running');
      await writeFile(join(handlers, 'release'), '');
      await eventually(() => executionStatus(page)).toBe('success');
    } finally {
      await browser.close();
    }
  });

  it('keeps the keyboard on the list after a click and a jump to the end; Enter reads the details, Escape comes back', async () => {
    for (let i = 0; i < 40; i++) await s3.send(new PutObjectCommand({ Bucket: 'audit', Key: `many/${String(i).padStart(2, '0')}.txt`, Body: 'x' }));
    await run.page.setViewportSize({ width: 900, height: 600 });
    await ui.showTimeline();
    await eventually(() => ui.timelineRows('action').filter({ hasText: 'many/39.txt' }).count()).toBe(1);
    await ui.timelineRows('action').first().click();
    const list = ui.byTestId('timeline-list');
    // The clicked row was focused and the virtualized list dropped it after End: the focus fell on <body>.
    await run.page.keyboard.press('End');
    await run.page.keyboard.press('ArrowUp');
    expect(await ui.focusedTestId()).toBe('timeline-list');
    const last = await list.getAttribute('aria-activedescendant');
    await run.page.keyboard.press('Home');
    expect(await list.getAttribute('aria-activedescendant')).not.toBe(last);
    await run.page.keyboard.press('Enter');
    await eventually(() => ui.focusedTestId()).toBe('timeline-detail-content');
    await run.page.keyboard.press('Escape');
    await eventually(() => ui.focusedTestId()).toBe('timeline-list');
  });

  it('shows a function’s whole name beside its result while a record’s details are open', async () => {
    await run.page.setViewportSize({ width: 1280, height: 800 });
    await ui.showTimeline();
    const execution = ui.timelineRows('execution').first();
    await execution.click();
    await ui.byTestId('timeline-detail').waitFor();
    // Each run returns { key }: a result preview that has to give way before the name does.
    type El = { scrollWidth: number; clientWidth: number; textContent: string };
    const name = await execution.locator('.fn-name').evaluate((el) => ({ text: (el as unknown as El).textContent, cut: (el as unknown as El).scrollWidth > (el as unknown as El).clientWidth }));
    expect(name).toEqual({ text: 'thumbnail-maker', cut: false });
  });

  it('copies an event’s payload raw (the exact webhook body) or indented', async () => {
    await run.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await run.page.setViewportSize({ width: 1280, height: 800 });
    await ui.showTimeline();
    const event = ui.timelineRows('event').first();
    await event.click();
    const id = (await event.getAttribute('data-id'))!.slice(2);
    const record = (await run.app.host.api.timeline.list({ limit: 5000 })).find((r) => r.type === 'event' && r.eventId === id);
    if (record?.type !== 'event') throw new Error(`event ${id} is not in main's timeline`);
    type Nav = { navigator: { clipboard: { readText(): Promise<string> } } };
    const clipboard = () => run.page.evaluate(() => (globalThis as unknown as Nav).navigator.clipboard.readText());
    await ui.byTestId('copy-event-json-raw').click();
    await eventually(clipboard).toBe(JSON.stringify(record.payload));
    await ui.byTestId('copy-event-json').click();
    await eventually(clipboard).toBe(JSON.stringify(record.payload, null, 2));
  });
});
