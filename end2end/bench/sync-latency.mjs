// Measures, on a real board with two browsers: the time from releasing a dragged card to the
// board showing the move (local apply), to the server's answer to its push (the change is
// committed in PostgreSQL: safe), to the outbox being empty again (pulled back and the browser's
// copy saved), and to the other browser showing it (server poke, pull, render).
// Usage: node sync-latency.mjs <base-url> [moves]
import { chromium } from '@playwright/test';
import { signIn } from './sign-in.mjs';

const [baseURL, movesText] = process.argv.slice(2);
const moves = Number(movesText ?? 20);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const open = async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  await context.addCookies((await signIn(baseURL)).cookies);
  const page = await context.newPage();
  await page.goto(baseURL);
  await page.waitForFunction(() => document.querySelector('[data-testid=sync-status]')?.textContent === 'Up to date', null, { timeout: 180_000 });
  await page.evaluate(() => {
    performance.setResourceTimingBufferSize(100_000);
    window.__up = 0;
    // When the answer to the first push sent after `since` arrived.
    window.__pushAnswered = (since) =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('/api/push') && e.startTime >= since)
        .map((e) => e.responseEnd)[0];
    window.addEventListener('pointerup', () => (window.__up = performance.now()), true);
    // Resolves with the time the card shows in the stage's column, and when the outbox empties.
    window.__watch = (id, stage) =>
      new Promise((resolve) => {
        const result = { shown: 0, shownAt: 0, acked: 0 };
        const check = () => {
          if (!result.shown && document.querySelector(`[data-stage-id="${stage}"] [data-id="${id}"]`)) {
            result.shown = performance.now();
            result.shownAt = Date.now();
          }
          const waiting = Object.keys(localStorage).some((k) => k.startsWith('rapport.outbox.'));
          if (result.shown && !waiting) {
            result.acked = performance.now();
            resolve(result);
          } else {
            requestAnimationFrame(check);
          }
        };
        new MutationObserver(() => {
          if (!result.shown && document.querySelector(`[data-stage-id="${stage}"] [data-id="${id}"]`)) {
            result.shown = performance.now();
            result.shownAt = Date.now();
          }
        }).observe(document.body, { subtree: true, childList: true });
        check();
      });
  });
  return page;
};
const a = await open();
const b = await open();

const local = [];
const answered = [];
const acked = [];
const aToB = [];
for (let i = 0; i < moves; i++) {
  const from = i % 2 === 0 ? 0 : 1;
  const to = 1 - from;
  const card = a.locator('[data-testid=column]').nth(from).locator('[data-testid=card]').first();
  const id = await card.getAttribute('data-id');
  const stage = await a.locator('[data-testid=column]').nth(to).getAttribute('data-stage-id');
  const target = await a.locator('[data-testid=column]').nth(to).locator('[data-testid=card]').first().boundingBox();
  const box = await card.boundingBox();
  const watchA = a.evaluate(([id, stage]) => window.__watch(id, stage), [id, stage]);
  const watchB = b.evaluate(([id, stage]) => window.__watch(id, stage), [id, stage]);
  await a.mouse.move(box.x + box.width / 2, box.y + 10);
  await a.mouse.down();
  await a.mouse.move(box.x + box.width / 2 + 10, box.y + 20, { steps: 2 });
  await a.mouse.move(target.x + target.width / 2, target.y + 5, { steps: 8 });
  await a.mouse.up();
  const [ra, rb] = await Promise.all([watchA, watchB]);
  const up = await a.evaluate(() => window.__up);
  const upAt = await a.evaluate((up) => Date.now() - (performance.now() - up), up);
  local.push(ra.shown - up);
  answered.push((await a.evaluate((up) => window.__pushAnswered(up), up)) - up);
  acked.push(ra.acked - up);
  aToB.push(rb.shownAt - upAt);
}
await browser.close();
const pct = (xs, p) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (name, xs) => console.log(`${name}: p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms (${xs.length} moves)`);
fmt('local move (release -> board shows it)', local);
fmt('push answered: the change is safe on the server (release -> push answer received)', answered);
fmt('push to acknowledgement (release -> outbox empty: pulled back, copy saved)', acked);
fmt('change in browser A visible in browser B', aToB);
