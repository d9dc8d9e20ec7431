// What a keyboard user and a small window see, checked with the browser's own layout and styles (jsdom has
// neither): the timeline's keyboard position is visible while the list has the focus, and a 900×600 window
// still shows a trigger's events and function whole instead of 'cos:ObjectC…' and 'lo…', and a delete
// marker's details in words, not '(lat…' and 'GET answ…'.
import { resolve } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { embeddedServerClient, type RunningApp, startApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

const LOG_EVENT = resolve(import.meta.dirname, '../../examples/functions/log-event');

describe.skipIf(!hasChromium)('focus and narrow windows', () => {
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

  type Box = { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number; textContent: string | null };
  /** Elements under `root` whose text the layout cuts off (an ellipsis or a line clamp). */
  const clipped = (root: import('playwright-core').Locator, selector: string) =>
    root.evaluate(
      // The node tsconfig has no DOM types: the elements are typed by hand.
      (el, sel) =>
        [...(el as unknown as { querySelectorAll(s: string): Iterable<Box> }).querySelectorAll(sel)]
          .filter((e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight)
          .map((e) => e.textContent),
      selector,
    );

  beforeAll(async () => {
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    await ui.openLocal();
    await ui.createBucket('photos');
    await ui.createFunction({ name: 'log-event', path: LOG_EVENT });
    await ui.bucket('photos').click();
    await ui.addTrigger({ functionName: 'log-event', format: 'cos', events: ['cos:ObjectCreated:*', 'cos:ObjectRemove:*'] });
  });

  afterAll(async () => {
    await run?.close();
  });

  it('marks the timeline row the arrow keys are on while the list has the focus (only then), and its detail names the run in full', async () => {
    await s3((c) => c.send(new PutObjectCommand({ Bucket: 'photos', Key: 'cat.jpg', Body: 'img' })));
    await ui.showTimeline();
    await ui.timelineRows('execution').first().waitFor();

    const list = ui.byTestId('timeline-list');
    await list.focus();
    await run.page.keyboard.press('Home');
    const selected = run.page.locator('[data-testid="timeline-row"][aria-selected="true"]');
    await eventually(() => selected.count()).toBe(1);
    const look = () => selected.evaluate((el) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { boxShadow: string; backgroundColor: string } }).getComputedStyle(el);
      return { shadow: style.boxShadow, background: style.backgroundColor };
    });
    const focused = await look();
    // An inset accent bar on the left, as the object list shows its focused row.
    expect(focused.shadow).toMatch(/inset/);

    // The detail beside it names the run in full, not 'log-event · at…' beside its worded buttons.
    await ui.timelineRows('execution').first().click();
    await eventually(() => ui.byTestId('timeline-detail-title').innerText()).toBe('log-event · attempt 1');
    expect(await clipped(ui.byTestId('timeline-detail'), '[data-testid="timeline-detail-title"]')).toEqual([]);
    await list.focus();
    await run.page.keyboard.press('Home');

    // Focus elsewhere: still selected (the details stay open), but no longer marked as the keyboard's place.
    await ui.byTestId('timeline-filter-bucket').focus();
    const unfocused = await look();
    expect(unfocused.shadow).toBe('none');
    expect(unfocused.background).not.toBe(focused.background);
  });

  it('shows a trigger’s events and function whole in a 900×600 window', async () => {
    await run.page.setViewportSize({ width: 900, height: 600 });
    await ui.byTestId('bucket-tab-triggers').click();
    await ui.byTestId('trigger-row').waitFor();
    await run.shot('focus-and-narrow-01-triggers-900');
    expect(await clipped(ui.byTestId('trigger-row'), '.chip, .fnlink span')).toEqual([]);
    expect(await ui.byTestId('trigger-row').innerText()).toMatch(/cos:ObjectCreated:\*[\s\S]*cos:ObjectRemove:\*[\s\S]*log-event/);
    await run.page.setViewportSize({ width: 1440, height: 900 });
  });

  it('describes a delete marker in words a 900×600 window shows whole', async () => {
    await ui.byTestId('bucket-tab-objects').click();
    await ui.byTestId('versioning-toggle').click();
    await eventually(() => ui.byTestId('versioning-state').innerText()).toBe('Enabled');
    await s3(async (c) => {
      await c.send(new PutObjectCommand({ Bucket: 'photos', Key: 'report.txt', Body: 'first' }));
      await c.send(new DeleteObjectCommand({ Bucket: 'photos', Key: 'report.txt' }));
    });
    await run.page.setViewportSize({ width: 900, height: 600 });
    await ui.byTestId('refresh-objects').click();
    await ui.byTestId('toggle-versions').click();
    await ui.byTestId('object-filter').fill('report');
    const marker = ui.objectRow('report.txt').filter({ hasText: 'delete marker' });
    await marker.click();
    await eventually(() => ui.byTestId('details-summary').innerText()).toBe('Delete marker (latest: the key reads as deleted)');
    expect(await clipped(ui.byTestId('details-panel'), '[data-testid="details-summary"], dd:not(.mono)')).toEqual([]);
    // What it triggered: the DeleteMarkerCreated line keeps its event icon whole beside the long name.
    const icons = ui.byTestId('triggered-event').locator('svg');
    await eventually(() => icons.count()).toBeGreaterThan(0);
    expect(await icons.evaluateAll((svgs) => svgs.map((svg) => Math.round(svg.getBoundingClientRect().width)))).toEqual(Array(await icons.count()).fill(12));
    await run.shot('focus-and-narrow-02-delete-marker-900');
    await ui.byTestId('object-filter').fill('');
    await ui.byTestId('toggle-versions').click();
    await run.page.setViewportSize({ width: 1440, height: 900 });
  });
});
