// The trigger engine on the real embedded server, driven by the real AWS SDK (and aws-cli when present).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketNotificationConfigurationCommand,
  GetObjectCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord, ExecutionRecord, TimelineRecord } from '../../../electron/shared/timeline.ts';
import { startLocalServer, type LocalServer } from '../../../electron/main/local-server/index.ts';
import { TriggerEngine } from '../../../electron/main/notifications/engine.ts';
import { findPython } from '../../../electron/main/functions/runtime-availability.ts';
import { handlerDir } from './engine-helpers.ts';
import { errorCode, expectS3Error, rawRequest } from '../local-server/support.ts';

const examples = fileURLToPath(new URL('../../../examples/functions/', import.meta.url));
const credentials = { accessKeyId: 'AKLOCALTEST', secretAccessKey: 'local-test-secret' };
let server: LocalServer;
let engine: TriggerEngine;
let s3: S3Client;
const warnings: string[] = [];

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bucketscope-engine-'));
  server = await startLocalServer({ port: 0, dataDir: path.join(dataDir, 'server'), credentials: [credentials] });
  engine = new TriggerEngine({ dataDir, retryDelaysMs: [10, 20], maxChainDepth: 2, warn: (m) => warnings.push(m) });
  engine.attachServer(server, credentials);
  s3 = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
});
afterAll(async () => {
  await engine?.close();
  s3?.destroy();
  await server?.close();
});

const records = () => engine.timeline.list({ limit: 50_000 });
const events = (bucket: string) => records().filter((r): r is EventRecord => r.type === 'event' && r.bucket === bucket);
const executionsOf = (e: EventRecord) => records().filter((r): r is ExecutionRecord => r.type === 'execution' && r.eventId === e.eventId);
const byType = (rs: TimelineRecord[], t: string) => rs.filter((r) => r.type === t);

