// Another client talks to the embedded Local server directly — the AWS SDK in this test process, then Debian's
// aws-cli — while the app is open: its timeline shows each request as an external action, with the event the
// server emitted and the function run, without a single click in the app after the trigger is set up.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectCommand, GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { readTimeline, WorkbenchPage, type TimelineGroupView } from './pages/app-page.ts';

const LOG_EVENT = resolve(import.meta.dirname, '../../examples/functions/log-event');
const AWS_CLI = '/usr/bin/aws';
const hasAwsCli = existsSync(AWS_CLI);
if (!hasAwsCli) {
  const install = 'Install it with `sudo apt-get install -y awscli`.';
  if (process.env.CI === 'true') throw new Error(`${AWS_CLI} is required for the external-client e2e test under CI. ${install}`);
  console.warn(`\n!!! SKIPPING the aws-cli part of external-client.test.ts: ${AWS_CLI} not found. ${install}\n`);
}

describe.skipIf(!hasChromium)('an external client on the Local server', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;
  let endpoint: string;
  let credentials: { accessKeyId: string; secretAccessKey: string };

  beforeAll(async () => {
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    // What the Local server's details show (endpoint, key id, secret revealed on demand), read through the host.
    const status = await run.app.host.api.server.status();
    endpoint = status.endpoint;
    credentials = { accessKeyId: status.accessKeyId, secretAccessKey: (await run.app.host.api.server.revealSecret()).secretAccessKey };
  });

  afterAll(async () => {
    await run?.close();
  });

  const groupFor = async (pattern: RegExp): Promise<TimelineGroupView | undefined> => (await readTimeline(run.page)).find((g) => pattern.test(g.action));

  it('sets up a bucket with a trigger in the app', async () => {
    await ui.openLocal();
    await ui.createBucket('inbox');
    await ui.openBucket('inbox');
    await ui.createFunction({ name: 'log-event', path: LOG_EVENT });
    await ui.bucket('inbox').click();
    await ui.addTrigger({ functionName: 'log-event', format: 'cos', events: ['cos:ObjectCreated:*', 'cos:ObjectRemove:*'] });
    await eventually(() => ui.byTestId('trigger-row').count()).toBe(1);
    await ui.showTimeline();
    await ui.resizeBottomPanel(480);
    await ui.dismissToasts();
  });

  it('shows a PUT from the AWS SDK as an external action with its event and execution', async () => {
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    try {
      await client.send(new PutObjectCommand({ Bucket: 'inbox', Key: 'from-sdk/hello.txt', Body: 'hello from the SDK', ContentType: 'text/plain' }));
    } finally {
      client.destroy();
    }

    await eventually(() => groupFor(/PUT inbox\/from-sdk\/hello\.txt/)).toEqual({
      action: expect.stringMatching(/PUT inbox\/from-sdk\/hello\.txt external → cos:ObjectCreated:Put/),
      events: [
        {
          text: expect.stringMatching(/^cos:ObjectCreated:Put embedded/),
          executions: [{ text: expect.stringMatching(/^log-event success .*\{"records":1\}/), status: 'success' }],
        },
      ],
    });

    // The action's details name the other client, the execution's logs the object it was told about.
    await ui.timelineRows('action').filter({ hasText: 'from-sdk/hello.txt' }).click();
    // Named by its User-Agent, with the address it came from.
    await eventually(() => ui.byTestId('timeline-detail').innerText()).toMatch(/By\s+AWS SDK for JavaScript 3\.\S+ \(external client\)[\s\S]*User agent\s+aws-sdk-js\/[\s\S]*From\s+127\.0\.0\.1/);
    await run.shot('external-client-01-sdk-put');
    await ui.timelineRows('execution').first().click();
    await eventually(() => ui.byTestId('execution-logs').innerText()).toMatch(/cos:ObjectCreated:Put inbox \/\d+\/inbox\/from-sdk\/hello\.txt size=18/);
    await run.shot('external-client-02-sdk-execution');
  });

  it.skipIf(!hasAwsCli)('shows a delete from aws-cli the same way', async () => {
    await promisify(execFile)(AWS_CLI, ['s3api', 'delete-object', '--bucket', 'inbox', '--key', 'from-sdk/hello.txt', '--endpoint-url', endpoint], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
    });

    await eventually(() => groupFor(/DELETE inbox\/from-sdk\/hello\.txt/)).toEqual({
      action: expect.stringMatching(/DELETE inbox\/from-sdk\/hello\.txt external → cos:ObjectRemove:Delete/),
      events: [
        {
          text: expect.stringMatching(/^cos:ObjectRemove:Delete embedded/),
          executions: [{ text: expect.stringMatching(/^log-event success/), status: 'success' }],
        },
      ],
    });
    await ui.timelineRows('action').filter({ hasText: 'DELETE inbox/from-sdk/hello.txt' }).click();
    await eventually(() => ui.byTestId('timeline-detail').innerText()).toMatch(/By\s+aws-cli \S+ \(external client\)/);
    await ui.timelineRows('event').filter({ hasText: 'cos:ObjectRemove:Delete' }).click();
    const payload = JSON.parse(await ui.byTestId('event-json').innerText()) as { Records: { event: { eventName: string }; cos: { cosObject: { key: string } } }[] };
    expect(payload.Records[0]!.event.eventName).toBe('cos:ObjectRemove:Delete');
    expect(payload.Records[0]!.cos.cosObject.key).toMatch(/\/inbox\/from-sdk\/hello\.txt$/);
    await run.shot('external-client-03-cli-delete');
  });

  it('keeps the open folder in step with another client\'s writes and deletes, keeping the selection', async () => {
    await ui.bucket('inbox').click();
    await ui.byTestId('bucket-tab-objects').click();
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    try {
      await client.send(new PutObjectCommand({ Bucket: 'inbox', Key: 'keep.txt', Body: 'kept' }));
      // No click on Refresh: the server's event updates the list.
      await ui.objectRow('keep.txt').waitFor();
      await ui.objectRow('keep.txt').click();
      await client.send(new PutObjectCommand({ Bucket: 'inbox', Key: 'thumbs/keep.jpg', Body: 'thumbnail' }));
      await client.send(new PutObjectCommand({ Bucket: 'inbox', Key: 'later.txt', Body: 'later' }));
      await ui.objectRow('later.txt').waitFor();
      await ui.objectRow('thumbs').waitFor();
      expect(await ui.objectRow('keep.txt').getAttribute('aria-selected')).toBe('true');
      await client.send(new DeleteObjectCommand({ Bucket: 'inbox', Key: 'later.txt' }));
      await ui.objectRow('later.txt').waitFor({ state: 'detached' });
      expect(await ui.objectRow('keep.txt').getAttribute('aria-selected')).toBe('true');
    } finally {
      client.destroy();
    }
  });

  it('delivers the S3 (Lambda-style) payload to a trigger in the S3 format', async () => {
    await ui.createBucket('lambda');
    await ui.openBucket('lambda');
    await ui.addTrigger({ functionName: 'log-event', format: 's3', events: ['s3:ObjectCreated:*'] });
    await eventually(() => ui.byTestId('trigger-row').innerText()).toMatch(/s3:ObjectCreated:\*[\s\S]*S3/);

    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    try {
      await client.send(new PutObjectCommand({ Bucket: 'lambda', Key: 'in box/cat 1.jpg', Body: 'meow', ContentType: 'image/jpeg' }));
    } finally {
      client.destroy();
    }

    const group = () => groupFor(/PUT lambda\/in box\/cat 1\.jpg/);
    await eventually(async () => (await group())?.events[0]?.executions.map((x) => x.status)).toEqual(['success']);
    expect((await group())!.action).toMatch(/external/);
    expect((await group())!.events[0]!.text).toMatch(/ObjectCreated:Put embedded/);

    // As in shared/events/s3-put.json: no s3: prefix in the record, '+' for spaces in the key, unquoted eTag.
    await ui.timelineRows('event').filter({ hasText: 'ObjectCreated:Put' }).first().click();
    const payload = JSON.parse(await ui.byTestId('event-json').innerText()) as {
      Records: { eventName: string; eventSource: string; eventTime: string; s3: { bucket: { name: string; arn: string }; object: { key: string; size: number; eTag: string; sequencer: string } } }[];
    };
    expect(payload.Records).toHaveLength(1);
    const record = payload.Records[0]!;
    expect(record.eventName).toBe('ObjectCreated:Put');
    expect(record.eventSource).toBe('aws:s3');
    expect(record.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(record.s3.bucket).toMatchObject({ name: 'lambda', arn: 'arn:aws:s3:::lambda' });
    expect(record.s3.object).toMatchObject({ key: 'in+box/cat+1.jpg', size: 4, eTag: expect.stringMatching(/^[0-9a-f]{32}$/), sequencer: expect.stringMatching(/^[0-9A-F]+$/) });
    await ui.timelineRows('execution').filter({ hasText: 'log-event' }).first().click();
    await eventually(() => ui.byTestId('execution-logs').innerText()).toMatch(/ObjectCreated:Put lambda in\+box\/cat\+1\.jpg size=4/);
    await ui.dismissToasts();
    await run.shot('external-client-04-s3-format');
  });

  it('lists a trigger set by put-bucket-notification-configuration from the SDK in the open Triggers tab, and refuses one naming no function', async () => {
    // The Triggers tab of "lambda" is open (previous test): a script now replaces the bucket's configuration.
    await ui.byTestId('bucket-tab-triggers').click();
    await eventually(() => ui.byTestId('trigger-row').count()).toBe(1);
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    try {
      await client.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: 'lambda',
          NotificationConfiguration: {
            LambdaFunctionConfigurations: [
              { Id: 'thumbs', Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: 'arn:bucketscope:function:log-event', Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.jpg' }] } } },
            ],
          },
        }),
      );
      // Without a click: the window is told the bucket's triggers changed and lists them again.
      await eventually(() => ui.byTestId('trigger-row').allInnerTexts()).toEqual([expect.stringMatching(/thumbs[\s\S]*\.jpg/)]);
      // A configuration naming a function that does not exist is refused as S3 refuses it, and nothing changes.
      const refused = await client
        .send(
          new PutBucketNotificationConfigurationCommand({
            Bucket: 'lambda',
            NotificationConfiguration: {
              LambdaFunctionConfigurations: [{ Id: 'ghost', Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: 'arn:bucketscope:function:no-such-function' }],
            },
          }),
        )
        .then(
          () => undefined,
          (err: unknown) => err as { name?: string; message?: string },
        );
      expect(refused).toMatchObject({ name: 'InvalidArgument', message: 'Unable to validate the following destination configurations' });
      const kept = await client.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'lambda' }));
      expect(kept.LambdaFunctionConfigurations?.map((c) => c.Id)).toEqual(['thumbs']);
      expect(await ui.byTestId('trigger-row').allInnerTexts()).toEqual([expect.stringMatching(/thumbs[\s\S]*\.jpg/)]);
    } finally {
      client.destroy();
    }
  });

  it.skipIf(!hasAwsCli)('the Local panel’s aws-cli command (copied before any Reveal) and SDK snippet list the buckets as they are', async () => {
    await ui.connection('Local').click();
    await ui.byTestId('details-server').waitFor();
    // Before the reveal the snippets hold a placeholder, not the secret.
    expect(await ui.byTestId('snippet-cli').innerText()).toContain('<secret>');
    // Copy before Reveal copies the working command (the secret is fetched, and shown, first), not "<secret>".
    await run.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(run.page.url()).origin });
    await ui.byTestId('snippet-cli-copy').click();
    await eventually(() => ui.byTestId('snippet-cli').innerText()).toContain(credentials.secretAccessKey);
    type Clip = { navigator: { clipboard: { readText(): Promise<string> } } };
    const cli = await run.page.evaluate(() => (globalThis as unknown as Clip).navigator.clipboard.readText());
    expect(cli).toBe(await ui.byTestId('snippet-cli').innerText());
    expect(await run.page.getByRole('button', { name: 'Reveal secret' }).count()).toBe(0);
    const sdk = await ui.byTestId('snippet-sdk').innerText();
    // Run asynchronously: the embedded server answers from this process's event loop. Debian's aws-cli stands
    // in for the `aws` on a user's PATH; HOME is empty so no profile of this machine takes part.
    const home = await mkdtemp(join(tmpdir(), 'bs-snippet-home-'));
    try {
      const command = cli.replace(/^aws /m, `${AWS_CLI} `);
      expect(command).not.toBe(cli);
      const { stdout } = await promisify(execFile)('bash', ['-c', command], { env: { PATH: process.env.PATH ?? '', HOME: home } });
      expect(stdout).toMatch(/\binbox\n/);
      // The SDK snippet as a module next to this repo's node_modules, plus one call.
      const file = resolve(import.meta.dirname, `../../test-results/snippet-${process.pid}.mjs`);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${sdk}\nconst { ListBucketsCommand } = await import('@aws-sdk/client-s3');\nconsole.log(JSON.stringify((await s3.send(new ListBucketsCommand({}))).Buckets.map((b) => b.Name)));\n`);
      try {
        const out = await promisify(execFile)(process.execPath, [file], { env: { PATH: process.env.PATH ?? '', HOME: home, NODE_NO_WARNINGS: '1' } });
        expect(JSON.parse(out.stdout.trim().split('\n').at(-1)!)).toContain('inbox');
      } finally {
        await rm(file, { force: true });
      }
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
