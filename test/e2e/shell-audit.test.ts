// The window's shell as a keyboard-only user meets it in a small (900×600) window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { WorkbenchPage } from './pages/app-page.ts';

describe.skipIf(!hasChromium)('the shell from the keyboard at 900×600', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;

  beforeAll(async () => {
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    await run.page.setViewportSize({ width: 900, height: 600 });
    await ui.connection('Local').waitFor();
  });

  afterAll(async () => {
    await run?.close();
  });

  it('the shortcuts list, taller than the window, scrolls with the keyboard', async () => {
    await run.page.keyboard.press('F1');
    const dialog = ui.byTestId('shortcuts-dialog');
    await dialog.waitFor();
    await ui.settle();
    const body = dialog.getByRole('region', { name: 'Keyboard shortcuts' });
    type Box = { scrollTop: number; scrollHeight: number; clientHeight: number };
    expect(await body.evaluate((el) => (el as unknown as Box).scrollHeight > (el as unknown as Box).clientHeight)).toBe(true);
    // Tab reaches the list (within the dialog's few stops), whose End key then shows the last group.
    const focused = () => body.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement);
    for (let i = 0; i < 3 && !(await focused()); i++) await run.page.keyboard.press('Tab');
    expect(await focused()).toBe(true);
    await run.page.keyboard.press('End');
    await expect.poll(() => body.evaluate((el) => (el as unknown as Box).scrollTop)).toBeGreaterThan(0);
    await run.shot('shell-audit-shortcuts-scrolled-900');
    await run.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('removing a connection from the keyboard leaves the focus on the row that takes its place, not on another Remove button', async () => {
    const api = run.app.host.api.connections;
    for (const name of ['Alpha', 'Beta']) {
      await api.save({ name, provider: 'minio', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', forcePathStyle: true, checksumMode: 'WHEN_REQUIRED', accessKeyId: 'a', secretAccessKey: 'b' });
    }
    await ui.connection('Beta').waitFor();
    // Its Edit and Remove buttons show once the row has the focus: Tab, Tab.
    await ui.connection('Alpha').focus();
    await run.page.keyboard.press('Tab');
    expect(await ui.focusedTestId()).toBe('edit-connection');
    await run.page.keyboard.press('Tab');
    expect(await ui.focusedTestId()).toBe('remove-connection');
    await run.page.keyboard.press('Enter');
    const confirm = run.page.getByRole('alertdialog');
    await confirm.waitFor();
    // A destructive confirmation starts on Cancel: Tab, then Enter removes.
    await run.page.keyboard.press('Tab');
    await run.page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => ui.connection('Alpha').count()).toBe(0);
    const focused = () =>
      run.page.evaluate(() => {
        const el = (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null; textContent: string | null } | null } }).document.activeElement;
        return `${el?.getAttribute('data-testid') ?? ''} ${el?.textContent?.trim() ?? ''}`;
      });
    await expect.poll(focused).toMatch(/^connection-item .*Beta/);
    // Held for a while: nothing moves it on to Beta's Remove button afterwards.
    await run.page.waitForTimeout(300);
    expect(await focused()).toMatch(/^connection-item .*Beta/);
  });

  it('a connection’s secret and session token typed in the editor never come back to the window', async () => {
    const secret = `never-shown-${Date.now()}-Zq9`;
    const token = `session-token-${Date.now()}-Xy7`;
    const received: string[] = [];
    run.page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
    await run.page.reload();
    await ui.connection('Local').waitFor();
    await ui.fillConnection({ name: 'Secretive', provider: 'minio', endpoint: 'http://127.0.0.1:9', accessKey: 'AKIDSECRETIVE', secret });
    await ui.byTestId('conn-session-token').fill(token);
    await ui.byTestId('conn-test').click();
    await ui.byTestId('conn-test-result').waitFor();
    await ui.byTestId('conn-save').click();
    await ui.connection('Secretive').click();
    // Edit it again: the form shows only the masked hint.
    await ui.connection('Secretive').locator('..').getByTestId('edit-connection').click({ force: true });
    await ui.byTestId('connection-dialog').waitFor();
    expect(await ui.byTestId('conn-secret').inputValue()).toBe('');
    expect(await ui.byTestId('conn-secret').getAttribute('placeholder')).toContain(`••••${secret.slice(-4)}`);
    await ui.byTestId('conn-test').click();
    await ui.byTestId('conn-test-result').waitFor();
    await run.page.keyboard.press('Escape');
    expect(received.length).toBeGreaterThan(5);
    expect(received.filter((f) => f.includes('AKIDSECRETIVE')).length).toBeGreaterThan(0);
    expect(received.filter((f) => f.includes(secret) || f.includes(token))).toEqual([]);
  });

  it('a dozen connections in a 900×600 window still leave the open connection’s buckets in view', async () => {
    const many = await startApp({
      beforeBrowser: async (app) => {
        for (let i = 1; i <= 12; i++) {
          await app.host.api.connections.save({ name: `Server ${i}`, provider: 'minio', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', forcePathStyle: true, checksumMode: 'WHEN_REQUIRED', accessKeyId: 'a', secretAccessKey: 'b' });
        }
      },
    });
    try {
      const page = new WorkbenchPage(many.page);
      await many.page.setViewportSize({ width: 900, height: 600 });
      await page.openLocal();
      for (const name of ['aaa-one', 'bbb-two', 'ccc-three']) await page.createBucket(name);
      // What is at the centre of each bucket's row is that row, not another section over or under it.
      type Hit = { document: { elementFromPoint(x: number, y: number): { closest(s: string): { getAttribute(n: string): string | null } | null } | null } };
      for (const name of ['aaa-one', 'bbb-two', 'ccc-three']) {
        const box = (await page.bucket(name).boundingBox())!;
        const hit = await many.page.evaluate(
          ([x, y]) => (globalThis as unknown as Hit).document.elementFromPoint(x!, y!)?.closest('[data-bucket]')?.getAttribute('data-bucket') ?? null,
          [box.x + box.width / 2, box.y + box.height / 2],
        );
        expect(hit).toBe(name);
      }
      // The connections list scrolls instead: its last entry is reachable.
      await page.connection('Server 12').scrollIntoViewIfNeeded();
      expect(await page.connection('Server 12').isVisible()).toBe(true);
      await many.shot('shell-audit-many-connections-900');
    } finally {
      await many.close();
    }
  });
});
