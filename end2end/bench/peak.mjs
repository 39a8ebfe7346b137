// A server's peak memory while it does one thing: the kernel's high-water mark of its resident
// size, reset to the current size first (Linux `clear_refs` 5), less its size before.
import { readFileSync, writeFileSync } from 'node:fs';

const kib = (pid, field) =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf-8'))[1]);

// Runs `work` and answers its result and the server's (`pid`) peak above resting, in KiB.
export async function withPeak(pid, work) {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const resting = kib(pid, 'VmRSS');
  const result = await work();
  return { result, peak: kib(pid, 'VmHWM') - resting };
}
