import { describe, expect, it } from 'vitest';
import { formFromFunction, toFunctionInput, validateFunction, type Pair } from './function-form.ts';

const withEnv = (env: Pair[]) => ({ ...formFromFunction(undefined), name: 'thumb', path: '/code/thumb', env });

describe('function form: environment variables', () => {
  it('accepts names with spaces around them, saved trimmed, and ignores empty rows', () => {
    const form = withEnv([{ key: ' STAGE ', value: 'dev' }, { key: '', value: '' }, { key: '_X1', value: '' }]);
    expect(validateFunction(form).env).toBeUndefined();
    expect(toFunctionInput(form).env).toEqual({ STAGE: 'dev', _X1: '' });
  });

  it('refuses a name given twice (only the last value was kept)', () => {
    expect(validateFunction(withEnv([{ key: 'STAGE', value: 'dev' }, { key: 'STAGE ', value: 'prod' }])).env).toBe('STAGE is set twice: keep one.');
  });

  it('refuses a value without a name (it was dropped on save) and a bad name', () => {
    expect(validateFunction(withEnv([{ key: '', value: 'secret-token-value-that-is-long' }])).env).toBe('A value has no variable name: name it or clear it.');
    expect(validateFunction(withEnv([{ key: '1BAD', value: 'x' }])).env).toBe('“1BAD” is not a valid variable name: letters, digits and _, not starting with a digit.');
  });
});
