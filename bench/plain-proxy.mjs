// The measured alternative for figure 4b: @discordjs/proxy as its documentation shows it, with no
// pacer in front, forwarding to argv's API URL. Prints one JSON line with its url once listening.
import { createServer } from 'node:http';
import { proxyRequests } from '@discordjs/proxy';
import { REST } from '@discordjs/rest';

const [upstream = ''] = process.argv.slice(2);
const server = createServer(proxyRequests(new REST({ api: upstream })));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/api` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
