// Method id -> service call. The only door into main for the renderer: unknown methods and inputs that
// fail their METHODS schema are refused before any service sees them.
import { METHODS, isMethodId, type AppApi } from '../../shared/contract.ts';
import type { RpcResponse } from '../../shared/envelope.ts';
import { AppError, toAppErrorDto } from '../../shared/errors.ts';
import { describeIssue } from './input-errors.ts';

export type Dispatch = (method: unknown, input: unknown) => Promise<RpcResponse>;

export function createDispatcher(api: AppApi, onUnexpected: (method: string, err: unknown) => void = () => {}): Dispatch {
  return async (method, input) => {
    if (!isMethodId(method)) {
      return { ok: false, error: { code: 'UnknownMethod', message: `Unknown method: ${String(method).slice(0, 100)}` } };
    }
    const parsed = METHODS[method].safeParse(input);
    if (!parsed.success) {
      // `fields` is keyed by the input path, so a form can put each message under its field.
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[issue.path.join('.') || '(input)'] ??= describeIssue(issue);
      return {
        ok: false,
        error: { code: 'InvalidInput', message: Object.values(fields)[0] ?? 'Invalid input', fields },
      };
    }
    const [namespace, name] = method.split('.') as [keyof AppApi, string];
    const service = api[namespace] as unknown as Record<string, (arg: unknown) => Promise<unknown>>;
    try {
      const result = await service[name]!.call(service, parsed.data);
      // Services return DTOs; `undefined` does not survive every transport, null does.
      return { ok: true, result: result ?? null };
    } catch (err) {
      if (!(err instanceof AppError)) onUnexpected(method, err);
      return { ok: false, error: toAppErrorDto(err) };
    }
  };
}
