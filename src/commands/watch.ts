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
import { commandLine, commandLocalizations } from '../i18n/command-localizations.js';
import type { Locale } from '../i18n/locales.js';
import { type Words, wordsIn } from '../i18n/words.js';
import { type ReplyPayload, renderEphemeralText, renderUserError } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { discordTimestamp } from '../render/discord-markup.js';
import type { Watcher } from '../store/watch.js';
import { quoteUserInput, truncate } from '../text.js';
import { didYouMean, placeChoices } from './choices.js';
import {
  type AutocompleteChoice,
  type CommandContext,
  readerLanguage,
  type SlashCommand,
} from './command.js';
import { topicChoices } from './topic.js';
import { actorChoices } from './who.js';

/** Said when the store cannot be opened, in the reader's language. */
const notRunning = (words: Words) => renderUserError(words.t('watches.notRunning'));

/** The value of the remove option that forgets every watch. */
const everything = 'all';

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

/** The words, facts and command lines of one /watch answer: all in the reader's language. */
interface Speaking {
  locale: Locale;
  words: Words;
  /** The facts in the reader's language (names as they read them; English names still resolve). */
  facts: FactStore;
}

function speaking(context: CommandContext): Speaking {
  // Every /watch reply is private: always the reader's own language.
  const locale = readerLanguage(context);
  return { locale, words: wordsIn(locale), facts: context.facts.in(locale) };
}

/** The examples `/watch add` offers, as the reader types them ("/стежити додати місце:Суджа"). */
const exampleTargets: readonly [WatchKind, string, string][] = [
  ['place', 'sudzha', 'Sudzha'],
  ['topic', 'north-korea', 'North Korea'],
  ['actor', 'zelenskyy', 'Zelenskyy'],
];

function addExamples({ locale, words, facts }: Speaking): string {
  return words.alternatives(
    exampleTargets.map(([kind, id, english]) => {
      const name = locale === 'en' ? english : (targetName(facts, { kind, id }) ?? english);
      return `\`${commandLine(locale, 'watch add', [[kind, name]])}\``;
    }),
  );
}

