// A real OpenID provider for Latch's tests: panva's oidc-provider (OpenID Certified), on
// 127.0.0.1, with its own login and consent pages (plain forms: they work with JavaScript off).
//
//   node providers/oidc-provider.mjs --port PORT --client-id ID --client-secret SECRET \
//        --redirect-uri URI [--redirect-uri URI ...]
//
// Prints `listening http://127.0.0.1:PORT` once it serves. It stops when its standard input
// closes (the test that started it ended, however it ended), or with `--until-stopped` (under
// Playwright, which gives it no input and stops it by its process id) when signalled; after an
// hour at most either way.
//
// A test says who exists first: `PUT /test-accounts/SUBJECT` with `{"email", "email_verified",
// "name"}` (again to change them, as a person changes their address at a provider). The login
// typed on the provider's sign-in page is the subject; any password is accepted.
import Provider from 'oidc-provider';

const args = process.argv.slice(2);
const option = (name) => {
  const values = [];
  for (let i = 0; i < args.length; i += 1) if (args[i] === `--${name}`) values.push(args[i + 1]);
  return values;
};
const [port] = option('port');
const [clientId] = option('client-id');
const [clientSecret] = option('client-secret');
const redirectUris = option('redirect-uri');
if (!port || !clientId || !clientSecret || redirectUris.length === 0) {
  console.error('usage: oidc-provider.mjs --port PORT --client-id ID --client-secret SECRET --redirect-uri URI');
  process.exit(2);
}

const accounts = new Map();

function account(sub) {
  return {
    accountId: sub,
    async claims() {
      return { sub, ...(accounts.get(sub) ?? {}) };
    },
  };
}

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The ID token carries the claims (Latch also reads userinfo when it does not).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['latch-test-provider-cookie-key-0123456789'] },
  findAccount: (ctx, id) => account(id),
  // Quiet: the test reads what matters from its own side.
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><title>error</title><p>${out.error}: ${out.error_description ?? ''}</p>`;
  },
});

// The tests' door to the accounts above; the provider's own routes are untouched.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/test-accounts\/([^/]+)$/);
  if (!match || ctx.method !== 'PUT') return next();
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const { email, email_verified: verified, name } = JSON.parse(Buffer.concat(chunks).toString());
  accounts.set(decodeURIComponent(match[1]), { email, email_verified: verified, name });
  ctx.status = 204;
});

const server = provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
const stop = () => server.close(() => process.exit(0));
if (args.includes('--until-stopped')) {
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}
setTimeout(() => process.exit(0), 3600 * 1000).unref();
