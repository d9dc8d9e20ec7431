// What a keyboard user and a small window see, checked with the browser's own layout and styles (jsdom has
// neither): the timeline's keyboard position is visible while the list has the focus, and a 900×600 window
// still shows a trigger's events and function whole instead of 'cos:ObjectC…' and 'lo…'.
import { resolve } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

const LOG_EVENT = resolve(import.meta.dirname, '../../examples/functions/log-event');

describe.skipIf(!hasChromium)('focus and narrow windows', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;

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

  it('marks the timeline row the arrow keys are on while the list has the focus, and only then', async () => {
    const status = await run.app.host.api.server.status();
    const { secretAccessKey } = await run.app.host.api.server.revealSecret();
    const client = new S3Client({ endpoint: status.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: status.accessKeyId, secretAccessKey } });
    await client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'cat.jpg', Body: 'img' }));
    client.destroy();
    await ui.showTimeline();
    await ui.timelineRows('execution').first().waitFor();

    const list = ui.byTestId('timeline-list');
    await list.focus();
    await run.page.keyboard.press('Home');
    const selected = run.page.locator('[data-testid="timeline-row"][aria-selected="true"]');
    await eventually(() => selected.count()).toBe(1);
    const look = () => selected.evaluate((el) => {
      const style = getComputedStyle(el);
      return { shadow: style.boxShadow, background: style.backgroundColor };
    });
    const focused = await look();
    // An inset accent bar on the left, as the object list shows its focused row.
    expect(focused.shadow).toMatch(/inset/);

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
    const cut = await ui.byTestId('trigger-row').evaluate((row) =>
      [...row.querySelectorAll<HTMLElement>('.chip, .fnlink span')].filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent),
    );
    expect(cut).toEqual([]);
    expect(await ui.byTestId('trigger-row').innerText()).toMatch(/cos:ObjectCreated:\*[\s\S]*cos:ObjectRemove:\*[\s\S]*log-event/);
    await run.page.setViewportSize({ width: 1440, height: 900 });
  });
});
