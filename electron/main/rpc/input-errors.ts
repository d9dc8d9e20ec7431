// Readable messages for inputs the METHODS schemas refuse. The window checks its forms first; this is the
// backstop for what gets past them, and zod's default wording ("Too big: expected string to have <=1024
// characters", with a path like "to.key") is not written for people. Messages a schema sets itself are kept.
import { z } from 'zod';

type Issue = z.core.$ZodIssue;

const zodDefault = z.locales.en().localeError;

/** True when zod wrote the message itself; a schema's own message ('Invalid variable name') is for people already. */
function isDefaultMessage(issue: Issue): boolean {
  // The issue no longer carries the input, so zod's "received <type>" ending cannot be recomputed.
  if (issue.code === 'invalid_type') return issue.message.startsWith(`Invalid input: expected ${issue.expected}`);
  const d = zodDefault(issue as never);
  return (typeof d === 'string' ? d : d?.message) === issue.message;
}

const count = (n: number | bigint): string => (typeof n === 'bigint' ? n.toString() : n.toLocaleString('en-US'));

/** `["to", "versionId"]` → "Version id"; the last named segment says which field, array indexes do not. */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const name = [...path].reverse().find((p): p is string => typeof p === 'string');
  if (!name) return 'The input';
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function describeIssue(issue: Issue): string {
  if (!isDefaultMessage(issue)) return issue.message;
  const field = fieldLabel(issue.path);
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return `${field} is too long: at most ${count(issue.maximum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${field} has too many entries: at most ${count(issue.maximum)}.`;
      return `${field} must be at most ${count(issue.maximum)}.`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `${field} is required.` : `${field} is too short: at least ${count(issue.minimum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${field} needs at least ${count(issue.minimum)} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}.`;
      return `${field} must be at least ${count(issue.minimum)}.`;
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? `${field} is required.` : `${field} must be ${article(issue.expected)}.`;
    case 'invalid_value':
      return `${field} must be one of: ${issue.values.map((v) => String(v)).join(', ')}.`;
    case 'invalid_format':
      return `${field} is not in the expected format.`;
    case 'invalid_key': {
      // A record's key failed its own schema: that schema's message, if it wrote one, says why.
      const inner = issue.issues[0];
      const name = JSON.stringify(String(issue.path.at(-1) ?? ''));
      return inner && !isDefaultMessage(inner) ? `${name}: ${inner.message}` : `${name} is not an allowed name.`;
    }
    case 'unrecognized_keys':
      return `Unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}.`;
    default:
      return `${field} is not valid.`;
  }
}

function article(expected: string): string {
  const noun = expected === 'int' ? 'whole number' : expected;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
