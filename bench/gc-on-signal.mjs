// Preloaded into a bot process by the memory benchmark (with --expose-gc): on SIGUSR2, one full
// collection, writing process.memoryUsage() before and after it to BENCH_MEMORY_REPORT, to tell
// memory the bot holds from garbage start-up left for V8 to collect later.
import { writeFileSync } from 'node:fs';

process.on('SIGUSR2', () => {
  const before = process.memoryUsage();
  globalThis.gc?.();
  const after = process.memoryUsage();
  if (process.env.BENCH_MEMORY_REPORT)
    writeFileSync(process.env.BENCH_MEMORY_REPORT, JSON.stringify({ before, after }));
});
