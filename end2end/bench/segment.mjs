// Segments (#15) counted on the server over the whole organisation (`db::segments`), as the
// contacts and companies pages ask when a filter reaches across links: "companies with a deal
// won this year over 100,000,000" and "contacts with no activity due in the last 60 days", each
// asked `runs` times as the admin. Prints how many each keeps, the median and p95 of the
// answers, and the server's peak memory above its resting size while answering.
// Usage: node segment.mjs <base-url> <server-pid> [runs]
import { poster } from './client.mjs';
import { withPeak } from './peak.mjs';
import { signIn } from './sign-in.mjs';

const [baseURL, pidText, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 5);
const post = poster(baseURL, await signIn(baseURL), 1);
const today = new Date().toISOString().slice(0, 10);

const segments = [
  {
    name: 'companies with a deal won this year over 100,000,000',
    kind: 'company',
    filter: {
      conditions: [
        {
          field: 'opportunity.company_id',
          op: 'has',
          of: {
            conditions: [
              { field: 'closed_on', op: 'within', values: ['this_year'] },
              { field: 'lost', op: 'is', values: ['no'] },
              { field: 'expected_revenue', op: 'more', values: ['100000000'] },
            ],
          },
        },
      ],
    },
  },
  {
    name: 'contacts with no activity due in the last 60 days',
    kind: 'contact',
    filter: {
      conditions: [
        {
          field: 'activity.subject',
          op: 'has_none',
          of: { conditions: [{ field: 'due', op: 'within', values: ['last_60_days'] }] },
        },
      ],
    },
  },
];

for (const { name, kind, filter } of segments) {
  const times = [];
  let peak = 0;
  let kept = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const run = await withPeak(pidText, () =>
      post('/api/segment', { kind, filter, today, jalali: false, week_starts: 'Mon' }),
    );
    times.push(performance.now() - started);
    peak = Math.max(peak, run.peak);
    kept = run.result.length;
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(
    `segment "${name}": ${kept} kept; ${runs} answers: median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms; server peak memory above resting ${(peak / 1024).toFixed(0)} MiB`,
  );
}
process.exit(0);
