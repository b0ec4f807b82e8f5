// Each server's settings: for now its default language for public answers, set by a moderator with
// /settings. One record per guild in the `servers` namespace, validated on every read like the other
// records. The router asks for the language on every public answer, so answers are kept in memory
// (a guild with no record too) and a lookup rarely waits on the store; a write updates the copy.
// A guild's interactions reach the one process its shard runs in, so the copy stays current there;
// it is read again after a while anyway, in case a re-shard moved the guild between processes.
import type Keyv from 'keyv';
import { z } from 'zod';
import type { Locale } from '../i18n/locales.js';
import { type KeyValueStores, setOrThrow } from './keyv-stores.js';
import { isStoredLanguage, storedLanguageMessage } from './record-checks.js';

const serverSettingsSchemaVersion = 1;
const snowflake = z.string().regex(/^\d{17,20}$/);

const serverSettingsSchema = z.object({
  version: z.literal(serverSettingsSchemaVersion),
  guildId: snowflake,
  /** The language of the server's public answers; absent, each reader's own. */
  language: z.custom<Locale>(isStoredLanguage, storedLanguageMessage).optional(),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Who changed the settings last. */
  updatedBy: snowflake.optional(),
});
export type ServerSettings = z.infer<typeof serverSettingsSchema>;

export interface ServerSettingsOptions {
  /** How long a guild's settings are kept before they are read again. Default: 10 minutes. */
  keepMs?: number;
  /** Guilds kept in memory at most; the least recently asked for go first. Default: 50,000. */
  maxGuilds?: number;
  now?: () => number;
  /** Told of a record that fails the schema: it is then read as no settings, and left in place. */
  onUnreadable?(guildId: string, reason: string): void;
}

interface Kept {
  settings: ServerSettings | undefined;
  readAt: number;
}

/** The servers' settings, as `CommandContext.servers` (ServerSettingsService) hands them out. */
export class ServerSettingsStore {
  private readonly kept = new Map<string, Kept>();
  /** Reads under way, so many interactions of one guild wait on one read. */
  private readonly reading = new Map<string, Promise<ServerSettings | undefined>>();
  private readonly keepMs: number;
  private readonly maxGuilds: number;
  private readonly now: () => number;

  static open(stores: KeyValueStores, options: ServerSettingsOptions = {}): ServerSettingsStore {
    return new ServerSettingsStore(stores.namespaces.servers, options);
  }

  constructor(
    private readonly store: Keyv,
    private readonly options: ServerSettingsOptions = {},
  ) {
    this.keepMs = options.keepMs ?? 10 * 60_000;
    this.maxGuilds = options.maxGuilds ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /** The server's language for public answers, if a moderator set one. */
  async languageOf(guildId: string): Promise<Locale | undefined> {
    return (await this.settingsOf(guildId))?.language;
  }

  /** The server's settings (from memory when read recently). Rejects when the store cannot be read. */
  async settingsOf(guildId: string): Promise<ServerSettings | undefined> {
    const kept = this.kept.get(guildId);
    if (kept && this.now() - kept.readAt < this.keepMs) {
      // Most recently used last: the first entries are the ones to let go.
      this.kept.delete(guildId);
      this.kept.set(guildId, kept);
      return kept.settings;
    }
    const under = this.reading.get(guildId);
    if (under) return under;
    const reading: Promise<ServerSettings | undefined> = this.read(guildId).then(
      (settings) => {
        // A write since this read began is newer than what it found: keep the write's.
        if (this.reading.get(guildId) === reading) {
          this.reading.delete(guildId);
          this.keep(guildId, settings);
        }
        return settings;
      },
      (error: unknown) => {
        if (this.reading.get(guildId) === reading) this.reading.delete(guildId);
        throw error;
      },
    );
    this.reading.set(guildId, reading);
    return reading;
  }

  /** Sets the server's language for public answers, or (undefined) lets each reader's apply again. */
  async setLanguage(guildId: string, locale: Locale | undefined, by?: string): Promise<void> {
    const next: ServerSettings = {
      version: serverSettingsSchemaVersion,
      guildId,
      updatedAt: new Date(this.now()).toISOString(),
      ...(locale ? { language: locale } : {}),
      ...(by ? { updatedBy: by } : {}),
    };
    if (next.language === undefined) {
      // Nothing else is set: no record at all is the same as an empty one.
      await this.store.delete(guildId);
    } else {
      await setOrThrow(this.store, guildId, serverSettingsSchema.parse(next));
    }
    // A read that began before the write finished may have found the old record: it is not kept.
    this.reading.delete(guildId);
    this.keep(guildId, next.language === undefined ? undefined : next);
  }

  /** The bot left the server: its settings go with it. */
  async forget(guildId: string): Promise<void> {
    await this.store.delete(guildId);
    this.keep(guildId, undefined);
  }

  /** Guilds whose settings are in memory now (for the test that it stays bounded). */
  keptCount(): number {
    return this.kept.size;
  }

  private async read(guildId: string): Promise<ServerSettings | undefined> {
    const value: unknown = await this.store.get(guildId);
    if (value === undefined) return undefined;
    const parsed = serverSettingsSchema.safeParse(value);
    if (parsed.success && parsed.data.guildId === guildId) return parsed.data;
    const reason = parsed.success
      ? 'guildId: not the key it is stored under'
      : parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`)
          .join('; ');
    this.options.onUnreadable?.(guildId, reason);
    return undefined;
  }

  private keep(guildId: string, settings: ServerSettings | undefined): void {
    this.kept.delete(guildId);
    this.kept.set(guildId, { settings, readAt: this.now() });
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.maxGuilds) break;
      this.kept.delete(oldest);
    }
  }
}
