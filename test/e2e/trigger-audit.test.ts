// What a developer meets while iterating on a handler: settings changed and left unsaved survive a trip to a
// bucket and back (and say they are unsaved); a module with a syntax error names its file and line; a handler
// that returns megabytes shows the start of its result with its size instead of stalling the window.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

describe.skipIf(!hasChromium)('trigger tester audit', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;
  let handlers: string;

  beforeAll(async () => {
    handlers = await mkdtemp(join(tmpdir(), 'bucketscope-e2e-audit-'));
    await writeFile(join(handlers, 'index.mjs'), "import { size } from './helper.mjs';\nexport async function main_handler() { return size; }\n");
    await writeFile(join(handlers, 'helper.mjs'), 'export const size = {\n  a: 1,\n  b: 2;\n};\n');
    await writeFile(join(handlers, 'huge.mjs'), "export async function main_handler() { return { big: 'y'.repeat(3_000_000) }; }\n");
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    await ui.openLocal();
    await ui.createBucket('inbox');
  });

  afterAll(async () => {
    await run?.close();
    if (handlers) await rm(handlers, { recursive: true, force: true });
  });

  it('keeps unsaved settings when the user goes to a bucket and back, until they are saved', async () => {
    await ui.createStarterFunction('settings-draft');
    expect(await ui.byTestId('settings-dirty').count()).toBe(0);
    await ui.byTestId('function-timeout').fill('4500');
    await ui.byTestId('settings-dirty').waitFor();

    await ui.bucket('inbox').click();
    await ui.byTestId('function-view').waitFor({ state: 'detached' });
    await ui.functionItem('settings-draft').click();
    await eventually(() => ui.byTestId('function-timeout').inputValue()).toBe('4500');
    expect((await ui.byTestId('settings-dirty').innerText()).replace(/\u00a0/g, ' ')).toContain('Unsaved settings');

    await ui.byTestId('function-save').click();
    await ui.byTestId('settings-dirty').waitFor({ state: 'detached' });
    expect((await run.app.host.api.functions.list()).find((f) => f.name === 'settings-draft')?.timeoutMs).toBe(4500);
    // Saved: going away and back shows the saved value, with nothing unsaved.
    await ui.bucket('inbox').click();
    await ui.functionItem('settings-draft').click();
    await eventually(() => ui.byTestId('function-timeout').inputValue()).toBe('4500');
    expect(await ui.byTestId('settings-dirty').count()).toBe(0);
  });

  it('names the file and line of a syntax error in a module the handler imports', async () => {
    await ui.createFunction({ name: 'broken-import', path: handlers, handler: 'index.main_handler' });
    await ui.byTestId('function-invoke').click();
    await eventually(() => ui.byTestId('function-invoke-result').innerText()).toMatch(/error/);
    const test = ui.byTestId('function-test');
    expect(await test.innerText()).toContain("SyntaxError: Unexpected token ';' (helper.mjs:3)");
    // The source line with a caret under the token, as Node prints it.
    expect(await test.innerText()).toMatch(/helper\.mjs:3\s+b: 2;\s+\^/);
    await ui.dismissToasts();
    await run.shot('trigger-audit-01-syntax-error');
  });

  it('shows the start of a result of megabytes, with its size, on the function and on the timeline', async () => {
    await ui.createFunction({ name: 'huge-result', path: handlers, handler: 'huge.main_handler' });
    await ui.byTestId('function-invoke').click();
    await eventually(() => ui.byTestId('function-invoke-result').innerText()).toMatch(/success/);
    expect(await ui.byTestId('function-result-clipped').innerText()).toMatch(/returned 2\.9 MB of JSON.*first 64 KB/);

    await ui.showTimeline();
    await ui.timelineRows('execution').filter({ hasText: 'huge-result' }).click();
    await ui.byTestId('result-clipped').waitFor();
    expect(await ui.byTestId('result-clipped').innerText()).toMatch(/2\.9 MB/);
    const shown = await ui.byTestId('execution-result').innerText();
    expect(shown.startsWith('{"big":"yyy')).toBe(true);
    expect(shown.length).toBeLessThan(70_000);
    // What is kept on the timeline is the clipped text too, not the 3 MB value.
    const kept = (await run.app.host.api.timeline.list({})).find((r) => r.type === 'execution' && r.function === 'huge-result');
    expect(kept?.type === 'execution' && kept.resultClipped?.bytes).toBe(3_000_010);
    await ui.dismissToasts();
    await run.shot('trigger-audit-02-huge-result');
  });
  it('deletes a function together with the trigger that runs it, as the confirmation says', async () => {
    await ui.createStarterFunction('doomed');
    await ui.bucket('inbox').click();
    await ui.byTestId('bucket-tab-triggers').click();
    await ui.byTestId('add-trigger').click();
    const fn = await ui.byTestId('trigger-function').locator('option', { hasText: 'doomed' }).getAttribute('value');
    await ui.byTestId('trigger-function').selectOption(fn!);
    await ui.byTestId('trigger-prefix').fill('in/');
    await ui.byTestId('trigger-save').click();
    await ui.byTestId('trigger-dialog').waitFor({ state: 'detached' });

    await ui.functionItem('doomed').click();
    await ui.byTestId('function-delete').click();
    // The trigger by its bucket, events and filter (an unnamed one read 'inbox:'), and what happens to it.
    expect(await ui.byTestId('confirm-items').innerText()).toBe('inbox: cos:ObjectCreated:* (prefix in/)');
    expect(await ui.byTestId('confirm-ok').innerText()).toBe('Delete function and trigger');
    await ui.byTestId('confirm-ok').click();
    // It was refused before ('Function is used by trigger trg-…; remove the trigger first').
    await ui.functionItem('doomed').waitFor({ state: 'detached' });
    expect((await run.app.host.api.triggers.list({})).filter((t) => t.bucket === 'inbox')).toEqual([]);
    expect(await run.page.locator('[data-sonner-toast][data-type="error"]').count()).toBe(0);
  });
  it("starts the sample test event as the function's trigger sends it: S3 form, its bucket, a key its filter accepts", async () => {
    await ui.createStarterFunction('lambda-style');
    await ui.bucket('inbox').click();
    await ui.byTestId('bucket-tab-triggers').click();
    await ui.byTestId('add-trigger').click();
    const fn = await ui.byTestId('trigger-function').locator('option', { hasText: 'lambda-style' }).getAttribute('value');
    await ui.byTestId('trigger-function').selectOption(fn!);
    await ui.byTestId('trigger-format').selectOption('s3');
    await ui.byTestId('trigger-prefix').fill('in/');
    await ui.byTestId('trigger-suffix').fill('.png');
    await ui.byTestId('trigger-save').click();
    await ui.byTestId('trigger-dialog').waitFor({ state: 'detached' });

    await ui.functionItem('lambda-style').click();
    const test = ui.byTestId('function-test');
    await test.waitFor();
    expect((await ui.byTestId('function-trigger').innerText()).replace(/\u00a0/g, ' ')).toBe('inbox · s3:ObjectCreated:* · prefix in/ · suffix .png');
    expect(await test.getByLabel('Format').inputValue()).toBe('s3');
    expect(await test.getByLabel('Bucket').inputValue()).toBe('inbox');
    expect(await test.getByLabel('Key').inputValue()).toBe('in/example.png');
    await ui.byTestId('function-invoke').click();
    // The starter logs the S3 record's name (no s3: prefix in a record), bucket and decoded key.
    await eventually(() => test.innerText()).toMatch(/stdout ObjectCreated:Put inbox in\/example\.png/);
    // Another event type from the short names grouped by family.
    await ui.byTestId('test-event-type').selectOption('ObjectRemoved:DeleteMarkerCreated');
    await ui.byTestId('function-invoke').click();
    await eventually(() => test.innerText()).toMatch(/stdout ObjectRemoved:DeleteMarkerCreated inbox in\/example\.png/);
    await ui.dismissToasts();
    await ui.byTestId('function-test').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await run.shot('trigger-audit-03-sample-event');
  });

  it('keeps each trigger suffix whole in a narrow window, cutting the long prefix they share instead', async () => {
    await run.app.host.api.triggers.save({ connectionId: 'local', bucket: 'inbox', events: ['cos:ObjectRemove:*'], format: 'cos', functionId: (await run.app.host.api.functions.list())[0]!.id, prefix: 'uploads/images/2026/november/', suffix: '.jpeg' });
    await ui.openBucket('inbox');
    await ui.byTestId('bucket-tab-triggers').click();
    await run.page.setViewportSize({ width: 900, height: 600 });
    try {
      const row = ui.byTestId('trigger-row').filter({ hasText: 'cos:ObjectRemove:*' });
      await row.waitFor();
      const cell = row.getByTestId('trigger-filter');
      const suffix = row.getByTestId('trigger-filter-suffix');
      expect(await suffix.innerText()).toBe('*.jpeg');
      // Whole: not cut by its own ellipsis, and inside its cell (the prefix before it is the part cut).
      const fits = await suffix.evaluate((el) => {
        const e = el as unknown as { scrollWidth: number; clientWidth: number };
        return e.scrollWidth <= e.clientWidth;
      });
      expect(fits).toBe(true);
      const [c, x] = [await cell.boundingBox(), await suffix.boundingBox()];
      expect(x!.x + x!.width).toBeLessThanOrEqual(c!.x + c!.width + 0.5);
      expect(x!.x).toBeGreaterThan(c!.x);
    } finally {
      await run.page.setViewportSize({ width: 1440, height: 900 });
    }
  });
});
