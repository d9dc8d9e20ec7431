import { describe, expect, it } from 'vitest';
import { formFromTrigger, overlapWith, setFormat, spellShared, toDialect, toggleEvent, toTriggerInput, validateTrigger } from './trigger-form.ts';
import type { TriggerDto } from '../../../../electron/shared/triggers.ts';

describe('trigger form', () => {
  it('spells event names in the chosen dialect', () => {
    expect(toDialect('cos:ObjectRemove:DeleteMarkerCreated', 's3')).toBe('s3:ObjectRemoved:DeleteMarkerCreated');
    expect(toDialect('s3:ObjectCreated:*', 'cos')).toBe('cos:ObjectCreated:*');
    const form = formFromTrigger(undefined, { format: 'cos', functionId: 'f1' });
    expect(form.events).toEqual(['cos:ObjectCreated:*']);
    toggleEvent(form, 'cos:ObjectRemove:Delete');
    setFormat(form, 's3');
    expect(form.events).toEqual(['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete']);
  });

  it('keeps a wildcard and the specific names of its family exclusive', () => {
    const form = formFromTrigger(undefined, { format: 'cos', functionId: 'f1' });
    toggleEvent(form, 'cos:ObjectCreated:Put');
    expect(form.events).toEqual(['cos:ObjectCreated:Put']);
    toggleEvent(form, 'cos:ObjectCreated:Copy');
    toggleEvent(form, 'cos:ObjectCreated:*');
    expect(form.events).toEqual(['cos:ObjectCreated:*']);
    toggleEvent(form, 'cos:ObjectCreated:*');
    expect(validateTrigger(form)).toEqual({ events: 'Choose at least one event type.' });
  });

  it('builds the contract input', () => {
    const form = formFromTrigger(undefined, { format: 's3', functionId: 'f9' });
    form.prefix = 'in/';
    form.suffix = '.txt';
    expect(toTriggerInput(form, 'local', 'uploads')).toEqual({
      connectionId: 'local', bucket: 'uploads', events: ['s3:ObjectCreated:*'], prefix: 'in/', suffix: '.txt', format: 's3', functionId: 'f9', enabled: true,
    });
  });

  describe('a new trigger beside the bucket’s others', () => {
    const trigger = (extra: Partial<TriggerDto>): TriggerDto => ({
      id: 'trg-1', name: '', connectionId: 'local', bucket: 'inbox', events: ['cos:ObjectCreated:*'], prefix: '', suffix: '', format: 'cos', functionId: 'f1', enabled: true, createdAt: '2026-11-27T10:00:00.000Z', ...extra,
    });

    it('does not start on ObjectCreated:* when a catch-all trigger takes it (main would refuse the save)', () => {
      const existing = [trigger({})];
      const form = formFromTrigger(undefined, { format: 'cos', functionId: 'f1', existing });
      expect(form.events).toEqual(['cos:ObjectRemove:*']);
      expect(overlapWith(form, existing)).toBeUndefined();
      expect(validateTrigger(form, existing)).toEqual({});
      // Spelled in the connection's dialect, whichever dialect the other trigger uses.
      expect(formFromTrigger(undefined, { format: 's3', functionId: 'f1', existing }).events).toEqual(['s3:ObjectRemoved:*']);
    });

    it('starts on ObjectCreated:* when no trigger takes it for these keys', () => {
      expect(formFromTrigger(undefined, { format: 'cos', functionId: 'f1', existing: [] }).events).toEqual(['cos:ObjectCreated:*']);
      // Only removals are taken: uploads are free.
      expect(formFromTrigger(undefined, { format: 'cos', functionId: 'f1', existing: [trigger({ events: ['cos:ObjectRemove:*'] })] }).events).toEqual(['cos:ObjectCreated:*']);
    });

    it('keeps ObjectCreated:* when every event of every key is taken, and says which trigger it clashes with', () => {
      const existing = [trigger({}), trigger({ id: 'trg-2', events: ['s3:ObjectRemoved:*'], format: 's3' })];
      const form = formFromTrigger(undefined, { format: 'cos', functionId: 'f2', existing });
      expect(form.events).toEqual(['cos:ObjectCreated:*']);
      const clash = overlapWith(form, existing);
      expect(clash?.trigger.id).toBe('trg-1');
      expect(spellShared(clash!.shared, 'cos')).toBe('cos:ObjectCreated:*');
      expect(spellShared(['ObjectRemoved:Delete', 'ObjectRemoved:DeleteMarkerCreated', 'ObjectCreated:Put'], 's3')).toBe('s3:ObjectCreated:Put, s3:ObjectRemoved:*');
      expect(validateTrigger(form, existing).events).toMatch(/^Overlaps another trigger/);
      // A prefix the others do not match… still overlaps: their '' prefix matches every key.
      form.prefix = 'in/';
      expect(overlapWith(form, existing)).toBeDefined();
    });

    it('follows S3’s rule: shared event types AND overlapping prefixes AND overlapping suffixes', () => {
      const existing = [trigger({ events: ['cos:ObjectCreated:Put'], prefix: 'in/', suffix: '.jpg' })];
      const form = formFromTrigger(undefined, { format: 'cos', functionId: 'f1', existing });
      // ObjectCreated:* of every key shares Put with in/*.jpg: the new one starts on removals.
      expect(form.events).toEqual(['cos:ObjectRemove:*']);
      form.events = ['cos:ObjectCreated:*'];
      expect(spellShared(overlapWith(form, existing)!.shared, 'cos')).toBe('cos:ObjectCreated:Put');
      form.prefix = 'out/';
      expect(overlapWith(form, existing)).toBeUndefined();
      form.prefix = 'in/photos/';
      form.suffix = '.png';
      expect(overlapWith(form, existing)).toBeUndefined();
      // Editing a trigger never clashes with itself.
      expect(overlapWith({ ...formFromTrigger(existing[0], { format: 'cos', functionId: 'f1' }) }, existing)).toBeUndefined();
    });
  });
});
