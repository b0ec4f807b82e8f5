// /watch: any member, or anyone who added sitrep to their own apps, watches a place, a topic or an
// actor and gets one direct message per fact reload with everything that changed on their watches.
// Every reply is private. The "Stop watching" buttons under those messages are answered here too.
import {
  ApplicationIntegrationType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  InteractionContextType,
  SlashCommandBuilder,
} from 'discord.js';
import {
  sameTarget,
  targetKey,
  targetName,
  type WatchKind,
  type WatchTarget,
  watchKinds,
} from '../briefs/watch-brief.js';
import type { FactStore } from '../data/fact-store.js';
import type { Named, NameMatch } from '../data/name-match.js';
import { parseStopWatchingId } from '../delivery/watch-delivery.js';
import type { WatchService } from '../delivery/watch-service.js';
import { type ReplyPayload, renderEphemeralText, renderUserError } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { discordTimestamp } from '../render/discord-markup.js';
import type { Watcher } from '../store/watch.js';
import { quoteUserInput, truncate } from '../text.js';
import { didYouMean, placeChoices } from './choices.js';
import type { AutocompleteChoice, CommandContext, SlashCommand } from './command.js';
import { topicChoices } from './topic.js';
import { actorChoices } from './who.js';

const notRunning = renderUserError(
  'Watches are not available right now: sitrep cannot reach its database. Commands still answer; please try again later.',
);

/** The value of the remove option that forgets every watch. */
const everything = 'all';

const kindWords: Record<WatchKind, string> = { place: 'a place', topic: 'a topic', actor: 'an actor' };

const data = new SlashCommandBuilder()
  .setName('watch')
  .setDescription('Get a direct message when the statements on a place, topic or actor change')
  .setContexts(
    InteractionContextType.Guild,
    InteractionContextType.BotDM,
    InteractionContextType.PrivateChannel,
  )
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Watch one place, topic or actor (give exactly one)')
      .addStringOption((option) =>
        option
          .setName('place')
          .setDescription('A place; the places inside it are watched too')
          .setMaxLength(100)
          .setAutocomplete(true),
      )
      .addStringOption((option) =>
        option
          .setName('topic')
          .setDescription('A topic, e.g. North Korea')
          .setMaxLength(100)
          .setAutocomplete(true),
      )
      .addStringOption((option) =>
        option
          .setName('actor')
          .setDescription('Who makes statements, e.g. Russia’s Defence Ministry')
          .setMaxLength(100)
          .setAutocomplete(true),
      ),
  )
  .addSubcommand((sub) =>
    sub.setName('list').setDescription('What you watch, and whether messages reach you'),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Stop watching one thing, or everything')
      .addStringOption((option) =>
        option
          .setName('target')
          .setDescription('What to stop watching, or "all" to forget every watch and your record')
          .setRequired(true)
          .setMaxLength(100)
          .setAutocomplete(true),
      ),
  )
  .toJSON();

/** "Sudzha (place, and the places inside it)". */
function describeTarget(facts: FactStore, target: WatchTarget): string {
  const name = targetName(facts, target);
  if (name === undefined) return `${target.id} (${target.kind}; no longer in sitrep's facts)`;
  const inside = target.kind === 'place' && facts.placeAndDescendants(target.id).length > 1;
  return `**${name}** (${target.kind}${inside ? ', and the places inside it' : ''})`;
}

/** What the user typed, as the id of a place, topic or actor, with near names when nothing matched. */
function lookUp(
  facts: FactStore,
  kind: WatchKind,
  typed: string,
): { id?: string; near: () => NameMatch<Named>[] } {
  switch (kind) {
    case 'place':
      return { id: facts.resolvePlace(typed)?.id, near: () => facts.suggestPlaces(typed, 3) };
    case 'topic':
      return { id: facts.resolveTopic(typed)?.id, near: () => facts.suggestTopics(typed, 3) };
    case 'actor':
      return { id: facts.resolveActor(typed)?.id, near: () => facts.suggestActors(typed, 3) };
  }
}

