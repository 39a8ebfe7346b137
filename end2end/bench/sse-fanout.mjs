// Many browsers connected to the event stream at once, as a whole sales floor's tabs are: each
// holds `/api/events` open and, on a poke, pulls what changed since its cursor, as the browser's
// sync engine does. One change is pushed at a time; measured: how long until every browser has
// pulled it (from the push being sent), and the server's memory with none and with all of them
// connected.
// Usage: node sse-fanout.mjs <base-url> <server pid> [browsers] [changes]
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { poster } from './client.mjs';
import { signIn } from './sign-in.mjs';
import { uuid7 } from './uuid7.mjs';

const [baseURL, pidText, browsersText, changesText] = process.argv.slice(2);
const browsers = Number(browsersText ?? 500);
const changes = Number(changesText ?? 10);
const session = await signIn(baseURL);
const base = new URL(baseURL);
// Pulls share up to 64 connections (a browser keeps a few of its own).
const post = poster(baseURL, session, 64);
// The server's resident memory, in MB.
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pidText}/status`, 'utf8'))[1]) / 1024;

const first = await post('/api/pull', { request: { client_group_id: crypto.randomUUID(), cursor: 0 } });
const stage = first.records.find((r) => r.kind === 'Stage' && !r.is_won && !r.deleted).id;
const known = { schema: first.schema, org_id: first.org_id, access: first.access };

// Every browser waits for the ids in `awaited`; `arrived` gets the time it pulled each.
const awaited = new Map();
function connect() {
  const group = crypto.randomUUID();
  let cursor = first.cursor;
  let pulling = false;
  let again = false;
  const pull = async () => {
    if (pulling) {
      again = true;
      return;
    }
    pulling = true;
    do {
      again = false;
      const res = await post('/api/pull', { request: { client_group_id: group, cursor, ...known } });
      cursor = res.cursor;
      const now = performance.now();
      for (const record of [...(res.opportunities ?? []), ...res.records]) awaited.get(record.id)?.(now);
    } while (again);
    pulling = false;
  };
  // Each event stream on a connection of its own, as a browser's is.
  return new Promise((resolve, reject) => {
    const req = http.get(new URL('/api/events', base), { headers: { cookie: session.header, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        if (chunk.includes('poke')) pull().catch((e) => console.error(e.message));
      });
      resolve();
    });
    req.on('error', reject);
  });
}

const idle = rss();
await Promise.all(Array.from({ length: browsers }, connect));
await new Promise((r) => setTimeout(r, 1000));
const connected = rss();

const client = crypto.randomUUID();
const group = crypto.randomUUID();
const latencies = [];
for (let i = 1; i <= changes; i++) {
  const id = uuid7();
  const times = [];
  const all = new Promise((resolve) => {
    awaited.set(id, (at) => {
      times.push(at);
      if (times.length === browsers) resolve();
    });
  });
  const sent = performance.now();
  const pushed = await post('/api/push', {
    request: {
      client_group_id: group,
      mutations: [{
        client_id: client, mutation_id: i,
        mutation: { type: 'CreateOpportunity', id, title: `Fan-out ${i}`, expected_revenue: { minor: 1000, currency: 'VND' }, stage_id: stage, position: `X${i.toString(36).padStart(4, '0')}V` },
      }],
    },
  });
  if (!pushed.results.every((r) => 'Applied' in r.outcome)) throw new Error(JSON.stringify(pushed.results[0]));
  await Promise.race([all, new Promise((_, fail) => setTimeout(() => fail(new Error(`change ${i}: ${times.length} of ${browsers} browsers after 30 s`)), 30_000))]);
  awaited.delete(id);
  latencies.push(...times.map((t) => t - sent));
  await new Promise((r) => setTimeout(r, 300));
}
const peak = rss();
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(0);
console.log(`${browsers} browsers on the event stream: server memory ${idle.toFixed(0)} MB before, ${connected.toFixed(0)} MB connected, ${peak.toFixed(0)} MB after ${changes} changes`);
console.log(`a change pulled by all ${browsers} browsers (poke, then pull), ${changes} changes: p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`);
process.exit(0);
