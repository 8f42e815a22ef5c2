// Passkeys: the browser's half of WebAuthn. The server (webauthn-rs) sends options with binary
// fields in base64url; navigator.credentials wants ArrayBuffers, and answers with them. This
// file converts both ways and calls the JSON API around navigator.credentials. It listens on
// the document, so it works on pages the WASM app renders after it loaded.

// WebAuthn needs a host name: on an IP address (the default http://127.0.0.1:3000) browsers
// refuse it, and the server has passkeys off. The page then hides what would only fail.
const hostIsAddress = /^[\d.]+$|:/.test(location.hostname);
if (hostIsAddress) document.documentElement.classList.add('no-passkeys');

// The time zone: pages show times in UTC until the browser tells its offset (minutes east of
// UTC), which it does here whenever it changes (a trip, summer time), in the cookie the next
// page is rendered with (`web::locale`).
{
  const offset = String(-new Date().getTimezoneOffset());
  if (!document.cookie.split('; ').includes(`latch_tz=${offset}`)) {
    const secure = location.protocol === 'https:' ? '; secure' : '';
    document.cookie = `latch_tz=${offset}; path=/; max-age=31536000; samesite=lax${secure}`;
  }
}

const toBuffer = (text) => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
};
const toText = (buffer) =>
  btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function post(path, body) {
  const answer = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const json = await answer.json().catch(() => ({}));
  if (!answer.ok) {
    const error = new Error(typeof json.detail === 'string' ? json.detail : '');
    error.code = json.code;
    error.retryAfter = answer.headers.get('retry-after');
    throw error;
  }
  return json;
}

// The words come from the page, in its language: the status line carries them as data
// attributes (`pages::form::PasskeyStatus`), one per moment and per refusal's `code`.
function words(status, name) {
  return status?.dataset[name] ?? '';
}

function failure(status, error, cancelled) {
  if (error.name === 'NotAllowedError') return words(status, cancelled);
  const key = 'error' + String(error.code ?? '').replace(/(^|_)([a-z])/g, (_, __, letter) => letter.toUpperCase());
  const text = status?.dataset[key] ?? words(status, 'failed');
  return text.replace('{seconds}', error.retryAfter ?? '60');
}

function say(status, text, isError) {
  if (!status) return;
  status.textContent = text;
  status.classList.toggle('error', Boolean(isError));
  status.setAttribute('role', isError ? 'alert' : 'status');
}

async function register(button) {
  const card = button.closest('[data-passkeys]');
  const status = card.querySelector('[data-passkey-status]');
  const name = card.querySelector('[name=passkey_name]').value;
  const password = card.querySelector('[name=passkey_password]').value;
  button.disabled = true;
  say(status, words(status, 'waiting'));
  try {
    const { ceremony, options } = await post('/auth/passkeys/register/start', { password });
    const publicKey = options.publicKey;
    publicKey.challenge = toBuffer(publicKey.challenge);
    publicKey.user.id = toBuffer(publicKey.user.id);
    for (const excluded of publicKey.excludeCredentials ?? []) excluded.id = toBuffer(excluded.id);
    const created = await navigator.credentials.create({ publicKey });
    const credential = {
      id: created.id,
      rawId: toText(created.rawId),
      type: created.type,
      response: {
        attestationObject: toText(created.response.attestationObject),
        clientDataJSON: toText(created.response.clientDataJSON),
        transports: created.response.getTransports ? created.response.getTransports() : undefined,
      },
      extensions: created.getClientExtensionResults(),
    };
    await post('/auth/passkeys/register/finish', { ceremony, name, credential });
    location.assign('/account?notice=passkey_added');
  } catch (error) {
    say(status, failure(status, error, 'cancelled'), true);
    button.disabled = false;
  }
}

// A sign-in waiting in the email field's autofill, cancelled when the button asks instead.
let waiting = null;

async function signIn(mediation) {
  const { ceremony, options } = await post('/auth/passkeys/login/start');
  const publicKey = options.publicKey;
  publicKey.challenge = toBuffer(publicKey.challenge);
  for (const allowed of publicKey.allowCredentials ?? []) allowed.id = toBuffer(allowed.id);
  waiting = new AbortController();
  const got = await navigator.credentials.get({ publicKey, mediation, signal: waiting.signal });
  const credential = {
    id: got.id,
    rawId: toText(got.rawId),
    type: got.type,
    response: {
      authenticatorData: toText(got.response.authenticatorData),
      clientDataJSON: toText(got.response.clientDataJSON),
      signature: toText(got.response.signature),
      userHandle: got.response.userHandle ? toText(got.response.userHandle) : null,
    },
    extensions: got.getClientExtensionResults(),
  };
  await post('/auth/passkeys/login/finish', { ceremony, credential });
  // The page carries the target the server's rule chose (`local_redirect_target`): one rule,
  // in one place, instead of a second reading of `?next=` here.
  const target = document.querySelector('[data-passkey-next]')?.dataset.passkeyNext;
  location.assign(target && target.startsWith('/') ? target : '/profile');
}

async function signInWithButton(button) {
  const status = button.parentElement.querySelector('[data-passkey-status]');
  waiting?.abort();
  button.disabled = true;
  say(status, words(status, 'waiting'));
  try {
    await signIn('optional');
  } catch (error) {
    say(status, failure(status, error, 'cancelled'), true);
    button.disabled = false;
  }
}

document.addEventListener('click', (event) => {
  const register_button = event.target.closest('[data-passkey-register]');
  if (register_button) register(register_button);
  const login_button = event.target.closest('[data-passkey-login]');
  if (login_button) signInWithButton(login_button);
});

// Autofill: when the email field of the login page is focused, passkeys are offered in its
// suggestions (where the browser can).
document.addEventListener('focusin', async (event) => {
  if (hostIsAddress || waiting || !event.target.matches?.('input[autocomplete~="webauthn"]')) return;
  if (!(await window.PublicKeyCredential?.isConditionalMediationAvailable?.())) return;
  signIn('conditional').catch(() => {
    waiting = null;
  });
});
