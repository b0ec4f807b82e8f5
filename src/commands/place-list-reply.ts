// /timeline and /sources share a shape: a paged list over the whole store or one place, with a
// button to each of the place's other views. One function builds both, so they cannot drift apart.
import type { Brief } from '../briefs/brief.js';
import type { FactStore } from '../data/fact-store.js';
import type { Place } from '../data/schema.js';
import { wordsIn } from '../i18n/words.js';
import { buttonRows, withComponents } from '../render/discord-components.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import { pagerFor, storedPageCount, viewButton } from './answer-controls.js';
import { didYouMean } from './choices.js';

type ListKind = 'timeline' | 'sources';

/** The buttons under a place's list: its situation, and the other list. */
const otherViews: Record<ListKind, readonly ('status' | ListKind)[]> = {
  timeline: ['status', 'sources'],
  sources: ['status', 'timeline'],
};
const controlKey = { status: 'situation', timeline: 'timeline', sources: 'sources' } as const;

/** The /timeline or /sources answer, in the language of `facts` (a store from `FactStore.in`). */
export function placeListReply(
  facts: FactStore,
  kind: ListKind,
  build: (facts: FactStore, place: Place | undefined) => Brief,
  region: string | null | undefined,
  page: number,
): ReplyPayload {
  const words = wordsIn(facts.locale);
  const place = region ? facts.resolvePlace(region) : undefined;
  if (region && !place) {
    return renderUserError(
      words.t(`briefs.commands.${kind}.unknownPlace`, {
        place: quoteUserInput(region),
        didYouMean: didYouMean(facts.suggestPlaces(region, 3), words),
      }),
    );
  }
  const pageCount = storedPageCount(facts, `${kind}:${place?.id ?? '*'}`, () => build(facts, place));
  const reply = renderBriefEmbed(build(facts, place), { page, pageCount });
  return withComponents(
    reply,
    buttonRows([
      ...pagerFor(facts, { kind, placeId: place?.id, page }, pageCount),
      ...(place
        ? otherViews[kind].flatMap((view) =>
            viewButton(facts, words.t(`commands.controls.${controlKey[view]}`), {
              kind: view,
              placeId: place.id,
              page: 1,
            }),
          )
        : []),
    ]),
  );
}
