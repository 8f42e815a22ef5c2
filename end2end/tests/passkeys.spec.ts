import { expect, test } from './fixtures';
import { type Page } from '@playwright/test';
import { expectNoAxeViolations, logIn, newAccount, PASSWORD, ready, signUp } from './helpers';
import { stepNow, totp } from './totp';

/** Chromium's virtual authenticator (DevTools protocol): a platform passkey store that
 * answers at once, user verified, as a fingerprint reader would. */
async function virtualAuthenticator(page: Page) {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('WebAuthn.enable');
  const { authenticatorId } = await devtools.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { devtools, authenticatorId };
}

test('register a passkey from the account page, then sign in with it alone', async ({ page, context }, testInfo) => {
  test.setTimeout(60_000);
  const { devtools, authenticatorId } = await virtualAuthenticator(page);
  const account = newAccount(testInfo);
  await signUp(page, account);
  await page.goto('/account');
  await ready(page, true);
  await page.getByLabel('Name', { exact: true }).fill('Test laptop');
  await page.getByLabel('Your password, to add it', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page).toHaveURL(/\/account\?notice=passkey_added$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your passkey is added' })).toBeVisible();
  await expect(page.locator('[data-passkeys] li', { hasText: 'Test laptop' })).toBeVisible();
  await ready(page, true);
  await expectNoAxeViolations(page, true);
  const { credentials } = await devtools.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0].isResidentCredential).toBe(true);

  // Signed out, the passkey alone signs in: no email, no password.
  await context.clearCookies();
  await page.goto('/login?next=/account');
  await ready(page, true);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/:\d+\/account$/);
  await expect(page.getByRole('navigation', { name: 'Account' })).toContainText(`Signed in as ${account.username}`);
  await expect(page.locator('[data-passkeys] li', { hasText: 'last used' })).toBeVisible();

  // With an authenticator on too, the code step offers the passkey instead of a code.
  const setup = await page.request.post('/auth/totp/setup');
  const { secret } = await setup.json();
  const on = await page.request.post('/auth/totp/enable', { data: { code: totp(secret, stepNow()), password: PASSWORD } });
  expect(on.status()).toBe(200);
  await context.clearCookies();
  // The email field offers passkeys in its autofill; this authenticator would answer that
  // offer at once, as no person would, so it waits while the password is typed.
  await devtools.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: false });
  await page.goto('/login');
  await ready(page, true);
  await logIn(page, account.email, PASSWORD);
  await expect(page).toHaveURL(/\/login\/code/);
  await ready(page, true);
  await devtools.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: true });
  await page.getByRole('button', { name: 'Use a passkey instead' }).click();
  await expect(page).toHaveURL(/:\d+\/profile$/);
  await page.goto('/account');
  await ready(page, true);

  // Removed, it signs in no more.
  await page.getByRole('button', { name: 'Remove the passkey Test laptop' }).click();
  await expect(page).toHaveURL(/\/account\?notice=passkey_removed$/);
  await context.clearCookies();
  await page.goto('/login');
  await ready(page, true);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.locator('[data-passkey-status]')).toHaveText('That passkey could not be used. Try again.');
  await expect(page).toHaveURL(/\/login$/);
});
