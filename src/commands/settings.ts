// /settings: a server's moderators choose the language of its public answers (or leave each reader's).
// Guild-only, Manage Server by default like /digest: admins can grant it to other roles in Server
// Settings → Integrations, so the handler, like /digest's, does not re-check Manage Server itself.
// Its replies are the moderator's alone, in their language.
import {
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { commandLine } from '../i18n/command-localizations.js';
import { isLocale, type Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import { type ReplyPayload, renderEphemeralText, renderUserError } from '../render/discord-embed.js';
import { truncate } from '../text.js';
import { type Command, type CommandContext, readerLanguage } from './command.js';

/** The choice that clears the server's language: each reader's own applies again. */
const readersLanguage = 'reader';

const data = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('This server’s settings for sitrep (moderators)')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('language')
      .setDescription('The language of sitrep’s public answers on this server')
      .addStringOption((option) =>
        option
          .setName('language')
          .setDescription('English, Ukrainian, Russian, or each reader’s own Discord language')
          .setRequired(true)
          .addChoices(
            { name: 'English', value: 'en' },
            { name: 'Українська', value: 'uk' },
            { name: 'Русский', value: 'ru' },
            { name: 'Each reader’s language', value: readersLanguage },
          ),
      ),
  )
  .addSubcommand((sub) => sub.setName('show').setDescription('This server’s settings'))
  .toJSON();

function languageLine(locale: Locale, language: Locale | undefined): string {
  const words = wordsIn(locale);
  return language
    ? words.t('settings.showSet', { language: words.languageName(language) })
    : words.t('settings.showUnset', { command: commandLine(locale, 'settings language') });
}

async function executeSettings(
  interaction: ChatInputCommandInteraction,
  context: CommandContext,
): Promise<ReplyPayload> {
  const locale = readerLanguage(context);
  const words = wordsIn(locale);
  if (!interaction.inGuild()) return renderUserError(words.t('settings.notInDm'));
  const servers = context.servers;
  if (!servers) return renderUserError(words.t('settings.notRunning'));
  const subcommand = interaction.options.getSubcommand(true);
  const digestsNote = words.t('settings.digestsNote', {
    option: commandLine(locale, 'digest subscribe', [['language', '…']])
      .split(' ')
      .slice(2)
      .join(' '),
  });
  if (subcommand === 'show') {
    const language = await servers.languageOf(interaction.guildId);
    return renderEphemeralText(`${languageLine(locale, language)}\n${digestsNote}`);
  }
  if (subcommand === 'language') {
    const chosen = interaction.options.getString('language', true);
    const language = isLocale(chosen) ? chosen : undefined;
    await servers.setLanguage(interaction.guildId, language, interaction.user.id);
    context.log.info({ guild: interaction.guildId, language: language ?? 'readers' }, 'server language set');
    const said = language
      ? words.t('settings.languageSet', { language: words.languageName(language) })
      : words.t('settings.languageCleared');
    return renderEphemeralText(language ? `${said}\n${digestsNote}` : said);
  }
  return renderUserError(
    words.t('settings.unknownSubcommand', {
      command: commandLine(locale, 'settings'),
      subcommand: truncate(subcommand, 30),
    }),
  );
}

export const settingsCommand: Command = {
  data,
  examples: ['/settings language language:Українська', '/settings show'],
  ephemeralReplies: true,
  execute: executeSettings,
};
