// Bytes on the wire (as the network carried them: compressed, headers included) for a new
// browser's first visit to the board until it is synced, and for a reload; then the first visit
// again under throttling like a 4G phone's (Lighthouse's mobile profile: 150 ms round trip,
// 1.6 Mbit/s down, 675 kbit/s up), timed to the populated board.
// The service worker is kept out: its own fetches are not the page's to count, and it fetches
// through the same HTTP cache, so the network carries the same.
// Usage: node wire.mjs <base-url> <expected-cards>
import { chromium } from '@playwright/test';
import { signIn } from './sign-in.mjs';

const [baseURL, expectedText] = process.argv.slice(2);
const expected = Number(expectedText);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const cookies = (await signIn(baseURL)).cookies;

const populated = (n) => {
  const counts = [...document.querySelectorAll('[data-testid=count]')].map((c) => Number(c.textContent.replace(/\D/g, '')));
  const lost = Number((document.querySelector('[data-testid=lost-button]')?.textContent ?? '').replace(/\D/g, ''));
  const leads = Number(document.querySelector('[data-testid=lead-count]')?.getAttribute('data-count') ?? 0);
  const synced = document.querySelector('[data-testid=sync-status]')?.textContent === 'Up to date';
  return synced && counts.reduce((a, b) => a + b, 0) + lost + leads >= n;
};

/** A new browser, signed in, counting every byte its page receives. */
async function counted(throttle) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    serviceWorkers: 'block',
  });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (675 * 1024) / 8,
    });
  }
  const bytes = { app: 0, data: 0, other: 0 };
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId) ?? '';
    const kind = url.includes('/pkg/') ? 'app' : url.includes('/api/') ? 'data' : 'other';
    bytes[kind] += e.encodedDataLength;
  });
  return { context, page, bytes };
}

const mb = (b) => (b < 1e5 ? `${(b / 1e3).toFixed(1)} kB` : `${(b / 1e6).toFixed(2)} MB`);
const say = (what, b) =>
  console.log(`${what}: ${mb(b.app + b.data + b.other)} (app files ${mb(b.app)}, data ${mb(b.data)}, pages and the rest ${mb(b.other)})`);

{
  const { context, page, bytes } = await counted(false);
  await page.goto(baseURL);
  await page.waitForFunction(populated, expected, { timeout: 180_000 });
  await page.waitForFunction(() => localStorage.getItem('rapport.saved') !== null, null, { timeout: 180_000 });
  say(`first visit, ${expected} deals, to a synced board`, bytes);
  for (const k of Object.keys(bytes)) bytes[k] = 0;
  await page.reload();
  await page.waitForFunction(populated, expected, { timeout: 180_000 });
  await page.waitForLoadState('networkidle');
  say('reload of the same browser, synced again', bytes);
  await context.close();
}
{
  const { context, page } = await counted(true);
  const t0 = Date.now();
  await page.goto(baseURL);
  await page.waitForFunction(populated, expected, { timeout: 600_000 });
  console.log(`first visit under 4G throttling (150 ms, 1.6 Mbit/s): populated and synced after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await context.close();
}
await browser.close();
