// A user adds a connection to another S3 server (the peer emulator s3rver, in a child process), tests it,
// opens a bucket with nested folders, goes into a folder and back with the breadcrumb.
import { createServer, request, type Server } from 'node:http';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { AppPage } from './pages/app-page.ts';
import { S3RVER_CREDENTIALS, startS3rver, type S3rverHandle } from '../integration/s3-service/support/s3rver.ts';

describe.skipIf(!hasChromium)('browse a remote S3 server', () => {
  let s3rver: S3rverHandle;
  let run: RunningApp;
  let ui: AppPage;

  beforeAll(async () => {
    s3rver = await startS3rver();
    const client = new S3Client({
      endpoint: s3rver.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    await client.send(new CreateBucketCommand({ Bucket: 'photos' }));
    const keys = ['albums/2026/cat 1.jpg', 'albums/2026/dog.png', 'albums/2025/old.jpg', 'albums/readme.txt', 'top.txt'];
    for (const key of keys) await client.send(new PutObjectCommand({ Bucket: 'photos', Key: key, Body: `body of ${key}`, ContentType: 'text/plain' }));
    client.destroy();
    run = await startApp();
    ui = new AppPage(run.page);
  });

  afterAll(async () => {
    await run?.close();
    await s3rver?.stop();
  });

  it('adds and tests a connection, then saves it', async () => {
    await ui.connection('Local').waitFor();
    await run.shot('01-start');
    await ui.fillConnection({
      name: 'Peer s3rver',
      provider: 'custom',
      endpoint: s3rver.endpoint,
      region: 'us-east-1',
      pathStyle: true,
      checksum: 'WHEN_REQUIRED',
      accessKey: S3RVER_CREDENTIALS.accessKeyId,
      secret: S3RVER_CREDENTIALS.secretAccessKey,
    });
    await ui.byTestId('conn-test').click();
    const result = ui.byTestId('conn-test-result');
    await expect.poll(() => result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toMatch(/Connected in \d+ ms\s·\s1 bucket\b/);
    await run.shot('02-connection-dialog');
    await ui.byTestId('conn-save').click();
    await ui.connection('Peer s3rver').waitFor();
  });

  it('opens the bucket, goes into nested folders and back with the breadcrumb', async () => {
    await ui.connection('Peer s3rver').click();
    await ui.bucket('photos').click();
    await ui.objectRow('albums/').waitFor();
    await expect.poll(() => ui.byTestId('object-row').count()).toBe(2);
    await ui.objectRow('albums/').locator('[data-testid="folder-link"]').click();
    await ui.objectRow('2026/').waitFor();
    expect(await ui.objectRow('readme.txt').count()).toBe(1);
    await ui.objectRow('2026/').locator('[data-testid="folder-link"]').click();
    await ui.objectRow('cat 1.jpg').waitFor();
    await ui.objectRow('cat 1.jpg').click();
    await expect.poll(() => ui.byTestId('details-panel').textContent()).toContain('albums/2026/cat 1.jpg');
    await run.shot('03-object-browser');
    await ui.breadcrumb('albums').click();
    await ui.objectRow('2025/').waitFor();
    await ui.breadcrumb('photos').click();
    await ui.objectRow('top.txt').waitFor();
    expect(await ui.objectRow('albums/').count()).toBe(1);
  });

  it('a key that may not list the buckets still opens a bucket by name, which stays in the sidebar', async () => {
    // Stands in for a cloud IAM policy scoped to one bucket (no s3:ListAllMyBuckets): a proxy in front of s3rver
    // answers ListBuckets with S3's AccessDenied and passes every other request through unchanged (Host
    // included, so the signatures still verify).
    const target = new URL(s3rver.endpoint);
    const proxy: Server = createServer((req, res) => {
      if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
        return;
      }
      const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (proxy.address() as { port: number }).port;
      await ui.fillConnection({
        name: 'Scoped key',
        provider: 'custom',
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        pathStyle: true,
        checksum: 'WHEN_REQUIRED',
        accessKey: S3RVER_CREDENTIALS.accessKeyId,
        secret: S3RVER_CREDENTIALS.secretAccessKey,
      });
      // The test (a ListBuckets) is refused, and says the key may still open its bucket.
      await ui.byTestId('conn-test').click();
      await expect.poll(() => ui.byTestId('conn-test-result').getAttribute('data-ok')).toBe('false');
      expect(await ui.byTestId('conn-test-result').textContent()).toContain('Access denied');
      expect(await ui.byTestId('conn-test-scoped').textContent()).toContain('open its bucket by name from the sidebar');
      await ui.byTestId('conn-save').click();
      await ui.connection('Scoped key').click();
      await ui.byTestId('buckets-error').waitFor();
      expect(await ui.byTestId('buckets-error').textContent()).toContain('This key may not list the buckets');
      // A name that does not exist is refused in the dialog and not remembered.
      await ui.byTestId('open-bucket-by-name').click();
      await ui.byTestId('open-bucket-dialog-name').fill('no-such-bucket');
      await ui.byTestId('open-bucket-dialog-submit').click();
      await expect.poll(() => ui.byTestId('open-bucket-dialog').textContent()).toMatch(/bucket/i);
      await expect.poll(() => ui.byTestId('open-bucket-dialog').getByRole('alert').count()).toBeGreaterThan(0);
      await ui.byTestId('open-bucket-dialog-name').fill('photos');
      await ui.byTestId('open-bucket-dialog-submit').click();
      await ui.byTestId('open-bucket-dialog').waitFor({ state: 'detached' });
      await ui.objectRow('top.txt').waitFor();
      expect(await ui.bucket('no-such-bucket').count()).toBe(0);
      await run.shot('04-bucket-opened-by-name');
      // Reopening the connection lists the known bucket under the error.
      await ui.connection('Local').click();
      await ui.connection('Scoped key').click();
      await ui.byTestId('buckets-error').waitFor();
      await ui.bucket('photos').click();
      await ui.objectRow('albums/').waitFor();
      // And it can be forgotten, from the keyboard too: the focus then goes back to "Open a bucket by name…".
      await ui.bucket('photos').focus();
      await run.page.keyboard.press('Tab');
      expect(await run.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }).document.activeElement.getAttribute('data-testid'))).toBe('forget-bucket');
      await run.page.keyboard.press('Enter');
      await expect.poll(() => ui.bucket('photos').count()).toBe(0);
      await expect
        .poll(() => run.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }).document.activeElement.getAttribute('data-testid')))
        .toBe('open-bucket-by-name');
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
    // With the server gone the error is not about permissions: no offer to open a bucket by name.
    await ui.connection('Local').click();
    await ui.connection('Scoped key').click();
    await ui.byTestId('buckets-error').waitFor();
    expect(await ui.byTestId('buckets-error').textContent()).toContain('Could not list the buckets');
    expect(await ui.byTestId('open-bucket-by-name').count()).toBe(0);
  });
});
