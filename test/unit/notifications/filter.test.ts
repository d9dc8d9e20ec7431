import { describe, expect, it } from 'vitest';
import { findOverlap, overlapMessage, ruleMatches, type TriggerRule } from '../../../electron/shared/trigger-filter.ts';

const rule = (id: string, events: string[], prefix = '', suffix = ''): TriggerRule => ({ id, name: `name-${id}`, events, prefix, suffix });

describe('rule matching', () => {
  it('needs event type, prefix and suffix', () => {
    const r = rule('a', ['cos:ObjectCreated:*'], 'images/', '.jpg');
    expect(ruleMatches(r, 'ObjectCreated:Put', 'images/cat.jpg')).toBe(true);
    expect(ruleMatches(r, 'ObjectCreated:CompleteMultipartUpload', 'images/a/b.jpg')).toBe(true);
    expect(ruleMatches(r, 'ObjectCreated:Put', 'docs/cat.jpg')).toBe(false);
    expect(ruleMatches(r, 'ObjectCreated:Put', 'images/cat.png')).toBe(false);
    expect(ruleMatches(r, 'ObjectRemoved:Delete', 'images/cat.jpg')).toBe(false);
  });

  it('treats empty filters as match-all and compares case-sensitively', () => {
    expect(ruleMatches(rule('a', ['s3:ObjectRemoved:*']), 'ObjectRemoved:DeleteMarkerCreated', 'x')).toBe(true);
    expect(ruleMatches(rule('a', ['s3:ObjectCreated:Put'], 'Images/'), 'ObjectCreated:Put', 'images/x')).toBe(false);
  });
});

describe('overlap validation (as S3 validates a notification configuration)', () => {
  // [candidate, existing, conflicts?]
  const table: [string, TriggerRule, TriggerRule, boolean][] = [
    ['no filters, same event', rule('n', ['s3:ObjectCreated:Put']), rule('o', ['s3:ObjectCreated:Put']), true],
    ['wildcard vs exact', rule('n', ['cos:ObjectCreated:*']), rule('o', ['cos:ObjectCreated:Copy']), true],
    ['cross dialect spelling', rule('n', ['cos:ObjectRemove:*']), rule('o', ['s3:ObjectRemoved:Delete']), true],
    ['different event types', rule('n', ['s3:ObjectCreated:*']), rule('o', ['s3:ObjectRemoved:*']), false],
    ['put vs copy', rule('n', ['s3:ObjectCreated:Put']), rule('o', ['s3:ObjectCreated:Copy']), false],
    ['disjoint prefixes', rule('n', ['s3:ObjectCreated:*'], 'a/'), rule('o', ['s3:ObjectCreated:*'], 'b/'), false],
    ['nested prefixes', rule('n', ['s3:ObjectCreated:*'], 'a/'), rule('o', ['s3:ObjectCreated:*'], 'a/b/'), true],
    ['empty prefix overlaps all', rule('n', ['s3:ObjectCreated:*'], ''), rule('o', ['s3:ObjectCreated:*'], 'a/'), true],
    ['jpg and pg overlap', rule('n', ['s3:ObjectCreated:*'], '', 'jpg'), rule('o', ['s3:ObjectCreated:*'], '', 'pg'), true],
    ['.jpg and .png do not', rule('n', ['s3:ObjectCreated:*'], '', '.jpg'), rule('o', ['s3:ObjectCreated:*'], '', '.png'), false],
    ['empty suffix overlaps all', rule('n', ['s3:ObjectCreated:*'], '', ''), rule('o', ['s3:ObjectCreated:*'], '', '.png'), true],
    [
      'prefix overlaps but suffix does not',
      rule('n', ['s3:ObjectCreated:*'], 'a/', '.jpg'),
      rule('o', ['s3:ObjectCreated:*'], 'a/', '.txt'),
      false,
    ],
    [
      'suffix overlaps but prefix does not',
      rule('n', ['s3:ObjectCreated:*'], 'a/', '.jpg'),
      rule('o', ['s3:ObjectCreated:*'], 'b/', '.jpg'),
      false,
    ],
    ['same id (editing itself)', rule('o', ['s3:ObjectCreated:*']), rule('o', ['s3:ObjectCreated:*']), false],
  ];
  it.each(table)('%s', (_label, candidate, existing, conflicts) => {
    expect(findOverlap(candidate, [existing])).toBe(conflicts ? existing : undefined);
  });

  it('names the conflicting trigger in the message', () => {
    const existing = rule('t-1', ['cos:ObjectCreated:*'], 'img/');
    const candidate = rule('t-2', ['cos:ObjectCreated:Put'], 'img/cats/');
    const other = findOverlap(candidate, [rule('t-0', ['cos:ObjectRemove:*']), existing]);
    expect(other).toBe(existing);
    expect(overlapMessage(existing, candidate)).toMatch(/Overlaps trigger "name-t-1" \(t-1\): both select ObjectCreated:Put/);
  });
});
