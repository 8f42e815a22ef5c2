import { expect, test } from './fixtures';
import { logIn, newAccount, PASSWORD, ready, signUp } from './helpers';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a person signs up, sees their profile, logs out and is sent to log in from /profile', async ({ page }, testInfo) => {
      const account = newAccount(testInfo);
      await page.goto('/signup');
      await ready(page, javaScriptEnabled);
      await signUp(page, account);

      await expect(page.getByRole('heading', { name: `Hello, ${account.username}` })).toBeVisible();
      await expect(page.getByText(account.email)).toBeVisible();
      await expect(page.getByText('Member since')).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Account' })).toContainText(`Signed in as ${account.username}`);

      await page.locator('main').getByRole('button', { name: 'Log out' }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Log in' })).toBeVisible();

      await page.goto('/profile');
      await expect(page).toHaveURL(/\/login\?next=\/profile$/);
      await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    });

    test('logging in from the redirect lands back on the page that asked', async ({ page }, testInfo) => {
      const account = newAccount(testInfo);
      await signUp(page, account);
      await page.context().clearCookies();

      await page.goto('/profile');
      await expect(page).toHaveURL(/\/login\?next=\/profile$/);
      await ready(page, javaScriptEnabled);
      await logIn(page, account.email, account.password);
      await expect(page).toHaveURL(/\/profile$/);
      await expect(page.getByRole('heading', { name: `Hello, ${account.username}` })).toBeVisible();
    });

    test('a wrong password is refused without saying which part was wrong', async ({ page }, testInfo) => {
      const account = newAccount(testInfo);
      await signUp(page, account);
      await page.context().clearCookies();

      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await logIn(page, account.email, 'not the right passphrase');
      await expect(page.getByRole('alert')).toHaveText('Incorrect email or password');
      await expect(page).toHaveURL(/\/login/);
      // Nothing typed is lost, with or without JavaScript; without it the page is reloaded,
      // and the password is the one field never sent back.
      await expect(page.getByLabel('Email')).toHaveValue(account.email);
      if (!javaScriptEnabled) await expect(page.getByLabel('Password')).toHaveValue('');
      const cookies = await page.context().cookies();
      expect(cookies.filter((c) => c.name.includes('latch_session'))).toEqual([]);
    });

    test('signing up with an email already registered says so', async ({ page }, testInfo) => {
      const account = newAccount(testInfo);
      await signUp(page, account);
      await page.context().clearCookies();

      await page.goto('/signup');
      await ready(page, javaScriptEnabled);
      await page.getByLabel('Email').fill(account.email.toUpperCase());
      await page.getByLabel('Username').fill('Someone Else');
      await page.getByLabel('Password').fill('another fine passphrase');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await expect(page.getByText('Email already registered')).toBeVisible();
      await expect(page).toHaveURL(/\/signup/);
      await expect(page.getByLabel('Username')).toHaveValue('Someone Else');
    });

    test('the session cookie is HttpOnly and the token never appears in a URL', async ({ page }, testInfo) => {
      const urls: string[] = [];
      page.on('request', (request) => urls.push(request.url()));
      const account = newAccount(testInfo);
      await page.goto('/signup');
      await ready(page, javaScriptEnabled);
      await signUp(page, account);

      const session = (await page.context().cookies()).find((c) => c.name.endsWith('latch_session'));
      expect(session, 'a session cookie').toBeDefined();
      expect(session!.httpOnly).toBe(true);
      expect(session!.sameSite).toBe('Lax');
      if (javaScriptEnabled) {
        expect(await page.evaluate(() => document.cookie)).not.toContain(session!.value);
      }
      await page.goto('/');
      for (const url of [...urls, page.url()]) expect(url).not.toContain(session!.value);
    });
  });
}

test.describe('with JavaScript, before the round trip', () => {
  test('fields are checked in the browser with the server rules, and the form waits visibly', async ({ page }, testInfo) => {
    await page.goto('/signup');
    await ready(page, true);
    const signups: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/auth/signup')) signups.push(request.url());
    });

    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
    await expect(page.getByText('Choose a username.')).toBeVisible();
    await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
    await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(signups, 'nothing was sent').toEqual([]);

    // Hold the request so the pending state can be seen.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/auth/signup', async (route) => {
      await held;
      await route.continue();
    });
    const account = newAccount(testInfo);
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page.getByRole('button', { name: 'Creating your account…' })).toBeDisabled();
    release();
    await expect(page).toHaveURL(/\/profile$/);
  });
});
