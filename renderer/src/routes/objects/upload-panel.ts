// Which bottom tab an upload opens. A few small files are stored in a moment, and what the user wants to see then
// is what they fired: the timeline's events and executions (switching to Transfers hid them after every small
// upload). A long upload is watched on Transfers. Either way the Transfers tab's badge and the status bar count
// the uploads still running.
import type { BottomTab, LayoutState } from '../../state/layout.svelte.ts';

const LONG_FILES = 10;
const LONG_BYTES = 16 * 1024 * 1024;

/** `bytes` is undefined when the window does not know the sizes (the desktop app reads picked files in main). */
export function isLongUpload(files: number, bytes: number | undefined): boolean {
  return files > LONG_FILES || (bytes ?? 0) > LONG_BYTES;
}

/** The tab to show: Transfers for a long upload; otherwise the timeline, unless the user is already on Transfers. */
export function tabForUpload(current: BottomTab, long: boolean): BottomTab {
  return long || current === 'transfers' ? 'transfers' : 'timeline';
}

export function showUploadPanel(layout: LayoutState, long: boolean): void {
  layout.bottomOpen = true;
  layout.bottomTab = tabForUpload(layout.bottomTab, long);
  layout.save();
}
