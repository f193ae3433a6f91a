// The dashboards this project ships, and how each is rendered to its committed JSON file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brandHealthDashboard } from './brand-health.js';
import { careDashboard } from './care.js';
import type { Dashboard } from './common.js';
import { incidentsDashboard } from './incidents.js';
import { sourceHealthDashboard } from './source-health.js';

/** Folder Grafana provisions from (dashboards/provisioning/dashboards/dashboards.yml). */
export const GENERATED_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'generated');

export interface DashboardFile {
  /** File name under `generated/`. */
  file: string;
  dashboard: Dashboard;
}

export function buildDashboards(): DashboardFile[] {
  return [
    { file: 'brand-health.json', dashboard: brandHealthDashboard() },
    { file: 'incidents.json', dashboard: incidentsDashboard() },
    { file: 'care.json', dashboard: careDashboard() },
    { file: 'source-health.json', dashboard: sourceHealthDashboard() },
  ];
}

/** Exact bytes of a generated file: 2-space JSON with a final newline. */
export function renderDashboard(d: Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}
