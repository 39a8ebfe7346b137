// Pushes new opportunities through the `push` server function as fast as it can, from one or
// more browsers at once (each its own client group, pushing its next batch when the last is
// acknowledged, as a browser does), and prints mutations applied per second.
// Usage: node push-throughput.mjs <base-url> [mutations] [batch] [browsers]
import { poster } from './client.mjs';
import { signIn } from './sign-in.mjs';
import { uuid7 } from './uuid7.mjs';

const [baseURL, totalText, batchText, browsersText] = process.argv.slice(2);
const session = await signIn(baseURL);
const total = Number(totalText ?? 3000);
const batch = Number(batchText ?? 100);
const browsers = Number(browsersText ?? 1);

// One connection per browser, kept alive, as a browser's is.
const post = poster(baseURL, session, browsers);
const pulled = await post('/api/pull', { request: { client_group_id: crypto.randomUUID(), cursor: 0 } });
const stage = pulled.records.find((r) => r.kind === 'Stage' && !r.is_won && !r.deleted).id;
// Each card at a place of its own, as a browser's drops are (a valid position: base-62 digits,
// never ending in 0); cards piled on one place would measure the server untying them instead.
const place = (n) => `W${n.toString(36).padStart(5, '0')}V`;
let next = 1;
// One browser: takes the next numbers until all are pushed.
async function browser() {
  const group = crypto.randomUUID();
  const client = crypto.randomUUID();
  let mutationId = 0;
  while (next <= total) {
    const mutations = [];
    for (let i = 0; i < batch && next <= total; i++, next++) {
      mutations.push({
        client_id: client,
        mutation_id: ++mutationId,
        mutation: {
          type: 'CreateOpportunity', id: uuid7(), title: `Bench ${next}`,
          expected_revenue: { minor: 1000 * next, currency: 'VND' }, stage_id: stage, position: place(next),
        },
      });
    }
    const res = await post('/api/push', { request: { client_group_id: group, mutations } });
    if (!res.results.every((r) => 'Applied' in r.outcome)) throw new Error(JSON.stringify(res.results[0]));
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: browsers }, browser));
const seconds = (performance.now() - started) / 1000;
const who = browsers === 1 ? '' : `, ${browsers} browsers at once`;
console.log(`push: ${total} mutations in batches of ${batch}${who}: ${(total / seconds).toFixed(0)} mutations/s`);
