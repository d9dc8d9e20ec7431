import { describe, expect, it } from 'vitest';
import {
  eventTypesIntersect,
  filtersOverlap,
  validateNotificationConfiguration,
  type NotificationRule,
} from '../../../electron/main/local-server/notification-config.ts';

const rule = (events: string[], prefix?: string, suffix?: string, id = Math.random().toString(36)): NotificationRule => ({
  id,
  kind: 'Queue',
  arn: 'arn:aws:sqs:us-east-1:1:q',
  events,
  ...(prefix !== undefined ? { prefix } : {}),
  ...(suffix !== undefined ? { suffix } : {}),
});

describe('notification rules', () => {
  it.each([
    ['s3:ObjectCreated:*', 's3:ObjectCreated:Put', true],
    ['s3:ObjectCreated:Put', 's3:ObjectCreated:*', true],
    ['s3:ObjectCreated:Put', 's3:ObjectCreated:Put', true],
    ['s3:ObjectCreated:Put', 's3:ObjectCreated:Post', false],
    ['s3:ObjectCreated:*', 's3:ObjectRemoved:*', false],
    ['s3:ObjectRemoved:*', 's3:ObjectRemoved:DeleteMarkerCreated', true],
  ])('%s intersects %s: %s', (a, b, expected) => {
    expect(eventTypesIntersect(a, b)).toBe(expected);
  });

  it.each([
    [{}, {}, true],
    [{ prefix: 'a/' }, {}, true],
    [{ prefix: 'a/' }, { prefix: 'a/b/' }, true],
    [{ prefix: 'a/' }, { prefix: 'b/' }, false],
    [{ suffix: 'jpg' }, { suffix: '.jpg' }, true],
    [{ suffix: '.jpg' }, { suffix: '.png' }, false],
    [{ prefix: 'a/', suffix: '.jpg' }, { prefix: 'b/', suffix: '.jpg' }, false],
    [{ prefix: 'a/', suffix: '.jpg' }, { prefix: 'a/', suffix: '.png' }, false],
  ])('filters %j and %j overlap: %s', (a, b, expected) => {
    expect(filtersOverlap(a, b)).toBe(expected);
  });

  it('accepts disjoint rules and rejects unknown events and overlaps with InvalidArgument', () => {
    expect(() => validateNotificationConfiguration({ eventBridge: false, rules: [rule(['s3:ObjectCreated:*'], 'a/'), rule(['s3:ObjectCreated:*'], 'b/'), rule(['s3:ObjectRemoved:*'], 'a/')] })).not.toThrow();
    expect(() => validateNotificationConfiguration({ eventBridge: false, rules: [rule(['s3:ObjectCreated:Nope'])] })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => validateNotificationConfiguration({ eventBridge: false, rules: [rule(['s3:TestEvent'])] })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => validateNotificationConfiguration({ eventBridge: false, rules: [rule(['s3:ObjectCreated:*'], 'a/'), rule(['s3:ObjectCreated:Copy'], 'a/x')] })).toThrow(
      expect.objectContaining({ code: 'InvalidArgument', message: expect.stringContaining('overlap') }),
    );
    expect(() => validateNotificationConfiguration({ eventBridge: false, rules: [rule(['s3:ObjectCreated:Put'], undefined, undefined, 'same'), rule(['s3:ObjectRemoved:*'], undefined, undefined, 'same')] })).toThrow(
      expect.objectContaining({ code: 'InvalidArgument' }),
    );
  });
});