/** "Sudzha (place, and the places inside it)". */
function describeTarget({ words, facts }: Speaking, target: WatchTarget): string {
  const name = targetName(facts, target);
  const kind = words.t(`watches.kind.${target.kind}`);
  if (name === undefined) return words.t('watches.targetGone', { id: target.id, kind });
  const inside = target.kind === 'place' && facts.placeAndDescendants(target.id).length > 1;
  return words.t('watches.target', { name, kind, inside: inside ? words.t('watches.targetInside') : '' });
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

/** "place", "місце": an option of `/watch add` as the reader sees it. */
const optionName = (locale: Locale, kind: WatchKind) =>
  locale === 'en' ? kind : (commandLocalizations[`watch.add.${kind}`]?.name[locale] ?? kind);

/** The one target `/watch add` names, or why it cannot be watched. */
function targetToAdd(
  interaction: ChatInputCommandInteraction,
  speech: Speaking,
): { target: WatchTarget } | { refusal: ReplyPayload } {
  const { locale, words, facts } = speech;
  const given = watchKinds.flatMap((kind) => {
    const value = interaction.options.getString(kind)?.trim();
    return value ? [{ kind, value }] : [];
  });
  const [only, ...others] = given;
  if (!only) {
    return { refusal: renderUserError(words.t('watches.giveOne', { examples: addExamples(speech) })) };
  }
  if (others.length > 0) {
    return {
      refusal: renderUserError(
        words.t('watches.onlyOne', {
          command: commandLine(locale, 'watch add'),
          given: words.list(given.map(({ kind }) => optionName(locale, kind))),
        }),
      ),
    };
  }
  const { id, near } = lookUp(facts, only.kind, only.value);
  if (id) return { target: { kind: only.kind, id } };
  return {
    refusal: renderUserError(
      words.t(`watches.unknown.${only.kind}`, {
        name: quoteUserInput(only.value),
        didYouMean: didYouMean(near(), words),
      }),
    ),
  };
}

async function addWatch(
  interaction: ChatInputCommandInteraction,
  watches: WatchService,
  speech: Speaking,
): Promise<ReplyPayload> {
  const { locale, words } = speech;
  const chosen = targetToAdd(interaction, speech);
  if ('refusal' in chosen) return chosen.refusal;
  // The watch remembers the reader's language: its messages are written in it.
  const outcome = await watches.add(interaction.user.id, chosen.target, locale);
  if (!outcome.ok) return renderUserError(outcome.reason);
  const { watcher, added, resumed } = outcome.value;
  const what = describeTarget(speech, chosen.target);
  const lines = [
    words.t(added ? 'watches.added' : 'watches.already', { what }),
    resumed ? words.t('watches.resumed') : '',
    added ? words.t('watches.howItWorks') : '',
    added && interaction.inGuild() ? words.t('watches.allowMessages') : '',
    words.t('watches.used', {
      used: watcher.watches.length,
      max: watches.maxPerUser,
      list: commandLine(locale, 'watch list'),
    }),
  ];
  return renderEphemeralText(lines.filter(Boolean).join('\n'));
}

/** Why messages are paused, in the reader's words; English readers see the reason as recorded. */
function pauseReason(words: Words, paused: NonNullable<Watcher['paused']>): string {
  return words.locale === 'en' ? paused.reason : words.t(`watches.pauseReason.${paused.code}`);
}

/**
 * What /watch list says: the watches, whether messages reach the user, and what is stored, in the
 * language of `facts` (a store from `FactStore.in`).
 */
export function listText(facts: FactStore, watcher: Watcher | undefined, maxPerUser: number): string {
  const locale = facts.locale;
  const words = wordsIn(locale);
  const speech: Speaking = { locale, words, facts };
  const stored = words.t('watches.stored', {
    forget: commandLine(locale, 'watch remove', [['target', everything]]),
  });
  if (!watcher || watcher.watches.length === 0) {
    return `${words.t('watches.nothingYet', { examples: addExamples(speech) })}\n${stored}`;
  }
  const watches = watcher.watches.map((watch) =>
    words.t('watches.listItem', {
      target: describeTarget(speech, watch),
      since: discordTimestamp(new Date(watch.addedAt), 'd'),
    }),
  );
  const state = watcher.paused
    ? words.t('watches.paused', {
        since: discordTimestamp(new Date(watcher.paused.at), 'f'),
        reason: pauseReason(words, watcher.paused),
        add: commandLine(locale, 'watch add'),
      })
    : words.t('watches.on', { asOf: discordTimestamp(new Date(watcher.cursor), 'f') });
  const head = words.t('watches.listHead', { used: watcher.watches.length, max: maxPerUser });
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
  speech: Speaking,
): Promise<ReplyPayload> {
  const { locale, words, facts } = speech;
  const typed = interaction.options.getString('target', true).trim();
  const userId = interaction.user.id;
  if (typed.toLowerCase() === everything) {
    const removed = await watches.removeAll(userId);
    return renderEphemeralText(
      removed > 0
        ? words.t('watches.forgotAll', { count: removed })
        : words.t('watches.heldNothing', { command: commandLine(locale, 'watch') }),
    );
  }
  const listed = await watches.list(userId, locale);
  if (!listed.ok) return renderUserError(listed.reason);
  const target = targetToRemove(typed, listed.value, facts);
  if (!target) {
    return renderUserError(words.t('watches.notWatchingTyped', { name: quoteUserInput(typed) }));
  }
  return stopReply(await watches.remove(userId, target, locale), speech, target);
}

function stopReply(
  outcome: Awaited<ReturnType<WatchService['remove']>>,
  { locale, words, facts }: Speaking,
  target: WatchTarget,
): ReplyPayload {
  if (!outcome.ok) return renderUserError(outcome.reason);
  const name = targetName(facts, target) ?? target.id;
  const { remaining } = outcome.value;
  return renderEphemeralText(
    remaining > 0
      ? words.t('watches.stoppedSome', { name, count: remaining, list: commandLine(locale, 'watch list') })
      : words.t('watches.stoppedLast', { name }),
  );
}

/**
 * A press of a "Stop watching" button under a watch message: stops that watch for whoever pressed
 * it, answering in their language. Undefined when the custom_id is not a stop button (another
 * handler's).
 */
export async function answerStopWatchingButton(
  customId: string,
  userId: string,
  context: CommandContext,
): Promise<ReplyPayload | undefined> {
  const target = parseStopWatchingId(customId);
  if (!target) return undefined;
  const speech = speaking(context);
  if (!context.watches) return notRunning(speech.words);
  return stopReply(await context.watches.remove(userId, target, speech.locale), speech, target);
}

async function executeWatch(
  interaction: ChatInputCommandInteraction,
  context: CommandContext,
): Promise<ReplyPayload> {
  const { watches } = context;
  const speech = speaking(context);
  const { locale, words } = speech;
  if (!watches) return notRunning(words);
  const subcommand = interaction.options.getSubcommand();
  switch (subcommand) {
    case 'add':
      return addWatch(interaction, watches, speech);
    case 'list': {
      const listed = await watches.list(interaction.user.id, locale);
      if (!listed.ok) return renderUserError(listed.reason);
      return renderEphemeralText(listText(speech.facts, listed.value, watches.maxPerUser));
    }
    case 'remove':
      return removeWatch(interaction, watches, speech);
    default:
      return renderUserError(
        words.t('watches.unknownSubcommand', {
          command: commandLine(locale, 'watch'),
          subcommand: truncate(subcommand, 30),
          list: commandLine(locale, 'watch list'),
        }),
      );
  }
}

async function autocompleteWatch(
  interaction: AutocompleteInteraction,
  context: CommandContext,
): Promise<AutocompleteChoice[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value);
  const { locale, words, facts } = speaking(context);
  switch (focused.name) {
    case 'place':
      return placeChoices(facts, typed);
    case 'topic':
      return topicChoices(facts, typed);
    case 'actor':
      return actorChoices(facts, typed);
    case 'target': {
      const listed = context.watches ? await context.watches.list(interaction.user.id, locale) : undefined;
      const wanted = typed.trim().toLowerCase();
      const mine = (listed?.ok ? (listed.value?.watches ?? []) : [])
        .map((watch) => ({ watch, name: targetName(facts, watch) ?? watch.id }))
        .filter(({ name }) => name.toLowerCase().includes(wanted))
        .map(({ watch, name }) => ({
          name: truncate(
            words.t('watches.choice', { name, kind: words.t(`watches.kind.${watch.kind}`) }),
            DiscordLimits.choiceName,
          ),
          value: targetKey(watch),
        }));
      return [
        ...mine.slice(0, DiscordLimits.autocompleteChoices - 1),
        { name: words.t('watches.forgetChoice'), value: everything },
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
      (await answerStopWatchingButton(customId, userId, context)) ??
      notRunning(wordsIn(readerLanguage(context))),
  },
};
