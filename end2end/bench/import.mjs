// Imports a sheet of contacts with their companies through the upload route and the import's
// server functions, as the import page does, and times each step: the upload read back, the
// dry run, and the import itself (queued, written in batches by the server's worker), with the
// server's memory while it runs, and what an open browser goes through meanwhile: its longest
// task (the time it could not answer a tap) and how soon after the import it holds every
// contact. Writes the same rows to `<csv>` for PostgreSQL's COPY.
// Usage: node import.mjs <base-url> <rows> <csv-path> [server-pid]
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { signIn } from './sign-in.mjs';

const [baseURL, rowsText, csvPath, pidText] = process.argv.slice(2);
const rows = Number(rowsText ?? 100000);
const session = await signIn(baseURL);
const origin = new URL(baseURL).origin;

const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
const middle = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thu', 'Hồng', 'Đức', 'Ngọc'];
const given = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hạnh', 'Khoa', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quyên'];
// Each run's people are new: another area code when a page watches (the bench runs it twice).
const area = (process.env.RAPPORT_BENCH_OPEN ?? '/contacts') === 'none' ? '028' : '024';
const lines = ['Họ và tên,Công ty,Email,Số điện thoại,Chức vụ'];
for (let i = 0; i < rows; i++) {
  const name = `${family[i % 10]} ${middle[(i >> 3) % 8]} ${given[(i >> 5) % 12]} ${i}`;
  lines.push(`${name},Công ty TNHH Bench ${Math.floor(i / 10)},kh${i}.${process.pid}@bench.example.vn,${area} ${String(i).padStart(8, "0")},Trưởng phòng`);
}
const csv = lines.join('\n') + '\n';
writeFileSync(csvPath, csv);
const mb = (Buffer.byteLength(csv) / 1048576).toFixed(1);

const rss = () => {
  if (!pidText) return 0;
  const status = readFileSync(`/proc/${pidText}/status`, 'utf-8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
};
const call = async (fn, body) => {
  const res = await fetch(new URL(`/api/${fn}`, baseURL), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, cookie: session.header },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${fn}: ${res.status} ${await res.text()}`);
  return res.json();
};

// A colleague has the contacts page open through the import (RAPPORT_BENCH_OPEN=none: nobody).
const watched = process.env.RAPPORT_BENCH_OPEN ?? '/contacts';
const browser = watched === 'none' ? null : await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const open = browser && (await (await browser.newContext({ viewport: { width: 1366, height: 820 } })).newPage());
if (open) {
  await open.context().addCookies(session.cookies);
  await open.goto(new URL(watched, baseURL).href);
  await open.waitForFunction(() => document.querySelector('[data-testid=sync-status]')?.textContent === 'Up to date', null, { timeout: 600_000 });
  await open.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

const memoryBefore = rss();
let t = performance.now();
const res = await fetch(new URL(`/api/import?kind=contact&name=bench.csv`, baseURL), {
  method: 'POST',
  headers: { 'content-type': 'text/csv', origin, cookie: session.header },
  body: csv,
});
if (!res.ok) throw new Error(`upload: ${res.status} ${await res.text()}`);
const preview = await res.json();
const upload = (performance.now() - t) / 1000;
const plan = { kind: 'contact', columns: preview.columns, header: true, on_match: 'Skip', create_tags: false, currency: 'VND' };

t = performance.now();
const checked = await call('import_check', { id: preview.id, plan });
const dry = (performance.now() - t) / 1000;
if (checked.create !== rows) throw new Error(`the dry run would create ${checked.create} of ${rows}`);

t = performance.now();
await call('import_start', { id: preview.id, plan, save_as: null });
let state;
let peak = 0;
for (;;) {
  [state] = await call('imports', { id: preview.id });
  peak = Math.max(peak, rss());
  if (['Done', 'Failed', 'Cancelled'].includes(state.status)) break;
  await new Promise((r) => setTimeout(r, 200));
}
const took = (performance.now() - t) / 1000;
// The open page has every contact once it says it is up to date after the import.
let openResult = 'nobody had a page open';
if (open) {
  const tOpen = performance.now();
  try {
    await open.waitForFunction(() => document.querySelector('[data-testid=sync-status]')?.textContent === 'Up to date', null, { timeout: 600_000 });
    const long = await open.evaluate(() => window.__long.slice().sort((a, b) => b - a));
    const total = long.reduce((a, b) => a + b, 0);
    openResult = `an open page (${watched}): longest task ${Math.round(long[0] ?? 0)} ms, ${long.length} tasks over 50 ms (${(total / 1000).toFixed(1)} s in all), up to date ${((performance.now() - tOpen) / 1000).toFixed(1)} s after the import ended`;
  } catch (e) {
    openResult = `an open page (${watched}): did not come up to date (${e.message.split('\n')[0]})`;
  }
  await browser.close();
}
if (state.status !== 'Done' || state.created !== rows) throw new Error(`import ended ${state.status}: ${JSON.stringify(state)}`);
console.log(`file: ${rows} contacts at ${rows / 10} companies, ${mb} MB of CSV`);
console.log(`upload and read back: ${upload.toFixed(1)} s`);
console.log(`dry run of every row: ${dry.toFixed(1)} s`);
console.log(`import, queued to done: ${took.toFixed(1)} s (${Math.round(rows / took)} rows/s)`);
if (pidText) console.log(`server memory: ${memoryBefore.toFixed(0)} MB before, ${peak.toFixed(0)} MB at most while importing`);
console.log(openResult);
console.log(`import seconds: ${took.toFixed(2)}`);