/** The one target `/watch add` names, or why it cannot be watched. */
function targetToAdd(
  interaction: ChatInputCommandInteraction,
  facts: FactStore,
): { target: WatchTarget } | { refusal: ReplyPayload } {
  const given = watchKinds.flatMap((kind) => {
    const value = interaction.options.getString(kind)?.trim();
    return value ? [{ kind, value }] : [];
  });
  const [only, ...others] = given;
  if (!only) {
    return {
      refusal: renderUserError(
        'Give one thing to watch: `/watch add place:Sudzha`, `/watch add topic:North Korea` or `/watch add actor:Zelenskyy`.',
      ),
    };
  }
  if (others.length > 0) {
    return {
      refusal: renderUserError(
        `Give only one of place, topic or actor per \`/watch add\` (you gave ${given.map(({ kind }) => kind).join(' and ')}); run it once for each.`,
      ),
    };
  }
  const { id, near } = lookUp(facts, only.kind, only.value);
  if (id) return { target: { kind: only.kind, id } };
  return {
    refusal: renderUserError(
      `I don't know ${kindWords[only.kind]} called ${quoteUserInput(only.value)}.${didYouMean(near())} Pick one from the list as you type.`,
    ),
  };
}

async function addWatch(
  interaction: ChatInputCommandInteraction,
  watches: WatchService,
  facts: FactStore,
): Promise<ReplyPayload> {
  const chosen = targetToAdd(interaction, facts);
  if ('refusal' in chosen) return chosen.refusal;
  const outcome = await watches.add(interaction.user.id, chosen.target);
  if (!outcome.ok) return renderUserError(outcome.reason);
  const { watcher, added, resumed } = outcome.value;
  const what = describeTarget(facts, chosen.target);
  const lines = [
    added ? `You now watch ${what}.` : `You already watch ${what}.`,
    resumed
      ? 'Messages to you were paused; they are on again, and the next one includes what changed meanwhile.'
      : '',
    added
      ? 'When the facts are reloaded with a new statement about it, or a status change on one, sitrep sends you one direct message with everything that changed on all your watches.'
      : '',
    added && interaction.inGuild()
      ? 'sitrep needs to be able to message you: allow direct messages from this server’s members, or add sitrep to your apps.'
      : '',
    `${watcher.watches.length} of ${watches.maxPerUser} watches used. \`/watch list\` shows them.`,
  ];
  return renderEphemeralText(lines.filter(Boolean).join('\n'));
}

/** What /watch list says: the watches, whether messages reach the user, and what is stored. */
export function listText(facts: FactStore, watcher: Watcher | undefined, maxPerUser: number): string {
  const stored =
    'sitrep stores only your Discord user id, what you watch, and how far its messages to you have got; `/watch remove target:all` forgets all of it.';
  if (!watcher || watcher.watches.length === 0) {
    return `You watch nothing yet. Try \`/watch add place:Sudzha\`, \`/watch add topic:North Korea\` or \`/watch add actor:Zelenskyy\`.\n${stored}`;
  }
  const watches = watcher.watches.map(
    (watch) => `• ${describeTarget(facts, watch)} · since ${discordTimestamp(new Date(watch.addedAt), 'd')}`,
  );
  const state = watcher.paused
    ? `Messages are **paused** since ${discordTimestamp(new Date(watcher.paused.at), 'f')}: ${watcher.paused.reason}. Once sitrep can message you, run \`/watch add\` with any of these again to resume; nothing that changed meanwhile is lost.`
    : `Messages are on: one direct message per fact reload that changes something you watch. Up to date as of ${discordTimestamp(new Date(watcher.cursor), 'f')}.`;
  const head = `You watch ${watcher.watches.length} of ${maxPerUser}:`;
  const tail = `\n${state}\n${stored}`;
  return `${head}\n${truncate(watches.join('\n'), DiscordLimits.messageContent - head.length - tail.length - 2)}${tail}`;
}

/** The watch the remove option names: an autocomplete value ("place:sudzha"), or a name the user typed. */
function targetToRemove(
  typed: string,
  watcher: Watcher | undefined,
  facts: FactStore,
): WatchTarget | undefined {
  const watches = watcher?.watches ?? [];
  const byValue = watches.find((watch) => targetKey(watch) === typed);
  if (byValue) return byValue;
  const wanted = typed.trim().toLowerCase();
  const named = watchKinds.flatMap((kind) => {
    const { id } = lookUp(facts, kind, typed);
    return id ? [{ kind, id }] : [];
  });
  return (
    watches.find((watch) => named.some((target) => sameTarget(target, watch))) ??
    watches.find((watch) => (targetName(facts, watch) ?? watch.id).toLowerCase() === wanted)
  );
}