describe('embedded server -> triggers -> functions', () => {
  it('fires the expected event, in COS form, with a successful execution per put, copy, multipart upload and delete', async () => {
    const fn = engine.functions.save({ name: 'log-event', runtime: 'nodejs', path: path.join(examples, 'log-event') });
    await s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
    engine.triggers.save({ name: 'all', connectionId: 'local', bucket: 'plain', events: ['cos:ObjectCreated:*', 'cos:ObjectRemove:*'], format: 'cos', functionId: fn.id });
    await engine.notificationSync.settled();

    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'docs/a b.txt', Body: 'hello', ContentType: 'text/plain', Metadata: { owner: 'alice' } }));
    await s3.send(new CopyObjectCommand({ Bucket: 'plain', Key: 'docs/copy.txt', CopySource: 'plain/docs/a%20b.txt' }));
    const mpu = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'plain', Key: 'big.bin' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'plain', Key: 'big.bin', UploadId: mpu.UploadId, PartNumber: 1, Body: Buffer.alloc(1024, 7) }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'plain', Key: 'big.bin', UploadId: mpu.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'plain', Key: 'docs/copy.txt' }));
    await s3.send(new DeleteObjectsCommand({ Bucket: 'plain', Delete: { Objects: [{ Key: 'docs/a b.txt' }, { Key: 'big.bin' }] } }));
    await engine.idle();

    const got = events('plain');
    expect(got.map((e) => [e.eventName, e.key])).toEqual([
      ['cos:ObjectCreated:Put', 'docs/a b.txt'],
      ['cos:ObjectCreated:Copy', 'docs/copy.txt'],
      ['cos:ObjectCreated:CompleteMultipartUpload', 'big.bin'],
      ['cos:ObjectRemove:Delete', 'docs/copy.txt'],
      ['cos:ObjectRemove:Delete', 'docs/a b.txt'],
      ['cos:ObjectRemove:Delete', 'big.bin'],
    ]);
    for (const e of got) {
      expect(e.source).toBe('embedded');
      const [x, ...more] = executionsOf(e);
      expect(more).toEqual([]);
      expect(x).toMatchObject({ status: 'success', function: 'log-event', attempt: 1 });
      expect(x!.logs.join('\n')).toContain(`${e.eventName} plain /1250000000/plain/${e.key}`);
    }
    const put = got[0]!.payload as { Records: { cos: { cosObject: { meta: Record<string, string>; url: string; size: number } } }[] };
    expect(put.Records[0]!.cos.cosObject).toMatchObject({ size: 5, url: `${server.endpoint}/plain/docs/a%20b.txt` });
    expect(put.Records[0]!.cos.cosObject.meta).toMatchObject({ 'Content-Type': 'text/plain', ETag: '"5d41402abc4b2a76b9719d911017c592"', 'x-cos-meta-owner': 'alice' });
    // aws-sdk requests from outside the app are external actions; a DeleteObjects request is one action
    const actions = byType(records(), 'action').filter((a) => 'bucket' in a && a.bucket === 'plain');
    expect(actions.map((a) => (a as { operation: string }).operation)).toEqual(['PutObject', 'CopyObject', 'CompleteMultipartUpload', 'DeleteObject', 'DeleteObject']);
    expect(new Set(got.slice(4).map((e) => e.actionId)).size).toBe(1);
    // the UI's trigger is the bucket's notification configuration
    const config = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'plain' }));
    expect(config.LambdaFunctionConfigurations).toEqual([
      expect.objectContaining({ Id: 'all', LambdaFunctionArn: 'arn:bucketscope:function:log-event:cos', Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'] }),
    ]);
  });

  it('names removals by versioning state (S3 format): delete marker, version delete, suspended null version', async () => {
    const fn = engine.functions.save({ name: 'versions', runtime: 'nodejs', path: handlerDir(`export const main_handler = (e) => e.Records[0].s3.object;`) });
    await s3.send(new CreateBucketCommand({ Bucket: 'versioned' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Enabled' } }));
    engine.triggers.save({ connectionId: 'local', bucket: 'versioned', events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'], format: 's3', functionId: fn.id });
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: 'one' }));
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'versioned', Key: 'k' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: v1.VersionId }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Suspended' } }));
    await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: 'two' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'versioned', Key: 'k' }));
    await engine.idle();
    const got = events('versioned');
    expect(got.map((e) => [e.eventName, e.versionId])).toEqual([
      ['ObjectCreated:Put', v1.VersionId],
      ['ObjectRemoved:DeleteMarkerCreated', marker.VersionId],
      ['ObjectRemoved:Delete', v1.VersionId],
      ['ObjectCreated:Put', 'null'],
      ['ObjectRemoved:DeleteMarkerCreated', 'null'],
    ]);
    const objects = got.map((e) => executionsOf(e)[0]!.result as { key: string; sequencer: string; eTag?: string });
    expect(objects[0]).toMatchObject({ key: 'k', eTag: expect.stringMatching(/^[0-9a-f]{32}$/), size: 3 });
    expect(objects[1]).not.toHaveProperty('eTag');
    // sequencers order the events of one key
    const seqs = objects.map((o) => o.sequencer.padEnd(32, '0'));
    expect([...seqs].sort()).toEqual(seqs);
  });

  it('the write-summary example reads the object and writes a .txt summary into another bucket', async () => {
    const fn = engine.functions.save({ name: 'write-summary', runtime: 'nodejs', path: path.join(examples, 'write-summary'), timeoutMs: 10_000, env: { SUMMARY_BUCKET: 'summaries' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'incoming' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'summaries' }));
    engine.triggers.save({ connectionId: 'local', bucket: 'incoming', events: ['s3:ObjectCreated:*'], suffix: '.md', format: 's3', functionId: fn.id });
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'notes/read me.md', Body: 'one two three\nfour\n' }));
    await engine.idle();
    const [e] = events('incoming');
    expect(executionsOf(e!)[0]).toMatchObject({ status: 'success', result: { written: [{ bucket: 'summaries', key: 'notes/read me.md.summary.txt' }] } });
    const summary = await s3.send(new GetObjectCommand({ Bucket: 'summaries', Key: 'notes/read me.md.summary.txt' }));
    const text = await summary.Body!.transformToString();
    expect(text).toContain('source: incoming/notes/read me.md');
    expect(text).toContain('words: 4');
  });

  it('stops a handler that writes back into its own bucket (recursion guard, real SDK writes)', async () => {
    // A fixture inside the repo, so the SDK resolves from the handler's folder.
    const local = fileURLToPath(new URL('./fixtures/write-back', import.meta.url));
    const fn = engine.functions.save({ name: 'write-back', runtime: 'nodejs', path: local, timeoutMs: 10_000 });
    await s3.send(new CreateBucketCommand({ Bucket: 'loop' }));
    engine.triggers.save({ connectionId: 'local', bucket: 'loop', events: ['s3:ObjectCreated:Put'], format: 's3', functionId: fn.id });
    await s3.send(new PutObjectCommand({ Bucket: 'loop', Key: 'seed', Body: 'x' }));
    await expect.poll(() => events('loop').length, { timeout: 15_000 }).toBe(3);
    await engine.idle();
    const got = events('loop');
    expect(got.map((e) => e.key)).toEqual(['seed', 'seed.x', 'seed.x.x']);
    expect(got.map((e) => executionsOf(e).map((x) => x.status))).toEqual([['success'], ['success'], ['skipped']]);
    expect(executionsOf(got[2]!)[0]!.note).toMatch(/Recursion guard: not invoked\. This event was caused by write-back's own write \(chain depth 3 > 2\)/);
    // the chain stays under the action that started it
    expect(new Set(got.map((e) => e.actionId)).size).toBe(1);
  });

  it('stops a handler that writes back through a child Node process (its requests are tagged too)', async () => {
    const local = fileURLToPath(new URL('./fixtures/write-back-child', import.meta.url));
    const fn = engine.functions.save({ name: 'write-back-child', runtime: 'nodejs', path: local, timeoutMs: 20_000 });
    await s3.send(new CreateBucketCommand({ Bucket: 'loop-child' }));
    engine.triggers.save({ connectionId: 'local', bucket: 'loop-child', events: ['s3:ObjectCreated:Put'], format: 's3', functionId: fn.id });
    await s3.send(new PutObjectCommand({ Bucket: 'loop-child', Key: 'seed', Body: 'x' }));
    // Untagged, it looped for ever (a new object about every 300 ms).
    await expect.poll(() => events('loop-child').length, { timeout: 30_000 }).toBe(3);
    await engine.idle();
    const got = events('loop-child');
    expect(got.map((e) => e.key)).toEqual(['seed', 'seed.x', 'seed.x.x']);
    expect(got.map((e) => executionsOf(e).map((x) => x.status))).toEqual([['success'], ['success'], ['skipped']]);
    expect(got[1]).toMatchObject({ causedBy: { function: 'write-back-child', depth: 2 } });
  });

  it('stops a Python handler that writes back with aws-cli (a Python child: tagged through sitecustomize)', async () => {
    if (!existsSync('/usr/bin/aws')) {
      if (process.env['CI'] === 'true') throw new Error('aws-cli is required under CI (apt-get install -y awscli)');
      console.warn('\n*** SKIPPING aws-cli write-back test: /usr/bin/aws not found (apt-get install -y awscli) ***\n');
      return;
    }
    const fn = engine.functions.save({
      name: 'write-back-cli',
      runtime: 'python',
      timeoutMs: 30_000,
      path: handlerDir(
        [
          'import os, subprocess, urllib.parse',
          'def main_handler(event, context):',
          '    r = event["Records"][0]["s3"]',
          '    key = urllib.parse.unquote_plus(r["object"]["key"])',
          '    target = f"s3://{r[\'bucket\'][\'name\']}/{key}.x"',
          '    subprocess.run(["/usr/bin/aws", "s3", "cp", "-", target, "--endpoint-url", os.environ["AWS_ENDPOINT_URL"]], input=b"again", check=True)',
          '    return key',
        ].join('\n'),
        'index.py',
      ),
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'loop-cli' }));
    engine.triggers.save({ connectionId: 'local', bucket: 'loop-cli', events: ['s3:ObjectCreated:Put'], format: 's3', functionId: fn.id });
    await s3.send(new PutObjectCommand({ Bucket: 'loop-cli', Key: 'seed', Body: 'x' }));
    await expect.poll(() => events('loop-cli').length, { timeout: 60_000 }).toBe(3);
    await engine.idle();
    const got = events('loop-cli');
    expect(got.map((e) => e.key)).toEqual(['seed', 'seed.x', 'seed.x.x']);
    expect(got.map((e) => executionsOf(e).map((x) => x.status))).toEqual([['success'], ['success'], ['skipped']]);
  }, 90_000);
});

