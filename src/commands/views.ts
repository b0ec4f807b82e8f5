// What a pressed button or a picked menu option shows: the same replies the slash commands give, for
// the view its custom_id names, answered from the current facts.
import { type ReplyPayload, renderUserError } from '../render/discord-embed.js';
import { askCooldown, askReply } from './ask.js';
import type { CommandContext } from './command.js';
import { type CooldownRule, defaultCooldown } from './cooldowns.js';
import type { View } from './custom-ids.js';
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

const gone = (what: string, id: string, command: string) =>
  renderUserError(
    `The ${what} this button showed (\`${id}\`) is no longer in sitrep's facts. Try ${command} for what there is now.`,
  );

export async function replyForView(view: View, context: CommandContext): Promise<ReplyPayload> {
  const { facts } = context;
  switch (view.kind) {
    case 'status':
      if (!facts.place(view.placeId)) return gone('place', view.placeId, '/status');
      return statusReplyWithMap(context, view.placeId, view.page);
    case 'timeline':
      if (view.placeId && !facts.place(view.placeId)) return gone('place', view.placeId, '/timeline');
      return timelineReply(facts, view.placeId, view.page);
    case 'sources':
      if (view.placeId && !facts.place(view.placeId)) return gone('place', view.placeId, '/sources');
      return sourcesReply(facts, view.page, view.placeId);
    case 'topic':
      if (!facts.topic(view.topicId)) return gone('topic', view.topicId, '/topic');
      return topicReply(facts, view.topicId, view.page);
    case 'who':
      if (!facts.actor(view.actorId)) return gone('speaker', view.actorId, '/who');
      return whoReply(facts, view.actorId, view.page);
    case 'ask':
      return askReply(facts, view.question, view.page);
  }
}
