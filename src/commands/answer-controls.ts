// The buttons and menus under answers: Previous and Next for a paged answer, buttons that open a
// related view (a place's timeline), and menus that go to a place, topic or actor. The ids come from
// custom-ids.ts; the components from render/discord-components.ts.
import type { APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import type { Brief } from '../briefs/brief.js';
import type { FactStore } from '../data/fact-store.js';
import type { Place } from '../data/schema.js';
import { button, type MenuOption, pagerButtons } from '../render/discord-components.js';
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

/** Previous and Next for `view`, standing on the page shown (the last, when more were asked for). */
export function pagerFor(facts: FactStore, view: View, pageCount: number): APIButtonComponentWithCustomId[] {
  const version = factsVersion(facts);
  return pagerButtons({
    page: Math.min(view.page, pageCount),
    pageCount,
    idForPage: (page) => encodeViewId(version, { ...view, page }),
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

/** The custom_id of a menu of places, topics and actors. */
export function pickMenuId(facts: FactStore): string {
  return encodePickId(factsVersion(facts));
}

const statements = (count: number) => `${count} statement${count === 1 ? '' : 's'}`;

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
  const options: MenuOption[] = [];
  const visit = (parent: Place, depth: number) => {
    for (const child of childrenOf(facts, parent.id)) {
      options.push({
        label: depth === 0 ? child.name : `${child.name} (in ${parent.name})`,
        value: encodePickValue({ kind: 'place', id: child.id }),
        description: `${child.kind} · ${statements(facts.factsForPlace(child.id).length)}`,
      });
      visit(child, depth + 1);
    }
  };
  visit(place, 0);
  for (const ancestor of facts.placeAncestors(place.id)) {
    options.push({
      label: `↑ ${ancestor.name}`,
      value: encodePickValue({ kind: 'place', id: ancestor.id }),
      description: `${ancestor.kind} containing ${place.name} · ${statements(facts.factsForPlace(ancestor.id).length)}`,
    });
  }
  return options;
}

export function placeMenuPlaceholder(facts: FactStore, place: Place): string {
  return childrenOf(facts, place.id).length > 0
    ? `Places inside ${place.name}: pick one to drill down`
    : `Places containing ${place.name}: pick one to go up`;
}

/**
 * "place · 4 statements on this topic" options for the topics, places and speakers of some
 * statements, most statements first; kept per store under `key`, since a topic may have thousands.
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
  const options: MenuOption[] = [];
  for (const [id, count] of byCount(topics)) {
    const topic = facts.topic(id);
    if (topic)
      options.push({
        label: topic.name,
        value: encodePickValue({ kind: 'topic', id }),
        description: `topic · ${statements(count)} ${onWhat}`,
      });
  }
  for (const [id, count] of byCount(places)) {
    const place = facts.place(id);
    if (place)
      options.push({
        label: place.name,
        value: encodePickValue({ kind: 'place', id }),
        description: `${place.kind} · ${statements(count)} ${onWhat}`,
      });
  }
  for (const [id, count] of byCount(actors)) {
    const actor = facts.actor(id);
    if (actor)
      options.push({
        label: actor.name,
        value: encodePickValue({ kind: 'actor', id }),
        description: `who · ${statements(count)} ${onWhat}`,
      });
  }
  return options;
}
