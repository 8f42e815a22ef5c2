import { expect, test } from './fixtures';
import { type Page } from '@playwright/test';
import { expectNoAxeViolations, linkInMail, newAccount, PASSWORD, ready } from './helpers';
import { stepNow, totp } from './totp';

/**
 * Korean and English. The language is decided on the server (the person's choice, their
 * account's, the browser's, English), so every page arrives in it, JavaScript or not, and the
 * WASM reads the same texts from the page: it never switches.
 */

async function signUpInKorean(page: Page, account: { email: string; username: string; password: string }, js: boolean) {
  await page.goto('/signup');
  await ready(page, js);
  await page.getByLabel('이메일').fill(account.email);
  await page.getByLabel('사용자 이름').fill(account.username);
  await page.getByLabel('비밀번호', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: '회원가입' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`안녕하세요, ${account.username}님`);
}

async function logInInKorean(page: Page, email: string, password: string) {
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  await page.getByRole('button', { name: '로그인' }).click();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`a Korean browser, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    test.use({ javaScriptEnabled, locale: 'ko-KR' });

    test('sign up, log out, a refused login, log in, the account page, a reset by mail: all in Korean', async ({ page, context }, testInfo) => {
      test.setTimeout(90_000);
      const account = newAccount(testInfo);
      await signUpInKorean(page, account, javaScriptEnabled);
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await expect(page.getByRole('navigation')).toContainText(`${account.username}님으로 로그인했어요`);

      await page.goto('/account');
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('내 계정');
      await expect(page.getByRole('heading', { name: '로그인한 곳' })).toBeVisible();
      await expect(page.locator('.events')).toContainText('계정 생성');
      await expect(page.locator('.events')).toContainText(/\d{4}년 \d{1,2}월 \d{1,2}일/);
      await expectNoAxeViolations(page, javaScriptEnabled);

      await page.getByRole('button', { name: '로그아웃' }).first().click();
      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await logInInKorean(page, account.email, 'not the right passphrase');
      await expect(page.getByRole('alert')).toHaveText('이메일 또는 비밀번호가 올바르지 않아요.');
      await expectNoAxeViolations(page, javaScriptEnabled);
      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await logInInKorean(page, account.email, account.password);
      await expect(page).toHaveURL(/\/profile$/);

      // Forgotten password, by mail: the mail speaks the account's Korean too.
      await context.clearCookies();
      await page.goto('/forgot-password');
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('비밀번호를 잊으셨나요?');
      await page.getByLabel('이메일').fill(account.email);
      await page.getByRole('button', { name: '재설정 링크 보내기' }).click();
      await expect(page.getByRole('status')).toContainText('비밀번호 재설정 링크를 보냈어요');
      const link = await linkInMail(page, account.email, '비밀번호 재설정');
      await page.goto(link);
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('새 비밀번호 정하기');
      await page.getByLabel('새 비밀번호').fill('short');
      await page.getByRole('button', { name: '새 비밀번호 저장' }).click();
      await expect(page.getByText('12자 이상으로 정하세요.')).toBeVisible();
      await expectNoAxeViolations(page, javaScriptEnabled);
      await page.getByLabel('새 비밀번호').fill('이것은 아무도 모르는 새 비밀번호');
      await page.getByRole('button', { name: '새 비밀번호 저장' }).click();
      await expect(page.getByRole('status')).toHaveText('비밀번호를 변경했어요. 새 비밀번호로 로그인하세요.');
    });
  });
}

test.describe('a Korean browser: the second step', () => {
  test.use({ locale: 'ko-KR' });

  test('turn the authenticator on, then log in with a code, in Korean, JavaScript on and off', async ({ page, browser }, testInfo) => {
    test.setTimeout(60_000);
    const account = newAccount(testInfo);
    await signUpInKorean(page, account, true);
    await page.goto('/account');
    await ready(page, true);
    await page.getByRole('button', { name: '인증 앱 설정하기' }).click();
    const secret = (await page.locator('code.secret').textContent())!.trim();
    await page.getByLabel('앱에 표시된 코드').fill(totp(secret, stepNow()));
    await page.getByLabel('켜려면 비밀번호를 입력하세요').fill(PASSWORD);
    await page.getByRole('button', { name: '켜기', exact: true }).click();
    await expect(page.getByText('인증 앱이 켜졌어요. 지금 이 복구 코드를 저장하세요.')).toBeVisible();
    const recoveryCode = (await page.locator('.recovery-codes code').first().textContent())!.trim();

    await page.getByRole('button', { name: '로그아웃' }).first().click();
    await page.goto('/login');
    await ready(page, true);
    await logInInKorean(page, account.email, PASSWORD);
    await expect(page).toHaveURL(/\/login\/code/);
    await ready(page, true);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('코드 입력');
    await page.getByLabel('코드', { exact: true }).fill('000000');
    await page.getByRole('button', { name: '계속' }).click();
    await expect(page.getByRole('alert')).toHaveText('코드가 맞지 않거나 이미 사용됐어요.');
    await page.getByLabel('코드', { exact: true }).fill(totp(secret, stepNow(1)));
    await page.getByRole('button', { name: '계속' }).click();
    await expect(page).toHaveURL(/\/profile$/);

    // The second step without JavaScript, on another Korean browser: plain forms, in Korean.
    const plain = await browser.newContext({ javaScriptEnabled: false, locale: 'ko-KR', baseURL: test.info().project.use.baseURL });
    const second = await plain.newPage();
    await second.goto('/login');
    await logInInKorean(second, account.email, PASSWORD);
    await expect(second).toHaveURL(/\/login\/code/);
    await expect(second.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(second.getByRole('heading', { level: 1 })).toHaveText('코드 입력');
    await second.getByLabel('코드', { exact: true }).fill('000000');
    await second.getByRole('button', { name: '계속' }).click();
    await expect(second.getByRole('alert')).toHaveText('코드가 맞지 않거나 이미 사용됐어요.');
    // A recovery code (the authenticator's code of this step is spent), and the notice says so.
    await second.getByLabel('코드', { exact: true }).fill(recoveryCode);
    await second.getByRole('button', { name: '계속' }).click();
    await expect(second).toHaveURL(/notice=recovery_code_used/);
    await expect(second.locator('p.notice')).toContainText('복구 코드로 로그인했어요.');
    await plain.close();
  });
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the switch, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    test.use({ javaScriptEnabled });

    test('changes the language from the server, and it stays', async ({ page }) => {
      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await page.getByRole('contentinfo').getByRole('button', { name: '한국어' }).click();
      await expect(page).toHaveURL(/\/login$/);
      await ready(page, javaScriptEnabled);
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('로그인');
      await expect(page.getByRole('contentinfo').getByRole('button', { name: '한국어' })).toHaveAttribute('aria-pressed', 'true');

      // The next page, reached by a link (in the browser, with JavaScript), and reloaded.
      await page.getByRole('link', { name: '계정 만들기' }).click();
      await expect(page).toHaveURL(/\/signup$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('계정 만들기');
      await page.reload();
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('계정 만들기');
      // What the server sends is already Korean: there is no English to flash before hydration.
      const served = await (await page.request.get('/signup')).text();
      expect(served).toContain('<html lang="ko"');
      expect(served.slice(served.indexOf('<body'))).not.toContain('Create your account');

      await page.getByRole('contentinfo').getByRole('button', { name: 'English' }).click();
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create your account');
    });

    for (const colorScheme of ['light', 'dark'] as const) {
      test(`Korean pages pass axe-core, ${colorScheme} scheme`, async ({ page, context }, testInfo) => {
        test.setTimeout(90_000);
        await context.addCookies([{ name: 'latch_lang', value: 'ko', url: test.info().project.use.baseURL! }]);
        await page.emulateMedia({ colorScheme });
        // The English suite (accessibility.spec.ts) covers every page; Korean changes the words
        // and `lang`, so a form page, the signed-in profile and the account page stand for them.
        for (const path of ['/login']) {
          await page.goto(path);
          await ready(page, javaScriptEnabled);
          await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
          await expectNoAxeViolations(page, javaScriptEnabled, colorScheme);
        }
        await signUpInKorean(page, newAccount(testInfo), javaScriptEnabled);
        await expectNoAxeViolations(page, javaScriptEnabled, colorScheme);
        await page.goto('/account');
        await ready(page, javaScriptEnabled);
        await expectNoAxeViolations(page, javaScriptEnabled, colorScheme);
      });
    }
  });
}

/**
 * Every text node and readable attribute of the page that holds letters, outside the
 * brackets the pseudo language puts around every catalogue text: what bypassed the catalogue.
 * `data` is what the person typed (their name, their address), which is no text of ours.
 */
async function uncatalogued(page: Page, data: string[]): Promise<string[]> {
  return page.evaluate((data) => {
    const ours = (text: string) => {
      const trimmed = text.trim();
      return !/[A-Za-z가-힣]/.test(trimmed) || /[⟦⟧]/.test(trimmed) || data.includes(trimmed) || trimmed === 'Latch';
    };
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      // Secrets and recovery codes are data; scripts are not text.
      if (node.parentElement?.closest('script, style, code')) continue;
      if (!ours(node.textContent ?? '')) found.push(`text: ${node.textContent!.trim()}`);
    }
    for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt], input[type=text][value]')) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'value']) {
        const value = element.getAttribute(name);
        if (value !== null && !ours(value)) found.push(`${name}: ${value}`);
      }
    }
    const title = document.title.replace(/ · Latch$/, '');
    if (title && !ours(title)) found.push(`title: ${document.title}`);
    return found;
  }, data);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the pseudo language, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    test.use({ javaScriptEnabled });

    test('no text on any page or in any state bypasses the catalogue', async ({ page, context }, testInfo) => {
      test.setTimeout(120_000);
      await context.addCookies([{ name: 'latch_lang', value: 'en-XA', url: test.info().project.use.baseURL! }]);
      const account = newAccount(testInfo);
      const data = [account.email, account.username];
      const check = async (state: string) => expect(await uncatalogued(page, data), state).toEqual([]);
      const mailed = 'A'.repeat(43);
      for (const path of ['/', '/signup', '/login', '/forgot-password', `/reset-password?token=${mailed}`,
        `/verify-email?token=${mailed}`, '/no-such-page', '/login/code', '/reauthenticate']) {
        await page.goto(path);
        await ready(page, javaScriptEnabled);
        await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA');
        await check(path);
      }
      // Refusals: an empty signup, a wrong login, a dead link.
      await page.goto('/signup');
      await ready(page, javaScriptEnabled);
      await page.locator('main form button[type=submit]').click();
      await expect(page.locator('.field-note.error').first()).toBeVisible();
      await check('refused signup');
      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await page.locator('#field-email').fill('nobody@example.com');
      await page.locator('#field-password').fill('not the right passphrase');
      await page.locator('main form button[type=submit]').first().click();
      await expect(page.getByRole('alert')).toBeVisible();
      await check('refused login');
      await page.goto(`/reset-password?token=${mailed}`);
      await ready(page, javaScriptEnabled);
      await page.locator('#field-new_password').fill('a long enough passphrase here');
      await page.locator('main form button[type=submit]').click();
      await expect(page.getByRole('alert')).toBeVisible();
      await check('dead reset link');

      // Signed in: the profile, the account page with every section, a pending authenticator.
      await page.goto('/signup');
      await ready(page, javaScriptEnabled);
      await page.locator('#field-email').fill(account.email);
      await page.locator('#field-username').fill(account.username);
      await page.locator('#field-password').fill(account.password);
      await page.locator('main form button[type=submit]').click();
      await expect(page).toHaveURL(/\/profile$/);
      await check('profile');
      await page.goto('/account');
      await ready(page, javaScriptEnabled);
      await check('account');
      await page.locator('form[action="/api/factors/setup"] button').click();
      await expect(page.locator('code.secret')).toBeVisible();
      await check('authenticator being set up');
      await page.locator('#field-email-password').fill('not the right passphrase');
      await page.locator('#field-new_email').fill('new-' + account.email);
      await page.locator('form[action="/api/email/change"] button[type=submit]').click();
      await expect(page.getByRole('alert').first()).toBeVisible();
      await check('refused address change');
    });
  });
}
