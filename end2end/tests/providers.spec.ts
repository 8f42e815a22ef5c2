import { expect, test } from './fixtures';
import { expectNoAxeViolations, ready } from './helpers';

/** The real OpenID provider playwright.config.ts starts, two ports above the server's. */
const providerURL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 2}`;

/** A person at the provider, with an address it vouches for; the login to type there. */
async function personAtProvider(request: import('@playwright/test').APIRequestContext, id: string) {
  const email = `provider-${id}@example.com`;
  const answer = await request.put(`${providerURL}/test-accounts/${id}`, {
    data: { email, email_verified: true, name: `Provider Person ${id}` },
  });
  expect(answer.status()).toBe(204);
  return { subject: id, email };
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });
    // The provider's own pages ask Google for a font, which this closed network cannot reach.
    test.beforeEach(async ({ context }) => {
      await context.route('https://fonts.googleapis.com/**', (route) => route.fulfill({ contentType: 'text/css', body: '' }));
    });

    test('a person signs up through the provider’s own pages and sees it on their account page', async ({ page, request }, testInfo) => {
      const id = `p${testInfo.workerIndex}-${Date.now()}-${javaScriptEnabled ? 'js' : 'nojs'}`;
      const person = await personAtProvider(request, id);
      await page.goto('/login?next=/account');
      await ready(page, javaScriptEnabled);
      await page.getByRole('link', { name: 'Continue with Corp ID' }).click();

      // The provider's own sign-in page, then its consent page.
      await expect(page).toHaveURL(new RegExp(`^${providerURL}/interaction/`));
      await page.locator('input[name="login"]').fill(person.subject);
      await page.locator('input[name="password"]').fill('any password at the provider');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();

      // Back, signed in, where the login page was asked to go.
      await expect(page).toHaveURL(/:\d+\/account$/);
      await ready(page, javaScriptEnabled);
      const providers = page.getByRole('region', { name: 'Sign-in providers' });
      await expect(providers).toContainText('Corp ID');
      await expect(providers).toContainText(person.email);
      await expect(page.getByRole('heading', { name: 'Recent activity' })).toBeVisible();
      await expectNoAxeViolations(page, javaScriptEnabled);
    });

    test('a cancelled sign-in ends on a page that says so, with a way back', async ({ page }) => {
      await page.goto('/login');
      await ready(page, javaScriptEnabled);
      await page.getByRole('link', { name: 'Continue with Corp ID' }).click();
      await expect(page).toHaveURL(new RegExp(`^${providerURL}/interaction/`));
      // The provider's own "Cancel" on its sign-in page.
      const abort = new URL(page.url());
      await page.goto(`${abort.origin}${abort.pathname}/abort`);
      await expect(page.getByRole('heading', { name: 'Sign-in cancelled' })).toBeVisible();
      await expect(page.getByText('You cancelled at Corp ID. Nothing was changed.')).toBeVisible();
      await page.getByRole('link', { name: 'Back to sign in' }).click();
      await expect(page).toHaveURL(/:\d+\/login$/);
    });
  });
}
