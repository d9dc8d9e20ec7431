/**
 * The pooled clients only time out after 120 s of socket silence (an upload part may take that long), three times
 * over: a server that accepts the connection and never answers kept a list loading for six minutes. Small reads
 * (bucket and object lists, HEAD, tags, versioning) answer quickly on every server, so each attempt gets this long.
 * Passed per call: `client.send(command, { requestTimeout })`.
 */
export const READ_TIMEOUT_MS = 30_000;
