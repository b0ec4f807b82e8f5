// A store (SQLite, or a shared server) holding subscriptions whose daily slot fell due 20 minutes ago, so a bot process
// that starts over it posts every one at once (late, within the grace period): a fan-out to stop,
// kill or split across shards in the middle.
import { openKeyValueStores } from '../../src/store/keyv-stores.js';
import { newSubscription, type Subscription } from '../../src/store/subscription.js';
import { SubscriptionStore } from '../../src/store/subscription-store.js';

export const dueGraceMinutes = '120';

function scheduleDue20MinutesAgo(now = Date.now()) {
  const due = new Date(now - 20 * 60_000);
  const cron = `${due.getUTCMinutes()} ${due.getUTCHours()} * * *`;
  return { input: cron, cron, description: 'every day' };
}

/** One subscription per channel given. */
export async function seedDueSubscriptions(
  storeUrl: string,
  channels: readonly { guildId: string; id: string; name: string }[],
): Promise<void> {
  const stores = await openKeyValueStores(storeUrl, () => undefined);
  // A shared server may hold an earlier run's records.
  await stores.namespaces.subscriptions.clear();
  await stores.namespaces.ledger.clear();
  const subscriptions = new SubscriptionStore(stores.namespaces.subscriptions);
  const createdAt = new Date(Date.now() - 3 * 86_400_000).toISOString();
  for (const [index, channel] of channels.entries()) {
    await subscriptions.save(
      newSubscription({
        id: `due${String(index).padStart(5, '0')}`,
        guildId: channel.guildId,
        channelId: channel.id,
        channelName: channel.name,
        channelKind: 'text',
        schedule: scheduleDue20MinutesAgo(),
        timeZone: 'UTC',
        createdBy: '100000000000000001',
        createdAt,
        lastDigestAt: createdAt,
      }),
    );
  }
  await stores.close();
}

export async function storedSubscriptions(storeUrl: string): Promise<Subscription[]> {
  const stores = await openKeyValueStores(storeUrl, () => undefined);
  const all = await new SubscriptionStore(stores.namespaces.subscriptions).loadAll();
  await stores.close();
  return all.subscriptions;
}

export async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
