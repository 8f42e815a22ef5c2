import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';
import { baseURL } from '../playwright.config';
import { newAccount, PASSWORD, signUp } from './helpers';

// Another origin on the same host (another port): the browser still sends the SameSite=Lax
// cookie along, so only Latch's own origin check stands between this page and the session.
let attacker: Server;
let attackerURL: string;

test.beforeAll(async () => {
  attacker = createServer((request, response) => {
    const action = request.url === '/login' ? '/api/auth/login' : '/api/auth/logout';
    const fields =
      request.url === '/login'
        ? `<input name="email" value="attacker@example.com"><input name="password" value="${PASSWORD}">`
        : '';
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><form id="f" method="post" action="${baseURL}${action}">${fields}</form>
      <script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerURL = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

test.afterAll(() => attacker.close());

test('a form posted from another origin cannot log the victim out', async ({ page }, testInfo) => {
  await signUp(page, newAccount(testInfo));

  const refused = page.waitForResponse((r) => r.url().endsWith('/api/auth/logout'));
  await page.goto(`${attackerURL}/logout`);
  expect((await refused).status()).toBe(403);

  await page.goto('/profile');
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('button', { name: 'Log out' }).first()).toBeVisible();
});

test("a form posted from another origin cannot sign the victim into the attacker's account", async ({ page, request }) => {
  // The attacker's own account exists; the forged login would otherwise succeed.
  await request.post('/auth/signup', { data: { email: 'attacker@example.com', username: 'Attacker', password: PASSWORD } });

  const refused = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.goto(`${attackerURL}/login`);
  expect((await refused).status()).toBe(403);
  expect((await page.context().cookies()).filter((c) => c.name.endsWith('latch_session'))).toEqual([]);
});
