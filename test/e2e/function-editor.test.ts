// A user creates a Node.js function from the starter handler (no folder to prepare), runs it, changes its
// code in the editor, saves with Ctrl+S and runs it again: the new code runs, in a cold instance. Screenshots
// of the editor in light and dark.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

/** The page's globals, typed by hand: the node tsconfig has no DOM types. */
type PageGlobals = {
  document: { documentElement: { dataset: Record<string, string | undefined> }; querySelector(s: string): unknown };
  getComputedStyle(el: unknown): { backgroundColor: string };
};

const EDITED = `export async function main_handler(event, context) {
  const r = event.Records[0];
  console.log('edited in the app:', r.cos.cosObject.key);
  return { edited: true };
}
`;

describe.skipIf(!hasChromium)('function editor', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;
  /** Console messages about the production CSP (no eval, no inline scripts): CodeMirror must need neither. */
  const cspViolations: string[] = [];

  /** The code card at the top of the function view, for the screenshots (running a test scrolls down). */
  const showCode = () => ui.byTestId('function-code').evaluate((el) => el.scrollIntoView({ block: 'start' }));

  beforeAll(async () => {
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    run.page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  afterAll(async () => {
    await run?.close();
  });

  it('creates a function from the starter, edits and saves its code, and runs the new code', async () => {
    await ui.openLocal();
    await ui.createStarterFunction('starter-e2e');
    const editor = ui.byTestId('code-editor');
    await eventually(() => editor.innerText()).toContain('export async function main_handler(event, context)');
    expect(await ui.byTestId('code-open-file').innerText()).toContain('index.mjs');
    const file = join(run.dataDir, 'functions', 'starter-e2e', 'index.mjs');
    expect(await readFile(file, 'utf8')).toContain('main_handler');

    // The starter runs as it is: it logs the event name, bucket and key.
    await ui.byTestId('function-invoke').click();
    const result = ui.byTestId('function-invoke-result');
    await eventually(() => result.innerText()).toMatch(/success[\s\S]*cold/);
    await eventually(() => ui.byTestId('function-test').innerText()).toMatch(/stdout cos:ObjectCreated:Put photos uploads\/example\.jpg/);
    await ui.dismissToasts();
    await showCode();
    await run.shot('function-editor-01-starter-light');

    // Replace the code as a user would (select all, type), then Ctrl+S.
    await run.page.locator('[data-testid="code-editor"] .cm-content').click();
    await run.page.keyboard.press('Control+A');
    await run.page.keyboard.insertText(EDITED);
    await ui.byTestId('code-dirty').waitFor();
    await run.page.keyboard.press('Control+S');
    await ui.byTestId('code-dirty').waitFor({ state: 'detached' });
    expect(await readFile(file, 'utf8')).toBe(EDITED);

    await ui.byTestId('function-invoke').click();
    await eventually(() => ui.byTestId('function-test').innerText()).toMatch(/edited in the app: \/\d+\/photos\/uploads\/example\.jpg/);
    expect(await result.innerText()).toMatch(/success[\s\S]*cold/);
    expect(await ui.byTestId('function-test').innerText()).toContain('"edited": true');
    await ui.dismissToasts();
    await showCode();
    await run.shot('function-editor-02-edited-light');

    // Dark theme: the editor follows the app's colours.
    // The switch cycles system -> light -> dark.
    for (let i = 0; i < 3 && (await ui.byTestId('theme-toggle').getAttribute('aria-label')) !== 'Theme: dark'; i++) await ui.byTestId('theme-toggle').click();
    await eventually(() => run.page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.dataset['theme'])).toBe('dark');
    await eventually(() =>
      run.page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        return g.getComputedStyle(g.document.querySelector('.cm-editor')).backgroundColor;
      }),
    ).toBe('rgb(20, 21, 24)'); // --bg-input in dark
    // Out of the editor, so its blinking cursor (an endless animation) does not keep settle() waiting.
    await run.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur(): void } | null } }).document.activeElement?.blur());
    await ui.settle();
    await showCode();
    await run.shot('function-editor-03-edited-dark');
    expect(cspViolations).toEqual([]);
  });

  it('runs the function with a custom event pasted as JSON, starting from the last payload it received', async () => {
    await ui.byTestId('test-source-custom').check();
    const custom = ui.byTestId('test-custom-json');
    // Starts as the last event the function got (the COS sample of the runs above).
    await eventually(() => custom.innerText()).toMatch(/cos:ObjectCreated:Put/);
    await custom.locator('.cm-content').click();
    await run.page.keyboard.press('Control+A');
    await run.page.keyboard.insertText('{"Records":[{"event":{"eventName":"cos:ObjectCreated:Copy"},"cos":{"cosBucket":{"name":"pasted"},"cosObject":{"key":"/1250000000/pasted/from console.txt"}}}]}');
    await ui.byTestId('function-invoke').click();
    await eventually(() => ui.byTestId('function-test').innerText()).toMatch(/edited in the app: \/1250000000\/pasted\/from console\.txt/);
    await ui.showTimeline();
    await eventually(() => ui.timelineRows('event').first().innerText()).toMatch(/^cos:ObjectCreated:Copy/);

    // Not JSON: said at once, nothing runs.
    await custom.locator('.cm-content').click();
    await run.page.keyboard.press('Control+A');
    await run.page.keyboard.insertText('{"Records": [');
    await ui.byTestId('function-invoke').click();
    await eventually(() => ui.byTestId('function-test').innerText()).toMatch(/The custom event is not valid JSON/);
    await run.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur(): void } | null } }).document.activeElement?.blur());
    await ui.dismissToasts();
    await ui.settle();
    await run.shot('function-editor-04-custom-event');
  });

  it('creates a function from the keyboard alone: Enter on New function, type the name, Enter', async () => {
    await ui.byTestId('add-function').focus();
    await run.page.keyboard.press('Enter');
    // The caret is in Name (it stayed on the + button, behind the header's buttons).
    await eventually(() => ui.focusedTestId()).toBe('function-name');
    await run.page.keyboard.type('kbd-starter');
    await run.page.keyboard.press('Enter');
    await ui.functionItem('kbd-starter').waitFor();
    await eventually(() => ui.byTestId('code-editor').innerText()).toContain('export async function main_handler(event, context)');
  });

  it('shows a test run that floods its logs: the result first, the logs in a box of their own, and what was left out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bucketscope-flood-'));
    await writeFile(
      join(dir, 'index.mjs'),
      `export async function main_handler() {
        for (let i = 0; i < 5000; i++) console.log('flood line', i);
        console.log('w'.repeat(20000));
        return { flooded: 5000 };
      }\n`,
    );
    await ui.createFunction({ name: 'flood', path: dir, handler: 'index.main_handler' });
    await ui.byTestId('function-invoke').click();
    const value = ui.byTestId('function-invoke-value');
    await eventually(() => value.innerText()).toMatch(/"flooded": 5000/);
    expect(await ui.byTestId('function-logs-notice').innerText()).toBe(
      'Output too long to keep whole: 4,001 lines in the middle were dropped; the first and the last ones are shown; one line was longer than 8 KB and cut.',
    );
    const logs = ui.byTestId('function-invoke-logs');
    expect(await logs.innerText()).toMatch(/flood line 0\n[\s\S]*\[4,001 lines dropped here[\s\S]*… \[line cut: 20,000 characters, the first 8,192 kept\]/);
    // The result sits above the logs, and the logs scroll inside their box instead of stretching the page.
    const [valueBox, logsBox] = [await value.boundingBox(), await logs.boundingBox()];
    expect(valueBox!.y).toBeLessThan(logsBox!.y);
    expect(logsBox!.height).toBeLessThanOrEqual(330);
    expect(await logs.evaluate((el) => (el as unknown as { scrollHeight: number }).scrollHeight)).toBeGreaterThan(logsBox!.height * 10);
  });

  it('stops a test run that hangs (a 10-minute timeout) from its Stop button', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bucketscope-hang-'));
    await writeFile(join(dir, 'index.mjs'), `export async function main_handler() { console.log('waiting forever'); await new Promise(() => {}); }\n`);
    await ui.createFunction({ name: 'hangs', path: dir, handler: 'index.main_handler', timeoutMs: 600_000 });
    expect(await ui.byTestId('function-stop').count()).toBe(0);
    // From the keyboard: Enter on Run, and the focus goes to Stop (Run is disabled while it runs)…
    await ui.byTestId('function-invoke').focus();
    await run.page.keyboard.press('Enter');
    const stop = ui.byTestId('function-stop');
    await stop.waitFor();
    await eventually(() => ui.focusedTestId()).toBe('function-stop');
    expect(await ui.byTestId('function-invoke').isDisabled()).toBe(true);
    await run.page.keyboard.press('Enter');
    await eventually(() => ui.byTestId('function-invoke-error').innerText()).toBe('Stopped: you stopped this test run before it finished');
    expect(await ui.byTestId('function-invoke').isDisabled()).toBe(false);
    expect(await stop.count()).toBe(0);
    // …and back to Run once it ended.
    await eventually(() => ui.focusedTestId()).toBe('function-invoke');
  });
});