async function removeWatch(
  interaction: ChatInputCommandInteraction,
  watches: WatchService,
  facts: FactStore,
): Promise<ReplyPayload> {
  const typed = interaction.options.getString('target', true).trim();
  const userId = interaction.user.id;
  if (typed.toLowerCase() === everything) {
    const removed = await watches.removeAll(userId);
    return renderEphemeralText(
      removed > 0
        ? `Done: you watch nothing now, and sitrep has forgotten your ${removed === 1 ? 'watch' : `${removed} watches`} and your user id.`
        : 'Done: sitrep holds nothing about you for /watch.',
    );
  }
  const listed = await watches.list(userId);
  if (!listed.ok) return renderUserError(listed.reason);
  const target = targetToRemove(typed, listed.value, facts);
  if (!target) {
    return renderUserError(
      `You don't watch ${quoteUserInput(typed)}. Pick one of your watches from the list as you type, or \`all\`.`,
    );
  }
  return stopReply(await watches.remove(userId, target), facts, target);
}

function stopReply(
  outcome: Awaited<ReturnType<WatchService['remove']>>,
  facts: FactStore,
  target: WatchTarget,
): ReplyPayload {
  if (!outcome.ok) return renderUserError(outcome.reason);
  const name = targetName(facts, target) ?? target.id;
  const { remaining } = outcome.value;
  return renderEphemeralText(
    remaining > 0
      ? `You no longer watch **${name}**. You still watch ${remaining === 1 ? '1 other' : `${remaining} others`} (\`/watch list\`).`
      : `You no longer watch **${name}**. That was your last watch, so sitrep has forgotten your user id too.`,
  );
}

/**
 * A press of a "Stop watching" button under a watch message: stops that watch for whoever pressed
 * it. Undefined when the custom_id is not a stop button (another handler's).
 */
export async function answerStopWatchingButton(
  customId: string,
  userId: string,
  context: CommandContext,
): Promise<ReplyPayload | undefined> {
  const target = parseStopWatchingId(customId);
  if (!target) return undefined;
  if (!context.watches) return notRunning;
  return stopReply(await context.watches.remove(userId, target), context.facts, target);
}

async function executeWatch(
  interaction: ChatInputCommandInteraction,
  context: CommandContext,
): Promise<ReplyPayload> {
  const { watches, facts } = context;
  if (!watches) return notRunning;
  const subcommand = interaction.options.getSubcommand();
  switch (subcommand) {
    case 'add':
      return addWatch(interaction, watches, facts);
    case 'list': {
      const listed = await watches.list(interaction.user.id);
      if (!listed.ok) return renderUserError(listed.reason);
      return renderEphemeralText(listText(facts, listed.value, watches.maxPerUser));
    }
    case 'remove':
      return removeWatch(interaction, watches, facts);
    default:
      return renderUserError(`Unknown /watch ${truncate(subcommand, 30)}. Try /watch list.`);
  }
}

async function autocompleteWatch(
  interaction: AutocompleteInteraction,
  context: CommandContext,
): Promise<AutocompleteChoice[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value);
  const { facts } = context;
  switch (focused.name) {
    case 'place':
      return placeChoices(facts, typed);
    case 'topic':
      return topicChoices(facts, typed);
    case 'actor':
      return actorChoices(facts, typed);
    case 'target': {
      const listed = context.watches ? await context.watches.list(interaction.user.id) : undefined;
      const wanted = typed.trim().toLowerCase();
      const mine = (listed?.ok ? (listed.value?.watches ?? []) : [])
        .map((watch) => ({ watch, name: targetName(facts, watch) ?? watch.id }))
        .filter(({ name }) => name.toLowerCase().includes(wanted))
        .map(({ watch, name }) => ({
          name: truncate(`${name} (${watch.kind})`, DiscordLimits.choiceName),
          value: targetKey(watch),
        }));
      return [
        ...mine.slice(0, DiscordLimits.autocompleteChoices - 1),
        { name: 'All my watches: forget everything', value: everything },
      ];
    }
    default:
      return [];
  }
}

export const watchCommand: SlashCommand = {
  data,
  examples: ['/watch add place:Sudzha', '/watch list', '/watch remove target:Sudzha'],
  ephemeralReplies: true,
  execute: executeWatch,
  autocomplete: autocompleteWatch,
  // The "Stop watching" button under a watch message, pressed in the DM where it arrived.
  ownButtons: {
    claims: (customId) => parseStopWatchingId(customId) !== undefined,
    answer: async (customId, userId, context) =>
      (await answerStopWatchingButton(customId, userId, context)) ?? notRunning,
  },
};
