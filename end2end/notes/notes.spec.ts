/**
 * Notes, the product on the library: its pages with JavaScript on and off, its signup field in
 * Latch's signup form, its notes private to their owner.
 */
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from '../tests/fixtures';
import { expectNoAxeViolations, newAccount, ready } from '../tests/helpers';

async function signUp(page: Page, testInfo: TestInfo, javaScriptEnabled: boolean, displayName: string) {
  const account = newAccount(testInfo);
  await page.goto('/signup');
  await ready(page, javaScriptEnabled);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByRole('button', { name: 'Sign up' }).click();
  return account;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('the signup field is refused inline, kept, then stored and shown', async ({ page }, testInfo) => {
      await signUp(page, testInfo, javaScriptEnabled, 'x'.repeat(41));
      const field = page.getByLabel('Display name');
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByText('Use at most 40 characters.')).toBeVisible();
      await expect(field).toHaveValue('x'.repeat(41));
      await field.fill('Countess');
      await page.getByLabel('Password').fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await expect(page).toHaveURL(/\/profile$/);
      await page.goto('/');
      await expect(page.getByRole('heading', { name: "Countess's notes" })).toBeVisible();
    });

    test('a note is added, refused when empty, opened and deleted', async ({ page }, testInfo) => {
      await signUp(page, testInfo, javaScriptEnabled, 'Ada');
      await expect(page).toHaveURL(/\/profile$/);
      await page.goto('/');
      await ready(page, javaScriptEnabled);
      await expect(page.getByText('No notes yet.')).toBeVisible();
      await page.getByRole('button', { name: 'Add note' }).click();
      await expect(page.getByText('Write something first.')).toBeVisible();
      await page.getByLabel('New note').fill('Buy ink');
      await page.getByRole('button', { name: 'Add note' }).click();
      const note = page.getByRole('link', { name: 'Buy ink' });
      await expect(note).toBeVisible();
      if (javaScriptEnabled) await expect(page.getByLabel('New note')).toHaveValue('');
      await expectNoAxeViolations(page, javaScriptEnabled);
      await page.screenshot({ path: testInfo.outputPath('notes.png'), fullPage: true });
      await note.click();
      await expect(page.locator('.note-text')).toHaveText('Buy ink');
      await page.getByRole('link', { name: 'Back to your notes' }).click();
      await ready(page, javaScriptEnabled);
      await page.getByRole('button', { name: 'Delete' }).click();
      await expect(page.getByText('No notes yet.')).toBeVisible();
    });
  });
}

test('another account opening a note by its URL sees only "not found"', async ({ browser, page }, testInfo) => {
  await signUp(page, testInfo, true, 'Ada');
  await expect(page).toHaveURL(/\/profile$/);
  await page.goto('/');
  await ready(page, true);
  await page.getByLabel('New note').fill('Private plans');
  await page.getByRole('button', { name: 'Add note' }).click();
  const href = await page.getByRole('link', { name: 'Private plans' }).getAttribute('href');

  const other = await (await browser.newContext()).newPage();
  await signUp(other, testInfo, true, 'Eve');
  await expect(other).toHaveURL(/\/profile$/);
  const answer = await other.goto(href!);
  expect(answer?.status()).toBe(404);
  await expect(other.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(other.getByText('Private plans')).toHaveCount(0);
  await other.context().close();
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`a Korean browser, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled, locale: 'ko-KR' });

    test("Notes' own words and Latch's speak Korean together", async ({ page }, testInfo) => {
      const account = newAccount(testInfo);
      await page.goto('/signup');
      await ready(page, javaScriptEnabled);
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await page.getByLabel('이메일').fill(account.email);
      await page.getByLabel('사용자 이름').fill(account.username);
      await page.getByLabel('비밀번호', { exact: true }).fill(account.password);
      // The product's signup field, its label and its refusal (Latch's length rule) in Korean.
      await page.getByLabel('표시 이름').fill('x'.repeat(41));
      await page.getByRole('button', { name: '회원가입' }).click();
      await expect(page.getByText('40자 이하로 입력하세요.')).toBeVisible();
      await page.getByLabel('표시 이름').fill('백작');
      await page.getByLabel('비밀번호', { exact: true }).fill(account.password);
      await page.getByRole('button', { name: '회원가입' }).click();
      await expect(page).toHaveURL(/\/profile$/);
      await page.goto('/');
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('heading', { name: '백작님의 노트' })).toBeVisible();
      // The product's refusal, written by its server code, in the request's language.
      await page.getByRole('button', { name: '노트 추가' }).click();
      await expect(page.getByText('먼저 내용을 써 주세요.')).toBeVisible();
      await expectNoAxeViolations(page, javaScriptEnabled);
      await page.getByRole('contentinfo').getByRole('button', { name: 'English' }).click();
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('heading', { name: "백작's notes" })).toBeVisible();
    });
  });
}
