import { expect, test } from './fixtures';
import { baseURL } from '../playwright.config';
import { expectNoAxeViolations, linkInMail, logIn, newAccount, ready, signUp } from './helpers';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a sign-in from another browser is mailed, and “This wasn’t me” ends every session', async ({ page, browser }, testInfo) => {
      test.setTimeout(60_000);
      const account = newAccount(testInfo);
      await signUp(page, account);

      // Someone else, in a browser the account has never seen.
      const elsewhere = await browser.newContext({ javaScriptEnabled, baseURL });
      const intruder = await elsewhere.newPage();
      await intruder.goto('/login');
      await ready(intruder, javaScriptEnabled);
      await logIn(intruder, account.email, account.password);
      await expect(intruder).toHaveURL(/\/profile$/);

      const link = await linkInMail(page, account.email, 'A new sign-in to your account');
      expect(link).toMatch(/\/not-me\?token=[A-Za-z0-9_-]{43}$/);
      // Opening the link changes nothing: the page waits for the button.
      await page.goto(link);
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText("This wasn't me");
      await expectNoAxeViolations(page, javaScriptEnabled);
      await intruder.goto('/account');
      await expect(intruder).toHaveURL(/\/account$/);

      await page.getByRole('button', { name: 'End every session and reset my password' }).click();
      await expect(page).toHaveURL(/\/login\?notice=not_me_done$/);
      await expect(page.getByRole('status')).toContainText('Every session of your account has ended.');
      await expectNoAxeViolations(page, javaScriptEnabled);

      // The intruder's session is gone, and a reset link is in the mail.
      await intruder.goto('/account');
      await expect(intruder).toHaveURL(/\/login/);
      expect(await linkInMail(page, account.email, 'Reset your password')).toMatch(/\/reset-password\?token=/);
      await elsewhere.close();
    });

    test('the account page turns the new-device mail off', async ({ page }, testInfo) => {
      const account = newAccount(testInfo);
      await signUp(page, account);
      await page.goto('/account');
      await ready(page, javaScriptEnabled);
      const notices = page.getByRole('region', { name: 'Security notices' });
      const box = notices.getByLabel('Email me when a device I have not used before signs in');
      await expect(box).toBeChecked();
      await box.uncheck();
      await notices.getByRole('button', { name: 'Save notice settings' }).click();
      await expect(page).toHaveURL(/\/account\?notice=notices_saved$/);
      await expect(page.getByRole('status')).toHaveText('Your notice settings are saved.');
      await page.reload();
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole('region', { name: 'Security notices' }).getByRole('checkbox')).not.toBeChecked();
      await expectNoAxeViolations(page, javaScriptEnabled);
    });
  });
}
