// /help: what sitrep does and every command, built from the registered definitions (with their
// Ukrainian and Russian names), so help never drifts from what Discord shows. Written in the reader's
// language, with each example as that reader types it ("/ситуація місце:Суджа").
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  InteractionContextType,
  type LocalizationMap,
  SlashCommandBuilder,
} from 'discord.js';
import { type Brief, type BriefLine, listSection } from '../briefs/brief.js';
import type { FactStore } from '../data/fact-store.js';
import { commandLine } from '../i18n/command-localizations.js';
import type { Locale } from '../i18n/locales.js';
import { type Words, wordsIn } from '../i18n/words.js';
import { type ReplyPayload, renderBriefEmbed } from '../render/discord-embed.js';
import { type Command, isSlashCommand, readerLanguage, type SlashCommand } from './command.js';

const line = (text: string): BriefLine => ({ text, responses: [] });

/** A name or description as Discord shows it to a reader of `locale`. */
const localized = (locale: Locale, english: string, localizations: LocalizationMap | null | undefined) =>
  locale === 'en' ? english : (localizations?.[locale] ?? english);

/** A catalogue key made of free text: "did russia retake sudzha" -> "did-russia-retake-sudzha". */
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');

/** A message looked up by a key made of text; undefined when the catalogue has none. */
function lookUp(words: Words, area: string, text: string): string | undefined {
  const key = `${area}.${slug(text)}`;
  const found = words.t(key);
  return found === key ? undefined : found;
}

type Option = APIApplicationCommandOption;

const subcommandsOf = (options: readonly Option[]) =>
  options.filter((option) => option.type === ApplicationCommandOptionType.Subcommand);

/**
 * An option's value in an example as a reader of `words.locale` would type it: a choice by its
 * localized name, a place, topic or actor by its name in the store's language ("Sudzha" -> "Суджа"),
 * a question as the catalogue words it; anything else as written.
 */
function localValue(option: Option | undefined, value: string, facts: FactStore, words: Words): string {
  if (!option) return value;
  if ('choices' in option && option.choices) {
    const choice = option.choices.find(
      (candidate) =>
        String(candidate.value) === value || candidate.name.toLowerCase() === value.toLowerCase(),
    );
    if (choice) return localized(words.locale, choice.name, choice.name_localizations);
  }
  if ('autocomplete' in option && option.autocomplete) {
    const resolvers = [
      (text: string) => facts.resolvePlace(text),
      (text: string) => facts.resolveTopic(text),
      (text: string) => facts.resolveActor(text),
    ];
    // The option says what it names first: "actor:", "topic:"/"name:", else a place.
    const first = /actor/.test(option.name) ? 2 : /topic|name/.test(option.name) ? 1 : 0;
    for (const resolve of [resolvers[first], ...resolvers.filter((_, index) => index !== first)]) {
      const found = resolve?.(value);
      if (found) return found.name;
    }
  }
  return lookUp(words, 'commands.help.exampleValues', value) ?? value;
}

/**
 * An English example ("/status region:Sudzha page:2") as a reader of `facts.locale` types it
 * ("/ситуація місце:Суджа сторінка:2"). English examples are shown as written.
 */
