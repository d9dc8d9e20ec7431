// Error codes the UI knows how to explain. S3 error codes pass through unchanged (NoSuchBucket, ...);
// transport-level failures get a code of their own. Every error crosses the contract as AppErrorDto.

export const APP_ERROR_CODES = [
  'InvalidInput',
  'UnknownMethod',
  'NotFound',
  'Conflict',
  'Unreachable',
  'TlsError',
  'Timeout',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AccessDenied',
  'RequestTimeTooSkewed',
  'Cancelled',
  'Unavailable',
  'Internal',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number] | (string & {});

export interface AppErrorDto {
  code: AppErrorCode;
  message: string;
  /** A hint of what to try next, shown under the message. */
  hint?: string;
  /** Field paths for InvalidInput. */
  fields?: Record<string, string>;
  /** HTTP status of the underlying S3 response, when there was one. */
  status?: number;
}

/** The error thrown on both sides of the contract; rebuilt from AppErrorDto on the client. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly hint: string | undefined;
  readonly fields: Record<string, string> | undefined;
  readonly status: number | undefined;

  constructor(dto: AppErrorDto) {
    super(dto.message);
    this.name = 'AppError';
    this.code = dto.code;
    this.hint = dto.hint;
    this.fields = dto.fields;
    this.status = dto.status;
  }

  toDto(): AppErrorDto {
    const dto: AppErrorDto = { code: this.code, message: this.message };
    if (this.hint !== undefined) dto.hint = this.hint;
    if (this.fields !== undefined) dto.fields = this.fields;
    if (this.status !== undefined) dto.status = this.status;
    return dto;
  }
}

export function toAppErrorDto(err: unknown): AppErrorDto {
  if (err instanceof AppError) return err.toDto();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'Internal', message };
}
