// Reloads the fact store when a fact file changes, validating first: an invalid file is reported
// (file, entry, reason) and the last good store stays in service.
import { type FSWatcher, watch } from 'node:fs';
import type { Logger } from '../log.js';
import type { FactStore } from './fact-store.js';
import { bundledFactsDirectory, FactValidationError } from './load-facts.js';
import { loadFactStore } from './load-store.js';

export interface FactWatcher {
  /** Reloads now (also what a file change triggers, after a short debounce). */
  reload(): Promise<FactStore | undefined>;
  close(): void;
}

export function watchFactFiles({
  factsDirectory,
  log,
  onReload,
  debounceMs = 300,
  watchFiles = true,
}: {
  factsDirectory: string | undefined;
  /** False: no file watching; only explicit `reload()` calls. */
  watchFiles?: boolean;
  log: Logger;
  onReload: (facts: FactStore) => Promise<void> | void;
  debounceMs?: number;
}): FactWatcher {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<FactStore | undefined> = Promise.resolve(undefined);

  const reload = async (): Promise<FactStore | undefined> => {
    try {
      const facts = await loadFactStore(factsDirectory);
      await onReload(facts);
      log.info({ facts: facts.facts.length }, 'fact files reloaded');
      return facts;
    } catch (error) {
      const detail = error instanceof FactValidationError ? error.message : (error as Error).message;
      log.error({ problem: detail }, 'fact files changed but are invalid; keeping the last good facts');
      return undefined;
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    // Editors write files in several steps; wait for the burst to settle, and never overlap reloads.
    timer = setTimeout(() => {
      running = running.then(reload);
    }, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  const directories = watchFiles ? [bundledFactsDirectory, ...(factsDirectory ? [factsDirectory] : [])] : [];
  for (const directory of directories) {
    try {
      const watcher = watch(directory, (_event, file) => {
        if (!file || /\.(ya?ml|json)$/i.test(file)) schedule();
      });
      watcher.on('error', (error) => log.warn({ err: error, directory }, 'stopped watching fact files'));
      watchers.push(watcher);
    } catch (error) {
      log.warn({ err: error, directory }, 'cannot watch fact files; changes need a restart');
    }
  }
  return {
    reload: () => {
      running = running.then(reload);
      return running;
    },
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
