// The baseline bot: discord.js with the same intents, answering every command with "pong" and
// nothing else. Started as its own process (plain JavaScript, like the compiled bot) by the
// round-trip, memory and start-up benchmarks.
import { readFileSync } from 'node:fs';
import { Client, Events, GatewayIntentBits } from 'discord.js';

// With BARE_REPLY_FILE, it answers with that JSON payload instead (sitrep's own /status embed and
// its buttons), and answers a press of any of those buttons by updating the message with the same
// payload: the cost of a bigger reply and of a page turn's traffic, apart from the cost of sitrep's code.
const replyFile = process.env.BARE_REPLY_FILE;
const reply = replyFile ? JSON.parse(readFileSync(replyFile, 'utf8')) : { content: 'pong' };

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_URL ?? 'https://discord.com/api' },
});
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand()) void interaction.reply(reply);
  else if (interaction.isButton()) void interaction.update(reply);
});
client.once(Events.ClientReady, () => console.log('ready'));
void client.login(process.env.DISCORD_TOKEN);
process.on('SIGTERM', () => {
  void client.destroy().then(() => process.exit(0));
});
