// Heap taken by the languages: the message catalogues of all three locales, and the bundled and
// 10,000-fact stores in Ukrainian and Russian beside their English. Run with --expose-gc; prints one
// JSON line. Each part is the heap after a full collection, less the heap before it was made.
const collect = () => {
  for (let pass = 0; pass < 3; pass++) globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

const parts: { part: string; bytes: number }[] = [];
// Loaded first, before anything else imports it: the catalogues are read when the module loads.
let before = collect();
const { wordsIn } = await import('../src/i18n/words.js');
for (const locale of ['en', 'uk', 'ru'] as const) wordsIn(locale).t('common.embed.disclaimer');
parts.push({ part: 'message catalogues, en + uk + ru (with i18next)', bytes: collect() - before });

const { loadFactStore } = await import('../src/data/load-store.js');
const { syntheticFactStore } = await import('./synthetic-store.js');
before = collect();
const bundled = await loadFactStore();
parts.push({
  part: 'bundled store in English (70 facts, with its translations loaded)',
  bytes: collect() - before,
});
for (const locale of ['uk', 'ru'] as const) {
  before = collect();
  bundled.in(locale);
  parts.push({
    part: `bundled store in ${locale === 'uk' ? 'Ukrainian' : 'Russian'}`,
    bytes: collect() - before,
  });
}
before = collect();
const scaled = await syntheticFactStore(10_000);
parts.push({ part: '10,000-fact store in English', bytes: collect() - before });
for (const locale of ['uk', 'ru'] as const) {
  before = collect();
  scaled.in(locale);
  parts.push({
    part: `10,000-fact store in ${locale === 'uk' ? 'Ukrainian' : 'Russian'} (untranslated: English, marked)`,
    bytes: collect() - before,
  });
}
process.stdout.write(`${JSON.stringify(parts)}\n`);
