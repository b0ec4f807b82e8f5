// POST /users/@me/channels: the bot opens (or finds) its DM with a user. Discord answers with the same
// channel every time, whatever the user's privacy settings (those refuse the messages, not the channel),
// and 10013 Unknown User for an account that is gone.
import { type FieldError, invalidFormBody, mergeErrors, type SchemaCheck } from './field-errors.js';
import { privateChannelPayload } from './payloads.js';
import { type RouteResult, unknownEntity } from './route-result.js';
import type { World } from './world.js';

export function openDirectMessage(world: World, body: unknown, schemaErrors: SchemaCheck): RouteResult {
  const { recipient_id: recipient, access_tokens: accessTokens } = body as {
    recipient_id?: unknown;
    access_tokens?: unknown;
  };
  // The document makes recipient_id optional because a group DM is opened with access_tokens instead.
  const rules: FieldError[] =
    recipient === undefined || recipient === null
      ? [{ path: 'recipient_id', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]
      : [];
  const errors = mergeErrors(
    accessTokens === undefined || accessTokens === null ? rules : [],
    schemaErrors(),
  );
  if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
  if (typeof recipient !== 'string') {
    return {
      status: 400,
      body: { code: 0, message: 'Group DMs opened with access_tokens are not emulated' },
    };
  }
  if (world.deletedUsers.has(recipient)) return unknownEntity(10013, 'Unknown User');
  return { status: 200, body: privateChannelPayload(world.dmChannel(recipient), world) };
}
