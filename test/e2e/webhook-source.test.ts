// A remote connection whose server delivers its own notifications: the user sees in the connection editor
// the exact URL and token to configure, an upload through the UI is followed by the server's POST (a second
// embedded S3 server plays the remote; a relay here POSTs its events in S3 `Records` form, as MinIO's
// notify_webhook target would), and the timeline shows the delivered event with its latency — and, for an
// action the server never notifies, the "missing" flag.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../electron/main/local-server/index.ts';
import { DEFAULT_FORMAT_CONTEXT } from '../../electron/main/notifications/format-context.ts';
import { formatS3Payload } from '../../electron/main/notifications/format-s3.ts';
import { webhookUrlFor } from '../../electron/shared/dto.ts';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { WorkbenchPage } from './pages/app-page.ts';

const KEYS = { accessKeyId: 'REMOTEKEY', secretAccessKey: 'remote-secret-key' };

describe.skipIf(!hasChromium)('webhook event source', () => {
  let remoteDir: string;
  let remote: LocalServer;
  let run: RunningApp;
  let ui: WorkbenchPage;
  let url = '';
  let token = '';
  let relaying = true;

  beforeAll(async () => {
    remoteDir = await mkdtemp(join(tmpdir(), 'bucketscope-e2e-remote-'));
    remote = await startLocalServer({ dataDir: remoteDir, credentials: [KEYS] });
    run = await startApp({
      beforeBrowser: async ({ host }) => {
        // Settings → Server notifications: flag a missing event after 2 s instead of 10.
        await host.api.settings.update({ events: { missingAfterMs: 2000 } });
        const conn = await host.api.connections.save({
          name: 'Remote MinIO',
          provider: 'minio',
          endpoint: remote.endpoint,
          region: 'us-east-1',
          forcePathStyle: true,
          checksumMode: 'WHEN_REQUIRED',
          ...KEYS,
          eventSource: 'webhook',
        });
        await host.api.buckets.create({ connectionId: conn.id, bucket: 'inbox' });
        url = webhookUrlFor((await host.api.server.status()).webhook, conn.id);
        token = (await host.api.server.revealWebhookToken()).token;
      },
    });
    remote.onEvent((event) => {
      if (!relaying) return;
      void fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(formatS3Payload(event, DEFAULT_FORMAT_CONTEXT)) });
    });
    ui = new WorkbenchPage(run.page);
  });

  afterAll(async () => {
    await run?.close();
    await remote?.close();
    if (remoteDir) await rm(remoteDir, { recursive: true, force: true });
  });

  it('shows the exact URL and, on demand, the token to configure on the server', async () => {
    const item = run.page.locator('li', { has: ui.connection('Remote MinIO') });
    await item.hover();
    await item.getByTestId('edit-connection').click();
    await ui.byTestId('connection-dialog').waitFor();
    expect(await ui.byTestId('conn-event-source').inputValue()).toBe('webhook');
    expect(await ui.byTestId('webhook-setup-url').textContent()).toBe(url);
    await ui.byTestId('webhook-setup-reveal').click();
    await eventually(() => ui.byTestId('webhook-setup-token').textContent()).toBe(token);
    expect(await ui.byTestId('webhook-setup-mc').textContent()).toContain(`notify_webhook:bucketscope endpoint=${url} auth_token=${token}`);
    await ui.byTestId('webhook-setup').scrollIntoViewIfNeeded();
    await ui.settle();
    await run.shot('webhook-connection-dialog');
    await ui.byTestId('conn-cancel').click();
    await ui.byTestId('connection-dialog').waitFor({ state: 'detached' });
  });

  it('an upload is followed by the server-delivered event, with its latency', async () => {
    await ui.connection('Remote MinIO').click();
    await ui.openBucket('inbox');
    await ui.upload([{ name: 'cat.txt', mimeType: 'text/plain', buffer: Buffer.from('meow') }]);
    await ui.showTimeline();
    const event = ui.timelineRows('event').filter({ hasText: 'webhook' });
    await eventually(() => event.count()).toBe(1);
    expect(await event.innerText()).toMatch(/ObjectCreated:Put[\s\S]*webhook[\s\S]*\+\d+ ms/);
    // No "observed" twin: the server's own notification stands for the event.
    expect(await ui.timelineRows('event').filter({ hasText: 'observed' }).count()).toBe(0);
    await ui.objectRow('cat.txt').waitFor();
    await ui.dismissToasts();
    await run.shot('webhook-timeline');
  });

  it('flags the event of an action the server never notified about as missing', async () => {
    relaying = false;
    await run.app.host.dispatch('objects.remove', { connectionId: (await run.app.host.api.connections.list())[1]!.id, bucket: 'inbox', objects: [{ key: 'cat.txt' }] });
    await eventually(() => ui.byTestId('event-missing').count()).toBe(1);
    await run.shot('webhook-missing');
  });
});
