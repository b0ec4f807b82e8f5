// The baseline bot: discord.js with the same intents, answering every command with "pong" and
// nothing else. Started as its own process (plain JavaScript, like the compiled bot) by the
// round-trip, memory and start-up benchmarks.
import { readFileSync } from 'node:fs';
import { Client, Events, GatewayIntentBits } from 'discord.js';

// With BARE_REPLY_FILE, it answers with that JSON payload instead (sitrep's own /status embed), to
// tell the cost of a bigger reply apart from the cost of sitrep's code.
const replyFile = process.env.BARE_REPLY_FILE;
const reply = replyFile ? JSON.parse(readFileSync(replyFile, 'utf8')) : { content: 'pong' };

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_URL ?? 'https://discord.com/api' },
});
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand()) void interaction.reply(reply);
});
client.once(Events.ClientReady, () => console.log('ready'));
void client.login(process.env.DISCORD_TOKEN);
process.on('SIGTERM', () => {
  void client.destroy().then(() => process.exit(0));
});
