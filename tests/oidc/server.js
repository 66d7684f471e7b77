// A real OpenID provider (node-oidc-provider 9) for the ApiKeys integration tests, started by .ci/run.
// It serves one issuer over https (OIDC_HTTPS_PORT, with OIDC_TLS_CERT/OIDC_TLS_KEY) and one over plain
// http (OIDC_HTTP_PORT), both on 127.0.0.1. Tokens come from the client credentials grant: the client id is
// the user (`sub`), the `resource` parameter the audience (default urn:apikeys); access tokens are at+jwt,
// signed RS256 with a key published in the JWKS. POST /test/rotate replaces the signing key (the old one
// leaves the JWKS), as a provider rotating its keys does.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import Provider from 'oidc-provider';

const host = '127.0.0.1';
const secret = process.env.OIDC_CLIENT_SECRET;
if (!secret) {
  console.error('OIDC_CLIENT_SECRET is required');
  process.exit(2);
}

// Each client is one test user; "short-lived" gets tokens that expire after 2 seconds.
const users = ['alice', 'bob', 'carol', 'mallory', 'short-lived'];
const shortLived = 'short-lived';

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

function provider(issuer) {
  const key = signingKey();
  const oidc = new Provider(issuer, {
    clients: users.map((id) => ({
      client_id: id,
      client_secret: secret,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: { keys: [key] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:apikeys',
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource, client) => {
          if (!resource.startsWith('urn:')) throw new Error(`unknown resource ${resource}`);
          return {
            scope: 'api',
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: client.clientId === shortLived ? 2 : 600,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
  });
  return { oidc, handler: oidc.callback(), kid: key.kid };
}

function serve(server, issuerFor, port) {
  let current;
  server.on('request', (req, res) => {
    if (req.method === 'POST' && req.url === '/test/rotate') {
      current = provider(issuerFor());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kid: current.kid }));
      return;
    }
    current.handler(req, res);
  });
  server.listen(port, host, () => {
    current = provider(issuerFor());
    console.log(`oidc-provider ready at ${issuerFor()} (kid ${current.kid})`);
  });
}

const httpsPort = Number(process.env.OIDC_HTTPS_PORT || 0);
const httpPort = Number(process.env.OIDC_HTTP_PORT || 0);
if (httpsPort) {
  const server = https.createServer({ cert: readFileSync(process.env.OIDC_TLS_CERT), key: readFileSync(process.env.OIDC_TLS_KEY) });
  serve(server, () => `https://${host}:${httpsPort}`, httpsPort);
}
if (httpPort) {
  serve(http.createServer(), () => `http://${host}:${httpPort}`, httpPort);
}
if (!httpsPort && !httpPort) {
  console.error('set OIDC_HTTPS_PORT and/or OIDC_HTTP_PORT');
  process.exit(2);
}
