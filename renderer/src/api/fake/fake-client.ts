// Wraps a FakeBackend in a real client: calls go through `createClient`, so the envelope unwrapping and
// AppError rebuilding under test are the production code paths.
import type { MethodId } from '../../../../electron/shared/contract.ts';
import type { RpcResponse } from '../../../../electron/shared/envelope.ts';
import { toAppErrorDto } from '../../../../electron/shared/errors.ts';
import { createClient, type ApiClient } from '../client.ts';
import { FakeBackend, type FakeOptions } from './fake-backend.ts';

export function createFakeClient(options: FakeOptions = {}): { api: ApiClient; backend: FakeBackend } {
  const backend = new FakeBackend(options);
  const api = createClient(
    {
      async invoke(method: MethodId, input: unknown): Promise<RpcResponse> {
        backend.calls.push({ method, input });
        const [ns, fn] = method.split('.') as [string, string];
        const target = (backend.api as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[ns]?.[fn];
        try {
          if (!target) throw new Error(`fake has no ${method}`);
          // JSON round trip: what crosses the real transports.
          const result = await target(input === undefined ? undefined : JSON.parse(JSON.stringify(input)));
          return { ok: true, result: result === undefined ? undefined : JSON.parse(JSON.stringify(result)) };
        } catch (err) {
          return { ok: false, error: toAppErrorDto(err) };
        }
      },
      subscribe(listener) {
        backend.listeners.add(listener);
        return () => backend.listeners.delete(listener);
      },
    },
    'fake',
    {
      upload: async (_target, file, onProgress) => {
        onProgress(file.size, file.size);
        backend.putObject(_target.connectionId, _target.bucket, _target.key, file.size);
        return undefined;
      },
      downloadUrl: () => undefined,
    },
  );
  return { api, backend };
}
