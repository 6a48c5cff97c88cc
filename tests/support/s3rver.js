// Starts an S3-protocol server (@20minutes/s3rver, which verifies SigV4) on 127.0.0.1 for the
// test suite. Usage: node s3rver.js DIRECTORY BUCKET
// Listens on an ephemeral port, creates BUCKET through configureBuckets (its CreateBucket route
// mis-verifies signatures), then prints "PORT <n>" on stdout. Keys: S3RVER / S3RVER.
// Stops on SIGTERM (the test kills it otherwise).
'use strict';

const path = require('path');
const { createRequire } = require('module');

// The server is installed by scripts/bootstrap under tests/npm.
const requireFromNpm = createRequire(path.join(__dirname, '..', 'npm', 'package.json'));
const S3rver = requireFromNpm('@20minutes/s3rver');

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) {
  console.error('usage: node s3rver.js DIRECTORY BUCKET');
  process.exit(2);
}

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});

server.run().then(
  (address) => {
    process.stdout.write(`PORT ${address.port}\n`);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

process.on('SIGTERM', () => {
  server.close().finally(() => process.exit(0));
});
