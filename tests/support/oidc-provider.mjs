// An OpenID provider for the tests: oauth2-mock-server (tests/npm) on 127.0.0.1 and an ephemeral
// port, with the issuer URL http://127.0.0.1:PORT. Prints {"port":N} on stdout once it listens.
//
// POST /token (grant_type=client_credentials) signs the claims given as form fields:
//   aud, sub, email, name, groups (comma-separated), token_use,
//   lifetime (seconds from now until exp; negative for a token that has expired).
// POST /test/stage-key             makes a second RS256 key, not yet published; answers {"kid"}
// POST /test/staged-token          a token signed by the staged key (the same form fields)
// POST /test/publish-staged-key    adds the staged key to /jwks (key rotation)
// GET  /test/stats                 {"jwks": N, "discovery": N}: requests served so far
import http from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const npm = createRequire(new URL('../npm/package.json', import.meta.url));
const { OAuth2Issuer, OAuth2Service } = await import(
  pathToFileURL(npm.resolve('oauth2-mock-server')).href
);

const issuer = new OAuth2Issuer();
await issuer.keys.generate('RS256');
const service = new OAuth2Service(issuer);
const served = { jwks: 0, discovery: 0 };
let staged; // { issuer, jwk } of a key made but not yet published

function applyClaims(payload, fields) {
  const now = Math.floor(Date.now() / 1000);
  for (const name of ['aud', 'sub', 'email', 'name', 'token_use']) {
    if (fields[name] !== undefined) payload[name] = fields[name];
  }
  if (fields.groups !== undefined) payload.groups = fields.groups.split(',').filter(Boolean);
  if (fields.lifetime !== undefined) {
    payload.exp = now + Number(fields.lifetime);
    payload.iat = Math.min(now, payload.exp - 60);
    payload.nbf = payload.iat;
  }
}

service.on('beforeTokenSigning', (token, req) => applyClaims(token.payload, req.body));

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(body))));
    req.on('error', reject);
  });
}

function answer(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function control(req, res, path) {
  if (req.method === 'GET' && path === '/test/stats') return answer(res, 200, served);
  if (req.method !== 'POST') return answer(res, 405, { error: 'method' });
  if (path === '/test/stage-key') {
    const stagingIssuer = new OAuth2Issuer();
    stagingIssuer.url = issuer.url;
    const jwk = await stagingIssuer.keys.generate('RS256');
    staged = { issuer: stagingIssuer, jwk };
    return answer(res, 200, { kid: jwk.kid });
  }
  if (!staged) return answer(res, 409, { error: 'no staged key' });
  if (path === '/test/staged-token') {
    const fields = await readForm(req);
    const token = await staged.issuer.buildToken({
      scopesOrTransform: (_header, payload) => applyClaims(payload, fields),
    });
    return answer(res, 200, { access_token: token });
  }
  if (path === '/test/publish-staged-key') {
    await issuer.keys.add(staged.jwk);
    return answer(res, 200, { kid: staged.jwk.kid });
  }
  return answer(res, 404, { error: 'not found' });
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  if (path === '/jwks') served.jwks++;
  if (path === '/.well-known/openid-configuration') served.discovery++;
  if (path.startsWith('/test/')) {
    control(req, res, path).catch((e) => answer(res, 500, { error: String(e) }));
    return;
  }
  service.requestHandler(req, res);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  issuer.url = `http://127.0.0.1:${port}`;
  process.stdout.write(JSON.stringify({ port }) + '\n');
});

// The test run ends this process with a signal; stop cleanly on SIGTERM too.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
