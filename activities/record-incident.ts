// Activity: mirror an incident's state into the `incidents` table.
import { upsertIncident, type IncidentRecord } from '../lib/store/incidents-repo.js';
import type { ActivityDeps } from './deps.js';

export const recordIncidentActivity =
  (deps: ActivityDeps) =>
  async (record: IncidentRecord): Promise<void> => {
    await upsertIncident(deps.clickhouse, record);
  };
