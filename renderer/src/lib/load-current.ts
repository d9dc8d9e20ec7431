// Loading for an $effect whose inputs can change while a request is out: only the answer to the latest inputs
// lands. Return its result from the effect: Svelte calls it when the inputs change or the component goes.
import type { AppErrorDto } from '../../../electron/shared/errors.ts';
import { describeError } from './format/errors.ts';

export function loadCurrent<T>(request: Promise<T>, onValue: (value: T) => void, onError: (error: AppErrorDto) => void): () => void {
  let current = true;
  request.then(
    (value) => current && onValue(value),
    (err) => current && onError(describeError(err)),
  );
  return () => (current = false);
}
