// Source health: is every connector polling, how far behind is it, what does it reject.
// Current state comes from the `source_health` view; history from `source_polls` and `rejects`.
import { DASHBOARD_UIDS } from '../lib/alerts/dashboard-links.js';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  colorByValue,
  dashboardBuilder,
  properties,
  seriesName,
  stackedBarsPanel,
  statPanel,
  tablePanel,
  thresholds,
  timeseriesPanel,
  withItems,
} from './common.js';
import { and, sql } from './sql.js';
import { inVariable, multiValueVariable } from './variables.js';

export const SOURCE_HEALTH_UID = DASHBOARD_UIDS.sourceHealth;

const variables = () => [
  multiValueVariable({
    name: 'source',
    label: 'Source',
    description: 'Configured sources that have polled at least once.',
    column: 'source_id',
    table: 'source_polls',
  }),
];

const sourceFilter = inVariable('source_id', 'source');
const pollsWhere = and('$__timeFilter(started_at)', sourceFilter);

const lagThresholds = () => thresholds([null, 'green'], [900, 'orange'], [3600, 'red']);

const stats = () => [
  statPanel(sql`
    SELECT count() AS sources, countIf(last_status = 'error') AS failing
    FROM source_health
    WHERE ${sourceFilter}`)
    .title('Sources')
    .description('Sources that have polled, and how many of them failed their last poll.')
    .span(8)
    .height(4)
    .unit('short')
    .overrideByName('failing', properties({ thresholds: thresholds([null, 'green'], [1, 'red']) })),
  statPanel(sql`
    SELECT max(lag_seconds) AS worst_lag
    FROM source_health
    WHERE ${sourceFilter}`)
    .title('Worst lag')
    .description('Age of the newest item of the most lagging source (time since its newest stored item).')
    .span(8)
    .height(4)
    .unit('s')
    .thresholds(lagThresholds()),
  statPanel(sql`
    SELECT countIf(status = 'error') / nullIf(count(), 0) AS error_share
    FROM source_polls
    WHERE ${pollsWhere}`)
    .title('Poll errors')
    .description('Share of polls that failed in the selected range.')
    .span(8)
    .height(4)
    .unit('percentunit')
    .decimals(1)
    .thresholds(thresholds([null, 'green'], [0.05, 'orange'], [0.25, 'red'])),
];

const current = () =>
  tablePanel(sql`
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
    ORDER BY last_status = 'error' DESC, lag_seconds DESC`)
    .title('Sources now')
    .description('Per source: last status, last success and error, items fetched, stored and rejected (all retained polls), and lag.')
    .span(24)
    .height(9)
    .overrideByName('last_status', colorByValue({ ok: 'green', error: 'red' }, common.TableCellDisplayMode.ColorBackground))
    .overrideByName(
      'lag_seconds',
      properties({
        displayName: 'lag',
        unit: 's',
        'custom.cellOptions': { type: common.TableCellDisplayMode.ColorText },
        thresholds: lagThresholds(),
      }),
    )
    .overrideByName('last_error', properties({ 'custom.inspect': true }));

const history = () => [
  stackedBarsPanel(sql`
    SELECT $__timeInterval(started_at) AS time, status, count() AS polls
    FROM source_polls
    WHERE ${pollsWhere}
    GROUP BY time, status
    ORDER BY time`)
    .title('Polls by status')
    .description('Polls per interval, ok and error.')
    .span(12)
    .height(8)
    .unit('short')
    .displayName(seriesName('status')),
  timeseriesPanel(sql`
    SELECT $__timeInterval(started_at) AS time, source_id, sum(stored) AS stored
    FROM source_polls
    WHERE ${pollsWhere}
    GROUP BY time, source_id
    ORDER BY time`)
    .title('Items stored per source')
    .description('New mentions stored per interval, per source (duplicates and rejects excluded).')
    .span(12)
    .height(8)
    .unit('short')
    .displayName(seriesName('source_id')),
  timeseriesPanel(sql`
    SELECT
        $__timeInterval(started_at) AS time,
        source_id,
        quantile(0.95)(dateDiff('millisecond', started_at, finished_at)) AS p95_duration_ms
    FROM source_polls
    WHERE ${pollsWhere}
    GROUP BY time, source_id
    ORDER BY time`)
    .title('Poll duration (p95)')
    .description('95th percentile of poll duration per interval, per source.')
    .span(12)
    .height(8)
    .unit('ms')
    .displayName(seriesName('source_id')),
  stackedBarsPanel(sql`
    SELECT $__timeInterval(rejected_at) AS time, stage, count() AS rejects
    FROM rejects
    WHERE ${and('$__timeFilter(rejected_at)', sourceFilter)}
    GROUP BY time, stage
    ORDER BY time`)
    .title('Rejects by stage')
    .description('Items that could not be parsed, analysed or stored, per interval and stage.')
    .span(12)
    .height(8)
    .unit('short')
    .displayName(seriesName('stage')),
  tablePanel(sql`
    SELECT started_at, source_id, source_type, dateDiff('millisecond', started_at, finished_at) AS duration_ms, error
    FROM source_polls
    WHERE ${and(pollsWhere, "status = 'error'")}
    ORDER BY started_at DESC
    LIMIT 200`)
    .title('Recent poll errors')
    .description('Failed polls in the selected range, newest first.')
    .span(12)
    .height(9)
    .overrideByName('duration_ms', properties({ unit: 'ms' }))
    .overrideByName('error', properties({ 'custom.inspect': true })),
  tablePanel(sql`
    SELECT rejected_at, source_id, stage, reason, substring(raw, 1, 500) AS raw_excerpt
    FROM rejects
    WHERE ${and('$__timeFilter(rejected_at)', sourceFilter)}
    ORDER BY rejected_at DESC
    LIMIT 200`)
    .title('Recent rejects')
    .description('Latest rejected items with the reason (raw item under Inspect).')
    .span(12)
    .height(9)
    .overrideByName('reason', properties({ 'custom.inspect': true }))
    .overrideByName('raw_excerpt', properties({ displayName: 'raw', 'custom.inspect': true })),
];

export function sourceHealthDashboard(): dashboard.Dashboard {
  const builder = dashboardBuilder({
    uid: SOURCE_HEALTH_UID,
    title: 'Source health',
    description: 'Polling status, lag, volume and rejects of every configured source.',
    tags: ['sources'],
    variables: variables(),
  });
  return withItems(builder, [
    new dashboard.RowBuilder('Now'),
    ...stats(),
    current(),
    new dashboard.RowBuilder('History'),
    ...history(),
  ]).build();
}
