import { REST, Routes } from 'discord.js';
import type {
  RESTGetCurrentApplicationResult,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

export interface RegisterOptions {
  token: string;
  apiUrl: string;
  /** Read from the token's application when not given. */
  applicationId?: string;
  /** Register to one guild (instant) instead of globally. */
  guildId?: string;
}

/** Overwrites the registered command set with `definitions`; returns where they went and how many. */
export async function registerCommands(
  /** Slash commands and message commands alike, each with where it may be used. */
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[],
  { token, apiUrl, applicationId, guildId }: RegisterOptions,
): Promise<{ applicationId: string; scope: 'guild' | 'global'; count: number }> {
  const rest = new REST({ api: apiUrl }).setToken(token);
  const appId =
    applicationId ?? ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const registered = (await rest.put(route, { body: definitions })) as unknown[];
  return { applicationId: appId, scope: guildId ? 'guild' : 'global', count: registered.length };
}
