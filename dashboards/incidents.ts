// Incidents & alerts: spike incidents (read with FINAL: each state change writes a newer version),
// every alert delivery attempt per route and status, and the alerts a route gave up on
// ('undeliverable' rows, each also announced on the escalation routes).
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
  withItems,
} from './common.js';
import { and, sql } from './sql.js';
import { inVariable, multiValueVariable } from './variables.js';

export const INCIDENTS_UID = DASHBOARD_UIDS.incidents;

const variables = () => [
  multiValueVariable({ name: 'brand', label: 'Brand', description: 'Brands that have had incidents.', column: 'brand', table: 'incidents' }),
  multiValueVariable({
    name: 'route',
    label: 'Route',
    description: 'Alert routes that were attempted.',
    column: 'route_id',
    table: 'alert_deliveries',
  }),
];

const brandFilter = inVariable('brand', 'brand');
const routeFilter = inVariable('route_id', 'route');
// Incidents carry the posts' own time (stream time in a replay), deliveries the wall clock. The
// delivery tables follow the incidents opened in the range, so both agree after `npm run demo`
// (and live, where the two clocks are one); only the attempts-over-time chart is wall clock.
const deliveriesWhere = and(`incident_id IN (SELECT incident_id FROM incidents WHERE $__timeFilter(opened_at))`, brandFilter, routeFilter);
const attemptsWhere = and('$__timeFilter(attempted_at)', brandFilter, routeFilter);

/** Delivery attempts, as opposed to the 'undeliverable' verdicts recorded beside them. */
const isAttempt = "status IN ('sent', 'failed')";

/** A zero DateTime64 (the column default) means "not yet"; shown as empty instead of 1970. */
const unset = (column: string, alias: string): string => `nullIf(${column}, toDateTime64(0, 3, 'UTC')) AS ${alias}`;

const stats = () => [
  statPanel(sql`
    SELECT
        countIf(status = 'open') AS open,
        countIf(status = 'acknowledged') AS acknowledged
    FROM incidents FINAL
    WHERE ${brandFilter}`)
    .title('Open incidents')
    .description('Incidents not resolved yet (open or acknowledged), whenever they were opened.')
    .span(6)
    .height(4)
    .unit('short')
    .thresholds(thresholds([null, 'green'], [1, 'red']))
    .overrideByName('acknowledged', properties({ thresholds: thresholds([null, 'green'], [1, 'orange']) })),
  statPanel(sql`
    SELECT count() AS incidents, countIf(resolution = 'false_positive') AS false_alarms
    FROM incidents FINAL
    WHERE ${and('$__timeFilter(opened_at)', brandFilter)}`)
    .title('Incidents opened')
    .description('Incidents opened in the selected range, and how many of them people marked not an incident (false alarms: the detector does not learn their windows).')
    .span(6)
    .height(4)
    .unit('short')
    .overrideByName('false_alarms', properties({ displayName: 'False alarms' })),
  statPanel(sql`
    SELECT
        avgIf(dateDiff('second', opened_at, acknowledged_at), acknowledged_at >= opened_at) AS mean_time_to_acknowledge,
        avgIf(dateDiff('second', opened_at, resolved_at), resolved_at >= opened_at) AS mean_time_to_resolve
    FROM incidents FINAL
    WHERE ${and('$__timeFilter(opened_at)', brandFilter)}`)
    .title('Time to acknowledge / resolve')
    .description('Mean time from opening to acknowledgement and to resolution, for incidents opened in the selected range.')
    .span(6)
    .height(4)
    .unit('s')
    .overrideByName('mean_time_to_acknowledge', properties({ displayName: 'Acknowledge' }))
    .overrideByName('mean_time_to_resolve', properties({ displayName: 'Resolve' })),
  statPanel(sql`
    SELECT
        countIf(status = 'failed') / nullIf(countIf(${isAttempt}), 0) AS failed_share,
        countIf(status = 'undeliverable') AS undeliverable
    FROM alert_deliveries
    WHERE ${deliveriesWhere}`)
    .title('Failed deliveries')
    .description(
      'Share of delivery attempts that failed, for the incidents opened in the selected range (every route, retries included), and alerts that a route gave up on after its retries (undeliverable).',
    )
    .span(6)
    .height(4)
    .unit('percentunit')
    .decimals(1)
    .thresholds(thresholds([null, 'green'], [0.01, 'orange'], [0.1, 'red']))
    .overrideByName('failed_share', properties({ displayName: 'Failed attempts' }))
    .overrideByName('undeliverable', properties({ displayName: 'Undeliverable', unit: 'short', decimals: 0, thresholds: thresholds([null, 'green'], [1, 'red']) })),
];

