// Page object over the Bucketscope window: what a user sees and clicks, by test id and accessible name.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { eventually } from '../support/eventually.ts';

export interface ConnectionForm {
  name: string;
  provider: string;
  endpoint: string;
  region?: string;
  pathStyle?: boolean;
  checksum?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  accessKey: string;
  secret: string;
}

export class AppPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  connection(name: string): Locator {
    return this.byTestId('connection-item').filter({ hasText: name });
  }

  bucket(name: string): Locator {
    return this.page.locator(`[data-testid="bucket-item"][data-bucket="${name}"]`);
  }

  objectRow(name: string): Locator {
    return this.byTestId('object-row').filter({ hasText: name });
  }

  breadcrumb(name: string): Locator {
    return this.byTestId('breadcrumb').filter({ hasText: name });
  }

  async fillConnection(form: ConnectionForm): Promise<void> {
    await this.byTestId('add-connection').click();
    await this.byTestId('conn-provider').selectOption(form.provider);
    await this.byTestId('conn-name').fill(form.name);
    await this.byTestId('conn-endpoint').fill(form.endpoint);
    if (form.region !== undefined) await this.byTestId('conn-region').fill(form.region);
    if (form.pathStyle !== undefined) await this.byTestId('conn-path-style').setChecked(form.pathStyle);
    if (form.checksum !== undefined) await this.byTestId('conn-checksum').selectOption(form.checksum);
    await this.byTestId('conn-access-key').fill(form.accessKey);
    await this.byTestId('conn-secret').fill(form.secret);
  }

  async createBucket(name: string): Promise<void> {
    await this.byTestId('create-bucket').click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('textbox').fill(name);
    await dialog.getByRole('button', { name: /create/i }).click();
    await this.bucket(name).waitFor();
  }
}

/** What the user fills in to create a Node.js function in the Functions section. */
export interface FunctionForm {
  name: string;
  path: string;
  handler?: string;
  timeoutMs?: number;
}

/** The bottom panel's timeline and problems, and the window's other flows used by the trigger specs. */
export class WorkbenchPage extends AppPage {
  async openLocal(): Promise<void> {
    await this.connection('Local').click();
    await this.byTestId('create-bucket').waitFor();
  }

  async openBucket(name: string): Promise<void> {
    await this.bucket(name).click();
    // A bucket opens on the tab that was showing (Objects or Triggers): go to its objects.
    await this.byTestId('bucket-tab-objects').click();
    await this.byTestId('object-browser').waitFor();
  }

  async createFunction(form: FunctionForm): Promise<void> {
    await this.byTestId('add-function').click();
    await this.byTestId('function-view').waitFor();
    await this.byTestId('function-name').fill(form.name);
    await this.byTestId('function-runtime').selectOption('nodejs');
    // Own code, not the starter handler the form offers first.
    await this.byTestId('function-source-folder').check();
    await this.byTestId('function-path').fill(form.path);
    if (form.handler) await this.byTestId('function-handler').fill(form.handler);
    if (form.timeoutMs) await this.byTestId('function-timeout').fill(String(form.timeoutMs));
    await this.byTestId('function-save').click();
    await this.functionItem(form.name).waitFor();
  }

  /** A new function from the starter handler main writes into its data directory (no path). */
  async createStarterFunction(name: string, runtime: 'nodejs' | 'python' = 'nodejs'): Promise<void> {
    await this.byTestId('add-function').click();
    await this.byTestId('function-view').waitFor();
    await this.byTestId('function-name').fill(name);
    await this.byTestId('function-runtime').selectOption(runtime);
    await this.byTestId('function-source-starter').check();
    await this.byTestId('function-save').click();
    await this.functionItem(name).waitFor();
  }

  functionItem(name: string): Locator {
    return this.byTestId('function-item').filter({ hasText: name });
  }

  /** Adds a trigger on the open bucket from its Triggers tab. `events` are the checkboxes' event names. */
  async addTrigger(options: { functionName: string; format: 'cos' | 's3'; events: string[] }): Promise<void> {
    await this.byTestId('bucket-tab-triggers').click();
    await this.byTestId('triggers-view').waitFor();
    await this.byTestId('add-trigger').click();
    const dialog = this.byTestId('trigger-dialog');
    await dialog.waitFor();
    const fn = await this.byTestId('trigger-function').locator('option', { hasText: options.functionName }).getAttribute('value');
    await this.byTestId('trigger-function').selectOption(fn!);
    await this.byTestId('trigger-format').selectOption(options.format);
    const events = this.byTestId('trigger-events');
    // Clear the default selection, then tick exactly the wanted names.
    for (const box of await events.locator('input[type="checkbox"]').all()) {
      const name = await box.getAttribute('data-event');
      await box.setChecked(options.events.includes(name!));
    }
    await this.byTestId('trigger-save').click();
    await dialog.waitFor({ state: 'detached' });
  }

