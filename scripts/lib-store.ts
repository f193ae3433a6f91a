// The store a CLI works on: the embedded one in a data folder (--data-dir, or the config's
// data_dir), or the server CLICKHOUSE_URL names; migrated, so every view a query names exists.
// Imported by the CLIs only after their arguments are valid: it loads the native engine.
import { loadConfig } from '../lib/config/load.js';
import { createStore } from '../lib/store/clickhouse.js';
import { migrate } from '../lib/store/migrations.js';
import { resolveConfigPath } from '../workers/config-path.js';

export interface StoreOptions {
  /** monitor.yaml whose data_dir holds the embedded store. */
  config?: string;
  /** The data folder itself (instead of the config's). */
  dataDir?: string;
}

export async function openCliStore(o: StoreOptions): Promise<ReturnType<typeof createStore>> {
  const dataDir = o.dataDir ?? loadConfig(resolveConfigPath(o.config ? ['--config', o.config] : [])).data_dir;
  let store: ReturnType<typeof createStore>;
  try {
    store = createStore({ url: process.env.CLICKHOUSE_URL, dataDir });
  } catch (e) {
    throw new Error(`cannot open the embedded store in ${dataDir} (is a worker running on it?): ${(e as Error).message}`);
  }
  await migrate(store.client);
  return store;
}