const incidents = () => [
  stackedBarsPanel(sql`
    SELECT $__timeInterval(opened_at) AS time, severity, count() AS incidents
    FROM incidents FINAL
    WHERE ${and('$__timeFilter(opened_at)', brandFilter)}
    GROUP BY time, severity
    ORDER BY time`)
    .title('Incidents opened by severity')
    .description('Incidents opened per interval, by severity.')
    .span(24)
    .height(7)
    .unit('short')
    .displayName(seriesName('severity')),
  tablePanel(sql`
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
        assignee,
        resolution,
        resolved_by,
        ${unset('muted_until', 'brand_muted_until')},
        incident_id,
        workflow_id
    FROM incidents FINAL
    WHERE ${and('$__timeFilter(opened_at)', brandFilter)}
    ORDER BY opened_at DESC
    LIMIT 500`)
    .title('Incidents')
    .description('Latest state of every incident opened in the selected range, newest first.')
    .span(24)
    .height(10)
    .overrideByName('status', colorByValue({ open: 'red', acknowledged: 'orange', resolved: 'green' })),
  tablePanel(sql`
    SELECT at, brand, incident_id, action, by, detail
    FROM incident_actions FINAL
    WHERE ${and('$__timeFilter(at)', brandFilter)}
    ORDER BY at DESC, seq DESC
    LIMIT 500`)
    .title('Incident actions and notes')
    .description(
      'What people did to incidents in the selected range, newest first: acknowledged, assigned (detail: to whom), noted (detail: the note), resolved by hand, marked not an incident (detail: why), muted the brand (detail: until when).',
    )
    .span(24)
    .height(8)
    .overrideByName('action', colorByValue({ note: 'blue', assign: 'purple', acknowledge: 'orange', resolve: 'green', false_positive: 'yellow', mute: 'red' }))
    .overrideByName('detail', properties({ 'custom.inspect': true })),
];

const deliveries = () => [
  stackedBarsPanel(sql`
    SELECT $__timeInterval(attempted_at) AS time, concat(route_id, ' ', status) AS route_status, count() AS deliveries
    FROM alert_deliveries
    WHERE ${attemptsWhere}
    GROUP BY time, route_status
    ORDER BY time`)
    .title('Deliveries by route and status (wall clock)')
    .description('Alert delivery attempts per interval of the wall clock (when they were made), one series per route and status. In a replay the incidents above carry the replayed time instead.')
    .span(12)
    .height(8)
    .unit('short')
    .displayName(seriesName('route_status')),
  tablePanel(sql`
    SELECT
        route_id,
        route_type,
        countIf(status = 'sent') AS sent,
        countIf(status = 'failed') AS failed,
        countIf(status = 'failed') / nullIf(countIf(${isAttempt}), 0) AS failed_share,
        countIf(status = 'undeliverable') AS undeliverable,
        maxIf(attempted_at, ${isAttempt}) AS last_attempt_at,
        argMaxIf(detail, attempted_at, status = 'failed') AS last_error
    FROM alert_deliveries
    WHERE ${deliveriesWhere}
    GROUP BY route_id, route_type
    ORDER BY undeliverable DESC, failed DESC, route_id`)
    .title('Routes')
    .description('Delivery attempts per route for the incidents opened in the selected range, the alerts it gave up on, and the last error.')
    .span(12)
    .height(8)
    .overrideByName(
      'failed_share',
      properties({
        unit: 'percentunit',
        decimals: 1,
        'custom.cellOptions': { type: common.TableCellDisplayMode.ColorText },
        thresholds: thresholds([null, 'green'], [0.01, 'orange'], [0.1, 'red']),
      }),
    )
    .overrideByName(
      'undeliverable',
      properties({ 'custom.cellOptions': { type: common.TableCellDisplayMode.ColorText }, thresholds: thresholds([null, 'green'], [1, 'red']) }),
    ),
  tablePanel(sql`
    SELECT attempted_at, brand, incident_id, route_id, route_type, kind, detail AS reason
    FROM alert_deliveries
    WHERE ${and(deliveriesWhere, "status = 'undeliverable'")}
    ORDER BY attempted_at DESC
    LIMIT 200`)
    .title('Undeliverable alerts')
    .description(
      'Alerts a route gave up on (after its retries, or at once when retrying cannot help: bad credentials, a webhook that is gone, a refused message), newest first. Each was announced on the escalation routes.',
    )
    .span(24)
    .height(6)
    .overrideByName('reason', properties({ 'custom.inspect': true })),
  tablePanel(sql`
    SELECT attempted_at, brand, incident_id, route_id, route_type, kind, status, attempt, detail
    FROM alert_deliveries
    WHERE ${deliveriesWhere}
    ORDER BY attempted_at DESC
    LIMIT 200`)
    .title('Latest delivery attempts')
    .description('The most recent delivery attempts, failed ones included, with the provider answer or error, and the undeliverable verdicts (attempt 0).')
    .span(24)
    .height(9)
    .overrideByName('status', colorByValue({ sent: 'green', failed: 'orange', undeliverable: 'red' }))
    .overrideByName('detail', properties({ 'custom.inspect': true })),
];

export function incidentsDashboard(): dashboard.Dashboard {
  const builder = dashboardBuilder({
    uid: INCIDENTS_UID,
    title: 'Incidents & alerts',
    description: 'Spike incidents and the alert deliveries they caused.',
    tags: ['incidents', 'alerts'],
    from: 'now-7d',
    variables: variables(),
  });
  return withItems(builder, [
    new dashboard.RowBuilder('Incidents'),
    ...stats(),
    ...incidents(),
    new dashboard.RowBuilder('Alert deliveries'),
    ...deliveries(),
  ]).build();
}
