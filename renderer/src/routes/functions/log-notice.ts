// What a test run's log box says above the lines when main kept only part of the output (see LogBuffer and
// logLine in electron/main/functions/types.ts): the markers sit in the middle of a thousand lines or at the end
// of 8 KB of one line, where nobody sees them.

const DROPPED = /\[([\d,]+) lines dropped here: the first and last ones are kept\]$/;
const CUT = /… \[line cut: [\d,]+ characters, the first [\d,]+ kept\]$/;

/** One sentence on what was left out, or undefined when the logs are whole. */
export function logNotice(logs: readonly string[]): string | undefined {
  let dropped: string | undefined;
  let cut = 0;
  for (const line of logs) {
    const m = DROPPED.exec(line);
    if (m !== null) dropped = m[1];
    else if (CUT.test(line)) cut += 1;
  }
  const parts: string[] = [];
  if (dropped !== undefined) parts.push(`${dropped} lines in the middle were dropped; the first and the last ones are shown`);
  if (cut > 0) parts.push(`${cut === 1 ? 'one line was' : `${cut} lines were`} longer than 8 KB and cut`);
  if (parts.length === 0) return undefined;
  const text = parts.join('; ');
  return `Output too long to keep whole: ${text}.`;
}
