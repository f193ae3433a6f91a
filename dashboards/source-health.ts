// Source health: is every connector polling, how far behind is it, what does it reject.
// Current state comes from the `source_health` view; history from `source_polls` and `rejects`.
import {
  and,
  dashboard,
  distinctVariable,
  inVariable,
  override,
  seriesName,
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

export const SOURCE_HEALTH_UID = 'brand-pulse-source-health';

const variables: VariableSpec[] = [
  distinctVariable({
    name: 'source',
    label: 'Source',
    description: 'Configured sources that have polled at least once.',
    column: 'source_id',
    table: 'source_polls',
    multiWithAll: true,
  }),
];

const sourceFilter = inVariable('source_id', 'source');
const pollsWhere = and('$__timeFilter(started_at)', sourceFilter);

const lagThresholds = thresholds([null, 'green'], [900, 'orange'], [3600, 'red']);

const stats: PanelSpec[] = [
  statPanel({
    title: 'Sources',
    description: 'Sources that have polled, and how many of them failed their last poll.',
    w: 8,
    h: 4,
    unit: 'short',
    sql: sql`
      SELECT count() AS sources, countIf(last_status = 'error') AS failing
      FROM source_health
      WHERE ${sourceFilter}`,
    overrides: [override('failing', { thresholds: thresholds([null, 'green'], [1, 'red']) })],
  }),
  statPanel({
    title: 'Worst lag',
    description: 'Age of the newest item of the most lagging source (time since its newest stored item).',
    w: 8,
    h: 4,
    unit: 's',
    sql: sql`
      SELECT max(lag_seconds) AS worst_lag
      FROM source_health
      WHERE ${sourceFilter}`,
    defaults: { thresholds: lagThresholds },
  }),
  statPanel({
    title: 'Poll errors',
    description: 'Share of polls that failed in the selected range.',
    w: 8,
    h: 4,
    unit: 'percentunit',
    decimals: 1,
    sql: sql`
      SELECT countIf(status = 'error') / nullIf(count(), 0) AS error_share
      FROM source_polls
      WHERE ${pollsWhere}`,
    defaults: { thresholds: thresholds([null, 'green'], [0.05, 'orange'], [0.25, 'red']) },
  }),
];

const current = tablePanel({
  title: 'Sources now',
  description: 'Per source: last status, last success and error, items fetched, stored and rejected (all retained polls), and lag.',
  w: 24,
  h: 9,
  sql: sql`
    SELECT
        source_id,
        source_type,
        last_status,
        nullIf(last_success_at, toDateTime64(0, 3, 'UTC')) AS last_success,
        nullIf(last_error_at, toDateTime64(0, 3, 'UTC')) AS last_error_time,
        last_error,
        items_fetched,
        items_stored,
        items_rejected,
        lag_seconds
    FROM source_health
    WHERE ${sourceFilter}
    ORDER BY last_status = 'error' DESC, lag_seconds DESC`,
  overrides: [
    override('last_status', {
      'custom.cellOptions': { type: 'color-background' },
      mappings: [{ type: 'value', options: { ok: { color: 'green', index: 0 }, error: { color: 'red', index: 1 } } }],
    }),
    override('lag_seconds', { displayName: 'lag', unit: 's', 'custom.cellOptions': { type: 'color-text' }, thresholds: lagThresholds }),
    override('last_error', { 'custom.inspect': true }),
  ],
});

const history: PanelSpec[] = [
  timeseriesPanel({
    title: 'Polls by status',
    description: 'Polls per interval, ok and error.',
    w: 12,
    h: 8,
    unit: 'short',
    sql: sql`
      SELECT $__timeInterval(started_at) AS time, status, count() AS polls
      FROM source_polls
      WHERE ${pollsWhere}
      GROUP BY time, status
      ORDER BY time`,
    defaults: stackedBars('status'),
  }),
  timeseriesPanel({
    title: 'Items stored per source',
    description: 'New mentions stored per interval, per source (duplicates and rejects excluded).',
    w: 12,
    h: 8,
    unit: 'short',
    sql: sql`
      SELECT $__timeInterval(started_at) AS time, source_id, sum(stored) AS stored
      FROM source_polls
      WHERE ${pollsWhere}
      GROUP BY time, source_id
      ORDER BY time`,
    defaults: { displayName: seriesName('source_id') },
  }),
  timeseriesPanel({
    title: 'Poll duration (p95)',
    description: '95th percentile of poll duration per interval, per source.',
    w: 12,
    h: 8,
    unit: 'ms',
    sql: sql`
      SELECT
          $__timeInterval(started_at) AS time,
          source_id,
          quantile(0.95)(dateDiff('millisecond', started_at, finished_at)) AS p95_duration_ms
      FROM source_polls
      WHERE ${pollsWhere}
      GROUP BY time, source_id
      ORDER BY time`,
    defaults: { displayName: seriesName('source_id') },
  }),
  timeseriesPanel({
    title: 'Rejects by stage',
    description: 'Items that could not be parsed, analysed or stored, per interval and stage.',
    w: 12,
    h: 8,
    unit: 'short',
    sql: sql`
      SELECT $__timeInterval(rejected_at) AS time, stage, count() AS rejects
      FROM rejects
      WHERE ${and('$__timeFilter(rejected_at)', sourceFilter)}
      GROUP BY time, stage
      ORDER BY time`,
    defaults: stackedBars('stage'),
  }),
  tablePanel({
    title: 'Recent poll errors',
    description: 'Failed polls in the selected range, newest first.',
    w: 12,
    h: 9,
    sql: sql`
      SELECT started_at, source_id, source_type, dateDiff('millisecond', started_at, finished_at) AS duration_ms, error
      FROM source_polls
      WHERE ${and(pollsWhere, "status = 'error'")}
      ORDER BY started_at DESC
      LIMIT 200`,
    overrides: [override('duration_ms', { unit: 'ms' }), override('error', { 'custom.inspect': true })],
  }),
  tablePanel({
    title: 'Recent rejects',
    description: 'Latest rejected items with the reason (raw item under Inspect).',
    w: 12,
    h: 9,
    sql: sql`
      SELECT rejected_at, source_id, stage, reason, substring(raw, 1, 500) AS raw_excerpt
      FROM rejects
      WHERE ${and('$__timeFilter(rejected_at)', sourceFilter)}
      ORDER BY rejected_at DESC
      LIMIT 200`,
    overrides: [override('reason', { 'custom.inspect': true }), override('raw_excerpt', { displayName: 'raw', 'custom.inspect': true })],
  }),
];

export function sourceHealthDashboard(): Dashboard {
  return dashboard({
    uid: SOURCE_HEALTH_UID,
    title: 'Source health',
    description: 'Polling status, lag, volume and rejects of every configured source.',
    tags: ['sources'],
    variables,
    items: [{ row: 'Now' }, ...stats, current, { row: 'History' }, ...history],
  });
}
