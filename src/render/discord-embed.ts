// Brief -> Discord message payload. Pure: no client, no network. Every length goes through
// DiscordLimits, and a brief too long for one embed is split into pages of whole lines.
import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIEmbedField,
} from 'discord-api-types/v10';
import { type Brief, type BriefSource, type BriefText, writeBriefText } from '../briefs/brief.js';
import { type Words, wordsIn } from '../i18n/words.js';
import { truncate } from '../text.js';
import { DiscordLimits } from './discord-limits.js';
import { discordTimestamp } from './discord-markup.js';

/** A brief's text for Discord: its moments as timestamps each reader sees in their own zone. */
const discordText = (text: BriefText) => writeBriefText(text, (at) => discordTimestamp(at, 'f'));

export interface ReplyPayload {
  content?: string;
  embeds: APIEmbed[];
  /** Never ping anyone from an answer: user text may contain @everyone or mentions. */
  allowedMentions: { parse: [] };
  ephemeral: boolean;
  /** Files uploaded with the reply (a map); an embed shows one as `attachment://<name>`. */
  files?: ReplyFile[];
  /** Buttons and menus under the reply (see discord-components.ts); absent: none. */
  components?: ReplyComponentRow[];
}

/** One row of buttons, or one menu. */
export type ReplyComponentRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface ReplyFile {
  /** The file name the embed refers to: `attachment://map.png`. */
  name: string;
  data: Uint8Array;
  /** Alt text (Discord allows 1024 characters). */
  description?: string;
}

/** The reply with an image file attached and shown as its first embed's image. */
export function withEmbedImage(payload: ReplyPayload, file: ReplyFile): ReplyPayload {
  const [first, ...others] = payload.embeds;
  if (!first) return payload;
  return {
    ...payload,
    embeds: [{ ...first, image: { url: `attachment://${file.name}` } }, ...others],
    files: [...(payload.files ?? []), file],
  };
}

export const colours = { info: 0x2f6fb3, notice: 0xd08a1c } as const;

const bullet = '• ';
const responseIndent = '\n  ↳ ';
/** Room kept for the "N more" line at the end of a page's description. */
const continuationReserve = 200;

export interface RenderOptions {
  /** 1-based page of the brief's lines to show. */
  page?: number;
  /** How many pages the brief fills (briefPageCount), so the footer can say "page 2 of 3". */
  pageCount?: number;
  /** Pages shown before the brief's first, counted in the footer: /ask's answer before its related statements. */
  pagesBefore?: number;
  ephemeral?: boolean;
}

interface Block {
  heading: string;
  text: string;
}

/** Sum of every counted field, as Discord checks it against DiscordLimits.embedTotal. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** The brief's lines as blocks, built one at a time as the pager reaches them. */
function* lineBlocks(brief: Brief, maxLine: number): Generator<Block> {
  for (const section of brief.sections) {
    for (let index = 0; index < section.size; index++) {
      const line = section.line(index);
      yield {
        heading: discordText(section.heading),
        text: truncate(
          `${bullet}${line.text}${line.responses.map((r) => `${responseIndent}_${r}_`).join('')}`,
          maxLine,
        ),
      };
    }
  }
}

const headingText = (heading: string, first: boolean) => `${first ? '' : '\n'}**${heading}**\n`;

interface PageChoice {
  /** The blocks shown. */
  shown: Block[];
  /** Its 1-based number (the last page when more were asked for than exist). */
  page: number;
  /** Blocks on the pages before it. */
  before: number;
  /** Whether every line was reached: then `page` is the last page. */
  exhausted: boolean;
}

/**
 * Fills pages of whole blocks within `budget` characters until page `wanted` is complete, building
 * no line beyond it. Every page holds at least one block.
 */
function choosePage(blocks: Iterable<Block>, budget: number, wanted: number): PageChoice {
  let current: Block[] = [];
  let used = 0;
  let page = 1;
  let before = 0;
  for (const block of blocks) {
    const startsSection = current.length === 0 || current.at(-1)?.heading !== block.heading;
    const length =
      block.text.length + 1 + (startsSection ? headingText(block.heading, current.length === 0).length : 0);
    if (current.length > 0 && used + length > budget) {
      if (page === wanted) return { shown: current, page, before, exhausted: false };
      before += current.length;
      page++;
      current = [];
      used = 0;
      current.push(block);
      used += block.text.length + 1 + headingText(block.heading, true).length;
      continue;
    }
    current.push(block);
    used += length;
  }
  return { shown: current, page, before, exhausted: true };
}

function pageText(page: readonly Block[]): string {
  let text = '';
  let heading: string | undefined;
  for (const block of page) {
    if (block.heading !== heading) {
      text += headingText(block.heading, text === '');
      heading = block.heading;
    }
    text += `${block.text}\n`;
  }
  return text.trimEnd();
}

