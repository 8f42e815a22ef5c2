/**
 * The `test` every spec imports: Playwright's own, with one automatic fixture that fails the
 * test on any uncaught error in a page (a WASM trap among them: a panic ends the app while
 * the page looks fine) and on any `console.error` that is not an expected answer. It watches
 * every browser context the test makes, not only the `page` fixture's.
 */
import { test as base, expect, type BrowserContext, type ConsoleMessage } from '@playwright/test';

export { expect };

/**
 * Chromium logs every 4xx answer to `fetch` or a navigation as a console error: a refused
 * form (401, 422, 429) and a page that is not there (404) are answers the pages show, not
 * faults. A 5xx is a fault, and counts.
 */
const EXPECTED_ANSWERS = [/^Failed to load resource: the server responded with a status of 4\d\d\b/];

/** Contexts whose messages are not the app's (see `ignoreErrorsOf`). */
const ignored = new WeakSet<BrowserContext>();

/**
 * For a context that blocks the app's own scripts on purpose (the axe check of a page as the
 * server rendered it): the blocked loads log errors that say nothing about the app.
 */
export function ignoreErrorsOf(context: BrowserContext) {
  ignored.add(context);
}

function describe(message: ConsoleMessage): string {
  const where = message.location();
  const at = where.url ? ` (${where.url}:${where.lineNumber})` : '';
  return `console.error on ${message.page()?.url() ?? 'a page'}: ${message.text()}${at}`;
}

export const test = base.extend<{ browserErrors: string[] }>({
  browserErrors: [
    async ({ context, browser }, use) => {
      const errors: string[] = [];
      const watch = (watched: BrowserContext) => {
        watched.on('weberror', (error) => {
          if (ignored.has(watched)) return;
          const uncaught = error.error();
          errors.push(`uncaught on ${error.page()?.url() ?? 'a page'}: ${uncaught.name}: ${uncaught.message}\n${uncaught.stack ?? ''}`);
        });
        watched.on('console', (message) => {
          if (ignored.has(watched) || message.type() !== 'error') return;
          if (EXPECTED_ANSWERS.some((expected) => expected.test(message.text()))) return;
          errors.push(describe(message));
        });
      };
      watch(context);
      // Contexts a test opens itself (two devices, a second browser) are watched the same way.
      const newContext = browser.newContext;
      browser.newContext = async function (this: typeof browser, ...args: Parameters<typeof newContext>) {
        const made = await newContext.apply(this, args);
        watch(made);
        return made;
      };
      try {
        await use(errors);
      } finally {
        browser.newContext = newContext;
      }
      expect(errors, 'uncaught errors or console errors in the browser during the test').toEqual([]);
    },
    { auto: true },
  ],
});
