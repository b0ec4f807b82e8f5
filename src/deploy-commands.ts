// `npm run deploy-commands`: registers the command set (guild when DISCORD_GUILD_ID is set, else global).
import 'dotenv/config';
import { registerCommands } from './bot/register-commands.js';
import { commands } from './commands/index.js';
import { ConfigError, loadConfig } from './config.js';

try {
  const config = loadConfig(process.env);
  if (!config.token) {
    console.error('DISCORD_TOKEN is not set: registering commands needs the bot token (see .env.example).');
    process.exit(1);
  }
  const result = await registerCommands(
    commands.map((command) => command.data),
    {
      token: config.token,
      apiUrl: config.apiUrl,
      applicationId: config.applicationId,
      guildId: config.guildId,
    },
  );
  console.log(
    `Registered ${result.count} commands ${result.scope === 'guild' ? `in guild ${config.guildId}` : 'globally (may take up to an hour to appear)'} for application ${result.applicationId}.`,
  );
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `Could not register commands: ${(error as Error).message}`,
  );
  process.exit(1);
}
