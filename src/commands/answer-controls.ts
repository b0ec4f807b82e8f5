// The buttons and menus under answers: Previous and Next for a paged answer, buttons that open a
// related view (a place's timeline), and menus that go to a place, topic or actor. The ids come from
// custom-ids.ts; the components from render/discord-components.ts.
import type { APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import type { Brief } from '../briefs/brief.js';
import type { FactStore } from '../data/fact-store.js';
import type { Place } from '../data/schema.js';
import { type Words, wordsIn } from '../i18n/words.js';
import { button, type MenuOption, pagerButtons, pagerLabels } from '../render/discord-components.js';
import { briefPageCount } from '../render/discord-embed.js';
import { encodePickId, encodePickValue, encodeViewId, type View } from './custom-ids.js';
import { factsVersion } from './facts-version.js';

/**
 * How many pages an answer fills, counted once per store under `key`: counting builds every line,
 * and a page flip should cost what one page costs.
 */
export function storedPageCount(facts: FactStore, key: string, build: () => Brief): number {
  return facts.derive(`pageCount:${key}`, () => briefPageCount(build()));
}

/**
 * Previous and Next for `view`, standing on the page shown (the last, when more were asked for),
 * labelled in the language of `facts` (a store from `FactStore.in`).
 */
export function pagerFor(facts: FactStore, view: View, pageCount: number): APIButtonComponentWithCustomId[] {
  const version = factsVersion(facts);
  return pagerButtons({
    page: Math.min(view.page, pageCount),
    pageCount,
    idForPage: (page) => encodeViewId(version, { ...view, page }),
    labels: pagerLabels(wordsIn(facts.locale)),
  });
}

/** A button opening `view`; none when its id cannot be made. */
export function viewButton(
  facts: FactStore,
  label: string,
  view: View,
  { primary = false }: { primary?: boolean } = {},
): APIButtonComponentWithCustomId[] {
  const customId = encodeViewId(factsVersion(facts), view);
  return customId ? [button({ label, customId, primary })] : [];
}

/** A button's label in the language of `facts`: "Timeline", "Хронологія", "Источники". */
export function controlLabel(facts: FactStore, control: 'timeline' | 'sources' | 'situation'): string {
  return wordsIn(facts.locale).t(`commands.controls.${control}`);
}

/** "More related (15)", "Пов’язані заяви (15)": the /ask button to the statements the answer left out. */
export function moreRelatedLabel(facts: FactStore, related: number): string {
  return wordsIn(facts.locale).t('commands.controls.moreRelatedCount', { related });
}

/** The custom_id of a menu of places, topics and actors. */
export function pickMenuId(facts: FactStore): string {
  return encodePickId(factsVersion(facts));
}

/** "5 statements", "5 заяв", "21 заява", "2 заявления". */
export const statementCount = (words: Words, count: number): string =>
  words.t('commands.menu.statements', { count });

const placeKind = (words: Words, place: Place) => words.t(`briefs.placeKind.${place.kind}`);

/** A place's direct children, by name. */
function childrenOf(facts: FactStore, placeId: string): Place[] {
  return facts.derive(`children:${placeId}`, () =>
    facts.places.filter((place) => place.parent === placeId).sort((a, b) => a.name.localeCompare(b.name)),
  );
}

/**
 * The drill-down menu of /status: the places inside `place`, each under its parent (Sudzha district,
 * then Sudzha), then the places containing it, to go back up. Discord shows the first 25.
 */
export function placeMenuOptions(facts: FactStore, place: Place): MenuOption[] {
  const words = wordsIn(facts.locale);
  const options: MenuOption[] = [];
  const visit = (parent: Place, depth: number) => {
    for (const child of childrenOf(facts, parent.id)) {
      options.push({
        label:
          depth === 0
            ? child.name
            : words.t('commands.menu.child', { name: child.name, parent: parent.name }),
        value: encodePickValue({ kind: 'place', id: child.id }),
        description: words.t('commands.menu.childDescription', {
          kind: placeKind(words, child),
          statements: statementCount(words, facts.factsForPlace(child.id).length),
        }),
      });
      visit(child, depth + 1);
    }
  };
  visit(place, 0);
  for (const ancestor of facts.placeAncestors(place.id)) {
    options.push({
      label: words.t('commands.menu.ancestor', { name: ancestor.name }),
      value: encodePickValue({ kind: 'place', id: ancestor.id }),
      description: words.t('commands.menu.ancestorDescription', {
        kind: placeKind(words, ancestor),
        place: place.name,
        statements: statementCount(words, facts.factsForPlace(ancestor.id).length),
      }),
    });
  }
  return options;
}

export function placeMenuPlaceholder(facts: FactStore, place: Place): string {
  return wordsIn(facts.locale).t(
    childrenOf(facts, place.id).length > 0
      ? 'commands.menu.insidePlaceholder'
      : 'commands.menu.containingPlaceholder',
    { place: place.name },
  );
}

/**
 * "place · 4 statements on this topic" options for the topics, places and speakers of some
 * statements, most statements first; kept per store under `key`, since a topic may have thousands.
 * Written in the language of `facts`; `onWhat` ("on this topic": `commands.menu.onThisTopic`,
 * "from X": `commands.menu.fromActor`) comes in that language too.
 */
export function entityMenuOptions(
  facts: FactStore,
  key: string,
  statementsAbout: readonly { places: readonly string[]; topics: readonly string[]; actor: string }[],
  include: { places?: boolean; topics?: boolean; actors?: boolean },
  onWhat: string,
): MenuOption[] {
  return facts.derive(`menu:${key}`, () => tallyMenuOptions(facts, statementsAbout, include, onWhat));
}

function tallyMenuOptions(
  facts: FactStore,
  statementsAbout: readonly { places: readonly string[]; topics: readonly string[]; actor: string }[],
  include: { places?: boolean; topics?: boolean; actors?: boolean },
  onWhat: string,
): MenuOption[] {
  const tally = (ids: Iterable<string>, counts: Map<string, number>) => {
    for (const id of new Set(ids)) counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  const places = new Map<string, number>();
  const topics = new Map<string, number>();
  const actors = new Map<string, number>();
  for (const fact of statementsAbout) {
    if (include.places) tally(fact.places, places);
    if (include.topics) tally(fact.topics, topics);
    if (include.actors) tally([fact.actor], actors);
  }
  const byCount = (counts: Map<string, number>) =>
    [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const words = wordsIn(facts.locale);
  const describe = (kind: string, count: number) =>
    words.t('commands.menu.entityDescription', {
      kind,
      statements: statementCount(words, count),
      onWhat,
    });
  const options: MenuOption[] = [];
  for (const [id, count] of byCount(topics)) {
    const topic = facts.topic(id);
    if (topic)
      options.push({
        label: topic.name,
        value: encodePickValue({ kind: 'topic', id }),
        description: describe(words.t('commands.menu.topic'), count),
      });
  }
  for (const [id, count] of byCount(places)) {
    const place = facts.place(id);
    if (place)
      options.push({
        label: place.name,
        value: encodePickValue({ kind: 'place', id }),
        description: describe(placeKind(words, place), count),
      });
  }
  for (const [id, count] of byCount(actors)) {
    const actor = facts.actor(id);
    if (actor)
      options.push({
        label: actor.name,
        value: encodePickValue({ kind: 'actor', id }),
        description: describe(words.t('commands.menu.who'), count),
      });
  }
  return options;
}
