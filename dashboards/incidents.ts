// Incidents & alerts: spike incidents (read with FINAL: each state change writes a newer version)
// and every alert delivery attempt, per route and status.
import {
  and,
  dashboard,
  distinctVariable,
  inVariable,
  override,
  sql,
  stackedBars,
  statPanel,
  tablePanel,
  thresholds,
  timeseriesPanel,
  type Dashboard,
  type PanelSpec,
  type VariableSpec,
} from './common.js';

export const INCIDENTS_UID = 'brand-pulse-incidents';

const variables: VariableSpec[] = [
  distinctVariable({ name: 'brand', label: 'Brand', description: 'Brands that have had incidents.', column: 'brand', table: 'incidents', multiWithAll: true }),
  distinctVariable({
    name: 'route',
    label: 'Route',
    description: 'Alert routes that were attempted.',
    column: 'route_id',
    table: 'alert_deliveries',
    multiWithAll: true,
  }),
];

const brandFilter = inVariable('brand', 'brand');
const deliveriesWhere = and('$__timeFilter(attempted_at)', brandFilter, inVariable('route_id', 'route'));

/** A zero DateTime64 (the column default) means "not yet"; shown as empty instead of 1970. */
const unset = (column: string, alias: string): string => `nullIf(${column}, toDateTime64(0, 3, 'UTC')) AS ${alias}`;

const stats: PanelSpec[] = [
  statPanel({
    title: 'Open incidents',
    description: 'Incidents not resolved yet (open or acknowledged), whenever they were opened.',
    w: 6,
    h: 4,
    unit: 'short',
    sql: sql`
      SELECT
          countIf(status = 'open') AS open,
          countIf(status = 'acknowledged') AS acknowledged
      FROM incidents FINAL
      WHERE ${brandFilter}`,
    defaults: { thresholds: thresholds([null, 'green'], [1, 'red']) },
    overrides: [override('acknowledged', { thresholds: thresholds([null, 'green'], [1, 'orange']) })],
  }),
  statPanel({
    title: 'Incidents opened',
    description: 'Incidents opened in the selected range.',
    w: 6,
    h: 4,
    unit: 'short',
    sql: sql`
      SELECT count() AS incidents
      FROM incidents FINAL
      WHERE ${and('$__timeFilter(opened_at)', brandFilter)}`,
  }),
  statPanel({
    title: 'Time to acknowledge / resolve',
    description: 'Mean time from opening to acknowledgement and to resolution, for incidents opened in the selected range.',
    w: 6,
    h: 4,
    unit: 's',
    sql: sql`
      SELECT
          avgIf(dateDiff('second', opened_at, acknowledged_at), acknowledged_at >= opened_at) AS mean_time_to_acknowledge,
          avgIf(dateDiff('second', opened_at, resolved_at), resolved_at >= opened_at) AS mean_time_to_resolve
      FROM incidents FINAL
      WHERE ${and('$__timeFilter(opened_at)', brandFilter)}`,
    overrides: [
      override('mean_time_to_acknowledge', { displayName: 'Acknowledge' }),
      override('mean_time_to_resolve', { displayName: 'Resolve' }),
    ],
  }),
  statPanel({
    title: 'Failed deliveries',
    description: 'Share of delivery attempts that failed in the selected range (every route, retries included).',
    w: 6,
    h: 4,
    unit: 'percentunit',
    decimals: 1,
    sql: sql`
      SELECT countIf(status = 'failed') / nullIf(count(), 0) AS failed_share
      FROM alert_deliveries
      WHERE ${deliveriesWhere}`,
    defaults: { thresholds: thresholds([null, 'green'], [0.01, 'orange'], [0.1, 'red']) },
  }),
];

