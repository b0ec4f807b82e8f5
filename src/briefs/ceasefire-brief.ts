import type { FactStore } from '../data/fact-store.js';
import type { ActorSide, Fact } from '../data/schema.js';
import { commandLine } from '../i18n/command-localizations.js';
import { supportedLocales } from '../i18n/locales.js';
import { type Words, wordsIn } from '../i18n/words.js';
import { asOfLabel, attributedLine, SourceCitations } from './attribution.js';
import { type Brief, type BriefSection, lazySection } from './brief.js';

/**
 * The parties /ceasefire shows, with their English labels (the command's choices); each reads in a
 * reader's language as `briefs.ceasefire.party.<key>`.
 */
export const ceasefireParties = {
  'united-states': { label: 'United States', sides: ['united-states'] },
  ukraine: { label: 'Ukraine', sides: ['ukraine'] },
  russia: { label: 'Russia', sides: ['russia'] },
  europe: { label: 'The UK and Europe', sides: ['united-kingdom', 'europe'] },
  observers: { label: 'Observers and analysis', sides: ['independent', 'north-korea'] },
} as const satisfies Record<string, { label: string; sides: readonly ActorSide[] }>;

export type CeasefireParty = keyof typeof ceasefireParties;

const partyKeys = Object.keys(ceasefireParties) as CeasefireParty[];

/** "United States", "США": a party as a reader of `words` calls it. */
export function ceasefirePartyLabel(party: CeasefireParty, words: Words): string {
  return words.t(`briefs.ceasefire.party.${party}`);
}

/**
 * Accepts the option value ("united-states") or the label a person might type, in any language sitrep
 * speaks ("United States", "США", "Україна", "Россия").
 */
export function resolveCeasefireParty(input: string): CeasefireParty | undefined {
  const wanted = input.trim().toLocaleLowerCase();
  return partyKeys.find(
    (key) =>
      key === wanted ||
      supportedLocales.some(
        (locale) => ceasefirePartyLabel(key, wordsIn(locale)).toLocaleLowerCase() === wanted,
      ),
  );
}

const chronological = (a: Fact, b: Fact) => (a.date?.value ?? '9999').localeCompare(b.date?.value ?? '9999');

/** Each party's position on a ceasefire, attributed and in date order; or one party's only. */
export function buildCeasefireBrief(store: FactStore, party?: CeasefireParty): Brief {
  const facts = store.factsForTopic('ceasefire');
  const citations = new SourceCitations(store);
  const words = wordsIn(store.locale);
  const parties = party ? [party] : partyKeys;
  const sections: BriefSection[] = [];
  const shown: Fact[] = [];
  for (const key of parties) {
    const { sides } = ceasefireParties[key];
    const own = store.derive(`ceasefire:${key}`, () =>
      facts
        .filter((fact) => (sides as readonly ActorSide[]).includes(store.actorOf(fact).side))
        .sort(chronological),
    );
    if (own.length === 0) continue;
    shown.push(...own);
    sections.push(
      lazySection(ceasefirePartyLabel(key, words), own, (fact) =>
        attributedLine(store, fact, citations, { withResponses: false }),
      ),
    );
  }
  const partyLabel = party ? ceasefirePartyLabel(party, words) : undefined;
  // The topic as this reader names it; English keeps the id it always showed.
  const topicName = store.locale === 'en' ? 'ceasefire' : (store.topic('ceasefire')?.name ?? 'ceasefire');
  return {
    locale: store.locale,
    title: partyLabel
      ? words.t('briefs.ceasefire.titleFor', { party: partyLabel })
      : words.t('briefs.ceasefire.title'),
    intro:
      sections.length > 0
        ? words.t('briefs.ceasefire.intro')
        : partyLabel
          ? words.t('briefs.ceasefire.noneFor', { party: partyLabel })
          : words.t('briefs.ceasefire.noneAny'),
    sections,
    sources: () => citations.list(),
    asOf: store.derive(`asOf:ceasefire:${parties.join()}`, () => asOfLabel(store, shown)),
    storeUpdated: store.lastAdded(),
    continuation: () => commandLine(store.locale, 'topic', [['name', topicName]]),
    tone: 'info',
  };
}
