import { expect, test } from './fixtures';
import { expectNoAxeViolations, logIn, newAccount, PASSWORD, ready, signUp } from './helpers';
import { stepNow, totp } from './totp';

test.describe('with JavaScript', () => {
  test('enrol an authenticator from the account page, then log in with a code from it', async ({ page }, testInfo) => {
    test.setTimeout(60_000);
    const account = newAccount(testInfo);
    await signUp(page, account);
    await page.goto('/account');
    await ready(page, true);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await expect(page.getByRole('img', { name: 'QR code of the authenticator secret' })).toBeVisible();
    await expectNoAxeViolations(page, true);
    const secret = (await page.locator('code.secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await page.getByLabel('Code from the app', { exact: true }).fill(totp(secret, stepNow()));
    await page.getByLabel('Your password, to turn it on', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.locator('.recovery-codes li')).toHaveCount(10);
    await expect(page.getByText('Save these recovery codes now')).toBeVisible();
    await expect(page.locator('.address .badge', { hasText: 'On' })).toBeVisible();
    await expectNoAxeViolations(page, true);

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Log in' })).toBeVisible();
    await page.goto('/login');
    await ready(page, true);
    await logIn(page, account.email, account.password);
    await expect(page).toHaveURL(/\/login\/code\?next=\/profile$/);
    await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Log in' })).toBeVisible();
    await ready(page, true);
    await expectNoAxeViolations(page, true);
    // The code that turned it on was spent; the next step's is taken.
    await page.getByLabel('Code', { exact: true }).fill(totp(secret, stepNow(1)));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(/:\d+\/profile$/);
    await expect(page.getByRole('navigation', { name: 'Account' })).toContainText('Signed in as');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the code step is a plain form: a wrong code is refused on the page, the right one signs in', async ({ page, context }, testInfo) => {
    const account = newAccount(testInfo);
    await signUp(page, account);
    // Enrolled through the JSON API with the session cookie this browser holds.
    const setup = await page.request.post('/auth/totp/setup');
    expect(setup.status()).toBe(200);
    const { secret } = await setup.json();
    const enabled = await page.request.post('/auth/totp/enable', { data: { code: totp(secret, stepNow()), password: PASSWORD } });
    expect(enabled.status()).toBe(200);
    await context.clearCookies();

    await page.goto('/login');
    await logIn(page, account.email, account.password);
    await expect(page).toHaveURL(/\/login\/code\?next=\/profile$/);
    await page.getByLabel('Code', { exact: true }).fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert')).toHaveText('That code is not right, or was used already.');
    await expectNoAxeViolations(page, false);
    await page.getByLabel('Code', { exact: true }).fill(totp(secret, stepNow(1)));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(/:\d+\/profile$/);
    await expect(page.getByRole('navigation', { name: 'Account' })).toContainText('Signed in as');
  });
});