const incidents: PanelSpec[] = [
  timeseriesPanel({
    title: 'Incidents opened by severity',
    description: 'Incidents opened per interval, by severity.',
    w: 24,
    h: 7,
    unit: 'short',
    sql: sql`
      SELECT $__timeInterval(opened_at) AS time, severity, count() AS incidents
      FROM incidents FINAL
      WHERE ${and('$__timeFilter(opened_at)', brandFilter)}
      GROUP BY time, severity
      ORDER BY time`,
    defaults: stackedBars('severity'),
  }),
  tablePanel({
    title: 'Incidents',
    description: 'Latest state of every incident opened in the selected range, newest first.',
    w: 24,
    h: 10,
    sql: sql`
      SELECT
          opened_at,
          brand,
          severity,
          status,
          peak_at,
          peak_negative,
          round(baseline, 1) AS baseline,
          round(score, 2) AS score,
          ${unset('acknowledged_at', 'acknowledged')},
          acknowledged_by,
          ${unset('escalated_at', 'escalated')},
          ${unset('resolved_at', 'resolved')},
          incident_id,
          workflow_id
      FROM incidents FINAL
      WHERE ${and('$__timeFilter(opened_at)', brandFilter)}
      ORDER BY opened_at DESC
      LIMIT 500`,
    overrides: [
      override('status', {
        'custom.cellOptions': { type: 'color-text' },
        mappings: [
          {
            type: 'value',
            options: {
              open: { color: 'red', index: 0 },
              acknowledged: { color: 'orange', index: 1 },
              resolved: { color: 'green', index: 2 },
            },
          },
        ],
      }),
    ],
  }),
];

const deliveries: PanelSpec[] = [
  timeseriesPanel({
    title: 'Deliveries by route and status',
    description: 'Alert delivery attempts per interval, one series per route and status.',
    w: 12,
    h: 8,
    unit: 'short',
    sql: sql`
      SELECT $__timeInterval(attempted_at) AS time, concat(route_id, ' ', status) AS route_status, count() AS deliveries
      FROM alert_deliveries
      WHERE ${deliveriesWhere}
      GROUP BY time, route_status
      ORDER BY time`,
    defaults: stackedBars('route_status'),
  }),
  tablePanel({
    title: 'Routes',
    description: 'Delivery attempts per route in the selected range, with the last error.',
    w: 12,
    h: 8,
    sql: sql`
      SELECT
          route_id,
          route_type,
          countIf(status = 'sent') AS sent,
          countIf(status = 'failed') AS failed,
          countIf(status = 'failed') / count() AS failed_share,
          max(attempted_at) AS last_attempt_at,
          argMaxIf(detail, attempted_at, status = 'failed') AS last_error
      FROM alert_deliveries
      WHERE ${deliveriesWhere}
      GROUP BY route_id, route_type
      ORDER BY failed DESC, route_id`,
    overrides: [
      override('failed_share', { unit: 'percentunit', decimals: 1, 'custom.cellOptions': { type: 'color-text' }, thresholds: thresholds([null, 'green'], [0.01, 'orange'], [0.1, 'red']) }),
    ],
  }),
  tablePanel({
    title: 'Latest delivery attempts',
    description: 'The most recent delivery attempts, failed ones included, with the provider answer or error.',
    w: 24,
    h: 9,
    sql: sql`
      SELECT attempted_at, brand, incident_id, route_id, route_type, kind, status, attempt, detail
      FROM alert_deliveries
      WHERE ${deliveriesWhere}
      ORDER BY attempted_at DESC
      LIMIT 200`,
    overrides: [
      override('status', {
        'custom.cellOptions': { type: 'color-text' },
        mappings: [{ type: 'value', options: { sent: { color: 'green', index: 0 }, failed: { color: 'red', index: 1 } } }],
      }),
      override('detail', { 'custom.inspect': true }),
    ],
  }),
];

export function incidentsDashboard(): Dashboard {
  return dashboard({
    uid: INCIDENTS_UID,
    title: 'Incidents & alerts',
    description: 'Spike incidents and the alert deliveries they caused.',
    tags: ['incidents', 'alerts'],
    from: 'now-7d',
    variables,
    items: [{ row: 'Incidents' }, ...stats, ...incidents, { row: 'Alert deliveries' }, ...deliveries],
  });
}
