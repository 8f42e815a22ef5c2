import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, logIn, newAccount, PASSWORD, ready, signUp } from './helpers';
import { stepNow, totp } from './totp';

const repository = path.resolve(__dirname, '..', '..');
const port = Number(process.env.E2E_PORT ?? 3100);

/** The operator's command against the server's database: the one way to the first administrator. */
function grantAdmin(email: string) {
  execFileSync(path.join(repository, 'target/release/latch'), ['users', 'grant-admin', email], {
    cwd: repository,
    env: { ...process.env, DATABASE_URL: `sqlite://end2end/.artifacts/data-${port}/latch.db`, RUST_LOG: 'warn' },
  });
}

/**
 * An administrator signed in as the console asks: the role, an authenticator app, and a
 * sign-in through both steps a moment ago (so changes are allowed).
 */
async function signInAsAdministrator(page: Page, javaScriptEnabled: boolean, account: ReturnType<typeof newAccount>) {
  await signUp(page, account);
  const setup = await page.request.post('/auth/totp/setup');
  expect(setup.status()).toBe(200);
  const { secret } = await setup.json();
  // The step the code that turns it on belongs to: the sign-in below takes the next one's,
  // which is accepted whether or not the clock has moved on by then.
  const enabledAt = stepNow();
  const enabled = await page.request.post('/auth/totp/enable', { data: { code: totp(secret, enabledAt), password: PASSWORD } });
  expect(enabled.status()).toBe(200);
  grantAdmin(account.email);
  await page.context().clearCookies();
  await page.goto('/login');
  await ready(page, javaScriptEnabled);
  await logIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/login\/code/);
  await ready(page, javaScriptEnabled);
  await page.getByLabel('Code', { exact: true }).fill(totp(secret, enabledAt + 1));
  await page.getByRole('button', { name: 'Continue' }).click();
  // The profile itself, not the code step's `?next=/profile`.
  await expect(page).toHaveURL(/:\d+\/profile$/);
}

/** The person, signed in on a browser of their own. */
async function personOnTheirOwnBrowser(browser: Browser, javaScriptEnabled: boolean, account: ReturnType<typeof newAccount>) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signUp(page, account);
  return page;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('an administrator finds a person and signs them out; the person is signed out and sees why', async ({ page, browser }, testInfo) => {
      test.setTimeout(90_000);
      const person = newAccount(testInfo);
      const theirs = await personOnTheirOwnBrowser(browser, javaScriptEnabled, person);
      await signInAsAdministrator(page, javaScriptEnabled, newAccount(testInfo));

      await page.goto('/admin');
      await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
      // By keyboard: the search field, the address, Enter.
      await page.getByLabel('Search', { exact: true }).focus();
      // The address's own part: a prefix that names one account however many the suite made.
      await page.keyboard.type(person.email.split('@')[0]);
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/\/admin\?q=/);
      await page.getByRole('link', { name: person.username, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: person.username })).toBeVisible();
      await expect(page.getByText(person.email)).toBeVisible();
      await page.getByRole('button', { name: 'Sign out everywhere' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('status')).toHaveText('Every session of the account has ended.');

      // The person's next page is signed out.
      await theirs.goto('/account');
      await expect(theirs).toHaveURL(/\/login\?next=%2Faccount|\/login\?next=\/account/);
      await ready(theirs, javaScriptEnabled);
      await logIn(theirs, person.email, person.password);
      await expect(theirs).toHaveURL(/\/account$/);
      await expect(theirs.getByText('An administrator signed you out everywhere')).toBeVisible();
      await theirs.context().close();

      // The audit shows the look and the action.
      await page.getByRole('link', { name: 'Audit', exact: true }).click();
      const rows = page.locator('table.audit tbody tr', { hasText: person.email });
      await expect(rows.filter({ hasText: 'Signed out everywhere' })).toHaveCount(1);
      await expect(rows.filter({ hasText: "Opened the person's page" }).first()).toBeVisible();
    });
  });
}

test('every page of the console, and a read-only view, is accessible in light and dark', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const id = `${testInfo.workerIndex}-${Date.now()}`;
  const person = { email: `ada-${id}@example.com`, username: 'Ada Lovelace', password: PASSWORD };
  await signInAsAdministrator(page, true, newAccount(testInfo));
  const created = await page.request.post('/auth/signup', { data: person });
  expect(created.status()).toBe(200);
  const { id: personId } = await created.json();
  const pages = ['/admin', '/admin?q=ada', `/admin/people/${personId}`, '/admin/audit', '/admin/activity'];
  for (const address of pages) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(address);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoAxeViolations(page, true, colorScheme);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/admin/activity');
  await expect(page.getByRole('img', { name: 'Activity per day, last 30 days' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('console-activity.png'), fullPage: true });
  await page.goto(`/admin/people/${personId}`);
  await page.screenshot({ path: testInfo.outputPath('console-person.png'), fullPage: true });

  // A read-only view of Ada's own account page, under its banner, nothing in it usable.
  await page.getByLabel('Why you need to look').fill('Ada says her account page shows an old address');
  await page.getByRole('button', { name: 'Open a read-only view' }).click();
  await expect(page).toHaveURL(/\/admin\/view\/[^/]+\/account$/);
  await expect(page.getByRole('complementary', { name: 'See their pages as they do' })).toContainText('Ada says her account page shows an old address');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText(person.email).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete my account' })).toBeDisabled();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoAxeViolations(page, true, colorScheme);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: testInfo.outputPath('console-view-as.png') });
});
