// Predictive probability (#16): the admin turns it on, then asks the server to learn in full
// `runs` times: the won and lost deals counted afresh and every open deal predicted again, in
// one transaction. Prints the median and p95 of the learnings, what they learnt from, and the
// server's peak memory above its resting size during them (the kernel's high-water mark, reset
// before each run). Prediction is turned off at the end.
// Usage: node prediction.mjs <base-url> <server-pid> [runs]
import { withPeak } from './peak.mjs';
import { signIn } from './sign-in.mjs';
import { uuid7 } from './uuid7.mjs';

const [baseURL, pidText, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 5);
const session = await signIn(baseURL);
const origin = new URL(baseURL).origin;
const call = async (fn, body) => {
  const res = await fetch(new URL(`/api/${fn}`, baseURL), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, cookie: session.header },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${fn}: ${res.status} ${await res.text()}`);
  return res.json();
};

const group = crypto.randomUUID();
const client = crypto.randomUUID();
let mutationId = 0;
const save = async (record) => {
  const res = await call('push', {
    request: { client_group_id: group, mutations: [{ client_id: client, mutation_id: ++mutationId, mutation: { type: 'Save', record } }] },
  });
  if (!('Applied' in res.results[0].outcome)) throw new Error(JSON.stringify(res.results[0]));
};
const settings = {
  kind: 'ScoringSettings', id: uuid7(), version: 0,
  fields: ['source_id', 'campaign_id', 'tag_ids', 'email_state', 'phone_state'], start: '2000-01-01',
};
await save(settings);

const times = [];
let peak = 0;
let learnt;
let first;
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const run = await withPeak(pidText, () => call('learn_predictions', {}));
  times.push(performance.now() - started);
  learnt = run.result;
  first ??= learnt;
  peak = Math.max(peak, run.peak);
}
await save({ ...settings, start: null });

const firstSeconds = times[0] / 1000;
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))] / 1000;
console.log(`prediction learnt from ${learnt.won} won and ${learnt.lost} lost deals; open deals given a prediction: ${first.predicted} (first run; later runs write only those that changed: ${learnt.predicted})`);
console.log(`prediction: the first learning, writing every open deal's prediction: ${firstSeconds.toFixed(2)} s`);
console.log(`prediction: full learning and re-predicting, ${runs} runs (the first included): median ${at(0.5).toFixed(2)} s, p95 ${at(0.95).toFixed(2)} s (min ${(times[0] / 1000).toFixed(2)}, max ${(times[times.length - 1] / 1000).toFixed(2)})`);
console.log(`prediction: server peak memory above its resting size during a learning: ${(peak / 1024).toFixed(0)} MiB`);
console.log(`learn seconds: ${at(0.5).toFixed(3)}`);
