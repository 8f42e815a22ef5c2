import { expect, test } from './fixtures';
import { type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, logIn, newAccount, ready, signUp } from './helpers';

for (const javaScriptEnabled of [true, false]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${javaScriptEnabled ? 'with' : 'without'} JavaScript, ${colorScheme} scheme`, () => {
      test.use({ javaScriptEnabled, colorScheme });

      test('every page and every state a person reaches passes axe-core, contrast included', async ({ page }, testInfo) => {
        // Twelve pages checked, each (without JavaScript) in a browser context of its own.
        test.setTimeout(120_000);
        const check = () => expectNoAxeViolations(page, javaScriptEnabled, colorScheme);
        const mailed = 'A'.repeat(43); // a token's shape: the pages render the same for any
        for (const path of ['/', '/signup', '/login', '/no-such-page', '/forgot-password',
          `/reset-password?token=${mailed}`, `/verify-email?token=${mailed}`]) {
          await page.goto(path);
          await ready(page, javaScriptEnabled);
          await check();
        }

        // Inline errors: the signup form sent empty.
        await page.goto('/signup');
        await ready(page, javaScriptEnabled);
        await page.getByRole('button', { name: 'Sign up' }).click();
        await expect(page.getByText('Enter your email address.')).toBeVisible();
        await check();

        // A refused login, then the same account throttled.
        const stranger = newAccount(testInfo).email;
        await page.goto('/login');
        await ready(page, javaScriptEnabled);
        await logIn(page, stranger, 'not the right passphrase');
        await expect(page.getByRole('alert')).toHaveText('Incorrect email or password');
        await check();
        // serve.sh allows 30 failures an hour for one account: a burst of 3.
        for (let attempt = 0; attempt < 3; attempt++) {
          await page.goto('/login');
          await ready(page, javaScriptEnabled);
          await logIn(page, stranger, 'not the right passphrase');
          await expect(page.getByRole('alert')).toBeVisible();
        }
        await expect(page.getByRole('alert')).toContainText('Too many attempts');
        await check();

        // Signed in: the profile and the account page.
        await signUp(page, newAccount(testInfo));
        await check();
        await page.goto('/account');
        await ready(page, javaScriptEnabled);
        await check();
      });
    });
  }
}

/** Presses Tab (or Shift+Tab) until `target` has focus, and checks that focus can be seen. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab') {
  for (let presses = 0; presses < 30; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) break;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
  const outline = await target.evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline, 'the focused element shows a focus outline').not.toBe('none');
}

test('by keyboard alone: sign up, log out, log in, reach the profile and log out', async ({ page }, testInfo) => {
  const account = newAccount(testInfo);
  await page.goto('/signup');
  await ready(page, true);
  await tabTo(page, page.getByLabel('Email'));
  await page.keyboard.type(account.email);
  await tabTo(page, page.getByLabel('Username'));
  await page.keyboard.type(account.username);
  await tabTo(page, page.getByLabel('Password'));
  await page.keyboard.type(account.password);
  // Back up one field and forward again: Shift+Tab works as a person expects.
  await tabTo(page, page.getByLabel('Username'), 'Shift+Tab');
  await tabTo(page, page.getByRole('button', { name: 'Sign up' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/profile$/);

  const logOut = page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Log out' });
  await tabTo(page, logOut);
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/\/$/);

  await tabTo(page, page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Log in' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login$/);
  await ready(page, true);
  await tabTo(page, page.getByLabel('Email'));
  await page.keyboard.type(account.email);
  await tabTo(page, page.getByLabel('Password'));
  await page.keyboard.type(account.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/profile$/);

  await tabTo(page, page.getByRole('link', { name: 'Profile' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Hello, ${account.username}` })).toBeVisible();
  await tabTo(page, logOut);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);
});

test('a refused form takes the focus to the first field in error, or to the alert', async ({ page }, testInfo) => {
  // Refused in the browser: the empty signup form.
  await page.goto('/signup');
  await ready(page, true);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByLabel('Email')).toBeFocused();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-describedby', 'field-email-note');

  // Refused by the server, about one field: an email already registered.
  const account = newAccount(testInfo);
  await signUp(page, account);
  await page.context().clearCookies();
  await page.goto('/signup');
  await ready(page, true);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Username').fill('Someone Else');
  await page.getByLabel('Password').fill('another long passphrase here');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByText('Email already registered')).toBeVisible();
  await expect(page.getByLabel('Email')).toBeFocused();

  // Refused by the server, about the whole form: the alert takes the focus.
  await page.goto('/login');
  await ready(page, true);
  await logIn(page, account.email, 'not the right passphrase');
  await expect(page.getByRole('alert')).toBeFocused();
});
