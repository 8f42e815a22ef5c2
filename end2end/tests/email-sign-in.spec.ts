import { expect, test } from './fixtures';
import { baseURL } from '../playwright.config';
import { expectNoAxeViolations, linkInMail, newAccount, ready, signUp } from './helpers';
import type { Browser, Page } from '@playwright/test';

/** A proven account, made in a browser context of its own (then closed). */
async function provenAccount(browser: Browser, account: { email: string; username: string; password: string }) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signUp(page, account);
  await page.goto(await linkInMail(page, account.email, 'Confirm your email address'));
  await page.getByRole('button', { name: /confirm/i }).click();
  await expect(page).toHaveURL(/notice=email_verified/);
  await context.close();
}

/** The `nth` newest sign-in mail's code, as the outbox page shows its text. */
async function codeInMail(page: Page, to: string): Promise<string> {
  await linkInMail(page, to, 'Your sign-in code');
  const mail = page.locator('article', { hasText: to }).filter({ hasText: 'Your sign-in code' }).first();
  const text = (await mail.locator('pre').textContent())!;
  return text.match(/\b[2-9A-Z]{4}-[2-9A-Z]{4}\b/)![0];
}

/** From the login page, the way to sign in by email, asked for `email`. */
async function askForMail(page: Page, email: string, javaScriptEnabled: boolean) {
  await page.goto('/login');
  await ready(page, javaScriptEnabled);
  await page.getByRole('link', { name: 'Email me a sign-in code instead' }).click();
  await expect(page).toHaveURL(/\/login\/email$/);
  await ready(page, javaScriptEnabled);
  await expectNoAxeViolations(page, javaScriptEnabled);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page).toHaveURL(/\/login\/email\/code/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your mail');
  await ready(page, javaScriptEnabled);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('the mailed code signs in the browser that asked', async ({ page, browser }, testInfo) => {
      test.setTimeout(60_000);
      const account = newAccount(testInfo);
      await provenAccount(browser, account);
      await askForMail(page, account.email, javaScriptEnabled);
      await expectNoAxeViolations(page, javaScriptEnabled);

      // Read in another tab of the same browser, typed here.
      const mailbox = await page.context().newPage();
      const code = await codeInMail(mailbox, account.email);
      await mailbox.close();
      await page.getByLabel('Code from the mail').fill('AAAA-AAAA');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toContainText('That code is not right');
      await page.getByLabel('Code from the mail').fill(code.toLowerCase());
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/\/profile$/);
      await expect(page.getByRole('navigation', { name: 'Account' })).toContainText(account.username);
    });

    test('approving on a phone signs in the browser that asked, and not the phone', async ({ page, browser }, testInfo) => {
      test.setTimeout(60_000);
      const account = newAccount(testInfo);
      await provenAccount(browser, account);
      await askForMail(page, account.email, javaScriptEnabled);

      // The mail is read on a phone: another browser.
      const phoneContext = await browser.newContext({ javaScriptEnabled, baseURL });
      const phone = await phoneContext.newPage();
      const link = await linkInMail(phone, account.email, 'Your sign-in code');
      expect(link).toMatch(/\/login\/email\/link\?token=[A-Za-z0-9_-]{43}$/);
      await phone.goto(link);
      await ready(phone, javaScriptEnabled);
      await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Approve this sign-in?');
      await expect(phone.locator('main')).toContainText('Approve sign-in on');
      await expectNoAxeViolations(phone, javaScriptEnabled);
      await phone.getByRole('button', { name: 'Approve' }).click();
      await expect(phone).toHaveURL(/\/login\/email\/approved$/);
      await expect(phone.getByRole('status')).toContainText('Go back to the browser that asked');
      await expectNoAxeViolations(phone, javaScriptEnabled);

      if (javaScriptEnabled) {
        // The waiting page goes on by itself.
        await expect(page).toHaveURL(/\/profile$/, { timeout: 15_000 });
      } else {
        await page.getByRole('button', { name: 'I approved it: continue' }).click();
        await expect(page).toHaveURL(/\/profile$/);
      }
      await expect(page.getByRole('navigation', { name: 'Account' })).toContainText(account.username);

      // The phone holds no session.
      await phone.goto('/account');
      await expect(phone).toHaveURL(/\/login/);
      await phoneContext.close();
    });
  });
}
