// On the embedded Local server a user creates a bucket, a Node function from the shipped example, and a
// trigger; an upload through the UI then shows action -> cos:ObjectCreated:Put -> successful execution with the
// handler's console output, and the event payload in COS form. A handler that throws is retried and ends in the
// dead-letter list; after a fix, a dead letter is redelivered and a recorded event replayed from the timeline.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { readTimeline, WorkbenchPage } from './pages/app-page.ts';

const LOG_EVENT = resolve(import.meta.dirname, '../../examples/functions/log-event');

describe.skipIf(!hasChromium)('triggers on the Local server', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;
  let handlers: string;

  beforeAll(async () => {
    handlers = await mkdtemp(join(tmpdir(), 'bucketscope-e2e-fn-'));
    // A handler that always fails: logs one line, then throws.
    await writeFile(
      join(handlers, 'index.mjs'),
      "export async function main_handler(event) {\n  console.log('thrower saw', event.Records.length, 'record(s)');\n  throw new Error('boom from the e2e thrower');\n}\n",
    );
    run = await startApp();
    ui = new WorkbenchPage(run.page);
  });

  afterAll(async () => {
    await run?.close();
    if (handlers) await rm(handlers, { recursive: true, force: true });
  });

  it('uploads a file and sees the action, its cos:ObjectCreated:Put event and the function run', async () => {
    await ui.openLocal();
    await ui.createBucket('photos');
    await ui.openBucket('photos');
    await run.shot('local-triggers-01-empty-bucket');

    await ui.createFunction({ name: 'log-event', path: LOG_EVENT, handler: 'index.main_handler' });
    await run.shot('local-triggers-02-function');

    await ui.bucket('photos').click();
    await ui.addTrigger({ functionName: 'log-event', format: 'cos', events: ['cos:ObjectCreated:*'] });
    const trigger = ui.byTestId('trigger-row');
    await eventually(() => trigger.count()).toBe(1);
    expect(await trigger.innerText()).toContain('cos:ObjectCreated:*');
    expect(await trigger.innerText()).toContain('log-event');
    await run.shot('local-triggers-03-trigger');

    await ui.upload([{ name: 'cat 1.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a jpeg, but 40 bytes of body.') }]);
    await ui.objectRow('cat 1.jpg').waitFor();
    await ui.showTimeline();

    // Newest first: the upload with its event and the execution under it, then creating the bucket (no event).
    await eventually(() => readTimeline(run.page)).toEqual([
      {
        action: expect.stringMatching(/PUT photos\/cat 1\.jpg → cos:ObjectCreated:Put/),
        events: [
          {
            text: expect.stringMatching(/^cos:ObjectCreated:Put embedded/),
            executions: [{ text: expect.stringMatching(/^log-event success cold .*\{"records":1\}/), status: 'success' }],
          },
        ],
      },
      { action: expect.stringMatching(/MKBUCKET photos no events/), events: [] },
    ]);
    const execution = ui.timelineRows('execution');
    // The object row says what its last action triggered.
    await eventually(() => ui.objectRow('cat 1.jpg').innerText()).toMatch(/1 run/);
    await run.shot('local-triggers-04-timeline');

    // The event as delivered: COS form (the user pulls the bottom panel up to read it), with key, bucket and quoted eTag as in shared/events/cos-put.json.
    await ui.resizeBottomPanel(520);
    await ui.dismissToasts();
    await ui.timelineRows('event').click();
    const json = ui.byTestId('event-json');
    await json.waitFor();
    const payload = JSON.parse(await json.innerText()) as { Records: { cos: { cosObject: { key: string; meta: Record<string, string> }; cosBucket: { name: string } }; event: { eventName: string } }[] };
    const record = payload.Records[0]!;
    expect(record.event.eventName).toBe('cos:ObjectCreated:Put');
    expect(record.cos.cosBucket.name).toBe('photos');
    expect(record.cos.cosObject.key).toMatch(/\/photos\/cat 1\.jpg$/);
    expect(record.cos.cosObject.meta.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    await run.shot('local-triggers-05-event-json');

    // The execution: the handler's console output.
    await execution.click();
    const logs = ui.byTestId('execution-logs');
    await logs.waitFor();
    expect(await logs.innerText()).toMatch(/cos:ObjectCreated:Put photos .*cat 1\.jpg size=40/);
    await ui.dismissToasts();
    await run.shot('local-triggers-06-execution-logs');

    // The record links back to what caused it: the function, the trigger and the object.
    await ui.byTestId('timeline-show-function').click();
    await eventually(() => ui.byTestId('function-name').inputValue()).toBe('log-event');
    await ui.byTestId('timeline-show-trigger').click();
    await eventually(() => ui.byTestId('trigger-row').innerText()).toMatch(/cos:ObjectCreated:\*[\s\S]*log-event/);
    await ui.byTestId('timeline-show-object').click();
    await eventually(() => ui.byTestId('details-name').innerText()).toBe('cat 1.jpg');
    expect(await ui.objectRow('cat 1.jpg').getAttribute('aria-selected')).toBe('true');
  });

  it('retries a handler that throws, then lists the event as a dead letter', async () => {
    // Short retry delays through the Settings dialog (the retry policy lives in shared/settings.ts), so the
    // two retries happen within a second instead of 500 ms + 2 s.
    await ui.byTestId('open-settings').click();
    const settings = ui.byTestId('settings-dialog');
    await settings.waitFor();
    await ui.byTestId('settings-retries').fill('2');
    await settings.getByLabel('First delay (ms)').fill('50');
    await settings.getByLabel('Multiplier').fill('2');
    await ui.settle();
    await run.shot('local-triggers-07-settings');
    await ui.byTestId('settings-save').click();
    await eventually(async () => (await run.app.host.api.settings.get()).settings.retries).toEqual({ attempts: 2, firstDelayMs: 50, multiplier: 2 });
    if (await settings.isVisible()) await run.page.keyboard.press('Escape');
    await settings.waitFor({ state: 'detached' });

    await ui.createFunction({ name: 'thrower', path: handlers, handler: 'index.main_handler' });
    await ui.createBucket('broken');
    await ui.openBucket('broken');
    await ui.addTrigger({ functionName: 'thrower', format: 'cos', events: ['cos:ObjectCreated:*'] });
    await ui.upload([{ name: 'bad.txt', mimeType: 'text/plain', buffer: Buffer.from('this upload makes the thrower throw') }]);
    await ui.objectRow('bad.txt').waitFor();
    await ui.showTimeline();

    // First attempt plus two retries under the upload's event, every one an error with the thrown message.
    const put = async () => (await readTimeline(run.page)).find((g) => g.action.includes('broken/bad.txt'));
    // Three finished attempts (the third shows as 'running' until its record replaces the live one).
    await eventually(async () => (await put())?.events[0]?.executions.map((x) => x.status)).toEqual(['error', 'error', 'error']);
    const group = (await put())!;
    expect(group.action).toMatch(/PUT broken\/bad\.txt → cos:ObjectCreated:Put/);
    expect(group.events).toHaveLength(1);
    const attempts = group.events[0]!.executions;
    expect(attempts.map((x) => x.status)).toEqual(['error', 'error', 'error']);
    expect(attempts[0]!.text).not.toMatch(/attempt \d/);
    expect(attempts[1]!.text).toMatch(/attempt 2/);
    expect(attempts[2]!.text).toMatch(/attempt 3/);
    for (const x of attempts) expect(x.text).toMatch(/^thrower error .*Error: boom from the e2e thrower/);
    await eventually(() => ui.objectRow('bad.txt').innerText()).toMatch(/failed/);
    // The last attempt: the handler's output and the error with its stack.
    await ui.timelineRows('execution').filter({ hasText: 'attempt 3' }).click();
    const detail = ui.byTestId('timeline-detail');
    await eventually(() => detail.innerText()).toContain('thrower · attempt 3');
    expect(await ui.byTestId('execution-logs').innerText()).toMatch(/thrower saw 1 record\(s\)/);
    expect(await detail.innerText()).toMatch(/Error: boom from the e2e thrower\s+at main_handler/);
    await ui.dismissToasts();
    await run.shot('local-triggers-08-retries');

    await ui.showProblems();
    const dead = ui.byTestId('dead-letter');
    await eventually(() => dead.count()).toBe(1);
    const deadText = await dead.innerText();
    expect(deadText).toContain('thrower');
    expect(deadText).toContain('broken/bad.txt');
    expect(deadText).toMatch(/cos:ObjectCreated:Put/);
    expect(deadText).toMatch(/3 attempts/);
    expect(deadText).toContain('boom from the e2e thrower');
    await ui.dismissToasts();
    await run.shot('local-triggers-09-dead-letter');
  });

  it('after the handler is fixed, redelivers one dead letter (a successful run) and discards the other', async () => {
    // A second failing upload, so there is one dead letter to redeliver and one to discard.
    await ui.upload([{ name: 'bad2.txt', mimeType: 'text/plain', buffer: Buffer.from('this one gets discarded') }]);
    await ui.showProblems();
    const dead = ui.byTestId('dead-letter');
    await eventually(() => dead.count()).toBe(2);
    const deadFor = (key: string) => dead.filter({ hasText: `broken/${key}` });
    await eventually(() => deadFor('bad2.txt').innerText()).toMatch(/3 attempts/);

    // The user fixes the handler on disk; warm instances notice the changed file.
    await writeFile(join(handlers, 'index.mjs'), "export async function main_handler(event) {\n  console.log('fixed handler saw', event.Records[0].cos.cosObject.key);\n  return 'ok now';\n}\n");
    await deadFor('bad.txt').getByTestId('dead-letter-redeliver').click();
    await eventually(() => deadFor('bad.txt').count()).toBe(0);
    await ui.showTimeline();
    await eventually(async () => (await readTimeline(run.page)).find((g) => g.action.includes('broken/bad.txt'))?.events[0]?.executions.map((x) => x.status)).toEqual([
      'error',
      'error',
      'error',
      'success',
    ]);
    const redelivered = ui.timelineRows('execution').filter({ hasText: 'thrower' }).filter({ has: run.page.locator('[data-status="success"]') });
    await redelivered.click();
    await eventually(() => ui.byTestId('execution-logs').innerText()).toMatch(/fixed handler saw \/\d+\/broken\/bad\.txt/);
    // The row shows the latest outcome (the redelivered run), and the superseded attempts are no problem any more:
    // only bad2.txt's dead letter is left.
    await eventually(() => ui.objectRow('bad.txt').innerText()).toMatch(/1 run/);
    await eventually(() => ui.byTestId('status-problems').innerText()).toMatch(/^\s*1\s*$/);
    await ui.dismissToasts();
    await run.shot('local-triggers-10-redelivered');

    await ui.showProblems();
    await deadFor('bad2.txt').getByTestId('dead-letter-discard').click();
    const confirm = ui.byTestId('confirm-dialog');
    await confirm.waitFor();
    expect(await ui.byTestId('confirm-items').innerText()).toMatch(/cos:ObjectCreated:Put broken\/bad2\.txt → thrower/);
    await ui.settle();
    await run.shot('local-triggers-11-discard-confirm');
    await ui.byTestId('confirm-ok').click();
    await eventually(() => dead.count()).toBe(0);
    // Discarded for good: the service agrees.
    expect(await run.app.host.api.deliveries.deadLetters()).toEqual([]);
    await ui.dismissToasts();
    await run.shot('local-triggers-12-no-dead-letters');

    // bad2.txt's event, replayed from the timeline to the fixed handler: the payload exactly as delivered.
    await ui.showTimeline();
    await ui.timelineRows('execution').filter({ hasText: 'attempt 3' }).first().click();
    await ui.byTestId('timeline-replay').click();
    const replayGroup = async () => (await readTimeline(run.page)).find((g) => /Replay of event #\d+ to thrower/.test(g.action));
    await eventually(async () => (await replayGroup())?.events[0]?.executions.map((x) => x.status)).toEqual(['success']);
    expect((await replayGroup())!.events[0]!.text).toMatch(/^cos:ObjectCreated:Put test/);
    await ui.timelineRows('execution').filter({ hasText: 'ok now' }).first().click();
    await eventually(() => ui.byTestId('execution-logs').innerText()).toMatch(/fixed handler saw \/\d+\/broken\/bad2\.txt/);
    await ui.dismissToasts();
    await run.shot('local-triggers-13-replayed');
  });

  it('filters the timeline to one bucket and back', async () => {
    await ui.showTimeline();
    const all = (await readTimeline(run.page)).length;
    const actions = async () => (await readTimeline(run.page)).map((g) => g.action.replace(/^[\d:.]+ /, ''));
    await ui.byTestId('timeline-filter-bucket').selectOption('photos');
    await eventually(actions).toEqual([expect.stringMatching(/^PUT photos\/cat 1\.jpg/), expect.stringMatching(/^MKBUCKET photos/)]);
    await ui.dismissToasts();
    await run.shot('local-triggers-14-filtered');
    await ui.byTestId('timeline-filter-bucket').selectOption('');
    await eventually(async () => (await readTimeline(run.page)).length).toBe(all);
  });
});
