import { expect, type Page, type TestInfo } from '@playwright/test';

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
