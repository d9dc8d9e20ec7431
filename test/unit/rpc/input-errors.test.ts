// The wording of refused inputs, from issues real zod schemas produce: readable sentences naming the field, and a
// message a schema wrote itself passes through unchanged.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue, fieldLabel } from '../../../electron/main/rpc/input-errors.ts';

const messages = (schema: z.ZodType, input: unknown): string[] => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a refusal');
  return r.error.issues.map(describeIssue);
};

describe('describeIssue', () => {
  it('names the field and the rule, for each kind of issue', () => {
    const schema = z
      .object({
        mode: z.enum(['COPY', 'REPLACE']),
        versionId: z.string().regex(/^[a-z]+$/),
        memoryMb: z.number().int().min(64).max(4096),
        paths: z.array(z.string()).min(1).max(2),
        name: z.string().min(3),
      })
      .strict();
    expect(messages(schema, { mode: 'MOVE', versionId: '1', memoryMb: 8, paths: [], name: 'ab', extra: 1 })).toEqual([
      'Mode must be one of: COPY, REPLACE.',
      'Version id is not in the expected format.',
      'Memory mb must be at least 64.',
      'Paths needs at least 1 entry.',
      'Name is too short: at least 3 characters.',
      'Unknown field: extra.',
    ]);
    expect(messages(schema, { mode: 'COPY', versionId: 'a', memoryMb: 1.5, paths: ['a', 'b', 'c'], name: 3 })).toEqual([
      'Memory mb must be a whole number.',
      'Paths has too many entries: at most 2.',
      'Name must be a string.',
    ]);
  });

  it('keeps a message the schema wrote for people, even one worded like zod\'s', () => {
    expect(messages(z.string().max(3, 'Keep it short'), 'abcd')).toEqual(['Keep it short']);
    expect(messages(z.record(z.string().regex(/^[A-Z_]+$/, 'Invalid variable name'), z.string()), { 'my var': 'x' })).toEqual(['"my var": Invalid variable name']);
  });

  it('labels the last named path segment', () => {
    expect(fieldLabel(['to', 'key'])).toBe('Key');
    expect(fieldLabel(['paths', 2])).toBe('Paths');
    expect(fieldLabel(['trigger', 'suffix_filter'])).toBe('Suffix filter');
    expect(fieldLabel([])).toBe('The input');
  });
});
