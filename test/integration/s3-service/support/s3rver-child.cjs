// Runs the peer emulator s3rver in its own process (started with `node --openssl-legacy-provider`, without
// which its ListObjectsV2 continuation tokens break on Node >= 17). Usage: s3rver-child.cjs <directory>.
// Prints one JSON line {"port": N} once listening; exits when its parent closes stdin or sends SIGTERM.
'use strict';
const S3rver = require('s3rver');

const directory = process.argv[2];
if (!directory) {
  process.stderr.write('usage: s3rver-child.cjs <directory>\n');
  process.exit(2);
}

const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, resetOnClose: false });

function stop() {
  server.close().then(
    () => process.exit(0),
    () => process.exit(0),
  );
}

server.run().then(
  (address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`),
  (err) => {
    process.stderr.write(`s3rver failed to start: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', stop);
// The parent holds our stdin open; when it dies without cleaning up, stdin ends and we go too.
process.stdin.on('end', stop);
process.stdin.resume();
