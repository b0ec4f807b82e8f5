// The custom_id of every button and menu sitrep puts under a reply. A press may come after a restart,
// on another shard, or after the facts were reloaded, so the id carries everything needed to answer
// it: the view to show, the page, and a fingerprint of the facts the message was built from. Anyone
// can send any custom_id with a crafted request, so it is parsed like user input and refused clearly.
//
//   v1:<facts>:<view>:<page>:<subject>      a button: show this view at this page
//   v1:<facts>:pick                         a menu: the picked option's value names what to show
//
// <facts> is six base64url characters; <subject> is an id (kebab-case) or, for ask, the question,
// and comes last so that a question may contain colons.
import type { Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { type Result, refuse, succeed } from '../result.js';
import { maxPage } from './page-option.js';

export const customIdVersion = 'v1';

/** What a button shows. Pages count from 1; for ask, page 1 is the answer and 2+ the related statements. */
export type View =
  | { kind: 'status'; placeId: string; page: number }
  | { kind: 'timeline'; placeId?: string; page: number }
  | { kind: 'sources'; placeId?: string; page: number }
  | { kind: 'topic'; topicId: string; page: number }
  | { kind: 'who'; actorId: string; page: number }
  | { kind: 'ask'; question: string; page: number };

type ViewKind = View['kind'];

export type ComponentRequest =
  | { action: 'show'; factsVersion: string; view: View }
  | { action: 'pick'; factsVersion: string };

const viewKinds: readonly ViewKind[] = ['status', 'timeline', 'sources', 'topic', 'who', 'ask'];
const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const factsVersionPattern = /^[A-Za-z0-9_-]{6}$/;
const pagePattern = /^[1-9][0-9]{0,2}$/;
// Control, zero-width and direction-override characters: never in a question sitrep put in an id.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const invisible = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/;

/** The question as a button carries it: one line, single spaces. */
export function normaliseQuestion(question: string): string {
  return question.replace(/\s+/g, ' ').trim();
}

function subjectOf(view: View): string {
  switch (view.kind) {
    case 'status':
      return view.placeId;
    case 'timeline':
    case 'sources':
      return view.placeId ?? '';
    case 'topic':
      return view.topicId;
    case 'who':
      return view.actorId;
    case 'ask':
      return normaliseQuestion(view.question);
  }
}

/**
 * The id of a button showing `view`; undefined when it would not fit in Discord's 100 characters or
 * would not read back (a question with invisible characters): no button then, never a broken one.
 */
export function encodeViewId(factsVersion: string, view: View): string | undefined {
  const id = `${customIdVersion}:${factsVersion}:${view.kind}:${view.page}:${subjectOf(view)}`;
  return parseCustomId(id).ok ? id : undefined;
}

/** The id of a menu whose options name places, topics and actors (see pickedView). */
export function encodePickId(factsVersion: string): string {
  return `${customIdVersion}:${factsVersion}:pick`;
}

/**
 * Reads a custom_id back; anything sitrep would not have made is refused with a reason for the user,
 * in `locale` (the language of whoever pressed).
 */
export function parseCustomId(customId: string, locale: Locale = 'en'): Result<ComponentRequest> {
  // Worded only when refusing: encodeViewId reads back every id it makes.
  const refusal = (key: string) => refuse(wordsIn(locale).t(`commands.refusal.${key}`));
  const notOurs = () => refusal('notOurs');
  if (typeof customId !== 'string' || customId.length === 0 || customId.length > DiscordLimits.customId) {
    return notOurs();
  }
  const [version, factsVersion, kind, page, ...rest] = customId.split(':');
  if (version !== customIdVersion) {
    return /^v\d+$/.test(version ?? '') ? refusal('otherVersion') : notOurs();
  }
  if (!factsVersion || !factsVersionPattern.test(factsVersion)) return notOurs();
  if (kind === 'pick') {
    return page === undefined ? succeed({ action: 'pick', factsVersion }) : notOurs();
  }
  if (!viewKinds.includes(kind as ViewKind) || page === undefined || !pagePattern.test(page)) {
    return notOurs();
  }
  const pageNumber = Number(page);
  if (pageNumber > maxPage + 1) return notOurs();
  const subject = rest.join(':');
  const view = viewFrom(kind as ViewKind, pageNumber, subject);
  return view ? succeed({ action: 'show', factsVersion, view }) : notOurs();
}

function viewFrom(kind: ViewKind, page: number, subject: string): View | undefined {
  const id = idPattern.test(subject) ? subject : undefined;
  // Slash commands page up to maxPage; /ask's pages are one more (page 1 is the answer).
  if (kind !== 'ask' && page > maxPage) return undefined;
  switch (kind) {
    case 'status':
      return id ? { kind, placeId: id, page } : undefined;
    case 'timeline':
    case 'sources':
      if (subject === '') return { kind, page };
      return id ? { kind, placeId: id, page } : undefined;
    case 'topic':
      return id ? { kind, topicId: id, page } : undefined;
    case 'who':
      return id ? { kind, actorId: id, page } : undefined;
    case 'ask':
      return subject !== '' && subject === normaliseQuestion(subject) && !invisible.test(subject)
        ? { kind, question: subject, page }
        : undefined;
  }
}

/** What a menu option's value names: `place:sudzha` opens /status, `topic:` /topic, `actor:` /who. */
export type Pickable = { kind: 'place' | 'topic' | 'actor'; id: string };

export function encodePickValue({ kind, id }: Pickable): string {
  return `${kind}:${id}`;
}

/**
 * A picked value back to the view it opens, refused (in `locale`, the picker's language) unless sitrep
 * could have offered it.
 */
export function pickedView(values: readonly string[], locale: Locale = 'en'): Result<View> {
  const [value, ...others] = values;
  const refused = () => refuse(wordsIn(locale).t('commands.refusal.notOffered'));
  if (value === undefined || others.length > 0 || value.length > DiscordLimits.selectOptionValue)
    return refused();
  const match = /^(place|topic|actor):(.+)$/.exec(value);
  const id = match?.[2];
  if (!match || !id || !idPattern.test(id)) return refused();
  switch (match[1]) {
    case 'place':
      return succeed({ kind: 'status', placeId: id, page: 1 });
    case 'topic':
      return succeed({ kind: 'topic', topicId: id, page: 1 });
    default:
      return succeed({ kind: 'who', actorId: id, page: 1 });
  }
}
