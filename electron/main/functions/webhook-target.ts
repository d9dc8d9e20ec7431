// A webhook function: POST the payload as JSON; status, latency and (the start of) the response body are
// the execution's result. A non-2xx answer is an error, so it is retried like a failing handler.
import type { InvocationOutcome, InvocationRequest } from './types.ts';
import { logLine } from './types.ts';

const MAX_BODY = 64 * 1024;

export async function invokeWebhook(
  url: string,
  headers: Record<string, string>,
  request: InvocationRequest,
  timeoutMs: number,
): Promise<InvocationOutcome> {
  const startedAt = performance.timeOrigin + performance.now();
  const logs: string[] = [logLine(Date.now(), 'stdout', `POST ${url}`)];
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bucketscope-request-id': request.requestId, ...headers },
      body: JSON.stringify(request.payload),
      signal: abort.signal,
    });
    const text = await res.text();
    const latencyMs = Math.round(performance.timeOrigin + performance.now() - startedAt);
    const body = text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}… (${text.length} chars)` : text;
    logs.push(logLine(Date.now(), res.ok ? 'stdout' : 'stderr', `${res.status} ${res.statusText} in ${latencyMs} ms`));
    const result = { status: res.status, latencyMs, body };
    return {
      status: res.ok ? 'success' : 'error',
      result,
      ...(res.ok ? {} : { error: { message: `Webhook answered ${res.status} ${res.statusText}` } }),
      logs,
      cold: false,
      handlerStartedAt: startedAt,
      durationMs: latencyMs,
    };
  } catch (err) {
    const durationMs = performance.timeOrigin + performance.now() - startedAt;
    if (abort.signal.aborted) {
      return { status: 'timeout', error: { message: `Webhook did not answer within ${timeoutMs} ms` }, logs, cold: false, handlerStartedAt: startedAt, durationMs };
    }
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    // fetch() refuses the Fetch standard's "bad ports" (6000, 6665-6669, 10080, …) before connecting, as
    // 'fetch failed (bad port)': https://fetch.spec.whatwg.org/#port-blocking
    const message =
      cause === 'bad port'
        ? `Webhook request failed: port ${new URL(url).port} is one fetch() and browsers refuse to connect to (a blocked port of the Fetch standard); run the receiver on another port`
        : `Webhook request failed: ${(err as Error).message}${cause ? ` (${cause})` : ''}`;
    logs.push(logLine(Date.now(), 'stderr', message));
    return { status: 'error', error: { message }, logs, cold: false, handlerStartedAt: startedAt, durationMs };
  } finally {
    clearTimeout(timer);
  }
}
