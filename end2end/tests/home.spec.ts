import { expect, test } from './fixtures';

test('the home page hydrates: the password rule answers as you type', async ({ page }) => {
  // A Content-Security-Policy violation is only a console message: the shared fixture counts it.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Accounts for your Leptos app' })).toBeVisible();
  // Set by an Effect, which only runs once the WASM has taken over the page.
  await expect(page.locator('[data-hydrated="true"]')).toBeAttached();

  const field = page.getByLabel('A password you might choose');
  await field.fill('short');
  await expect(page.getByRole('status')).toHaveText('5 characters. Use at least 12 characters.');
  await field.fill('a long enough passphrase');
  await expect(page.getByRole('status')).toHaveText('24 characters: long enough.');
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('the home page is still fully rendered by the server', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Accounts for your Leptos app' })).toBeVisible();
    await expect(page.locator('[data-hydrated="false"]')).toBeAttached();
    await expect(page.getByRole('status')).toContainText('Passwords need 12 to 128 characters');
  });
});
