import { expect, test } from './fixtures';
import { expectNoAxeViolations, linkInMail, logIn, newAccount, ready, signUp } from './helpers';

const NEW_PASSWORD = 'a fresh passphrase nobody guesses';

for (const javaScriptEnabled of [true, false]) {
  test.describe(`${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    test.use({ javaScriptEnabled });

    test('forgot the password: ask, read the mail, choose a new one, log in with it', async ({ page, context }, testInfo) => {
      test.setTimeout(60_000);
      const account = newAccount(testInfo);
      await signUp(page, account);
      await context.clearCookies();

      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await expect(page).toHaveURL(/\/forgot-password$/);
      await ready(page, javaScriptEnabled);
      await expectNoAxeViolations(page, javaScriptEnabled);
      await page.getByLabel('Email').fill(account.email);
      await page.getByRole('button', { name: 'Send the reset link' }).click();
      await expect(page.getByRole('status')).toContainText('If an account uses that address');
      await expectNoAxeViolations(page, javaScriptEnabled);

      const link = await linkInMail(page, account.email, 'Reset your password');
      expect(link).toMatch(/\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
      await page.goto(link);
      await ready(page, javaScriptEnabled);
      await expectNoAxeViolations(page, javaScriptEnabled);
      // A weak password is refused inline, and the link still works after.
      await page.getByLabel('New password').fill('short');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await expect(page).toHaveURL(/\/login\?notice=password_reset$/);
      await expect(page.getByRole('status')).toHaveText('Your password is changed. Log in with the new one.');

      await ready(page, javaScriptEnabled);
      await logIn(page, account.email, account.password);
      await expect(page.getByRole('alert')).toHaveText('Incorrect email or password');
      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await logIn(page, account.email, NEW_PASSWORD);
      await expect(page).toHaveURL(/\/profile$/);

      // The link was single use.
      await page.goto(link);
      await ready(page, javaScriptEnabled);
      await page.getByLabel('New password').fill('yet another long passphrase');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await expect(page.getByRole('alert')).toHaveText('This link is invalid or has expired. Ask for a new one.');
      await expect(page.getByRole('link', { name: 'Ask for a new one' })).toBeVisible();
      await expectNoAxeViolations(page, javaScriptEnabled);
    });

    test('sign up, open the verification link, confirm, see the address verified', async ({ page }, testInfo) => {
      const account = newAccount(testInfo);
      await signUp(page, account);
      await page.goto('/account');
      await ready(page, javaScriptEnabled);
      await expect(page.getByText('Not verified')).toBeVisible();

      const link = await linkInMail(page, account.email, 'Confirm your email address');
      await page.goto(link);
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('heading', { name: 'Confirm your email address' })).toBeVisible();
      await expectNoAxeViolations(page, javaScriptEnabled);
      await page.getByRole('button', { name: 'Confirm my address' }).click();
      await expect(page).toHaveURL(/\/account\?notice=email_verified$/);
      await expect(page.getByRole('status')).toHaveText('Your email address is verified.');
      await expect(page.locator('.address .badge')).toHaveText('Verified');
      await expect(page.getByRole('button', { name: 'Send the link again' })).toHaveCount(0);
      await expectNoAxeViolations(page, javaScriptEnabled);
    });
  });
}

test('the outbox page passes axe-core and lists links', async ({ page }) => {
  await page.goto('/dev/mail');
  await expect(page.getByRole('heading', { name: 'Outbox' })).toBeVisible();
  await expectNoAxeViolations(page, true);
});
