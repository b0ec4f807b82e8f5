// The payload limits Discord enforces, from its developer documentation: the emulator's own figures,
// kept apart from the bot's so the emulator judges the bot rather than agreeing with it.
export const payloadLimits = {
  // https://discord.com/developers/docs/resources/message#create-message
  /** Characters of content. Discord's OpenAPI document says 4000; the documentation, which wins, says 2000. */
  messageContent: 2000,
  /** Characters of content a user (with Nitro) may send: what a test user's message may carry. */
  userMessageContent: 4000,
  embedsPerMessage: 10,
  /** Characters of a message nonce given as a string. */
  nonce: 25,
  // https://discord.com/developers/docs/reference#uploading-files
  /** Files on one message. */
  attachmentsPerMessage: 10,
  /** Bytes uploaded with one request: the default upload limit (10 MiB) for a server without boosts. */
  uploadBytes: 10 * 1024 * 1024,
  // https://discord.com/developers/docs/resources/message#attachment-object
  /** Characters of an attachment's description (alt text). */
  attachmentDescription: 1024,
  // https://discord.com/developers/docs/resources/message#embed-object-embed-limits
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  /** Title, description, field names and values, footer text and author name, summed over every embed. */
  embedTotal: 6000,
  // https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-autocomplete
  autocompleteChoices: 25,
  // https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-choice-structure
  /** A choice's name is 1 to 100 characters. */
  choiceName: 100,
  /** A string choice's value, per the documentation (the OpenAPI document says 6000). */
  choiceValue: 100,
  // https://discord.com/developers/docs/interactions/application-commands#application-command-object
  /** A chat input command's or option's description. */
  commandDescription: 100,
  /** Characters of every name, description and choice of a command and its options together. */
  commandTotal: 4000,
} as const;
