// The first visit to the login page on a slow phone: Debian's Chromium through Playwright,
// the network emulated as slow 4G (Lighthouse's profile: 150 ms round trip, 1.6 Mbit/s down,
// 750 kbit/s up) and the CPU slowed 4x, with an empty cache. Prints one JSON line: the time
// from navigation to the first paint of the login form, and to the page being interactive
// (the app sets `data-hydrated="true"` once hydration has run), median of RUNS visits.
//
//   node end2end/first-visit.mjs http://127.0.0.1:3400 [RUNS]
import { chromium } from '@playwright/test';

const base = process.argv[2];
const runs = Number(process.argv[3] || 5);
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

// Runs in the page before its own scripts: notes when the login form is first painted and
// when the app marks itself hydrated, in milliseconds since navigation started.
function watch() {
  window.__firstVisit = {};
  const formPainted = () => {
    const form = document.querySelector('form');
    if (!form || window.__firstVisit.formPaintedAt !== undefined) return;
    // The next frame after the form exists is the one that paints it.
    requestAnimationFrame(() => {
      window.__firstVisit.formPaintedAt ??= performance.now();
    });
  };
  const hydrated = () => {
    if (document.querySelector('[data-hydrated="true"]')) window.__firstVisit.hydratedAt ??= performance.now();
  };
  new MutationObserver(() => {
    formPainted();
    hydrated();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-hydrated'] });
}

async function visit(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(watch);
  await page.goto(`${base}/login`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__firstVisit?.hydratedAt !== undefined, null, { timeout: 60_000 });
  const times = await page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return { ...window.__firstVisit, firstContentfulPaint: paint ? paint.startTime : null };
  });
  await context.close();
  return times;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const visits = [];
for (let i = 0; i < runs; i++) visits.push(await visit(browser));
await browser.close();
const formPainted = visits.map((v) => v.formPaintedAt);
const hydrated = visits.map((v) => v.hydratedAt);
console.log(JSON.stringify({
  runs,
  form_painted_ms: Math.round(median(formPainted)),
  interactive_ms: Math.round(median(hydrated)),
  form_painted_runs_ms: formPainted.map(Math.round),
  interactive_runs_ms: hydrated.map(Math.round),
}));