export function localExample(command: SlashCommand, example: string, facts: FactStore | undefined): string {
  const prefix = `/${command.data.name}`;
  if (!facts || facts.locale === 'en' || !example.startsWith(prefix)) return example;
  const locale = facts.locale;
  let rest = example.slice(prefix.length).trim();
  let path = command.data.name;
  let options: readonly Option[] = command.data.options ?? [];
  const subcommand = subcommandsOf(options).find(
    (candidate) => rest === candidate.name || rest.startsWith(`${candidate.name} `),
  );
  if (subcommand) {
    path = `${path} ${subcommand.name}`;
    rest = rest.slice(subcommand.name.length).trim();
    options = 'options' in subcommand ? (subcommand.options ?? []) : [];
  }
  // "name:value" pairs; a value runs to the next known option name, so it may hold spaces and colons.
  const names = options.map((option) => option.name);
  const pairs: [string, string][] = [];
  if (names.length > 0 && rest !== '') {
    const escaped = names.map((name) => name.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&'));
    const at = new RegExp(`(?:^|\\s)(${escaped.join('|')}):`, 'g');
    const found = [...rest.matchAll(at)];
    if (found.length === 0 || found[0]?.index !== 0) return example;
    found.forEach((match, index) => {
      const start = (match.index ?? 0) + match[0].length;
      const end = found[index + 1]?.index ?? rest.length;
      pairs.push([match[1] as string, rest.slice(start, end).trim()]);
    });
  } else if (rest !== '') {
    return example;
  }
  const words = wordsIn(locale);
  return commandLine(
    locale,
    path,
    pairs.map(([name, value]) => [
      name,
      localValue(
        options.find((option) => option.name === name),
        value,
        facts,
        words,
      ),
    ]),
  );
}

function slashCommandLine(command: SlashCommand, words: Words, facts: FactStore | undefined): BriefLine {
  const locale = words.locale;
  const all = command.data.options ?? [];
  const subcommands = subcommandsOf(all);
  const optionName = (option: Option) => localized(locale, option.name, option.name_localizations);
  const options =
    subcommands.length > 0
      ? subcommands.map(optionName).join('|')
      : all
          .map((option) =>
            'required' in option && option.required ? `${optionName(option)}:` : `[${optionName(option)}:]`,
          )
          .join(' ');
  const examples = command.examples
    .map((example) => `\`${localExample(command, example, facts)}\``)
    .join(', ');
  const serverOnly = !(command.data.contexts ?? []).includes(InteractionContextType.BotDM);
  return line(
    words.t('commands.help.line', {
      name: localized(locale, command.data.name, command.data.name_localizations),
      options,
      description: localized(locale, command.data.description, command.data.description_localizations),
      examples: examples ? words.t('commands.help.examples', { examples }) : '',
      serverOnly: serverOnly ? words.t('commands.help.serverOnly') : '',
    }),
  );
}

function messageCommandLine(command: Exclude<Command, SlashCommand>, words: Words): BriefLine {
  const name = command.data.name;
  const about =
    words.locale === 'en'
      ? command.examples.join(' ')
      : (lookUp(words, 'commands.help.messageCommandAbout', name) ?? command.examples.join(' '));
  return line(
    words.t('commands.help.messageCommand', {
      name: localized(words.locale, name, command.data.name_localizations),
      about,
    }),
  );
}

/** Built from the registered definitions, in the language of `facts` (a store from `FactStore.in`). */
function buildHelpBrief(commands: readonly Command[], facts: FactStore | undefined): Brief {
  const locale = facts?.locale ?? 'en';
  const words = wordsIn(locale);
  return {
    locale,
    title: words.t('commands.help.title'),
    intro: words.t('commands.help.intro'),
    sections: [
      listSection(
        words.t('commands.help.commands'),
        commands.map((command) =>
          isSlashCommand(command)
            ? slashCommandLine(command, words, facts)
            : messageCommandLine(command, words),
        ),
      ),
      listSection(words.t('commands.help.buttons'), [
        line(
          words.t('commands.help.buttonsText', {
            previous: words.t('commands.controls.previous'),
            next: words.t('commands.controls.next'),
            status: commandLine(locale, 'status'),
            ask: commandLine(locale, 'ask'),
            moreRelated: words.t('commands.controls.moreRelated'),
          }),
        ),
        line(words.t('commands.help.pagesText')),
      ]),
      listSection(words.t('commands.help.where'), [
        line(words.t('commands.help.whereText')),
        line(words.t('commands.help.externalApps')),
      ]),
      listSection(words.t('commands.help.languages'), [
        line(words.t('commands.help.languagesText', { settings: commandLine(locale, 'settings language') })),
      ]),
    ],
    tone: 'info',
  };
}

/**
 * /help in the language of `facts` (a store from `FactStore.in`); without one, in English with the
 * examples as written.
 */
export function helpReply(commands: readonly Command[], facts?: FactStore): ReplyPayload {
  return renderBriefEmbed(buildHelpBrief(commands, facts), { ephemeral: true });
}

export function createHelpCommand(listCommands: () => readonly Command[]): SlashCommand {
  return {
    data: new SlashCommandBuilder()
      .setName('help')
      .setDescription('What sitrep does and how to ask it')
      .toJSON(),
    examples: ['/help'],
    // Only the reader sees it, so it is in their language whatever the server's default.
    async execute(_interaction, context) {
      return helpReply(listCommands(), context.facts.in(readerLanguage(context)));
    },
  };
}
