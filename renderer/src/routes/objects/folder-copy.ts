// Copying or moving a folder, with its progress and Cancel in a toast (the dialog that asked is gone by then).
// BrowserState.copyFolder does the work: a move deletes the originals only once every copy worked.
import { toast } from 'svelte-sonner';
import type { AppState } from '../../state/app.svelte.ts';
import type { Row } from '../../state/browser.svelte.ts';
import { toastError, toastSuccess } from '../../lib/components/toast.ts';
import { plural } from '../../lib/format/format.ts';

export interface FolderCopyJob {
  /** The folder, a prefix ending in '/'. */
  source: string;
  move: boolean;
  bucket: string;
  /** The target folder, a prefix ending in '/'. */
  prefix: string;
}

export async function copyFolderWithProgress(app: AppState, job: FolderCopyJob): Promise<void> {
  const { source, move, bucket, prefix } = job;
  await runWithProgress(source, move, bucket, prefix, (progress, signal) => app.browser.copyFolder(source, { bucket, prefix }, move, progress, signal));
}

/** Several selected rows into one folder (objects keep their names, folders bring what is under them). */
export async function copyRowsWithProgress(app: AppState, rows: Row[], job: { move: boolean; bucket: string; prefix: string }): Promise<void> {
  const { move, bucket, prefix } = job;
  await runWithProgress(`${rows.length} items`, move, bucket, prefix, (progress, signal) => app.browser.copyRows(rows, { bucket, prefix }, move, progress, signal));
}

type CopyResult = Awaited<ReturnType<AppState['browser']['copyFolder']>>;

async function runWithProgress(
  source: string,
  move: boolean,
  bucket: string,
  prefix: string,
  run: (progress: (done: number, total: number) => void, signal: AbortSignal) => Promise<CopyResult>,
): Promise<void> {
  const verb = move ? 'Moving' : 'Copying';
  const abort = new AbortController();
  const options = { action: { label: 'Cancel', onClick: () => abort.abort() }, duration: Number.POSITIVE_INFINITY };
  const id = toast.loading(`${verb} ${source}…`, options);
  try {
    const result = await run(
      (done, total) => toast.loading(`${verb} ${source}… ${done.toLocaleString('en-US')} of ${plural(total, 'object')}`, { ...options, id }),
      abort.signal,
    );
    toast.dismiss(id);
    const kept = move && result.deleted === 0 ? 'Nothing was deleted: every original is still there.' : undefined;
    if (result.cancelled) {
      toastError({ code: 'Cancelled', message: `${move ? 'Move' : 'Copy'} stopped after ${plural(result.copied, 'object')}`, ...(kept ? { hint: kept } : {}) });
    } else if (result.errors.length) {
      const detail = result.errors.slice(0, 3).map((e) => `${e.key}: ${e.message}`).join('\n');
      toastError({ code: 'PartialFailure', message: `${plural(result.errors.length, 'object')} could not be ${move ? 'moved' : 'copied'}`, hint: kept ? `${kept}\n${detail}` : detail });
    } else if (result.total === 0) {
      toastSuccess('Nothing to copy', 'The selection holds no objects.');
    } else {
      toastSuccess(`${move ? 'Moved' : 'Copied'} ${plural(result.total, 'object')}`, `to ${bucket}/${prefix}`);
    }
  } catch (err) {
    toast.dismiss(id);
    toastError(err, move ? 'Move failed' : 'Copy failed');
  }
}
