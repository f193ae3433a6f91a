// The care team's dashboard: the reply queue (v_queue) by state, age and platform, time to
// first response (p50/p90) against a target the team sets (the `target` box, minutes, default
// 60), and the share of items answered. Items are placed in time by when the mention was posted.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { barchartPanel, colorByValue, dashboardBuilder, linkColumn, properties, seriesName, statPanel, tablePanel, thresholds, timeseriesPanel, withItems } from './common.js';
import { and, sql } from './sql.js';
import { inVariable, multiValueVariable, variableValue } from './variables.js';

export const CARE_UID = 'brand-pulse-care';

/** The first-response target (minutes) people type in; one hour when left as it is. */
export const DEFAULT_TARGET_MINUTES = 60;

const variables = () => [
  multiValueVariable({ name: 'brand', label: 'Brand', description: 'Brands with reply queue items.', column: 'brand', table: 'v_queue' }),
  multiValueVariable({ name: 'platform', label: 'Platform', description: 'Platforms of the queue items.', column: 'platform', table: 'v_queue' }),
  new dashboard.TextBoxVariableBuilder('target')
    .label('Target (minutes)')
    .description('First-response target in minutes: the p50/p90 panels turn red above it.')
    .defaultValue(String(DEFAULT_TARGET_MINUTES))
    .current({ selected: false, text: String(DEFAULT_TARGET_MINUTES), value: String(DEFAULT_TARGET_MINUTES) }),
];

const scope = and(inVariable('brand', 'brand'), inVariable('platform', 'platform'));
const inRange = and('$__timeFilter(created_at)', scope);
/** The target in seconds (0 when the box holds no number). */
const TARGET_SECONDS = `toFloat64OrZero(${variableValue('target')}) * 60`;

const stats = () => [
  statPanel(sql`
    SELECT countIf(state = 'open') AS open, countIf(state = 'assigned') AS assigned
    FROM v_queue
    WHERE ${and(scope, "state IN ('open', 'assigned')")}`)
    .title('Waiting now')
    .description('Items open or assigned now, whenever they were posted.')
    .span(6)
    .height(4)
    .unit('short'),
  statPanel(sql`
    SELECT countIf(state = 'answered') / nullIf(countIf(state != 'dismissed'), 0) AS answered_share
    FROM v_queue
    WHERE ${inRange}`)
    .title('Answered')
    .description('Share of the items posted in the range that the brand answered (dismissed items left out).')
    .span(6)
    .height(4)
    .unit('percentunit')
    .decimals(0)
    .thresholds(thresholds([null, 'red'], [0.5, 'orange'], [0.8, 'green'])),
  statPanel(sql`
    SELECT quantile(0.5)(first_response_seconds) AS p50, quantile(0.9)(first_response_seconds) AS p90, any(${TARGET_SECONDS}) AS target
    FROM v_queue
    WHERE ${and(inRange, 'first_response_seconds IS NOT NULL')}`)
    .title('First response')
    .description('Median and 90th percentile time to the first reply of an owned account, against the target.')
    .span(6)
    .height(4)
    .unit('s'),
  statPanel(sql`
    SELECT countIf(first_response_seconds <= ${TARGET_SECONDS}) / nullIf(count(), 0) AS within_target
    FROM v_queue
    WHERE ${and(inRange, "state != 'dismissed'")}`)
    .title('Answered within target')
    .description('Share of the items posted in the range that got a first response within the target (unanswered ones count as missed).')
    .span(6)
    .height(4)
    .unit('percentunit')
    .decimals(0)
    .thresholds(thresholds([null, 'red'], [0.64, 'orange'], [0.9, 'green'])),
];

const queue = () => [
  barchartPanel(sql`
    SELECT
        multiIf(age_seconds < 3600, '< 1h', age_seconds < 4 * 3600, '1-4h', age_seconds < 86400, '4-24h', age_seconds < 7 * 86400, '1-7d', '> 7d') AS age,
        count() AS items
    FROM v_queue
    WHERE ${and(scope, "state IN ('open', 'assigned')")}
    GROUP BY age
    ORDER BY min(age_seconds)`)
    .title('Waiting by age')
    .description('Open and assigned items by how long ago they were posted.')
    .span(12)
    .height(8)
    .unit('short'),
  barchartPanel(sql`
    SELECT platform, countIf(state = 'open') AS open, countIf(state = 'assigned') AS assigned
    FROM v_queue
    WHERE ${and(scope, "state IN ('open', 'assigned')")}
    GROUP BY platform
    ORDER BY open + assigned DESC`)
    .title('Waiting by platform')
    .description('Open and assigned items per platform.')
    .span(12)
    .height(8)
    .unit('short'),
  tablePanel(sql`
    SELECT v.created_at AS posted, v.brand AS brand, v.platform AS platform, v.state AS state, v.assignee AS assignee,
           v.age_seconds AS age, substring(m.text, 1, 200) AS text, m.url AS url
    FROM v_queue AS v
    LEFT JOIN (SELECT brand, platform, external_id, any(text) AS text, any(url) AS url FROM mentions GROUP BY brand, platform, external_id) AS m
        ON m.brand = v.brand AND m.platform = v.platform AND m.external_id = v.external_id
    WHERE ${and(inVariable('v.brand', 'brand'), inVariable('v.platform', 'platform'), "v.state IN ('open', 'assigned')")}
    ORDER BY v.created_at
    LIMIT 200`)
    .title('Oldest waiting')
    .description('Open and assigned items, oldest first, with the post (npm run queue -- <id> assign --to NAME to take one).')
    .span(24)
    .height(9)
    .overrideByName('age', properties({ unit: 's' }))
    .overrideByName('state', colorByValue({ open: 'red', assigned: 'orange' }))
    .overrideByName('url', linkColumn()),
];

const history = () => [
  timeseriesPanel(sql`
    SELECT $__timeInterval(created_at) AS time,
           quantile(0.5)(first_response_seconds) AS p50,
           quantile(0.9)(first_response_seconds) AS p90,
           any(${TARGET_SECONDS}) AS target
    FROM v_queue
    WHERE ${and(inRange, 'first_response_seconds IS NOT NULL')}
    GROUP BY time
    ORDER BY time`)
    .title('First response over time')
    .description('p50 and p90 of the time to first response of the items posted in each interval, and the target.')
    .span(12)
    .height(8)
    .unit('s'),
  timeseriesPanel(sql`
    SELECT $__timeInterval(created_at) AS time, state, count() AS items
    FROM v_queue
    WHERE ${inRange}
    GROUP BY time, state
    ORDER BY time`)
    .title('Items by state')
    .description('Items posted per interval, by their state now.')
    .span(12)
    .height(8)
    .unit('short')
    .displayName(seriesName('state')),
];

export function careDashboard(): dashboard.Dashboard {
  const builder = dashboardBuilder({
    uid: CARE_UID,
    title: 'Care: reply queue',
    description: 'Mentions waiting for a reply from the brand, how long they wait, and how fast the team answers.',
    tags: ['care'],
    from: 'now-7d',
    variables: variables(),
  });
  return withItems(builder, [new dashboard.RowBuilder('Now'), ...stats(), ...queue(), new dashboard.RowBuilder('History'), ...history()]).build();
}
