// Error and success toasts: the message, with the hint underneath.
import { toast } from 'svelte-sonner';
import { describeError } from '../format/errors.ts';

export function toastError(err: unknown, context?: string): void {
  const e = describeError(err);
  toast.error(context ? `${context}: ${e.message}` : e.message, { description: e.hint, duration: 8000 });
}

export function toastSuccess(message: string, description?: string): void {
  toast.success(message, { description });
}
