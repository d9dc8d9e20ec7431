import { describe, expect, it } from 'vitest';
import {
  configEventName,
  deliveredEventName,
  expandSelector,
  normaliseEventName,
  parseSelector,
  selectorsMatch,
} from '../../../electron/shared/event-names.ts';

describe('event names per dialect', () => {
  it.each([
    ['ObjectCreated:Put', 'cos', 'cos:ObjectCreated:Put'],
    ['ObjectCreated:CompleteMultipartUpload', 'cos', 'cos:ObjectCreated:CompleteMultipartUpload'],
    ['ObjectRemoved:Delete', 'cos', 'cos:ObjectRemove:Delete'],
    ['ObjectRemoved:DeleteMarkerCreated', 'cos', 'cos:ObjectRemove:DeleteMarkerCreated'],
    ['ObjectCreated:Copy', 's3', 'ObjectCreated:Copy'],
    ['ObjectRemoved:DeleteMarkerCreated', 's3', 'ObjectRemoved:DeleteMarkerCreated'],
  ] as const)('%s in %s deliveries is %s', (type, dialect, expected) => {
    expect(deliveredEventName(type, dialect)).toBe(expected);
  });

  it('spells configuration names with the dialect prefix', () => {
    expect(configEventName('ObjectRemoved:Delete', 's3')).toBe('s3:ObjectRemoved:Delete');
    expect(configEventName('ObjectRemoved:Delete', 'cos')).toBe('cos:ObjectRemove:Delete');
  });

  it('expands wildcards to the family', () => {
    expect(expandSelector('cos:ObjectCreated:*')).toEqual([
      'ObjectCreated:Put',
      'ObjectCreated:Post',
      'ObjectCreated:Copy',
      'ObjectCreated:CompleteMultipartUpload',
    ]);
    expect(expandSelector('s3:ObjectRemoved:*')).toEqual(['ObjectRemoved:Delete', 'ObjectRemoved:DeleteMarkerCreated']);
    expect(expandSelector('cos:ObjectRemove:*')).toEqual(['ObjectRemoved:Delete', 'ObjectRemoved:DeleteMarkerCreated']);
  });

  it('matches exact names and wildcards in both dialects', () => {
    expect(selectorsMatch(['cos:ObjectCreated:*'], 'ObjectCreated:Copy')).toBe(true);
    expect(selectorsMatch(['cos:ObjectCreated:*'], 'ObjectRemoved:Delete')).toBe(false);
    expect(selectorsMatch(['s3:ObjectRemoved:DeleteMarkerCreated'], 'ObjectRemoved:Delete')).toBe(false);
    expect(selectorsMatch(['s3:ObjectCreated:Put', 'cos:ObjectRemove:Delete'], 'ObjectRemoved:Delete')).toBe(true);
  });

  it('rejects the other dialect spelling and unknown names', () => {
    expect(() => parseSelector('s3:ObjectRemove:*')).toThrow('S3 spells it s3:ObjectRemoved:*');
    expect(() => parseSelector('cos:ObjectRemoved:Delete')).toThrow('COS spells it cos:ObjectRemove:Delete');
    expect(() => parseSelector('cos:ObjectCreated:Delete')).toThrow('Unknown event type');
    expect(() => parseSelector('ObjectCreated:Put')).toThrow('Unknown event type');
  });

  it('normalises names received from any server', () => {
    expect(normaliseEventName('s3:ObjectCreated:Put')).toBe('ObjectCreated:Put');
    expect(normaliseEventName('ObjectRemoved:DeleteMarkerCreated')).toBe('ObjectRemoved:DeleteMarkerCreated');
    expect(normaliseEventName('cos:ObjectRemove:Delete')).toBe('ObjectRemoved:Delete');
    expect(normaliseEventName('s3:TestEvent')).toBeUndefined();
  });
});
