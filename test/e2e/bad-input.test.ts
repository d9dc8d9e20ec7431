// A demanding user on the Local server: bad input gets a readable message, nothing is lost, and the keyboard
// keeps working around the dialogs that say so.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

/** What has the focus, as "tag testid" (the test id is what the specs name). */
function focused(ui: WorkbenchPage): Promise<string> {
  type Doc = { activeElement: { tagName: string; getAttribute(name: string): string | null } | null };
  return ui.page.evaluate(() => {
    const el = (globalThis as unknown as { document: Doc }).document.activeElement;
    return el ? `${el.tagName.toLowerCase()} ${el.getAttribute('data-testid') ?? ''}`.trim() : '';
  });
}

describe.skipIf(!hasChromium)('bad input on the Local server', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;

  beforeAll(async () => {
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    await ui.openLocal();
    await ui.createBucket('photos');
  });

  afterAll(async () => {
    await run?.close();
  });

  it('a duplicate bucket name is explained in the dialog, and Escape still closes it', async () => {
    await ui.byTestId('create-bucket').click();
    const dialog = ui.byTestId('create-bucket-dialog');
    await ui.byTestId('create-bucket-dialog-name').fill('photos');
    // Clicked, not Enter: the button is disabled while the request runs.
    await ui.byTestId('create-bucket-dialog-submit').click();
    await eventually(() => dialog.innerText()).toMatch(/"photos" already exists/);
    await run.shot('bad-input-01-duplicate-bucket');
    // The focus stayed in the dialog (not on <body>), so the keyboard still reaches it.
    await eventually(() => focused(ui)).toMatch(/^(input create-bucket-dialog-name|button create-bucket-dialog-submit)$/);
    await ui.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(ui)).toBe('button create-bucket');
  });

  it('an overlapping trigger is refused naming the other one as the Triggers tab shows it, not by its id', async () => {
    await ui.createStarterFunction('logger');
    await ui.openBucket('photos');
    await ui.byTestId('bucket-tab-triggers').click();
    await ui.byTestId('add-trigger').click();
    await ui.byTestId('trigger-prefix').fill('images/');
    await ui.byTestId('trigger-suffix').fill('.jpg');
    await ui.byTestId('trigger-save').click();
    await ui.byTestId('trigger-dialog').waitFor({ state: 'detached' });
    await eventually(() => ui.byTestId('trigger-row').innerText()).toMatch(/images\/\s*\*\.jpg/);

    // Same events (cos:ObjectCreated:*: no longer the default, which the other trigger takes for images/*.jpg),
    // a prefix inside the other's and any suffix. The dialog says so as it is filled in, before any Save.
    await ui.byTestId('add-trigger').click();
    await ui.byTestId('trigger-events').locator('[data-event="cos:ObjectCreated:*"]').check();
    await ui.byTestId('trigger-events').locator('[data-event="cos:ObjectRemove:*"]').uncheck();
    await ui.byTestId('trigger-prefix').fill('images/2026/');
    const warning = ui.byTestId('trigger-overlap');
    await eventually(() => warning.count()).toBe(1);
    const text = await warning.innerText();
    expect(text).toContain('Overlaps the trigger that runs logger on images/*.jpg: both would run on cos:ObjectCreated:* for the same keys');
    expect(text).toMatch(/Narrow the prefix or suffix/);
    expect(text).not.toMatch(/trg-/);
    await ui.byTestId('trigger-save').click();
    await eventually(() => ui.byTestId('trigger-events').innerText()).toMatch(/Overlaps another trigger of this bucket/);
    await run.shot('bad-input-02-trigger-overlap');
    // Nothing was saved, and the dialog keeps what was typed.
    expect(await ui.byTestId('trigger-row').count()).toBe(1);
    expect(await ui.byTestId('trigger-prefix').inputValue()).toBe('images/2026/');
    // Closing asks before the typed trigger is dropped.
    await ui.page.keyboard.press('Escape');
    await ui.byTestId('trigger-discard-dialog-discard').click();
    await ui.byTestId('trigger-dialog').waitFor({ state: 'detached' });
  });

  it('a function whose handler throws while loading says so on a test run; saving keeps the focus on the form', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bucketscope-e2e-badload-'));
    try {
      await writeFile(join(dir, 'index.mjs'), "throw new Error('config.json missing: cannot start');\nexport async function main_handler() { return 1; }\n");
      await ui.byTestId('add-function').click();
      await ui.byTestId('function-name').fill('badload');
      await ui.byTestId('function-source-folder').check();
      await ui.byTestId('function-path').fill(dir);
      await ui.byTestId('function-handler').fill('index.main_handler');
      // Clicked: the button is disabled while saving, and the focus must not fall to <body>.
      await ui.byTestId('function-save').click();
      await ui.functionItem('badload').waitFor();
      await eventually(() => focused(ui)).toBe('button function-save');

      await ui.byTestId('function-invoke').click();
      const result = ui.byTestId('function-invoke-result');
      await eventually(() => result.innerText()).toMatch(/error/);
      await eventually(() => ui.byTestId('function-view').innerText()).toMatch(/Init failed: Error: config\.json missing: cannot start/);
      await run.shot('bad-input-03-function-throws-on-load');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a trigger name already used on the bucket is refused naming that trigger, with the message at the Name field', async () => {
    await ui.bucket('photos').click();
    await ui.byTestId('bucket-tab-triggers').click();
    await ui.byTestId('triggers-view').waitFor();
    const before = await ui.byTestId('trigger-row').count();
    await ui.byTestId('add-trigger').click();
    await ui.byTestId('trigger-prefix').fill('docs/');
    await ui.byTestId('trigger-name').fill('audit');
    await ui.byTestId('trigger-save').click();
    await ui.byTestId('trigger-dialog').waitFor({ state: 'detached' });

    await ui.byTestId('add-trigger').click();
    await ui.byTestId('trigger-prefix').fill('logs/');
    await ui.byTestId('trigger-name').fill('audit');
    await ui.byTestId('trigger-save').click();
    const error = ui.byTestId('trigger-save-error');
    await eventually(() => error.count()).toBe(1);
    const text = await error.innerText();
    expect(text).toContain('Another trigger of photos is already named “audit” (it runs logger on docs/*).');
    expect(text).not.toMatch(/trg-/);
    expect(await ui.byTestId('trigger-dialog').innerText()).toContain('Already used by another trigger of this bucket');
    await run.shot('bad-input-04-trigger-name-taken');
    await ui.page.keyboard.press('Escape');
    await ui.byTestId('trigger-discard-dialog-discard').click();
    await ui.byTestId('trigger-dialog').waitFor({ state: 'detached' });
    expect(await ui.byTestId('trigger-row').count()).toBe(before + 1);
  });
});
