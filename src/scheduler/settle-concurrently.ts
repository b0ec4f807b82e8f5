/**
 * Like `Promise.allSettled(items.map(run))`, with at most `limit` runs in flight at once, started in
 * order. Results come back in the order of `items`. Once `keepGoing` returns false no further run
 * starts, and the results cover only the runs that started.
 */
export async function settleConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
  keepGoing: () => boolean = () => true,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length && keepGoing()) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await run(items[index] as T) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results.filter((result) => result !== undefined);
}
