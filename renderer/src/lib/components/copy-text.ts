import { toastError, toastSuccess } from './toast.ts';

/** Copies a key, a URL or a snippet, and says so. */
export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toastSuccess(`Copied ${what}`);
  } catch (err) {
    toastError(err, 'Could not copy');
  }
}
