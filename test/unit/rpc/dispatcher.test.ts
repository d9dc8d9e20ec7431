import { describe, expect, it } from 'vitest';
import { METHOD_IDS, METHODS, type AppApi } from '../../../electron/shared/contract.ts';
import { AppError } from '../../../electron/shared/errors.ts';
import { createDispatcher } from '../../../electron/main/rpc/dispatcher.ts';

/** A service table whose every method echoes its validated input, built from the METHODS table itself. */
function echoApi(): AppApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const method of METHOD_IDS) {
    const [ns, fn] = method.split('.') as [string, string];
    (api[ns] ??= {})[fn] = async (input) => ({ method, input });
  }
  return api as unknown as AppApi;
}

describe('METHODS table', () => {
  it('names every method as namespace.method, each once', () => {
    expect(new Set(METHOD_IDS).size).toBe(METHOD_IDS.length);
    for (const id of METHOD_IDS) expect(id).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });

  it('gives every method a schema that refuses inputs of the wrong shape', () => {
    for (const id of METHOD_IDS) {
      for (const bad of ['x', 42, [], { surprise: true }]) {
        expect(METHODS[id].safeParse(bad).success, `${id} accepted ${JSON.stringify(bad)}`).toBe(false);
      }
    }
  });
});

describe('dispatcher', () => {
  const dispatch = createDispatcher(echoApi());

  it('calls the service with the validated input', async () => {
    const response = await dispatch('buckets.list', { connectionId: 'local' });
    expect(response).toEqual({ ok: true, result: { method: 'buckets.list', input: { connectionId: 'local' } } });
  });

  it('refuses unknown and prototype-chain method ids', async () => {
    for (const method of ['nope.nothing', 'toString', '__proto__', 'constructor', 42, null]) {
      const response = await dispatch(method, undefined);
      expect(response.ok).toBe(false);
      if (!response.ok) expect(response.error.code).toBe('UnknownMethod');
    }
  });

  it('refuses invalid input with the field that is wrong', async () => {
    const response = await dispatch('objects.list', { connectionId: 'local', bucket: 'b', prefix: 3 });
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.error.code).toBe('InvalidInput');
      expect(response.error.fields).toHaveProperty('prefix');
      expect(response.error.message).toBe('Prefix must be a string.');
    }
  });

  it('words refused input for people, keyed by the field path', async () => {
    const cases: [string, unknown, string, string][] = [
      ['objects.copy', { connectionId: 'local', from: { bucket: 'b', key: 'a' }, to: { bucket: 'b', key: 'k'.repeat(1025) } }, 'to.key', 'Key is too long: at most 1,024 characters.'],
      ['objects.copy', { connectionId: 'local', from: { bucket: 'b', key: '' }, to: { bucket: 'b', key: 'x' } }, 'from.key', 'Key is required.'],
      ['buckets.list', {}, 'connectionId', 'Connection id is required.'],
    ];
    for (const [method, input, path, message] of cases) {
      const response = await dispatch(method, input);
      expect(response.ok).toBe(false);
      if (!response.ok) {
        expect(response.error.fields?.[path], `${method} ${path}`).toBe(message);
        expect(response.error.message).toBe(message);
      }
    }
  });

  it('refuses unexpected extra fields (strict schemas)', async () => {
    const response = await dispatch('buckets.list', { connectionId: 'local', secret: 'x' });
    expect(response.ok).toBe(false);
  });

  it('turns thrown AppErrors into error envelopes that survive JSON', async () => {
    const api = echoApi();
    api.buckets.list = async () => {
      throw new AppError({ code: 'NoSuchBucket', message: 'The bucket does not exist', hint: 'Check the name', status: 404 });
    };
    const unexpected: unknown[] = [];
    const response = await createDispatcher(api, (_m, err) => unexpected.push(err))('buckets.list', { connectionId: 'c' });
    expect(JSON.parse(JSON.stringify(response))).toEqual({
      ok: false,
      error: { code: 'NoSuchBucket', message: 'The bucket does not exist', hint: 'Check the name', status: 404 },
    });
    expect(unexpected).toHaveLength(0);
  });

  it('reports unexpected errors as Internal and to the log hook', async () => {
    const api = echoApi();
    api.buckets.list = async () => {
      throw new TypeError('boom');
    };
    const unexpected: unknown[] = [];
    const response = await createDispatcher(api, (_m, err) => unexpected.push(err))('buckets.list', { connectionId: 'c' });
    expect(response).toEqual({ ok: false, error: { code: 'Internal', message: 'boom' } });
    expect(unexpected).toHaveLength(1);
  });
});
