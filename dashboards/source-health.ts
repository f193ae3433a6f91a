// Source health: is every connector polling, how far behind is it, what does it reject.
// Current state comes from the `v_sources` view (items counted as posts, not brand rows; lag
// measured in the source's own poll intervals, so a quiet source that polls on time is not
// lagging); history from `source_polls` and `rejects`. Every time here is the wall clock (when a
// poll ran), unlike brand health and incidents, which carry the posts' own time: in a replay
// (`npm run demo`) the two differ, and this dashboard's range is the one to leave on "now".
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

/** Lag in the source's own poll intervals since its last successful poll (v_sources' `is_lagging` is above 3). */
const lagThresholds = () => thresholds([null, 'green'], [2, 'orange'], [3, 'red']);
const LAG_UNIT = 'suffix: intervals';

const stats = () => [
  statPanel(sql`
    SELECT count() AS sources, countIf(last_status = 'error') AS failing, countIf(is_lagging = 1) AS lagging
    FROM v_sources
    WHERE ${sourceFilter}`)
    .title('Sources')
    .description('Sources that have polled, how many failed their last poll, and how many are lagging (last successful poll more than three of their poll intervals ago).')
    .span(8)
    .height(4)
    .unit('short')
    .overrideByName('failing', properties({ thresholds: thresholds([null, 'green'], [1, 'red']) }))
    .overrideByName('lagging', properties({ thresholds: thresholds([null, 'green'], [1, 'red']) })),
  statPanel(sql`
    SELECT max(polls_behind) AS worst_lag
    FROM v_sources
    WHERE ${sourceFilter}`)
    .title('Worst lag')
    .description(
      "Time since the last successful poll of the most overdue source, in that source's own poll intervals (the median gap between its polls): about 1 is on time. A quiet source whose newest post is old is not late.",
    )
    .span(8)
    .height(4)
    .unit(LAG_UNIT)
    .decimals(1)
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
        last_poll_at,
        last_success_at,
        last_error_at,
        last_error,
        items_fetched,
        items_stored,
        items_rejected,
        poll_interval_seconds,
        polls_behind,
        newest_item_at
    FROM v_sources
    WHERE ${sourceFilter}
    ORDER BY last_status = 'error' DESC, polls_behind DESC, source_id`)
    .title('Sources now')
    .description(
      "Per source: last poll, success and error; items fetched, stored (distinct posts: a post naming two brands is one item) and rejected over the retained polls; its poll interval and how many of them have passed since its last success; its newest post's own time.",
    )
    .span(24)
    .height(9)
    .overrideByName('last_status', colorByValue({ ok: 'green', error: 'red' }, common.TableCellDisplayMode.ColorBackground))
    .overrideByName('last_poll_at', properties({ displayName: 'last poll', unit: 'dateTimeAsIso' }))
    .overrideByName('last_success_at', properties({ displayName: 'last success', unit: 'dateTimeAsIso' }))
    .overrideByName('last_error_at', properties({ displayName: 'last error time', unit: 'dateTimeAsIso' }))
    .overrideByName('poll_interval_seconds', properties({ displayName: 'poll interval', unit: 's' }))
    .overrideByName(
      'polls_behind',
      properties({
        displayName: 'lag',
        unit: LAG_UNIT,
        decimals: 1,
        'custom.cellOptions': { type: common.TableCellDisplayMode.ColorText },
        thresholds: lagThresholds(),
      }),
    )
    .overrideByName('newest_item_at', properties({ displayName: 'newest post (its own time)', unit: 'dateTimeAsIso' }))
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
    description: 'Polling status, lag, volume and rejects of every configured source (wall-clock times: when the polls ran).',
    tags: ['sources'],
    variables: variables(),
  });
  return withItems(builder, [
    new dashboard.RowBuilder('Now'),
    ...stats(),
    current(),
    new dashboard.RowBuilder('History (wall clock)'),
    ...history(),
  ]).build();
}
