// A ClickHouse client that fails an insert into one table on demand: a worker dying between
// fetching a page and storing it (or its cursor). Everything else goes to the real client.
import type { ClickHouseClient } from '@clickhouse/client';

export interface CrashSwitch {
  /** The client to hand to the code under test. */
  client: ClickHouseClient;
  /** The next insert into the table fails (once). */
  arm(): void;
}

/** A client whose next insert into `table` fails once after each `arm()`; unarmed, it is the real client. */
export function crashWhenArmed(client: ClickHouseClient, table: string, message = `simulated crash before writing ${table}`): CrashSwitch {
  let armed = false;
  const crashing = new Proxy(client, {
    get(target, prop) {
      if (prop === 'insert') {
        return async (args: Parameters<ClickHouseClient['insert']>[0]) => {
          if (armed && args.table === table) {
            armed = false;
            throw new Error(message);
          }
          return target.insert(args);
        };
      }
      const v = Reflect.get(target, prop);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return {
    client: crashing,
    arm() {
      armed = true;
    },
  };
}

/** A client whose first insert into `table` fails. */
export function crashOnce(client: ClickHouseClient, table: string, message?: string): ClickHouseClient {
  const crash = crashWhenArmed(client, table, message);
  crash.arm();
  return crash.client;
}