  async upload(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.byTestId('bucket-tab-objects').click();
    await this.byTestId('upload-input').setInputFiles(files);
  }

  /** Drags the splitter above the bottom panel so the panel is about `height` px tall. */
  async resizeBottomPanel(height: number): Promise<void> {
    const handle = this.byTestId('splitter-bottom');
    const box = (await handle.boundingBox())!;
    const panel = (await this.byTestId('bottom-panel').boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x, y - (height - panel.height), { steps: 4 });
    await this.page.mouse.up();
    // Off the handle, so screenshots do not show its hover highlight.
    await this.page.mouse.move(1, 1);
  }

  /** The data-testid of the element that has the focus ('' when it has none; null when nothing is focused). */
  focusedTestId(): Promise<string | null> {
    type Doc = { activeElement: { getAttribute(name: string): string | null } | null };
    return this.page.evaluate(() => {
      const el = (globalThis as unknown as { document: Doc }).document.activeElement;
      return el ? (el.getAttribute('data-testid') ?? '') : null;
    });
  }

  /** Waits until no transition or animation runs (dialogs fade in), so a screenshot shows the settled screen. */
  async settle(): Promise<void> {
    // A function, not a string (the app's CSP forbids eval); typed by hand as the node tsconfig has no DOM types.
    type AnimatedDocument = { getAnimations(): { playState: string; effect: { getTiming(): { iterations?: number } } | null }[] };
    // page.waitForFunction polls with eval-like code the CSP refuses; page.evaluate runs through the debugger protocol.
    // Endless animations (a spinner beside a running function, a blinking caret) never finish: only finite ones count.
    const running = () =>
      this.page.evaluate(
        () =>
          (globalThis as unknown as { document: AnimatedDocument }).document
            .getAnimations()
            .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).length,
      );
    await expect.poll(running, { timeout: 5_000 }).toBe(0);
  }

  /** Closes the toasts (each has a close button) so a screenshot shows what is under them. */
  async dismissToasts(): Promise<void> {
    const close = this.page.locator('[data-sonner-toast] [data-close-button]');
    // Stacked toasts cover each other's close buttons, so the click is dispatched on the button itself.
    for (const button of await close.all()) await button.dispatchEvent('click').catch(() => undefined);
    await eventually(() => this.page.locator('[data-sonner-toast]').count()).toBe(0);
  }

  async showTimeline(): Promise<void> {
    await this.byTestId('tab-timeline').click();
  }

  async showProblems(): Promise<void> {
    await this.byTestId('tab-problems').click();
  }

  timelineRows(kind?: 'action' | 'event' | 'execution'): Locator {
    const rows = this.byTestId('timeline-row');
    return kind ? this.page.locator(`[data-testid="timeline-row"][data-kind="${kind}"]`) : rows;
  }

  /** Texts of every timeline row, top to bottom (the timeline is short in these specs, so all rows are rendered). */
  async timelineTexts(kind?: 'action' | 'event' | 'execution'): Promise<string[]> {
    return (await this.timelineRows(kind).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }
}

export interface TimelineGroupView {
  action: string;
  events: { text: string; executions: { text: string; status: string }[] }[];
}

/**
 * The timeline as the user reads it: each action row with the event rows under it and, under each event, its
 * execution rows (newest action first). Reads the rendered rows in order, so keep the timeline short enough
 * to fit its panel (or scrolled to what is asserted).
 */
export async function readTimeline(page: Page): Promise<TimelineGroupView[]> {
  const rows = await page.locator('[data-testid="timeline-row"]').evaluateAll((els) =>
    els.map((el) => ({
      kind: el.getAttribute('data-kind') ?? '',
      text: (el as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim(),
      status: el.querySelector('[data-status]')?.getAttribute('data-status') ?? '',
    })),
  );
  const groups: TimelineGroupView[] = [];
  for (const row of rows) {
    if (row.kind === 'action') groups.push({ action: row.text, events: [] });
    else {
      // An event with no action of its own (e.g. a webhook delivery) starts a group without an action line.
      if (groups.length === 0) groups.push({ action: '', events: [] });
      const group = groups.at(-1)!;
      if (row.kind === 'event') group.events.push({ text: row.text, executions: [] });
      else group.events.at(-1)?.executions.push({ text: row.text, status: row.status });
    }
  }
  return groups;
}
