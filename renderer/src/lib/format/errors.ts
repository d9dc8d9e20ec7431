import { AppError, type AppErrorDto } from '../../../../electron/shared/errors.ts';

/** Whatever was thrown, as the message + hint pair the UI shows. */
export function describeError(err: unknown): AppErrorDto {
  if (err instanceof AppError) return err.toDto();
  if (err && typeof err === 'object' && 'message' in err && 'code' in err) return err as AppErrorDto;
  return { code: 'Internal', message: err instanceof Error ? err.message : String(err) };
}
