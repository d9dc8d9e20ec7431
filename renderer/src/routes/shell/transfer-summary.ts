// The status bar's word on the transfer queue. Waiting transfers are not "running": seven files dropped at
// once with three uploading read "3 running · 4 queued", not "7 running".
export function transferSummary(running: number, queued: number): string {
  if (running && queued) return `${running} running · ${queued} queued`;
  if (running) return `${running} running`;
  if (queued) return `${queued} queued`;
  return 'No transfers';
}
