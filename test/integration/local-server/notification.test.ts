// Get/PutBucketNotificationConfiguration: stored, returned, validated as S3 does, and exposed to the app
// (getNotificationConfig / onNotificationConfigChange) for the trigger engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
} from '@aws-sdk/client-s3';
import type { NotificationConfiguration } from '../../../electron/main/local-server/index.ts';
import { bucketName, errorCode, expectS3Error, rawRequest, startHarness, type Harness } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:thumbs';
const queue = 'arn:aws:sqs:us-east-1:123456789012:q';
const topic = 'arn:aws:sns:us-east-1:123456789012:t';

describe('bucket notification configuration', () => {
  it('stores, returns and reports a configuration with every target kind', async () => {
    const b = bucketName('notify');
    await h.client.send(new CreateBucketCommand({ Bucket: b }));
    const changes: [string, NotificationConfiguration | undefined][] = [];
    const off = h.server.onNotificationConfigChange((bucket, config) => changes.push([bucket, config]));
    const empty = await h.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: b }));
    expect(empty.LambdaFunctionConfigurations ?? []).toEqual([]);

    await h.client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: b,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            { Id: 'thumbs', LambdaFunctionArn: lambda, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'photos/' }, { Name: 'suffix', Value: '.jpg' }] } } },
          ],
          QueueConfigurations: [{ Id: 'q', QueueArn: queue, Events: ['s3:ObjectRemoved:Delete'] }],
          TopicConfigurations: [{ Id: 't', TopicArn: topic, Events: ['s3:ObjectCreated:Put'], Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.png' }] } } }],
        },
      }),
    );
    const got = await h.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: b }));
    expect(got.LambdaFunctionConfigurations).toEqual([
      { Id: 'thumbs', LambdaFunctionArn: lambda, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'photos/' }, { Name: 'Suffix', Value: '.jpg' }] } } },
    ]);
    expect(got.QueueConfigurations).toEqual([{ Id: 'q', QueueArn: queue, Events: ['s3:ObjectRemoved:Delete'] }]);
    expect(got.TopicConfigurations?.[0]).toMatchObject({ Id: 't', TopicArn: topic, Events: ['s3:ObjectCreated:Put'] });

    const config = h.server.getNotificationConfig(b);
    expect(config?.rules).toEqual([
      { id: 't', kind: 'Topic', arn: topic, events: ['s3:ObjectCreated:Put'], suffix: '.png' },
      { id: 'q', kind: 'Queue', arn: queue, events: ['s3:ObjectRemoved:Delete'] },
      { id: 'thumbs', kind: 'LambdaFunction', arn: lambda, events: ['s3:ObjectCreated:*'], prefix: 'photos/', suffix: '.jpg' },
    ]);
    expect(changes.map(([bucket]) => bucket)).toEqual([b]);
    expect(h.server.listNotificationConfigs().find((c) => c.bucket === b)?.config.rules).toHaveLength(3);

    await h.client.send(new DeleteBucketCommand({ Bucket: b }));
    expect(changes.at(-1)).toEqual([b, undefined]);
    expect(h.server.getNotificationConfig(b)).toBeUndefined();
    off();
  });

  it('accepts CloudFunctionConfiguration and LambdaFunctionConfiguration elements as function rules', async () => {
    const b = bucketName('legacy');
    await h.client.send(new CreateBucketCommand({ Bucket: b }));
    const xml = `<NotificationConfiguration><CloudFunctionConfiguration><Id>old</Id><CloudFunction>${lambda}</CloudFunction><Event>s3:ObjectCreated:Post</Event></CloudFunctionConfiguration></NotificationConfiguration>`;
    const res = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}`, query: { notification: '' }, body: xml });
    expect(res.status).toBe(200);
    expect(h.server.getNotificationConfig(b)?.rules).toEqual([{ id: 'old', kind: 'LambdaFunction', arn: lambda, events: ['s3:ObjectCreated:Post'] }]);
    const get = await rawRequest(h.server.endpoint, { method: 'GET', path: `/${b}`, query: { notification: '' } });
    expect(get.body).toContain('<CloudFunctionConfiguration><Id>old</Id><CloudFunction>');
    const literal = `<NotificationConfiguration><LambdaFunctionConfiguration><Id>new</Id><LambdaFunctionArn>${lambda}</LambdaFunctionArn><Event>s3:ObjectRemoved:*</Event></LambdaFunctionConfiguration></NotificationConfiguration>`;
    expect((await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}`, query: { notification: '' }, body: literal })).status).toBe(200);
    expect(h.server.getNotificationConfig(b)?.rules).toEqual([{ id: 'new', kind: 'LambdaFunction', arn: lambda, events: ['s3:ObjectRemoved:*'] }]);
  });

  it('rejects unknown events and overlapping filters for intersecting event types, as S3 does', async () => {
    const b = bucketName('reject');
    await h.client.send(new CreateBucketCommand({ Bucket: b }));
    const put = (configs: { events: string[]; prefix?: string; suffix?: string }[]) =>
      h.client.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: b,
          NotificationConfiguration: {
            QueueConfigurations: configs.map((c, i) => ({
              Id: `c${i}`,
              QueueArn: queue,
              Events: c.events as never,
              ...(c.prefix !== undefined || c.suffix !== undefined
                ? { Filter: { Key: { FilterRules: [...(c.prefix !== undefined ? [{ Name: 'prefix' as const, Value: c.prefix }] : []), ...(c.suffix !== undefined ? [{ Name: 'suffix' as const, Value: c.suffix }] : [])] } } }
                : {}),
            })),
          },
        }),
      );
    await expectS3Error(put([{ events: ['s3:ObjectCreated:Everything'] }]), 'InvalidArgument', 400);
    await expectS3Error(put([{ events: ['cos:ObjectCreated:*'] }]), 'InvalidArgument', 400);
    // Same type, overlapping suffixes (jpg / .jpg) and no prefixes.
    await expectS3Error(put([{ events: ['s3:ObjectCreated:*'], suffix: 'jpg' }, { events: ['s3:ObjectCreated:Put'], suffix: '.jpg' }]), 'InvalidArgument', 400);
    // No filter overlaps everything.
    await expectS3Error(put([{ events: ['s3:ObjectRemoved:*'] }, { events: ['s3:ObjectRemoved:Delete'], prefix: 'logs/' }]), 'InvalidArgument', 400);
    expect(h.server.getNotificationConfig(b)?.rules).toEqual([]);
    // Disjoint suffixes, disjoint prefixes, or different event types are fine.
    await put([
      { events: ['s3:ObjectCreated:*'], suffix: '.jpg' },
      { events: ['s3:ObjectCreated:*'], suffix: '.png' },
      { events: ['s3:ObjectCreated:Put'], prefix: 'a/', suffix: 'jpg' },
      { events: ['s3:ObjectRemoved:*'] },
    ].filter((_, i) => i !== 2));
    await put([
      { events: ['s3:ObjectCreated:Put'], prefix: 'a/' },
      { events: ['s3:ObjectCreated:Put'], prefix: 'b/' },
      { events: ['s3:ObjectRemoved:*'], prefix: 'a/' },
    ]);
    expect(h.server.getNotificationConfig(b)?.rules).toHaveLength(3);
    const badRule = `<NotificationConfiguration><QueueConfiguration><Queue>${queue}</Queue><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>middle</Name><Value>x</Value></FilterRule></S3Key></Filter></QueueConfiguration></NotificationConfiguration>`;
    const res = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}`, query: { notification: '' }, body: badRule });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'InvalidArgument']);
    const noArn = '<NotificationConfiguration><QueueConfiguration><Event>s3:ObjectCreated:*</Event></QueueConfiguration></NotificationConfiguration>';
    const res2 = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}`, query: { notification: '' }, body: noArn });
    expect([res2.status, errorCode(res2.body)]).toEqual([400, 'MalformedXML']);
  });
});
