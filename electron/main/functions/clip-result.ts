// A handler's return value is kept on the timeline (memory, timeline.ndjson, every window's copy): a big one is
// clipped to the start of its JSON text, so one handler returning megabytes cannot slow the app or bloat the
// timeline file. Lambda caps a synchronous response at 6 MB and drops an asynchronous one
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); a preview is what a user reads here.

/** Longest result JSON kept as it is (characters). */
export const MAX_RESULT_CHARS = 64 * 1024;

export interface ClippedResult {
  /** The value, or (when clipped) the first MAX_RESULT_CHARS characters of its JSON text. */
  result: unknown;
  /** Set when clipped: the size of the whole JSON text in UTF-8 bytes. */
  clipped?: { bytes: number };
}

/** `result` must be JSON-safe (the runtimes send it as JSON). */
export function clipResult(result: unknown, max = MAX_RESULT_CHARS): ClippedResult {
  if (result === undefined) return { result };
  const text = JSON.stringify(result);
  if (text === undefined || text.length <= max) return { result };
  return { result: text.slice(0, max), clipped: { bytes: Buffer.byteLength(text, 'utf8') } };
}