describe('Python handlers with boto3 on the embedded server', () => {
  it('read the event, write with boto3 using the env credentials, and their writes are attributed to them', async () => {
    const python = await findPython();
    const boto3 = python.available && (await promisify(execFile)(python.command, ['-c', 'import boto3']).then(() => true, () => false));
    if (!boto3) {
      if (process.env['CI'] === 'true') throw new Error('python3 with boto3 is required under CI (apt-get install -y python3-boto3)');
      console.warn('\n*** SKIPPING boto3 handler test: python3 with boto3 not found (apt-get install -y python3-boto3) ***\n');
      return;
    }
    const fn = engine.functions.save({
      name: 'py-copy',
      runtime: 'python',
      timeoutMs: 15_000,
      memoryMb: 256,
      path: handlerDir(
        [
          'import boto3, urllib.parse',
          's3 = boto3.client("s3")',
          'def main_handler(event, context):',
          '    record = event["Records"][0]["s3"]',
          '    key = urllib.parse.unquote_plus(record["object"]["key"])',
          '    body = s3.get_object(Bucket=record["bucket"]["name"], Key=key)["Body"].read()',
          '    s3.put_object(Bucket="py-out", Key=key + ".upper", Body=body.upper())',
          '    print("copied", key)',
          '    return len(body)',
        ].join('\n'),
        'index.py',
      ),
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'py-in' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'py-out' }));
    engine.triggers.save({ connectionId: 'local', bucket: 'py-in', events: ['s3:ObjectCreated:Put'], format: 's3', functionId: fn.id });
    engine.triggers.save({ connectionId: 'local', bucket: 'py-out', events: ['s3:ObjectCreated:Put'], format: 's3', functionId: engine.functions.byName('log-event')!.id });
    await s3.send(new PutObjectCommand({ Bucket: 'py-in', Key: 'hello there.txt', Body: 'shout' }));
    await expect.poll(() => events('py-out').length, { timeout: 20_000 }).toBe(1);
    await engine.idle();
    const [e] = events('py-in');
    const [x] = executionsOf(e!);
    expect(x).toMatchObject({ status: 'success', result: 5, cold: true });
    expect(x!.logs.join('\n')).toMatch(/stdout copied hello there\.txt/);
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'py-out', Key: 'hello there.txt.upper' }))).Body!.transformToString()).toBe('SHOUT');
    expect(events('py-out')[0]).toMatchObject({ key: 'hello there.txt.upper', causedBy: { function: 'py-copy', depth: 2 }, actionId: e!.actionId });
  });
});

