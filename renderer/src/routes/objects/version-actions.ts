// Restoring an older version. S3 has no restore call: copying the version over its own key makes that copy the
// latest version (https://docs.aws.amazon.com/AmazonS3/latest/userguide/RestoringPreviousVersions.html), which
// fires ObjectCreated:Copy. Offered from the versions list, the row's context menu and the details header.
import type { AppState } from '../../state/app.svelte.ts';
import { toastError, toastSuccess } from '../../lib/components/toast.ts';

/** Resolves true once the version is the latest again; failures are shown as a toast. */
export async function restoreVersion(app: AppState, key: string, versionId: string): Promise<boolean> {
  const bucket = app.browser.bucket;
  if (!bucket) return false;
  try {
    await app.browser.copyObject({ key, versionId }, { bucket, key });
    toastSuccess('Version restored', `${key} is now a copy of version ${versionId.slice(0, 12)}…`);
    return true;
  } catch (err) {
    toastError(err, 'Could not restore the version');
    return false;
  }
}
