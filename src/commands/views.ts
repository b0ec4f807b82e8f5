// What a pressed button or a picked menu option shows: the same replies the slash commands give, for
// the view its custom_id names, answered from the current facts.
import type { FactStore } from '../data/fact-store.js';
import { commandLine } from '../i18n/command-localizations.js';
import { wordsIn } from '../i18n/words.js';
import { type ReplyPayload, renderUserError } from '../render/discord-embed.js';
import { askCooldown, askReply } from './ask.js';
import { answerLanguage, type CommandContext } from './command.js';
import { type CooldownRule, defaultCooldown } from './cooldowns.js';
import type { View } from './custom-ids.js';
import { rememberedReply } from './remembered-replies.js';
import { sourcesReply } from './sources.js';
import { statusReplyWithMap } from './status.js';
import { timelineReply } from './timeline.js';
import { topicReply } from './topic.js';
import { whoReply } from './who.js';

/**
 * A press counts as a use of the command whose answer it shows (a view's kind is that command's
 * name), under that command's rule.
 */
export function viewCooldown(view: View): CooldownRule {
  return view.kind === 'ask' ? askCooldown : defaultCooldown;
}

/** "The place this button showed (`sudzha`) is no longer in sitrep's facts. Try /status ...", in the answer's language. */
const gone = (
  facts: FactStore,
  what: 'gonePlace' | 'goneTopic' | 'goneSpeaker',
  id: string,
  command: string,
) =>
  renderUserError(
    wordsIn(facts.locale).t(`commands.refusal.${what}`, { id, command: commandLine(facts.locale, command) }),
  );

/** A view's reply, built once per store (the status view keeps its text the same way, its map apart). */
const remembered = (facts: FactStore, view: View, build: () => ReplyPayload) =>
  rememberedReply(facts, `view\u0000${JSON.stringify(view)}`, build);

/**
 * The reply a press shows, in the answer's language (the router gives each interaction its context:
 * a page turned in place keeps the answer's language, a private view is in the reader's).
 */
export async function replyForView(view: View, context: CommandContext): Promise<ReplyPayload> {
  const facts = context.facts.in(answerLanguage(context));
  switch (view.kind) {
    case 'status':
      if (!facts.place(view.placeId)) return gone(facts, 'gonePlace', view.placeId, 'status');
      // The context's log and maps live on its prototype: named, not spread.
      return statusReplyWithMap({ facts, log: context.log, maps: context.maps }, view.placeId, view.page);
    case 'timeline':
      if (view.placeId && !facts.place(view.placeId))
        return gone(facts, 'gonePlace', view.placeId, 'timeline');
      return remembered(facts, view, () => timelineReply(facts, view.placeId, view.page));
    case 'sources':
      if (view.placeId && !facts.place(view.placeId))
        return gone(facts, 'gonePlace', view.placeId, 'sources');
      return remembered(facts, view, () => sourcesReply(facts, view.page, view.placeId));
    case 'topic':
      if (!facts.topic(view.topicId)) return gone(facts, 'goneTopic', view.topicId, 'topic');
      return remembered(facts, view, () => topicReply(facts, view.topicId, view.page));
    case 'who':
      if (!facts.actor(view.actorId)) return gone(facts, 'goneSpeaker', view.actorId, 'who');
      return remembered(facts, view, () => whoReply(facts, view.actorId, view.page));
    case 'ask':
      return remembered(facts, view, () => askReply(facts, view.question, view.page));
  }
}