function sourceFields(
  sources: readonly BriefSource[],
  citedText: string,
  budget: number,
  words: Words,
): APIEmbedField[] {
  const sourcesFieldNames = [words.t('common.embed.sources'), words.t('common.embed.sourcesContinued')];
  const cited = new Set([...citedText.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])));
  const citedSources = sources.filter((_, index) => cited.has(index + 1));
  if (citedSources.length === 0) return [];
  const fields: APIEmbedField[] = [];
  let value = '';
  // Field names count towards the embed total too: keep room for both.
  let remaining = Math.min(budget, DiscordLimits.embedFieldValue * 2) - sourcesFieldNames.join('').length;
  // A link triples an entry; links go in only when every cited entry still fits with its link, since a
  // number with no entry behind it is worse than an entry with no link (/sources always has the links).
  const linked = citedSources.map((source) => (source.url ? `${source.text} ${source.url}` : source.text));
  const entries =
    linked.reduce((sum, entry) => sum + Math.min(entry.length, 300) + 1, 0) <= remaining
      ? linked
      : citedSources.map((source) => source.text);
  let omitted = 0;
  for (const entry of entries) {
    const line = truncate(entry, 300);
    if (line.length + 1 > remaining) {
      omitted++;
      continue;
    }
    if (value.length + line.length + 1 > DiscordLimits.embedFieldValue) {
      fields.push({
        name: sourcesFieldNames[fields.length] ?? words.t('common.embed.sources'),
        value: value.trimEnd(),
      });
      value = '';
    }
    value += `${line}\n`;
    remaining -= line.length + 1;
  }
  if (omitted > 0) {
    const note = words.t('common.embed.moreSources', { count: omitted });
    if (value.length + note.length <= DiscordLimits.embedFieldValue) value += note;
  }
  if (value.trim())
    fields.push({
      name: sourcesFieldNames[fields.length] ?? words.t('common.embed.sources'),
      value: value.trimEnd(),
    });
  return fields;
}

function footerText(
  brief: Brief,
  briefPage: number,
  lastPage: boolean,
  { pageCount, pagesBefore = 0 }: RenderOptions,
  words: Words,
): string {
  const page = briefPage + pagesBefore;
  const count = pageCount === undefined ? undefined : pageCount + pagesBefore;
  const parts = [
    brief.asOf ? words.t('common.embed.informationAsOf', { date: brief.asOf }) : undefined,
    brief.storeUpdated
      ? words.t('common.embed.factsUpdated', { date: words.date(brief.storeUpdated) })
      : undefined,
    page > 1 || !lastPage
      ? lastPage
        ? words.t('common.embed.pageOf', { page, count: page })
        : count && count > page
          ? words.t('common.embed.pageOf', { page, count })
          : words.t('common.embed.page', { page })
      : undefined,
    words.t('common.embed.disclaimer'),
  ].filter((part) => part !== undefined);
  return truncate(parts.join(' · '), DiscordLimits.embedFooterText);
}

/** Room kept for the source list when a brief cites sources: about six entries. */
const sourcesReserve = 1200;

/** The room a brief's page has: the same for every page of it, so the pages can be counted ahead. */
function pageRoom(brief: Brief): {
  title: string;
  intro: string;
  descriptionBudget: number;
  linesBudget: number;
} {
  const title = truncate(brief.title, DiscordLimits.embedTitle);
  const intro = brief.intro ? truncate(discordText(brief.intro), 600) : '';
  const footerReserve = 160;
  const descriptionBudget = Math.min(
    DiscordLimits.embedDescription,
    DiscordLimits.embedTotal - title.length - footerReserve - (brief.sources ? sourcesReserve : 0),
  );
  return {
    title,
    intro,
    descriptionBudget,
    linesBudget: descriptionBudget - intro.length - 2 - continuationReserve,
  };
}

/**
 * How many pages renderBriefEmbed splits the brief into. It builds every line, so callers keep the
 * figure per store (FactStore.derive) rather than count on every page flip. Pass a fresh brief.
 */
export function briefPageCount(brief: Brief): number {
  const { linesBudget } = pageRoom(brief);
  return choosePage(lineBlocks(brief, linesBudget), linesBudget, Number.POSITIVE_INFINITY).page;
}

/** Renders one page of a brief as a single embed within every Discord limit, building only the lines it needs. */
export function renderBriefEmbed(brief: Brief, options: RenderOptions = {}): ReplyPayload {
  const { title, intro, descriptionBudget, linesBudget } = pageRoom(brief);
  const wanted = Math.max(options.page ?? 1, 1);
  const { shown, page, before, exhausted } = choosePage(lineBlocks(brief, linesBudget), linesBudget, wanted);
  const total = brief.sections.reduce((sum, section) => sum + section.size, 0);
  const remaining = total - before - shown.length;
  const beyondRange = page < wanted;
  const words = wordsIn(brief.locale ?? 'en');
  const notes = [
    beyondRange ? `_${words.t('common.embed.onlyPages', { count: page })}_` : '',
    remaining > 0 && brief.continuation
      ? `_${words.t('common.embed.moreStatements', { count: remaining, command: brief.continuation(page + 1) })}_`
      : remaining > 0
        ? `_${words.t('common.embed.moreNotShown', { count: remaining })}_`
        : '',
  ].filter(Boolean);

  const body = pageText(shown);
  const description = truncate(
    [intro, body, notes.join('\n')].filter((part) => part !== '').join('\n\n'),
    descriptionBudget,
  );
  const footer = footerText(brief, page, exhausted, options, words);
  const fieldBudget = DiscordLimits.embedTotal - title.length - description.length - footer.length;
  const fields = sourceFields(brief.sources?.() ?? [], body, fieldBudget, words).slice(
    0,
    DiscordLimits.embedFields,
  );

  const embed: APIEmbed = {
    title,
    description: description || undefined,
    color: colours[brief.tone],
    fields: fields.length > 0 ? fields : undefined,
    footer: { text: footer },
  };
  return { embeds: [embed], allowedMentions: { parse: [] }, ephemeral: options.ephemeral ?? false };
}

/** A short text only the user sees: a confirmation, or (as renderUserError) a problem to fix. */
export function renderEphemeralText(message: string): ReplyPayload {
  return {
    content: truncate(message, DiscordLimits.messageContent),
    embeds: [],
    allowedMentions: { parse: [] },
    ephemeral: true,
  };
}

/** A short ephemeral answer for a problem with the user's input. */
export function renderUserError(message: string): ReplyPayload {
  return renderEphemeralText(message);
}
