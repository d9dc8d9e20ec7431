// Preloaded (NODE_OPTIONS=--require, which every Node version knows) into Node processes a handler starts: their
// requests to the embedded server carry the invocation's action id like the handler's own (node-worker.mjs), so a
// function that writes back into its bucket through a child process (a script, a CLI) is still seen by the
// recursion guard. The worker sets BUCKETSCOPE_ACTION_TOKEN per invocation; outside a handler's children none of
// this is set and nothing changes.
'use strict';
const http = require('node:http');
const https = require('node:https');
const { syncBuiltinESMExports } = require('node:module');

const token = process.env.BUCKETSCOPE_ACTION_TOKEN;
const header = process.env.BUCKETSCOPE_ACTION_HEADER;
const hosts = (process.env.BUCKETSCOPE_TAG_HOSTS ?? '').split(',').filter(Boolean);

if (token && header && hosts.length > 0) {
  for (const mod of [http, https]) {
    for (const name of ['request', 'get']) {
      const original = mod[name];
      mod[name] = function tagged(...args) {
        const req = original.apply(this, args);
        try {
          const host = String(req.getHeader('host') ?? req.host);
          if (hosts.some((h) => host.startsWith(h)) && !req.headersSent) req.setHeader(header, token);
        } catch {
          // never break a request over a tag
        }
        return req;
      };
    }
  }
  syncBuiltinESMExports();
  if (typeof globalThis.fetch === 'function') {
    const originalFetch = globalThis.fetch;
    globalThis.fetch = function taggedFetch(input, init) {
      try {
        const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
        if (hosts.includes(`${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`)) {
          const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
          headers.set(header, token);
          return originalFetch.call(this, input, { ...init, headers });
        }
      } catch {
        // fall through untagged
      }
      return originalFetch.call(this, input, init);
    };
  }
}
