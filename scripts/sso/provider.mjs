// A real OpenID Connect provider on 127.0.0.1, for the SSO tests and
// `make sso-demo` only: panva's oidc-provider (the certified Node.js
// implementation) with its built-in development sign-in and consent pages.
// Never run it in production; it keeps everything in memory and accepts any
// password for the accounts listed in its configuration.
//
//   node scripts/sso/provider.mjs CONFIG.json
//
// CONFIG.json (or the SSO_PROVIDER_CONFIG environment variable, as JSON):
//   {
//     "port": 0,                       // 0: any free port
//     "clients": [{"client_id": "portal", "client_secret": "...",
//                  "redirect_uris": ["http://127.0.0.1:8000/accounts/oidc/kampus/login/callback/"],
//                  "code_ttl": 60}],   // seconds an authorization code lives
//     "accounts": {"dewi": {"email": "dewi@kampus.example", "email_verified": true,
//                           "name": "Dewi Lestari"}}
//   }
//
// Once listening it prints one JSON line to stdout: {"issuer": "http://127.0.0.1:PORT"}.
// With SSO_EXIT_WITH_STDIN=1 it exits when its standard input closes, so a
// test run that dies never leaves it behind.

import { generateKeyPairSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

import Provider from "oidc-provider";

const HOST = "127.0.0.1";

function readConfig() {
  const path = process.argv[2];
  if (path) return JSON.parse(readFileSync(path, "utf8"));
  if (process.env.SSO_PROVIDER_CONFIG) return JSON.parse(process.env.SSO_PROVIDER_CONFIG);
  throw new Error("usage: node provider.mjs CONFIG.json (or set SSO_PROVIDER_CONFIG)");
}

const config = readConfig();
const accounts = config.accounts || {};
const codeTtl = new Map((config.clients || []).map((c) => [c.client_id, c.code_ttl || 60]));

const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
  format: "jwk",
});

const server = createServer();
server.listen(config.port || 0, HOST, () => {
  const issuer = `http://${HOST}:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: (config.clients || []).map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: c.redirect_uris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    })),
    jwks: { keys: [{ ...signingKey, use: "sig", kid: "sso-test" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "given_name", "family_name", "preferred_username"],
    },
    ttl: {
      AuthorizationCode: (ctx, code, client) => codeTtl.get(client.clientId) || 60,
    },
    async findAccount(ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, preferred_username: id, ...account };
        },
      };
    },
  });
  provider.proxy = false;
  server.on("request", provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

function stop() {
  server.close();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (process.env.SSO_EXIT_WITH_STDIN === "1") {
  process.stdin.on("end", stop);
  process.stdin.on("close", stop);
  process.stdin.resume();
}
