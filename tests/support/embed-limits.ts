import { expect } from 'vitest';
import { embedLength, type ReplyPayload } from '../../src/render/discord-embed.js';
import { DiscordLimits } from '../../src/render/discord-limits.js';

/** Asserts a reply respects every Discord limit and pings nobody. */
export function expectWithinDiscordLimits(payload: ReplyPayload): void {
  expect(payload.allowedMentions).toEqual({ parse: [] });
  expect((payload.content ?? '').length).toBeLessThanOrEqual(DiscordLimits.messageContent);
  expect(payload.embeds.length).toBeLessThanOrEqual(DiscordLimits.embedsPerMessage);
  let total = 0;
  for (const embed of payload.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DiscordLimits.embedTitle);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DiscordLimits.embedDescription);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(DiscordLimits.embedFields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(DiscordLimits.embedFieldName);
      expect(field.value.length).toBeLessThanOrEqual(DiscordLimits.embedFieldValue);
      expect(field.value.length).toBeGreaterThan(0);
    }
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(DiscordLimits.embedFooterText);
    total += embedLength(embed);
  }
  expect(total).toBeLessThanOrEqual(DiscordLimits.embedTotal);
}

export function replyText(payload: ReplyPayload): string {
  return [
    payload.content ?? '',
    ...payload.embeds.flatMap((embed) => [
      embed.title ?? '',
      embed.description ?? '',
      ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
      embed.footer?.text ?? '',
    ]),
  ].join('\n');
}
