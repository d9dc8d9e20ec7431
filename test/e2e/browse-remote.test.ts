// A user adds a connection to another S3 server (the peer emulator s3rver, in a child process), tests it,
// opens a bucket with nested folders, goes into a folder and back with the breadcrumb.
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
});
