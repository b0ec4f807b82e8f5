import { SlashCommandBuilder } from 'discord.js';
import { buildAnswerBrief, buildRelatedBrief } from '../briefs/answer-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { commandLine } from '../i18n/command-localizations.js';
import { answerLocaleFor } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import { buttonRows, withComponents } from '../render/discord-components.js';
import {
  briefPageCount,
  type ReplyPayload,
  renderBriefEmbed,
  renderUserError,
} from '../render/discord-embed.js';
import { pagerFor, viewButton } from './answer-controls.js';
import { answerLanguage, type SlashCommand } from './command.js';
import type { CooldownRule } from './cooldowns.js';
import { pageOption } from './page-option.js';

const maxQuestionLength = 300;

/** Full-text search is the most expensive query. */
export const askCooldown: CooldownRule = { uses: 5, perSeconds: 20 };

/**
 * Page 1 is the answer: a lead built from stored statements and the few statements behind it, with a
 * More related button when the answer left related statements out. Page 2 onwards lists those, with
 * Previous and Next (Previous from page 2 goes back to the answer).
 *
 * `facts` is the store in the reader's language; a question written in Ukrainian or Russian by a
 * reader of English is answered (and searched) in the language it is written in.
 */
export function askReply(readerFacts: FactStore, question: string, page = 1): ReplyPayload {
  const facts = readerFacts.in(answerLocaleFor(question, readerFacts.locale));
  const words = wordsIn(facts.locale);
  if (question.trim() === '') {
    const example = `${commandLine(facts.locale, 'ask')} ${words.t('answers.ask.example')}`;
    return renderUserError(words.t('answers.ask.empty', { example }));
  }
  const asked = question.slice(0, maxQuestionLength);
  if (page > 1) {
    const related = buildRelatedBrief(facts, asked);
    if (related.tone === 'notice') return renderBriefEmbed(related, { ephemeral: true });
    // At most 24 related statements: counting their pages on the brief that then renders is cheap,
    // and leaves the page it shows as a fresh brief would.
    const relatedPages = briefPageCount(related);
    const reply = renderBriefEmbed(related, { page: page - 1, pageCount: relatedPages, pagesBefore: 1 });
    return withComponents(
      reply,
      buttonRows(pagerFor(facts, { kind: 'ask', question: asked, page }, relatedPages + 1)),
    );
  }
  const brief = buildAnswerBrief(facts, asked);
  const reply = renderBriefEmbed(brief, { ephemeral: brief.tone === 'notice' });
  const related = brief.answer.related.length;
  if (related === 0 || brief.tone === 'notice') return reply;
  return withComponents(
    reply,
    buttonRows(
      viewButton(
        facts,
        words.t('answers.ask.moreRelated', { number: related }),
        { kind: 'ask', question: asked, page: 2 },
        { primary: true },
      ),
    ),
  );
}

export const askCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask in your own words; sitrep answers from the attributed statements it holds')
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('e.g. how far can the long neptune strike')
        .setRequired(true)
        .setMaxLength(maxQuestionLength),
    )
    .addIntegerOption(pageOption)
    .toJSON(),
  examples: ['/ask question:how far can the long neptune strike', '/ask question:did russia retake sudzha'],
  cooldown: () => askCooldown,
  async execute(interaction, context) {
    return askReply(
      context.facts.in(answerLanguage(context)),
      interaction.options.getString('question', true),
      interaction.options.getInteger('page') ?? 1,
    );
  },
};
