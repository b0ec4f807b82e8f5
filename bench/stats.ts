// Summaries of timing samples: medians and tails, never a lone mean.
import { cpus } from 'node:os';

export interface Summary {
  count: number;
  min: number;
  median: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0)
    return { count: 0, min: Number.NaN, median: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
  return {
    count: sorted.length,
    min: sorted[0] as number,
    median: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1] as number,
  };
}

/** Milliseconds with a sensible number of digits: 0.0123, 1.23, 123. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 0.1) return value.toFixed(4);
  if (value < 10) return value.toFixed(2);
  return value.toFixed(0);
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return 'n/a';
  return `${(value / baseline).toFixed(2)}x`;
}

export function machine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} cores (${model}), Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** Times `run` repeatedly: `warmup` untimed calls, then one sample (ms) per call. */
export function sample(
  run: () => unknown,
  { warmup, iterations }: { warmup: number; iterations: number },
): number[] {
  for (let index = 0; index < warmup; index++) run();
  const samples: number[] = [];
  for (let index = 0; index < iterations; index++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** A table row for docs/BENCHMARKS.md. */
export interface Figure {
  name: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | undefined;
}
