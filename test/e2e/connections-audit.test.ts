// A user adding connections to servers that are awkward to reach, in Chromium against the real main-process
// services. Remote clouds cannot be reached from here: local stand-ins answer as those servers would — the fake S3
// endpoint over HTTPS with a throwaway self-signed certificate (a MinIO started with its own certificate), the
// same endpoint addressed as http:// (Node resets it), and a port that accepts the request and never answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { WorkbenchPage } from './pages/app-page.ts';
import { axeViolations } from './support/axe.ts';
import { FAKE_KEYS, startFakeS3, startFakeS3Tls, type FakeS3 } from '../integration/s3-service/support/fake-s3.ts';
import { opensslAvailable, selfSignedCert } from '../integration/s3-service/support/self-signed.ts';

const hasOpenssl = await opensslAvailable();
if (!hasOpenssl) {
  const message = 'openssl not found: the self-signed certificate flow is NOT tested (install with: apt-get install -y openssl)';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n*** SKIPPED: ${message} ***\n`);
}

const activeTestId = (run: RunningApp) =>
  run.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid') ?? null);

describe.skipIf(!hasChromium || !hasOpenssl)('connections to awkward servers', () => {
  let cert: { key: string; cert: string };
  let tls: FakeS3;
  let plain: FakeS3;
  let run: RunningApp;
  let ui: WorkbenchPage;

  beforeAll(async () => {
    cert = await selfSignedCert();
    [tls, plain] = await Promise.all([startFakeS3Tls(cert), startFakeS3()]);
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    await ui.connection('Local').waitFor();
  });

  afterAll(async () => {
    await run?.close();
    await tls?.close();
    await plain?.close();
  });

  it('a self-signed MinIO: the certificate error opens "Trusted certificates", the pasted certificate makes it work, and the buckets open', async () => {
    await ui.fillConnection({ name: 'MinIO lab', provider: 'minio', endpoint: tls.endpoint, accessKey: FAKE_KEYS.ok, secret: 'minio-secret-0000' });
    await ui.byTestId('conn-test').click();
    const result = ui.byTestId('conn-test-result');
    await expect.poll(() => result.getAttribute('data-ok')).toBe('false');
    expect(await result.textContent()).toContain('self-signed certificate');
    expect(await result.textContent()).toContain('Trusted certificates');
    // One step from the result to the field (above the fold in a short window), then paste.
    await ui.byTestId('conn-ca-goto').click();
    expect(await activeTestId(run)).toBe('conn-ca');
    await ui.byTestId('conn-ca').fill(`subject=CN = 127.0.0.1\n${cert.cert}`);
    await ui.byTestId('conn-test').click();
    await expect.poll(() => ui.byTestId('conn-test-result').getAttribute('data-ok')).toBe('true');
    expect(await ui.byTestId('conn-test-result').textContent()).toMatch(/Connected in \d+ ms\s·\s2 buckets/);
    await run.shot('connections-audit-01-trusted-certificate');
    // The editor with its certificate field and a test result passes axe (serious and critical rules).
    await ui.settle();
    expect(await axeViolations(run.page, '[data-testid="connection-dialog"]')).toEqual([]);
    await ui.byTestId('conn-save').click();
    await ui.connection('MinIO lab').click();
    await ui.bucket('alpha').waitFor();
    await ui.bucket('beta').waitFor();
  });

  it('"Save as copy" makes a second connection with the stored keys and certificate, and leaves the first as it was', async () => {
    await ui.connection('MinIO lab').hover();
    await ui.connection('MinIO lab').locator('..').getByTestId('edit-connection').click();
    // The secret is not in the form (it never reaches the window), yet the copy works with it.
    expect(await ui.byTestId('conn-secret').inputValue()).toBe('');
    await ui.settle();
    expect(await axeViolations(run.page, '[data-testid="connection-dialog"]')).toEqual([]);
    await ui.byTestId('conn-name').fill('MinIO lab (read-only view)');
    await ui.byTestId('conn-save-copy').click();
    await ui.byTestId('connection-dialog').waitFor({ state: 'detached' });
    await ui.connection('MinIO lab (read-only view)').click();
    await ui.bucket('alpha').waitFor();
    expect(await ui.connection('MinIO lab').count()).toBe(2); // both names contain it
    await ui.connection('MinIO lab').first().click();
    await ui.bucket('beta').waitFor();
  });

  it('http:// against that HTTPS port says to use https:// with its port', async () => {
    await ui.fillConnection({ name: 'Wrong scheme', provider: 'minio', endpoint: tls.endpoint.replace('https:', 'http:'), accessKey: FAKE_KEYS.ok, secret: 'minio-secret-0000' });
    await ui.byTestId('conn-test').click();
    await expect.poll(() => ui.byTestId('conn-test-result').getAttribute('data-ok')).toBe('false');
    const text = await ui.byTestId('conn-test-result').textContent();
    expect(text).toContain('speaks HTTPS, not plain HTTP');
    expect(text).toContain(`Change the endpoint to ${tls.endpoint}.`);
    await ui.byTestId('conn-cancel').click();
  });

  it('R2: Tab into the endpoint selects {account}, so the account id typed or pasted replaces it; a click into it does too', async () => {
    await ui.byTestId('add-connection').click();
    await ui.byTestId('conn-provider').selectOption('r2');
    const endpoint = ui.byTestId('conn-endpoint');
    expect(await endpoint.inputValue()).toBe('https://{account}.r2.cloudflarestorage.com');
    await ui.byTestId('conn-region').focus();
    await run.page.keyboard.press('Tab');
    expect(await activeTestId(run)).toBe('conn-endpoint');
    await run.page.keyboard.type('0123456789abcdef0123456789abcdef');
    expect(await endpoint.inputValue()).toBe('https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com');
    // Back to the template, then a click in the middle of the placeholder.
    await ui.byTestId('conn-provider').selectOption('minio');
    await ui.byTestId('conn-provider').selectOption('r2');
    // Click between the letters of "account": its offset measured in the field's own font.
    const box = (await endpoint.boundingBox())!;
    // Typed by hand: the node tsconfig has no DOM types.
    type Style = { fontSize: string; fontFamily: string; paddingLeft: string; borderLeftWidth: string };
    type Canvas = { getContext(kind: '2d'): { font: string; measureText(text: string): { width: number } } };
    type Window = { getComputedStyle(el: unknown): Style; document: { createElement(tag: 'canvas'): Canvas } };
    const offset = await endpoint.evaluate((el) => {
      const w = globalThis as unknown as Window;
      const style = w.getComputedStyle(el);
      const context = w.document.createElement('canvas').getContext('2d');
      context.font = `${style.fontSize} ${style.fontFamily}`;
      return parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth) + context.measureText('https://{acc').width;
    });
    await run.page.mouse.click(box.x + offset, box.y + box.height / 2);
    await run.page.keyboard.type('feedface');
    expect(await endpoint.inputValue()).toBe('https://feedface.r2.cloudflarestorage.com');
    await ui.byTestId('conn-cancel').click();
  });

  it('a server that never answers: from the keyboard, the test says what it is trying and is stopped with the same key', async () => {
    await ui.fillConnection({ name: 'Silent', provider: 'custom', endpoint: plain.endpoint, accessKey: FAKE_KEYS.silent, secret: 'whatever-0000' });
    await ui.byTestId('conn-test').focus();
    await run.page.keyboard.press('Enter');
    await ui.byTestId('conn-test-trying').waitFor();
    expect(await ui.byTestId('conn-test-trying').textContent()).toContain(`Trying ${plain.endpoint}`);
    expect(await ui.byTestId('conn-test').textContent()).toContain('Stop test');
    // The focus stays on the button (it used to be disabled, dropping the focus on <body>).
    expect(await activeTestId(run)).toBe('conn-test');
    await expect.poll(() => ui.byTestId('conn-test-trying').textContent(), { timeout: 10_000 }).toMatch(/\d+ s/);
    // The ticking seconds stay out of the live region's spoken text.
    expect(await ui.byTestId('conn-test-trying').locator('[aria-hidden="true"]').textContent()).toMatch(/\d+ s/);
    await run.shot('connections-audit-02-trying');
    await ui.settle();
    expect(await axeViolations(run.page, '[data-testid="connection-dialog"]')).toEqual([]);
    await run.page.keyboard.press('Enter');
    await ui.byTestId('conn-test-trying').waitFor({ state: 'detached' });
    expect(await ui.byTestId('conn-test').textContent()).toContain('Test connection');
    expect(await ui.byTestId('conn-test-result').count()).toBe(0);
    // Escape still closes the dialog: the focus never left it.
    await run.page.keyboard.press('Escape');
    await ui.byTestId('connection-dialog').waitFor({ state: 'detached' });
    expect(await ui.connection('Silent').count()).toBe(0);
  });
});

