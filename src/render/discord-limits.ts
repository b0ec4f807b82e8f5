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
  /** Message components: https://discord.com/developers/docs/components/reference */
  actionRowsPerMessage: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  /** A button's or menu's custom_id: everything it needs to be answered, after a restart too. */
  customId: 100,
  selectMenuOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  /** Context-menu command names (and slash command names: 32, lower case). */
  commandName: 32,
  /** Time allowed for the first response to an interaction before Discord forgets it. */
  interactionResponseMs: 3000,
  /** Requests per second one bot may make, across all its processes; interaction routes are exempt. */
  globalRequestsPerSecond: discordGlobalRequestsPerSecond,
} as const;
