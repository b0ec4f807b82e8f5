// "Check claims with sitrep", in a message's Apps menu: reads what the message says, finds the stored
// statements it touches with the /ask engine, and answers privately with who claims what, its status
// and what answered it; or that sitrep holds nothing on it. It never rules on the message itself.
import {
  type APIMessage,
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  type Message,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { answerQuestion } from '../briefs/answers/answer.js';
import { asOfLabel, attributedLine, SourceCitations } from '../briefs/attribution.js';
import { type Brief, lazySection } from '../briefs/brief.js';
import type { FactStore } from '../data/fact-store.js';
import { commandLine } from '../i18n/command-localizations.js';
import { answerLocaleFor } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import { askCooldown } from './ask.js';
import { type MessageCommand, readerLanguage } from './command.js';

export const checkMessageCommandName = 'Check claims with sitrep';

/**
 * How much of a message is read: about a paragraph. The engine ranks statements by the words they
 * share with the text; past a paragraph, a long message matches everything a little.
 */
export const maxCheckedLength = 400;

/** What a message offers to check: its text, the text of embeds a person or bot wrote, its files. */
export interface MessageToCheck {
  content: string;
  embeds: readonly { type?: string; title?: string; description?: string }[];
  attachments: number;
}

export type TextToCheck =
  | { ok: true; text: string; cut: boolean }
  | { ok: false; reason: 'files-only' | 'link-only' | 'empty' };

const link = /<?https?:\/\/[^\s>]+>?/gi;
/** Mentions, channels, roles, custom emoji and timestamps: Discord markup, not words. */
const markup = /<(?:@[!&]?|#|a?:\w+:|t:)[^>]*>/g;
const hasWords = (text: string) => /\p{L}/u.test(text);

/**
 * The words to check: the content without links and markup, then the titles and descriptions of rich
 * embeds (a bot's or webhook's). Link previews are left out: they are the linked page's words, which
 * sitrep does not open, so a message that is only a link has nothing to check.
 */
export function textToCheck(message: MessageToCheck): TextToCheck {
  const content = message.content.replace(link, ' ').replace(markup, ' ');
  const embedTexts = message.embeds
    .filter((embed) => embed.type === undefined || embed.type === 'rich')
    .flatMap((embed) => [embed.title ?? '', embed.description ?? '']);
  const text = [content, ...embedTexts]
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter(hasWords)
    .join(' ');
  if (text === '') {
    if (/https?:\/\//i.test(message.content)) return { ok: false, reason: 'link-only' };
    return { ok: false, reason: message.attachments > 0 ? 'files-only' : 'empty' };
  }
  if (text.length <= maxCheckedLength) return { ok: true, text, cut: false };
  const head = text.slice(0, maxCheckedLength);
  const lastSpace = head.lastIndexOf(' ');
  return { ok: true, text: lastSpace > maxCheckedLength / 2 ? head.slice(0, lastSpace) : head, cut: true };
}

/** Why a message has nothing to check, in the reader's words. */
function nothingToCheck(facts: FactStore, reason: Exclude<TextToCheck, { ok: true }>['reason']): string {
  return wordsIn(facts.locale).t(`answers.check.${reason}`, { ask: commandLine(facts.locale, 'ask') });
}

/** The check as a brief: what the message touches in the store, each statement attributed and answered. */
function buildCheckBrief(facts: FactStore, checked: { text: string; cut: boolean }): Brief {
  const words = wordsIn(facts.locale);
  const { lead, supporting, question } = answerQuestion(facts, checked.text);
  const quoted = `${quoteUserInput(checked.text, 200)}${checked.cut ? words.t('answers.check.cut', { limit: maxCheckedLength }) : ''}`;
  // /ask answers a question with its best matches; a message is only "touched" by statements when it
  // names something the store holds (a place, a speaker, a topic or a concept such as encirclement).
  const named =
    question.places.length + question.actors.length + question.topics.length + question.namedConcepts.length;
  if (supporting.length === 0 || named === 0 || lead.kind === 'absent') {
    return {
      locale: facts.locale,
      title: words.t('answers.check.nothingTitle'),
      intro: words.t('answers.check.nothingIntro', { quoted }),
      sections: [],
      tone: 'notice',
    };
  }
  const citations = new SourceCitations(facts);
  return {
    locale: facts.locale,
    title: words.t('answers.check.title'),
    intro: words.t('answers.check.intro', { quoted, lead: lead.text }),
    sections: [
      lazySection(words.t('answers.check.section'), supporting, (fact) =>
        attributedLine(facts, fact, citations),
      ),
    ],
    sources: () => citations.list(),
    asOf: asOfLabel(facts, supporting),
    storeUpdated: facts.lastAdded(),
    tone: 'info',
  };
}

/**
 * The private answer to "Check claims with sitrep" on a message, from `readerFacts` (the store in the
 * reader's language); a message written in Ukrainian or Russian, checked by a reader of English, is
 * read and answered in the language it is written in, as /ask does.
 */
export function checkMessageReply(readerFacts: FactStore, message: MessageToCheck): ReplyPayload {
  const checked = textToCheck(message);
  if (!checked.ok) return renderUserError(nothingToCheck(readerFacts, checked.reason));
  const facts = readerFacts.in(answerLocaleFor(checked.text, readerFacts.locale));
  return renderBriefEmbed(buildCheckBrief(facts, checked), { ephemeral: true });
}

/** discord.js gives the target as a Message, or as the raw API message where the channel is not cached (a DM). */
function messageToCheck(message: Message | APIMessage): MessageToCheck {
  const embeds = message.embeds.map((embed) => {
    const data = 'data' in embed ? embed.data : embed;
    return { type: data.type, title: data.title ?? undefined, description: data.description ?? undefined };
  });
  const attachments = Array.isArray(message.attachments)
    ? message.attachments.length
    : message.attachments.size;
  return { content: message.content ?? '', embeds, attachments };
}

const data = new ContextMenuCommandBuilder()
  .setName(checkMessageCommandName)
  .setType(ApplicationCommandType.Message)
  .toJSON() as RESTPostAPIContextMenuApplicationCommandsJSONBody & { type: ApplicationCommandType.Message };

export const checkMessageCommand: MessageCommand = {
  kind: 'message',
  data,
  examples: [
    'finds the stored statements a message touches and tells you privately who claims what, its status and what answered it.',
  ],
  ephemeralReplies: true,
  // The same engine as /ask, held as /ask is.
  cooldownRule: askCooldown,
  async execute(interaction, context) {
    return checkMessageReply(
      context.facts.in(readerLanguage(context)),
      messageToCheck(interaction.targetMessage),
    );
  },
};
