// Discord's hard limits, in one place. Every renderer goes through these; tests exercise each edge.
// https://discord.com/developers/docs/resources/message#embed-object-embed-limits
import { discordGlobalRequestsPerSecond } from '../config.js';

export const DiscordLimits = {
  messageContent: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  /** Sum of title, description, field names and values, footer text and author name over all embeds. */
  embedTotal: 6000,
  autocompleteChoices: 25,
  /** Thread (and forum post) names. */
  threadName: 100,
  choiceName: 100,
  choiceValue: 100,
  /** Time allowed for the first response to an interaction before Discord forgets it. */
  interactionResponseMs: 3000,
  /** Requests per second one bot may make, across all its processes; interaction routes are exempt. */
  globalRequestsPerSecond: discordGlobalRequestsPerSecond,
} as const;
