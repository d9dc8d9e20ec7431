import { describe, expect, it } from 'vitest';
import { formFromTrigger, setFormat, toDialect, toggleEvent, toTriggerInput, validateTrigger } from './trigger-form.ts';

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
});
