import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { ignoreErrorsOf } from './fixtures';

export const PASSWORD = 'correct horse battery staple';

/** A fresh, unique account for one test. */
export function newAccount(testInfo: TestInfo) {
  const id = `${testInfo.workerIndex}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  return { email: `user-${id}@example.com`, username: `Tester ${id}`, password: PASSWORD };
}

export async function signUp(page: Page, account: { email: string; username: string; password: string }) {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  // The profile once the nav's question (who is signed in now?) has its answer.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

export async function logIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** With JavaScript on, wait until the WASM has taken over, so clicks reach Leptos. */
export async function ready(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) await expect(page.locator('[data-hydrated="true"]')).toBeAttached();
}

/**
 * Fails with the list of rules broken, if axe-core finds any violation on the page as it is
 * now. axe-core is a script: for a page seen without JavaScript, the same URL is opened with
 * the same cookies in a page whose scripts are blocked, so it stays exactly as the server
 * rendered it, styled, and axe runs there.
 */
export async function expectNoAxeViolations(
  page: Page,
  javaScriptEnabled: boolean,
  colorScheme: 'light' | 'dark' = 'light',
) {
  let target = page;
  if (!javaScriptEnabled) {
    const storageState = await page.context().storageState();
    const context = await page.context().browser()!.newContext({ storageState, javaScriptEnabled: true, colorScheme });
    // Its blocked scripts log load errors that say nothing about the app.
    ignoreErrorsOf(context);
    target = await context.newPage();
    // The scripts and the WASM only: the stylesheet stays, it is what the person sees.
    await target.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    await target.goto(page.url());
  }
  const results = await new AxeBuilder({ page: target }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  if (target !== page) await target.context().close();
}

/**
 * The newest message to `to` with `subject`, read the way a developer reads mail without a
 * mail server: on /dev/mail (the HTTP suite reads the same messages off a real SMTP server).
 * Returns the link it carries.
 */
export async function linkInMail(page: Page, to: string, subject: string): Promise<string> {
  await expect(async () => {
    await page.goto('/dev/mail');
    await expect(page.locator('article', { hasText: to }).filter({ hasText: subject }).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  const mail = page.locator('article', { hasText: to }).filter({ hasText: subject }).first();
  return (await mail.locator('dd a').first().getAttribute('href'))!;
}