const aws = ['/usr/bin/aws'].find((p) => existsSync(p));
if (aws === undefined) {
  if (process.env['CI'] === 'true') throw new Error('aws-cli is required under CI (apt-get install -y awscli)');
  console.warn('\n*** SKIPPING aws-cli notification tests: /usr/bin/aws not found (apt-get install -y awscli) ***\n');
}

describe.skipIf(aws === undefined)('aws s3api put-bucket-notification-configuration', () => {
  const run = promisify(execFile);
  const cli = (...args: string[]) =>
    run(aws!, ['--endpoint-url', server.endpoint, '--region', 'us-east-1', '--output', 'json', ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true' },
    });

  it('creates the same trigger the UI creates, and an aws s3 cp runs it', async () => {
    const fn = engine.functions.save({ name: 'cli-target', runtime: 'nodejs', path: handlerDir(`export const main_handler = (e) => { console.log('cli saw', e.Records[0].event.eventName); return 1; };`) });
    await cli('s3api', 'create-bucket', '--bucket', 'from-cli');
    const config = {
      LambdaFunctionConfigurations: [
        { Id: 'txt-only', LambdaFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:cli-target', Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.txt' }] } } },
      ],
    };
    // This configuration used to carry a second rule naming no function, which was accepted and only logged; the
    // server now refuses such a configuration as S3 does (see 'refuses a destination ...' below), so it is gone here.
    await cli('s3api', 'put-bucket-notification-configuration', '--bucket', 'from-cli', '--notification-configuration', JSON.stringify(config));
    const [trigger] = engine.triggers.list({ bucket: 'from-cli' });
    expect(trigger).toMatchObject({ name: 'txt-only', functionId: fn.id, suffix: '.txt', format: 's3', events: ['s3:ObjectCreated:*'], enabled: true });
    // switch it to COS format in the app; the configuration keeps it
    engine.triggers.save({ ...trigger!, format: 'cos' });
    await engine.notificationSync.settled();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bucketscope-cli-')), 'hello.txt');
    writeFileSync(file, 'hi');
    await cli('s3', 'cp', file, 's3://from-cli/hello.txt');
    await engine.idle();
    const [e] = events('from-cli');
    expect(e).toMatchObject({ eventName: 'cos:ObjectCreated:Put', key: 'hello.txt' });
    expect(executionsOf(e!)[0]!.logs.join('\n')).toContain('cli saw cos:ObjectCreated:Put');
    const back = JSON.parse((await cli('s3api', 'get-bucket-notification-configuration', '--bucket', 'from-cli')).stdout);
    expect(back.LambdaFunctionConfigurations).toEqual([expect.objectContaining({ Id: 'txt-only', LambdaFunctionArn: 'arn:bucketscope:function:cli-target:cos' })]);
  });

  it('refuses a destination that names no local function with InvalidArgument and keeps the previous configuration', async () => {
    engine.functions.save({ name: 'cli-kept', runtime: 'nodejs', path: handlerDir(`export const main_handler = () => 1;`) });
    await cli('s3api', 'create-bucket', '--bucket', 'cli-guarded');
    const good = { LambdaFunctionConfigurations: [{ Id: 'kept', LambdaFunctionArn: 'arn:bucketscope:function:cli-kept', Events: ['s3:ObjectCreated:*'] }] };
    await cli('s3api', 'put-bucket-notification-configuration', '--bucket', 'cli-guarded', '--notification-configuration', JSON.stringify(good));
    const bad = {
      LambdaFunctionConfigurations: [
        { Id: 'kept', LambdaFunctionArn: 'arn:bucketscope:function:cli-kept', Events: ['s3:ObjectRemoved:*'] },
        { Id: 'ghost', LambdaFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:cli-ghost', Events: ['s3:ObjectCreated:*'] },
      ],
    };
    const failed = await cli('s3api', 'put-bucket-notification-configuration', '--bucket', 'cli-guarded', '--notification-configuration', JSON.stringify(bad)).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failed?.code).not.toBe(0);
    expect(failed?.stderr).toMatch(/\(InvalidArgument\).*Unable to validate the following destination configurations/);
    const back = JSON.parse((await cli('s3api', 'get-bucket-notification-configuration', '--bucket', 'cli-guarded')).stdout);
    expect(back.LambdaFunctionConfigurations).toEqual([expect.objectContaining({ Id: 'kept', LambdaFunctionArn: 'arn:bucketscope:function:cli-kept', Events: ['s3:ObjectCreated:*'] })]);
    expect(engine.triggers.list({ bucket: 'cli-guarded' })).toEqual([expect.objectContaining({ name: 'kept', events: ['s3:ObjectCreated:*'] })]);
  });
});

