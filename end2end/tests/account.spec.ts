import { expect, test } from './fixtures';
import { expectNoAxeViolations, logIn, newAccount, PASSWORD, ready, signUp } from './helpers';

const NEW_PASSWORD = 'a fresh passphrase nobody guesses';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'account, with JavaScript' : 'account, without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('signed in twice, one browser signs the other out and its next page load is signed out', async ({ browser }, testInfo) => {
      const account = newAccount(testInfo);
      const laptop = await (await browser.newContext({ javaScriptEnabled })).newPage();
      const phone = await (await browser.newContext({ javaScriptEnabled })).newPage();
      await signUp(laptop, account);
      await phone.goto('/login');
      await ready(phone, javaScriptEnabled);
      await logIn(phone, account.email, account.password);
      await expect(phone).toHaveURL(/\/profile$/);

      // The nav marks the page it is on, before and after the move (in the browser with JavaScript).
      const nav = laptop.getByRole('navigation', { name: 'Account' });
      await expect(nav.getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page');
      await nav.getByRole('link', { name: 'Account' }).click();
      await expect(laptop).toHaveURL(/\/account$/);
      await ready(laptop, javaScriptEnabled);
      await expect(nav.getByRole('link', { name: 'Account' })).toHaveAttribute('aria-current', 'page');
      await expect(nav.getByRole('link', { name: 'Profile' })).not.toHaveAttribute('aria-current', /.*/);
      await expect(laptop.getByRole('heading', { name: "Where you're signed in" })).toBeVisible();
      await expect(laptop.getByText('This device')).toHaveCount(1);
      await laptop.getByRole('button', { name: /^Sign out .*, signed in / }).click();
      await expect(laptop.getByRole('status').filter({ hasText: 'That session is signed out.' })).toBeVisible();
      await expect(laptop.getByRole('button', { name: /^Sign out .*, signed in / })).toHaveCount(0);

      await phone.goto('/profile');
      await expect(phone).toHaveURL(/\/login\?next=\/profile$/);
      await expect(phone.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Log in' })).toBeVisible();
    });

    test('changing the password asks for the current one, and afterwards only the new one works', async ({ page }, testInfo) => {
      const account = newAccount(testInfo);
      await signUp(page, account);
      await page.goto('/account');
      await ready(page, javaScriptEnabled);
      await page.getByLabel('Current password').fill('not my password at all');
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page.getByRole('alert')).toHaveText('That is not your current password.');
      await expectNoAxeViolations(page, javaScriptEnabled);

      await page.getByLabel('Current password').fill(PASSWORD);
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Your password is changed.' })).toBeVisible();
      await expect(page.getByText('Password changed', { exact: true })).toBeVisible();

      await page.context().clearCookies();
      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await logIn(page, account.email, PASSWORD);
      await expect(page.getByRole('alert')).toHaveText('Incorrect email or password');
      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await logIn(page, account.email, NEW_PASSWORD);
      await expect(page).toHaveURL(/\/profile$/);
    });

    test('deleting the account signs out, and its login is refused afterwards', async ({ page }, testInfo) => {
      const account = newAccount(testInfo);
      await signUp(page, account);
      await page.goto('/account');
      await ready(page, javaScriptEnabled);
      await page.getByLabel('Your password, to confirm').fill(PASSWORD);
      await page.getByRole('button', { name: 'Delete my account' }).click();
      await expect(page).toHaveURL(/\/\?notice=account_deleted$/);
      await expect(page.getByRole('status').filter({ hasText: 'Your account and everything in it are deleted.' })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Log in' })).toBeVisible();

      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await logIn(page, account.email, PASSWORD);
      await expect(page.getByRole('alert')).toHaveText('Incorrect email or password');
    });

    test('the account page passes axe-core with no violations', async ({ page }, testInfo) => {
      await signUp(page, newAccount(testInfo));
      await page.goto('/account');
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('heading', { name: 'Recent activity' })).toBeVisible();
      await expectNoAxeViolations(page, javaScriptEnabled);
    });
  });
}

test('the account page works by keyboard alone', async ({ page }, testInfo) => {
  const account = newAccount(testInfo);
  await signUp(page, account);
  await page.goto('/account');
  await ready(page, true);
  // Tab from the top of the page to the current-password field, as a keyboard user would.
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    if (await page.getByLabel('Current password').evaluate((input) => input === document.activeElement)) break;
  }
  await expect(page.getByLabel('Current password')).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('New password')).toBeFocused();
  await page.keyboard.type(NEW_PASSWORD);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Sign out of my other sessions')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Sign out of my other sessions')).not.toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Change password' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Your password is changed.' })).toBeVisible();
});
