// The trigger dialog checks, as the user fills it in, whether a trigger would overlap another of its bucket
// (renderer/src/routes/triggers/trigger-form.ts). Main refuses such a save with the rule in
// electron/shared/trigger-filter.ts, which the dialog calls too; this checks the dialog's use of it (the form's
// shape, its defaults) agrees on every input, or it would warn about a trigger main accepts, or keep quiet
// about one it refuses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOverlap } from '../../../electron/shared/trigger-filter.ts';
import { TRIGGER_EVENT_NAMES, type TriggerDto } from '../../../electron/shared/triggers.ts';
import { formFromTrigger, overlapWith } from '../../../renderer/src/routes/triggers/trigger-form.ts';

// Short pieces so prefixes and suffixes often start or end one another.
const affix = fc.constantFrom('', 'a', 'a/', 'a/b', 'b', '.jpg', 'jpg', 'g', '.png');
const trigger = fc.record({
  id: fc.constantFrom('t1', 't2', 't3', 't4'),
  events: fc.uniqueArray(fc.constantFrom(...TRIGGER_EVENT_NAMES), { minLength: 1, maxLength: 3 }),
  prefix: affix,
  suffix: affix,
});
const dto = (t: { id: string; events: TriggerDto['events']; prefix: string; suffix: string }): TriggerDto => ({
  ...t, name: '', connectionId: 'local', bucket: 'b', format: t.events[0]!.startsWith('s3:') ? 's3' : 'cos', functionId: 'f', enabled: true, createdAt: '',
});

describe('the trigger dialog’s overlap check', () => {
  it('agrees with the rule main applies on save', () => {
    fc.assert(
      fc.property(trigger, fc.array(trigger, { maxLength: 4 }), (candidate, others) => {
        const existing = others.map(dto);
        const rule = { ...candidate, name: '' };
        expect(overlapWith(candidate, existing)?.trigger.id).toBe(findOverlap(rule, existing)?.id);
      }),
      { numRuns: 2000 },
    );
  });

  it('starts a new trigger on events main accepts whenever some event type is free for every key', () => {
    fc.assert(
      fc.property(fc.array(trigger, { maxLength: 4 }), fc.constantFrom('cos' as const, 's3' as const), (others, format) => {
        const existing = others.map(dto);
        const form = formFromTrigger(undefined, { format, functionId: 'f', existing });
        const free = TRIGGER_EVENT_NAMES.some((n) => n.startsWith(`${format}:`) && findOverlap({ id: '', name: '', events: [n], prefix: '', suffix: '' }, existing) === undefined);
        expect(findOverlap({ id: '', name: '', events: form.events, prefix: '', suffix: '' }, existing) === undefined).toBe(free);
      }),
      { numRuns: 1000 },
    );
  });
});
