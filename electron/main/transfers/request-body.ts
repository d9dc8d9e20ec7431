// The body of a browser-mode upload request, as a stream the transfer engine may destroy without taking the
// HTTP connection with it. The engine destroys a body it stops reading (a cancel); destroying the request itself
// resets the socket before any answer, and Chromium then re-sends the PUT on a fresh connection (PUT is
// idempotent, and a reset on a reused keep-alive socket is retried silently): the cancelled upload would start
// again from zero and complete. With this stand-in the request stays open, so the endpoint can answer
// "cancelled" and drain what the browser still sends.
import { PassThrough, type Readable } from 'node:stream';

export function detachableBody(request: Readable): Readable {
  const body = new PassThrough();
  const onError = (err: Error) => body.destroy(err);
  // The browser went away mid-body (closed tab, aborted XHR): the upload must fail, not wait for bytes.
  const onClose = () => {
    if (!request.readableEnded) body.destroy(new Error('The upload was interrupted before the whole file arrived'));
  };
  request.once('error', onError);
  request.once('close', onClose);
  // pipe() unpipes a destination that closes, leaving the request paused for the endpoint to drain.
  body.once('close', () => {
    request.off('error', onError);
    request.off('close', onClose);
  });
  request.pipe(body);
  return body;
}
