import { describe, expect, it } from 'vitest';
import type { TriggerDto } from '../../../electron/shared/triggers.ts';
import { functionArn, parseFunctionArn, ruleOfTrigger, triggersFromRules } from '../../../electron/main/notifications/notification-sync.ts';

describe('function ARNs in notification configurations', () => {
  it.each([
    ['arn:bucketscope:function:thumbs', { name: 'thumbs', format: 's3' }],
    ['arn:bucketscope:function:thumbs:cos', { name: 'thumbs', format: 'cos' }],
    ['arn:aws:lambda:us-east-1:000000000000:function:thumbs', { name: 'thumbs', format: 's3' }],
    ['arn:aws:lambda:us-east-1:000000000000:function:thumbs:$LATEST', { name: 'thumbs', format: 's3' }],
    ['qcs::scf:ap-guangzhou:uin/100000000001:namespace/default/function/thumbs', { name: 'thumbs', format: 'cos' }],
    ['arn:aws:sqs:us-east-1:000000000000:queue', undefined],
  ])('%s', (arn, expected) => {
    expect(parseFunctionArn(arn)).toEqual(expected);
  });

  it('round-trips the format through the ARN', () => {
    expect(parseFunctionArn(functionArn('f', 'cos'))).toEqual({ name: 'f', format: 'cos' });
    expect(parseFunctionArn(functionArn('f', 's3'))).toEqual({ name: 'f', format: 's3' });
  });
});

const trigger = (p: Partial<TriggerDto>): TriggerDto => ({
  id: 't1',
  name: 'thumbs-on-upload',
  connectionId: 'local',
  bucket: 'b',
  events: ['cos:ObjectCreated:*'],
  prefix: '',
  suffix: '.jpg',
  format: 'cos',
  functionId: 'fn-1',
  enabled: true,
  createdAt: '',
  ...p,
});

describe('configuration rules <-> triggers', () => {
  const byName = (n: string) => (n === 'thumbs' ? { id: 'fn-1' } : undefined);

  it('writes a trigger as an s3-spelled rule, with wildcards kept short', () => {
    expect(ruleOfTrigger(trigger({}), 'thumbs')).toEqual({
      id: 'thumbs-on-upload',
      kind: 'LambdaFunction',
      arn: 'arn:bucketscope:function:thumbs:cos',
      events: ['s3:ObjectCreated:*'],
      suffix: '.jpg',
    });
    expect(ruleOfTrigger(trigger({ events: ['cos:ObjectCreated:Put', 'cos:ObjectRemove:Delete'], suffix: '', name: '' }), 'thumbs')).toMatchObject({
      id: 't1',
      events: ['s3:ObjectCreated:Put', 's3:ObjectRemoved:Delete'],
    });
  });

  it('reads rules back, keeping id, enabled flag and spelling of the matching trigger; reports unknown ARNs; keeps disabled triggers', () => {
    const existing = [trigger({}), trigger({ id: 't2', name: 'off', enabled: false, events: ['cos:ObjectRemove:*'], suffix: '' })];
    const { inputs, unknown } = triggersFromRules(
      'b',
      [
        { id: 'thumbs-on-upload', kind: 'CloudFunction', arn: 'arn:bucketscope:function:thumbs:cos', events: ['s3:ObjectCreated:*'], suffix: '.jpg' },
        { id: 'new', kind: 'CloudFunction', arn: 'arn:aws:lambda:us-east-1:1:function:thumbs', events: ['s3:ObjectCreated:Copy'], prefix: 'x/' },
        { id: 'q', kind: 'Queue', arn: 'arn:aws:sqs:us-east-1:1:q', events: ['s3:ObjectCreated:*'] },
        { id: 'lost', kind: 'CloudFunction', arn: 'arn:bucketscope:function:missing', events: ['s3:ObjectCreated:*'] },
      ],
      existing,
      byName,
    );
    expect(unknown).toEqual(['arn:bucketscope:function:missing']);
    expect(inputs).toEqual([
      expect.objectContaining({ id: 't1', enabled: true, events: ['cos:ObjectCreated:*'], format: 'cos', suffix: '.jpg' }),
      expect.objectContaining({ name: 'new', events: ['s3:ObjectCreated:Copy'], format: 's3', prefix: 'x/', functionId: 'fn-1' }),
      expect.objectContaining({ id: 't2', enabled: false }),
    ]);
    expect(inputs[1]).not.toHaveProperty('id');
  });
});
