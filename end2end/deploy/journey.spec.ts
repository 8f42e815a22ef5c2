import { expect, test } from '../tests/fixtures';
import { logIn, newAccount, ready } from '../tests/helpers';

// The release as deployed: unpacked from `make dist`, production mode, behind nginx over
// https. The journey a person makes, and what https must change about the cookie.
test('sign up, profile, log out, log in, log out, over https through the proxy', async ({ page }, testInfo) => {
  const account = newAccount(testInfo);
  await page.goto('/signup');
  await ready(page, true);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { name: `Hello, ${account.username}` })).toBeVisible();

  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith('latch_session'));
  expect(session?.name).toBe('__Host-latch_session');
  expect(session?.secure).toBe(true);
  expect(session?.httpOnly).toBe(true);

  await page.locator('main').getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/login');
  await ready(page, true);
  await logIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { name: `Hello, ${account.username}` })).toBeVisible();
  await page.locator('main').getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?next=\/profile$/);
});
