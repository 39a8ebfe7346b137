// Measures the time from navigation to a board populated with every card, read from the
// browser's cache with the network to the server cut (so only the cache can fill it).
// "Populated": every column shows its count and the cards in view are drawn.
// Usage: node board-from-cache.mjs <base-url> <expected-cards> [runs]
import { chromium } from '@playwright/test';
import { signIn } from './sign-in.mjs';

const [baseURL, expectedText, runsText] = process.argv.slice(2);
const expected = Number(expectedText);
const runs = Number(runsText ?? 7);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
await context.addCookies((await signIn(baseURL)).cookies);
const page = await context.newPage();
// When the page's first script has the copy read from IndexedDB (its promise settled), as a
// point of its own: whether the app waits on the read or the read on the app.
await page.addInitScript(() => {
  let copy;
  Object.defineProperty(window, '__rapportCopy', {
    configurable: true,
    get: () => copy,
    set: (promise) => {
      copy = promise;
      promise?.then?.(() => performance.mark('rapport:idb-read'));
    },
  });
});

// Every opportunity is accounted for: the column counts plus the lost ones and the leads (both
// off the board).
const populated = (n) => {
  const counts = [...document.querySelectorAll('[data-testid=count]')].map((c) => Number(c.textContent.replace(/\D/g, '')));
  const lost = Number((document.querySelector('[data-testid=lost-button]')?.textContent ?? '').replace(/\D/g, ''));
  const leads = Number(document.querySelector('[data-testid=lead-count]')?.getAttribute('data-count') ?? 0);
  const total = counts.reduce((a, b) => a + b, 0) + lost + leads;
  return total >= n && document.querySelector('.card') ? performance.now() : 0;
};

// First visit: the first full sync fills the cache from the server.
const t0 = Date.now();
await page.goto(baseURL);
await page.waitForFunction(populated, expected, { timeout: 180_000 });
await page.waitForFunction(() => document.querySelector('[data-testid=sync-status]')?.textContent === 'Up to date');
const firstSync = Date.now() - t0;
// The browser's copy is saved in IndexedDB once the board is drawn; wait for the save.
await page.waitForFunction(() => localStorage.getItem('rapport.saved') !== null, null, { timeout: 180_000 });
const usedBytes = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
const notices = await page.locator('[data-testid=notice]').allInnerTexts();
if (notices.length > 0) {
  // The browser could not keep this board: say so and measure nothing that would need it.
  await browser.close();
  console.log(`cards=${expected}: the copy could not be saved: ${notices.join(' | ')}`);
  console.log(`first full sync of a new browser (navigation to populated board, synced): ${firstSync} ms`);
  process.exit(0);
}

// Later visits: the server's data API is unreachable; the board must come from the cache.
await page.route('**/api/**', (route) => route.abort());
const times = [];
// Where the time goes: the page's own points (performance marks), and when its wasm arrived.
const steps = {};
for (let i = 0; i < runs; i++) {
  await page.goto(baseURL);
  const ms = await page.waitForFunction(populated, expected, { polling: 'raf', timeout: 120_000 });
  times.push(await ms.jsonValue());
  const points = await page.evaluate(() => {
    const out = {};
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('rapport:')) out[m.name.slice(8)] = m.startTime;
    const nav = performance.getEntriesByType('navigation')[0];
    if (nav) out['html-received'] = nav.responseEnd;
    const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm') && !r.name.includes('chunk'));
    if (wasm) out['wasm-received'] = wasm.responseEnd;
    return out;
  });
  for (const [name, at] of Object.entries(points)) (steps[name] ??= []).push(at);
}
await browser.close();
const middle = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const order = Object.entries(steps).map(([name, xs]) => [name, middle(xs)]).sort((a, b) => a[1] - b[1]);
console.log(`cards=${expected} where the time goes (median ms after navigation): ${order.map(([n, t]) => `${n} ${t.toFixed(0)}`).join(', ')}`);
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`cards=${expected} browser storage used=${(usedBytes / 1e6).toFixed(1)} MB (IndexedDB)`);
console.log(`first full sync of a new browser (navigation to populated board, synced): ${firstSync} ms`);
console.log(`navigation -> populated board from the cache, ${runs} runs: median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)})`);
