// Starts PGlite (PostgreSQL compiled to WebAssembly) with its pgvector extension and serves it over
// the PostgreSQL wire protocol on 127.0.0.1, for the tests of the vector SQL (Debian's PostgreSQL
// has no pgvector). Usage: node pglite-server.mjs
// Listens on an ephemeral port, then prints "PORT <n>" on stdout. The database lives in memory.
// Every connection shares PGlite's one backend session and statements run one at a time.
// Stops on SIGTERM (the test kills it otherwise).
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The packages are installed by scripts/bootstrap under tests/npm; resolve them from there.
const here = path.dirname(fileURLToPath(import.meta.url));
const requireFromNpm = createRequire(path.join(here, '..', 'npm', 'package.json'));
const load = (name) => import(pathToFileURL(requireFromNpm.resolve(name)).href);

const { PGlite } = await load('@electric-sql/pglite');
const { vector } = await load('@electric-sql/pglite-pgvector');
const { PGLiteSocketServer } = await load('@electric-sql/pglite-socket');

const db = await PGlite.create({ extensions: { vector } });
// A pool of the store's size can connect; their statements are queued one after another.
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
await server.start();
const address = server.getServerConn();
process.stdout.write(`PORT ${address.slice(address.lastIndexOf(':') + 1)}\n`);

process.on('SIGTERM', () => {
  server
    .stop()
    .then(() => db.close())
    .finally(() => process.exit(0));
});