describe('destinations the server cannot validate (S3 refuses them: the PUT is atomic)', () => {
  const put = (bucket: string, body: string) =>
    rawRequest(server.endpoint, { method: 'PUT', path: `/${bucket}`, query: { notification: '' }, body, credentials });
  const getConfig = async (bucket: string) => {
    const { $metadata: _, ...config } = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    return config;
  };

  it('answers 400 InvalidArgument naming each failing ARN, applies nothing, and still accepts a good ARN', async () => {
    const fn = engine.functions.save({ name: 'guard-target', runtime: 'nodejs', path: handlerDir(`export const main_handler = () => 1;`) });
    await s3.send(new CreateBucketCommand({ Bucket: 'guarded' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'guarded',
        NotificationConfiguration: { LambdaFunctionConfigurations: [{ Id: 'good', LambdaFunctionArn: 'arn:bucketscope:function:guard-target', Events: ['s3:ObjectCreated:*'] }] },
      }),
    );
    expect(engine.triggers.list({ bucket: 'guarded' })).toEqual([expect.objectContaining({ name: 'good', functionId: fn.id })]);
    const before = await getConfig('guarded');
    const warned = warnings.length;

    // Through the SDK: one good function, one that does not exist, and a topic nothing local receives.
    const err = await expectS3Error(
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: 'guarded',
          NotificationConfiguration: {
            LambdaFunctionConfigurations: [
              { Id: 'good', LambdaFunctionArn: 'arn:bucketscope:function:guard-target', Events: ['s3:ObjectRemoved:*'] },
              { Id: 'ghost', LambdaFunctionArn: 'arn:bucketscope:function:no-such-function', Events: ['s3:ObjectCreated:*'] },
            ],
            TopicConfigurations: [{ Id: 't', TopicArn: 'arn:aws:sns:us-east-1:000000000000:nowhere', Events: ['s3:ObjectTagging:*'] }],
          },
        }),
      ),
      'InvalidArgument',
      400,
    );
    expect(err.message).toBe('Unable to validate the following destination configurations');
    expect(await getConfig('guarded')).toEqual(before);
    expect(engine.triggers.list({ bucket: 'guarded' })).toEqual([expect.objectContaining({ name: 'good', functionId: fn.id, events: ['s3:ObjectCreated:*'] })]);
    expect(warnings.length).toBe(warned);

    // The error document: ArgumentName<n> is the n-th failing ARN, ArgumentValue<n> says why.
    const raw = await put(
      'guarded',
      '<NotificationConfiguration>' +
        '<CloudFunctionConfiguration><Id>a</Id><CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:missing-one</CloudFunction><Event>s3:ObjectCreated:Put</Event></CloudFunctionConfiguration>' +
        '<QueueConfiguration><Id>q</Id><Queue>arn:aws:sqs:us-east-1:000000000000:no-queue</Queue><Event>s3:ObjectRemoved:*</Event></QueueConfiguration>' +
        '</NotificationConfiguration>',
    );
    expect(raw.status).toBe(400);
    expect(errorCode(raw.body)).toBe('InvalidArgument');
    expect(raw.body).toContain('<Message>Unable to validate the following destination configurations</Message>');
    // Pairs by number (the order is the parsed configuration's, kinds grouped: not asserted).
    const arg = (n: string, i: string) => new RegExp(`<Argument${n}${i}>([^<]*)</Argument${n}${i}>`).exec(raw.body)?.[1];
    const pairs = Object.fromEntries(['1', '2', '3'].map((i) => [arg('Name', i), arg('Value', i)]));
    expect(pairs).toEqual({
      'arn:aws:lambda:us-east-1:000000000000:function:missing-one': 'The destination function does not exist: no local function is named missing-one',
      'arn:aws:sqs:us-east-1:000000000000:no-queue': 'The destination queue does not exist',
      undefined: undefined,
    });
    expect(await getConfig('guarded')).toEqual(before);

    // A good ARN (Lambda form) still replaces the configuration and the triggers.
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'guarded',
        NotificationConfiguration: { LambdaFunctionConfigurations: [{ Id: 'renamed', LambdaFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:guard-target', Events: ['s3:ObjectRemoved:*'] }] },
      }),
    );
    expect((await getConfig('guarded')).LambdaFunctionConfigurations).toEqual([expect.objectContaining({ Id: 'renamed', Events: ['s3:ObjectRemoved:*'] })]);
    expect(engine.triggers.list({ bucket: 'guarded' })).toEqual([expect.objectContaining({ name: 'renamed', functionId: fn.id, events: ['s3:ObjectRemoved:*'] })]);
  });

  it('keeps a topic the bucket had before functions were known, so the app still writes its triggers back next to it', async () => {
    const topic = 'arn:aws:sns:us-east-1:000000000000:older-topic';
    await s3.send(new CreateBucketCommand({ Bucket: 'had-topic' }));
    // A server without the engine checks nothing (there is nothing to check ARNs against): the topic is stored.
    server.setDestinationCheck(undefined);
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'had-topic',
        NotificationConfiguration: { TopicConfigurations: [{ Id: 't', TopicArn: topic, Events: ['s3:ObjectTagging:*'] }] },
      }),
    );
    engine.attachServer(server, credentials);
    const fn = engine.functions.save({ name: 'topic-neighbour', runtime: 'nodejs', path: handlerDir(`export const main_handler = () => 1;`) });
    engine.triggers.save({ name: 'next-to-topic', connectionId: 'local', bucket: 'had-topic', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    await engine.notificationSync.settled();
    const config = await getConfig('had-topic');
    expect(config.TopicConfigurations).toEqual([expect.objectContaining({ Id: 't', TopicArn: topic })]);
    expect(config.LambdaFunctionConfigurations).toEqual([expect.objectContaining({ Id: 'next-to-topic', LambdaFunctionArn: 'arn:bucketscope:function:topic-neighbour' })]);
    // A new topic is still refused.
    await expectS3Error(
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: 'had-topic',
          NotificationConfiguration: { TopicConfigurations: [{ Id: 't', TopicArn: `${topic}-2`, Events: ['s3:ObjectTagging:*'] }] },
        }),
      ),
      'InvalidArgument',
      400,
    );
  });
});
