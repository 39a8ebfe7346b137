// Where the time of a local move goes: the browser's CPU profile over a few card moves on a
// real board, summed by function (self time), the heaviest first.
// Usage: node profile-move.mjs <base-url> [moves] [top]
import { chromium } from '@playwright/test';
import { signIn } from './sign-in.mjs';

const [baseURL, movesText, topText] = process.argv.slice(2);
const moves = Number(movesText ?? 10);
const top = Number(topText ?? 40);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// The browser moving cards, and another one seeing them move.
const open = async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  await context.addCookies((await signIn(baseURL)).cookies);
  const page = await context.newPage();
  await page.goto(baseURL);
  await page.waitForFunction(() => document.querySelector('[data-testid=sync-status]')?.textContent === 'Up to date', null, { timeout: 180_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  return { page, cdp };
};
const { page, cdp } = await open();
const other = await open();
await cdp.send('Profiler.start');
await other.cdp.send('Profiler.start');
for (let i = 0; i < moves; i++) {
  const from = i % 2 === 0 ? 0 : 1;
  const to = 1 - from;
  const card = page.locator('[data-testid=column]').nth(from).locator('[data-testid=card]').first();
  const target = await page.locator('[data-testid=column]').nth(to).locator('[data-testid=card]').first().boundingBox();
  const box = await card.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + 20, { steps: 2 });
  await page.mouse.move(target.x + target.width / 2, target.y + 5, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('rapport.outbox.')), null, { timeout: 30_000 });
}
const profiles = [['the browser moving the cards', (await cdp.send('Profiler.stop')).profile], ['the other browser', (await other.cdp.send('Profiler.stop')).profile]];
await browser.close();
if (process.env.PROFILE_OUT) (await import('node:fs')).writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profiles));
for (const [who, profile] of profiles) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}`;
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  // Inclusive time too: each sample counted once for every distinct function on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map();
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at);
      const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}`;
      if (!seen.has(name)) {
        seen.add(name);
        total.set(name, (total.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
      }
    }
  });
  const show = (title, m) => {
    console.log(`== ${title} (ms over ${moves} moves)`);
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([k, v]) => console.log(`${v.toFixed(1).padStart(9)}  ${k.slice(0, 160)}`));
  };
  show(`${who}: self`, self);
  show(`${who}: total`, total);
}
