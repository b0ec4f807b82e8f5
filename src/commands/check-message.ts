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
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import { askCooldown } from './ask.js';
import type { MessageCommand } from './command.js';

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

const nothingToCheck: Record<Exclude<TextToCheck, { ok: true }>['reason'], string> = {
  'link-only':
    'That message is only a link, and sitrep does not open links. Copy the claim’s words into `/ask`, or check a message that states it.',
  'files-only':
    'That message has no words to check, only an image or a file. sitrep reads what a message says, not pictures.',
  empty: 'That message has no words to check.',
};

/** The check as a brief: what the message touches in the store, each statement attributed and answered. */
function buildCheckBrief(facts: FactStore, checked: { text: string; cut: boolean }): Brief {
  const { lead, supporting, question } = answerQuestion(facts, checked.text);
  const quoted = `${quoteUserInput(checked.text, 200)}${checked.cut ? ` (the first ${maxCheckedLength} characters)` : ''}`;
  // /ask answers a question with its best matches; a message is only "touched" by statements when it
  // names something the store holds (a place, a speaker, a topic or a concept such as encirclement).
  const named =
    question.places.length + question.actors.length + question.topics.length + question.namedConcepts.length;
  if (supporting.length === 0 || named === 0 || lead.kind === 'absent') {
    return {
      title: 'sitrep holds nothing on this',
      intro: `No stored statement matches what the message says: ${quoted}. sitrep only quotes what its sources report, so this neither confirms nor refutes the message.`,
      sections: [],
      tone: 'notice',
    };
  }
  const citations = new SourceCitations(facts);
  return {
    title: 'What sitrep holds on this message',
    intro: `The message says: ${quoted}\n\n${lead.text}`,
    sections: [
      lazySection('Statements it touches, with who makes them and what answered them', supporting, (fact) =>
        attributedLine(facts, fact, citations),
      ),
    ],
    sources: () => citations.list(),
    asOf: asOfLabel(facts, supporting),
    storeUpdated: facts.lastAdded(),
    tone: 'info',
  };
}

/** The private answer to "Check claims with sitrep" on a message. */
export function checkMessageReply(facts: FactStore, message: MessageToCheck): ReplyPayload {
  const checked = textToCheck(message);
  if (!checked.ok) return renderUserError(nothingToCheck[checked.reason]);
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
  async execute(interaction, { facts }) {
    return checkMessageReply(facts, messageToCheck(interaction.targetMessage));
  },
};
