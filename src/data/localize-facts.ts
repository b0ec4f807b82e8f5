// The fact store's entries in Ukrainian or Russian: the same ids, dates, statuses, figures and links,
// with our translated wording in place of the English. What has no translation stays in English: a
// statement, description or headline then carries the locale's marker ("(англійською: перекладу ще
// немає)"), never passing silently as translated; a name is a proper name and reads as written.
import type { Actor, Fact, Place, Source, Topic } from './schema.js';
import type { GrammaticalGender, TranslationEntries } from './translation-schema.js';

export interface StoreEntries {
  places: readonly Place[];
  actors: readonly Actor[];
  topics: readonly Topic[];
  sources: readonly Source[];
  facts: readonly Fact[];
}

export interface LocalizedEntries extends StoreEntries {
  /** How each actor's name agrees with a verb in this language. */
  genders: ReadonlyMap<string, GrammaticalGender>;
  /** How many texts were left in English (and marked). */
  fallbackCount: number;
}

const emptyEntries: TranslationEntries = { facts: {}, actors: {}, places: {}, topics: {}, sources: {} };

/** Names in both languages, the translation's first, so a question or autocomplete in either finds it. */
const bothNames = (
  english: { name: string; aliases: readonly string[] },
  translated?: { name: string; aliases: readonly string[] },
) =>
  translated
    ? [...new Set([...translated.aliases, english.name, ...english.aliases])].filter(
        (name) => name !== translated.name,
      )
    : [...english.aliases];

export function localizeEntries(
  english: StoreEntries,
  translation: TranslationEntries | undefined,
  fallbackMarker: string,
): LocalizedEntries {
  const entries = translation ?? emptyEntries;
  let fallbackCount = 0;
  /** The translation when given, else the English with the marker. */
  const text = (translated: string | undefined, original: string): string => {
    if (translated !== undefined) return translated;
    fallbackCount++;
    return `${original} ${fallbackMarker}`;
  };
  const optionalText = (translated: string | undefined, original: string | undefined) =>
    original === undefined ? undefined : text(translated, original);

  const facts = english.facts.map((fact): Fact => {
    const translated = entries.facts[fact.id];
    return {
      ...fact,
      statement: text(translated?.statement, fact.statement),
      ...(fact.notGiven
        ? { notGiven: fact.notGiven.map((what, index) => text(translated?.notGiven?.[index], what)) }
        : {}),
      ...(fact.date
        ? {
            date: {
              ...fact.date,
              ...(fact.date.note ? { note: text(translated?.dateNote, fact.date.note) } : {}),
            },
          }
        : {}),
      figures: fact.figures.map((figure, index) => {
        const words = translated?.figures?.[index];
        return {
          ...figure,
          unit: words?.unit ?? figure.unit,
          measures: text(words?.measures, figure.measures),
          ...(figure.alternate
            ? { alternate: { ...figure.alternate, unit: words?.alternateUnit ?? figure.alternate.unit } }
            : {}),
        };
      }),
    };
  });

  const genders = new Map<string, GrammaticalGender>();
  const actors = english.actors.map((actor): Actor => {
    const translated = entries.actors[actor.id];
    genders.set(actor.id, translated?.gender ?? (actor.plural ? 'plural' : 'masculine'));
    return {
      ...actor,
      name: translated?.name ?? actor.name,
      aliases: bothNames(actor, translated),
      plural: translated ? translated.gender === 'plural' : actor.plural,
      description: text(translated?.description, actor.description),
    };
  });

  const places = english.places.map((place): Place => {
    const translated = entries.places[place.id];
    return {
      ...place,
      name: translated?.name ?? place.name,
      aliases: bothNames(place, translated),
      ...(place.coordinates
        ? {
            coordinates: {
              ...place.coordinates,
              ...(place.coordinates.note
                ? { note: text(translated?.coordinatesNote, place.coordinates.note) }
                : {}),
            },
          }
        : {}),
    };
  });

  const topics = english.topics.map((topic): Topic => {
    const translated = entries.topics[topic.id];
    return {
      ...topic,
      name: translated?.name ?? topic.name,
      aliases: bothNames(topic, translated),
      description: text(translated?.description, topic.description),
      ...(topic.notGiven
        ? {
            notGiven: topic.notGiven.map((gap, index) => ({
              ...gap,
              what: text(translated?.notGiven?.[index], gap.what),
            })),
          }
        : {}),
    };
  });

  const sources = english.sources.map((source): Source => {
    const translated = entries.sources[source.id];
    const title = optionalText(translated?.title, source.title);
    const about = optionalText(translated?.about, source.about);
    const publishedNote = optionalText(translated?.publishedNote, source.publishedNote);
    return {
      ...source,
      ...(title === undefined ? {} : { title }),
      ...(about === undefined ? {} : { about }),
      ...(publishedNote === undefined ? {} : { publishedNote }),
    };
  });

  return { facts, actors, places, topics, sources, genders, fallbackCount };
}
