import { SlashCommandBuilder } from 'discord.js';
import { buildStatusBrief } from '../briefs/status-brief.js';
import type { FactStore } from '../data/fact-store.js';
import type { Place } from '../data/schema.js';
import { wordsIn } from '../i18n/words.js';
import type { Logger } from '../log.js';
import { buttonRows, selectMenuRow, withComponents } from '../render/discord-components.js';
import {
  type ReplyPayload,
  renderBriefEmbed,
  renderUserError,
  withEmbedImage,
} from '../render/discord-embed.js';
import type { PlaceMap, PlaceMapCache } from '../render/map/place-map.js';
import { quoteUserInput } from '../text.js';
import {
  pagerFor,
  pickMenuId,
  placeMenuOptions,
  placeMenuPlaceholder,
  storedPageCount,
  viewButton,
} from './answer-controls.js';
import { didYouMean, placeChoices } from './choices.js';
import { answerLanguage, type CommandContext, readerLanguage, type SlashCommand } from './command.js';
import { pageOption } from './page-option.js';
import { rememberedReply } from './remembered-replies.js';

/**
 * How long an answer waits for its map. The router defers at 1.5 s, so the user sees "thinking…" and
 * then the answer; a map not drawn by now is left out (and cached for the next ask when it finishes).
 */
const mapWaitMs = 2000;

/** The file name the embed refers to as `attachment://map.png`. */
export const mapFileName = 'map.png';

/** The /status answer, in the language of `facts` (a store from `FactStore.in`). */
export function statusReply(facts: FactStore, region: string, page = 1): ReplyPayload {
  const place = facts.resolvePlace(region);
  const words = wordsIn(facts.locale);
  if (!place) {
    return renderUserError(
      words.t('commands.status.unknownPlace', {
        place: quoteUserInput(region),
        didYouMean: didYouMean(facts.suggestPlaces(region, 3), words),
      }),
    );
  }
  const pageCount = storedPageCount(facts, `status:${place.id}`, () => buildStatusBrief(facts, place));
  const reply = renderBriefEmbed(buildStatusBrief(facts, place), { page, pageCount });
  return withComponents(reply, [
    selectMenuRow({
      customId: pickMenuId(facts),
      placeholder: placeMenuPlaceholder(facts, place),
      options: placeMenuOptions(facts, place),
    }),
    ...buttonRows([
      ...pagerFor(facts, { kind: 'status', placeId: place.id, page }, pageCount),
      ...viewButton(facts, words.t('commands.controls.timeline'), {
        kind: 'timeline',
        placeId: place.id,
        page: 1,
      }),
      ...viewButton(facts, words.t('commands.controls.sources'), {
        kind: 'sources',
        placeId: place.id,
        page: 1,
      }),
    ]),
  ]);
}

/** The map of a place, or undefined when it fails or is not drawn within `waitMs`: the text stands alone. */
async function mapWithin(
  maps: PlaceMapCache,
  facts: FactStore,
  place: Place,
  log: Logger,
  waitMs: number,
): Promise<PlaceMap | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), waitMs);
  });
  try {
    const map = await Promise.race([maps.mapOf(facts, place), late]);
    if (map !== 'late') return map;
    log.warn({ place: place.id, waitMs }, 'map not drawn in time: answering without it');
  } catch (error) {
    log.error({ err: error, place: place.id }, 'map drawing failed: answering without it');
  } finally {
    clearTimeout(timer);
  }
  return undefined;
}

/** The /status answer with its map attached when the place has one to draw. */
export async function statusReplyWithMap(
  { facts, log, maps }: Pick<CommandContext, 'facts' | 'log' | 'maps'>,
  region: string,
  page = 1,
  { waitMs = mapWaitMs }: { waitMs?: number } = {},
): Promise<ReplyPayload> {
  const place = facts.resolvePlace(region);
  // An unknown place's answer quotes what was typed: built afresh, never kept.
  if (!place) return statusReply(facts, region, page);
  // Kept by the place, not the text typed: "Sudzha", "суджа" and a button's id share one page.
  const reply = rememberedReply(facts, `status\u0000${place.id}\u0000${page}`, () =>
    statusReply(facts, place.id, page),
  );
  if (reply.ephemeral) return reply;
  const map = await mapWithin(maps, facts, place, log, waitMs);
  if (!map) return reply;
  return withEmbedImage(reply, { name: mapFileName, data: map.png, description: map.altText });
}

export const statusCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('The situation in a place: who claims what, with status and source')
    .addStringOption((option) =>
      option
        .setName('region')
        .setDescription('A region, town or village, e.g. Kursk, Sudzha, Sumy')
        .setRequired(true)
        .setMaxLength(100)
        .setAutocomplete(true),
    )
    .addIntegerOption(pageOption)
    .toJSON(),
  examples: ['/status region:Sudzha', '/status region:Kursk page:2'],
  async execute(interaction, context) {
    return statusReplyWithMap(
      { facts: context.facts.in(answerLanguage(context)), log: context.log, maps: context.maps },
      interaction.options.getString('region', true),
      interaction.options.getInteger('page') ?? 1,
    );
  },
  async autocomplete(interaction, context) {
    return placeChoices(context.facts.in(readerLanguage(context)), interaction.options.getFocused());
  },
};
