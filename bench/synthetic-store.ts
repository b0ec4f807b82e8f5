// A store scaled up from the bundled facts: the same places, actors, topics and sources, with facts
// cloned from the bundled ones (so every command finds plenty to list) and statements drawn from a
// Zipf-distributed vocabulary, as words are in real text: a few words in most statements, most words
// in few. (Cloned statements would put every content word in hundreds of facts, which no real corpus
// does; the search figure for that worst case is reported separately.)
import { FactStore } from '../src/data/fact-store.js';
import { loadFactData } from '../src/data/load-facts.js';
import type { Fact } from '../src/data/schema.js';

/** A small deterministic generator, so every run builds the same store. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

export async function syntheticFactStore(count: number, { wordsPerStatement = 14 } = {}): Promise<FactStore> {
  const data = await loadFactData();
  const random = seededRandom(20261124);
  const bundledWords = [
    ...new Set(data.facts.flatMap((fact) => fact.statement.toLowerCase().match(/[a-z']{3,}/g) ?? [])),
  ];
  const vocabulary = [...bundledWords];
  for (let index = 0; vocabulary.length < 5000; index++) vocabulary.push(`term${index.toString(36)}`);
  // Shuffle so bundled words land at random ranks, then weight rank r by 1 / r^1.07.
  for (let index = vocabulary.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [vocabulary[index], vocabulary[other]] = [vocabulary[other] as string, vocabulary[index] as string];
  }
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= vocabulary.length; rank++) {
    total += 1 / rank ** 1.07;
    cumulative.push(total);
  }
  const word = () => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return vocabulary[low] as string;
  };

  const templates = data.facts.filter((fact) => fact.figures.length === 0);
  const facts: Fact[] = [...data.facts];
  for (let index = 0; facts.length < count; index++) {
    const template = templates[index % templates.length] as Fact;
    const words = Array.from({ length: wordsPerStatement }, word).join(' ');
    const month = String((index % 12) + 1).padStart(2, '0');
    const day = String((index % 28) + 1).padStart(2, '0');
    facts.push({
      ...template,
      id: `${template.id}-s${index}`,
      statement: `Report ${index}: ${words}.`,
      respondsTo: [],
      date: template.date ? { ...template.date, value: `2025-${month}-${day}` } : undefined,
    });
  }
  return new FactStore({ ...data, facts });
}

/** The worst case for search: statements cloned from the bundled ones, so query words are in hundreds of facts. */
export async function clonedFactStore(count: number): Promise<FactStore> {
  const data = await loadFactData();
  const templates = data.facts.filter((fact) => fact.figures.length === 0);
  const facts: Fact[] = [...data.facts];
  for (let index = 0; facts.length < count; index++) {
    const template = templates[index % templates.length] as Fact;
    facts.push({ ...template, id: `${template.id}-c${index}`, respondsTo: [] });
  }
  return new FactStore({ ...data, facts });
}
