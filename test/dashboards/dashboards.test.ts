// Every dashboard query runs against the real schema (sql/*.sql) on embedded ClickHouse (chdb),
// with Grafana's macros expanded for a fixed range and fixed variable values, both with every
// multi-value variable on All and with concrete selections, and with hostile values in every
// variable. The committed JSON must equal what the builders produce, and uids must be unique.
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboards, GENERATED_DIR, renderDashboard } from '../../dashboards/all.js';
import { DATASOURCE, placedPanels, queryPanels, queryVariables, textBoxVariables, type Dashboard, type QueryPanel } from '../../dashboards/common.js';
import { LOW_RATING_SQL, NEGATIVE_SQL } from '../../lib/analysis/negative.js';
import { readMigrations } from '../../lib/store/migrations.js';
import { applyConditionalAll, expandQuery, interpolateVariables, type MacroContext, type VariableValue } from '../../dashboards/macros.js';
import { sql } from '../../dashboards/sql.js';

type ClientConnection = NonNullable<Parameters<typeof createClient>[0]> extends { connection?: infer C } ? C : never;

const FROM = new Date('2026-11-20T00:00:00.000Z');
const TO = new Date('2026-11-21T00:00:00.000Z');
const at = (minutes: number): string => new Date(FROM.getTime() + minutes * 60_000).toISOString().replace('T', ' ').replace('Z', '');
/** Far outside the range: must never be counted. */
const OUTSIDE = '2026-11-10 12:00:00.000';

// Two variable selections per dashboard: every multi-value variable on All, then concrete values.
const selections: Record<string, Array<Record<string, VariableValue>>> = {
  'brand-pulse-brand-health': [
    { brand: 'acme', platform: ['$__all'], lang: ['$__all'] },
    { brand: 'acme', platform: ['reddit', 'hackernews'], lang: ['en'] },
  ],
  'brand-pulse-incidents': [
    { brand: ['$__all'], route: ['$__all'] },
    { brand: ['acme'], route: ['slack-ops'] },
  ],
  'brand-pulse-source-health': [{ source: ['$__all'] }, { source: ['reddit-acme'] }],
  'brand-pulse-care': [
    { brand: ['$__all'], platform: ['$__all'], target: '60' },
    { brand: ['acme'], platform: ['reddit'], target: '30' },
  ],
};

// Columns each panel must return, keyed "<dashboard uid> / <panel title>".
const expectedColumns: Record<string, string[]> = {
  'brand-pulse-brand-health / Mentions': ['mentions'],
  'brand-pulse-brand-health / Negative share': ['negative_share'],
  'brand-pulse-brand-health / Net sentiment': ['net_sentiment'],
  'brand-pulse-brand-health / Unique authors': ['unique_authors'],
  'brand-pulse-brand-health / Reach': ['reach'],
  'brand-pulse-brand-health / Needs a reply': ['needs_reply'],
  'brand-pulse-brand-health / Mentions by sentiment': ['time', 'negative', 'neutral', 'positive'],
  'brand-pulse-brand-health / Share of voice': ['brand', 'mentions'],
  'brand-pulse-brand-health / Negative share and net sentiment': ['time', 'negative_share', 'net_sentiment'],
  'brand-pulse-brand-health / Share of voice over time': ['time', 'brand', 'mentions'],
  'brand-pulse-brand-health / Unique authors and reach': ['time', 'unique_authors', 'reach', 'negative_reach'],
  'brand-pulse-brand-health / Platforms': ['platform', 'negative', 'neutral', 'positive'],
  'brand-pulse-brand-health / Languages': ['lang', 'negative', 'neutral', 'positive'],
  'brand-pulse-brand-health / Competitor sentiment': ['brand', 'mention_count', 'share_of_voice', 'negative_share', 'net_sentiment'],
  'brand-pulse-brand-health / Negative share by language': ['time', 'lang', 'negative_share'],
  'brand-pulse-brand-health / Top authors by reach': ['platform', 'author', 'followers', 'posts', 'negative_posts', 'reach', 'top_post'],
  'brand-pulse-brand-health / Ratings over time': ['time', 'platform', 'mean_rating'],
  'brand-pulse-brand-health / Top phrases': ['phrase', 'posts', 'incidents', 'last_seen'],
  'brand-pulse-brand-health / Needs-reply queue': ['created_at', 'platform', 'lang', 'sentiment', 'author_name', 'author_followers', 'post', 'url'],
  'brand-pulse-brand-health / Top negative posts by reach': [
    'created_at',
    'platform',
    'lang',
    'author_name',
    'reach',
    'sentiment_score',
    'rating',
    'post',
    'url',
  ],
  'brand-pulse-incidents / Open incidents': ['open', 'acknowledged'],
  'brand-pulse-care / Waiting now': ['open', 'assigned'],
  'brand-pulse-care / Answered': ['answered_share'],
  'brand-pulse-care / First response': ['p50', 'p90', 'target'],
  'brand-pulse-care / Answered within target': ['within_target'],
  'brand-pulse-care / Waiting by age': ['age', 'items'],
  'brand-pulse-care / Waiting by platform': ['platform', 'open', 'assigned'],
  'brand-pulse-care / Oldest waiting': ['posted', 'brand', 'platform', 'state', 'assignee', 'age', 'text', 'url'],
  'brand-pulse-care / First response over time': ['time', 'p50', 'p90', 'target'],
  'brand-pulse-care / Items by state': ['time', 'state', 'items'],
  'brand-pulse-incidents / Incidents opened': ['incidents', 'false_alarms'],
  'brand-pulse-incidents / Time to acknowledge / resolve': ['mean_time_to_acknowledge', 'mean_time_to_resolve'],
  'brand-pulse-incidents / Failed deliveries': ['failed_share', 'undeliverable'],
  'brand-pulse-incidents / Incidents opened by severity': ['time', 'severity', 'incidents'],
  'brand-pulse-incidents / Incidents': [
    'opened_at',
    'brand',
    'severity',
    'status',
    'peak_at',
    'peak_negative',
    'baseline',
    'score',
    'acknowledged',
    'acknowledged_by',
    'escalated',
    'resolved',
    'assignee',
    'resolution',
    'resolved_by',
    'brand_muted_until',
    'incident_id',
    'workflow_id',
  ],
  'brand-pulse-incidents / Incident actions and notes': ['at', 'brand', 'incident_id', 'action', 'by', 'detail'],
  'brand-pulse-incidents / Deliveries by route and status (wall clock)': ['time', 'route_status', 'deliveries'],
  'brand-pulse-incidents / Routes': ['route_id', 'route_type', 'sent', 'failed', 'failed_share', 'undeliverable', 'last_attempt_at', 'last_error'],
  'brand-pulse-incidents / Undeliverable alerts': ['attempted_at', 'brand', 'incident_id', 'route_id', 'route_type', 'kind', 'reason'],
  'brand-pulse-incidents / Latest delivery attempts': ['attempted_at', 'brand', 'incident_id', 'route_id', 'route_type', 'kind', 'status', 'attempt', 'detail'],
  'brand-pulse-source-health / Sources': ['sources', 'failing', 'lagging'],
  'brand-pulse-source-health / Worst lag': ['worst_lag'],
  'brand-pulse-source-health / Poll errors': ['error_share'],
  'brand-pulse-source-health / Sources now': [
    'source_id',
    'source_type',
    'last_status',
    'last_poll_at',
    'last_success_at',
    'last_error_at',
    'last_error',
    'items_fetched',
    'items_stored',
    'items_rejected',
    'poll_interval_seconds',
    'polls_behind',
    'newest_item_at',
  ],
  'brand-pulse-source-health / Polls by status': ['time', 'status', 'polls'],
  'brand-pulse-source-health / Items stored per source': ['time', 'source_id', 'stored'],
  'brand-pulse-source-health / Poll duration (p95)': ['time', 'source_id', 'p95_duration_ms'],
  'brand-pulse-source-health / Rejects by stage': ['time', 'stage', 'rejects'],
  'brand-pulse-source-health / Recent poll errors': ['started_at', 'source_id', 'source_type', 'duration_ms', 'error'],
  'brand-pulse-source-health / Recent rejects': ['rejected_at', 'source_id', 'stage', 'reason', 'raw_excerpt'],
};

function mention(m: Partial<Record<string, unknown>> & { external_id: string; created_at: string }): Record<string, unknown> {
  return {
    brand: 'acme',
    platform: 'reddit',
    source_id: 'reddit-acme',
    competitor_of: '',
    matched_query: 'acme',
    text: 'acme is fine',
    title: '',
    url: `https://example.com/${m.external_id}`,
    author_id: `author-${m.external_id}`,
    author_name: `Author ${m.external_id}`,
    author_followers: 10,
    likes: 1,
    shares: 0,
    replies: 0,
    rating: 0,
    product: '',
    in_reply_to: '',
    lang: 'en',
    sentiment: 'neutral',
    sentiment_score: 0,
    sentiment_confidence: 0.9,
    needs_reply: 0,
    fetched_at: m.created_at,
    extra: '',
    ...m,
  };
}

const mentions = [
  mention({ external_id: 'r1', created_at: at(60), sentiment: 'negative', sentiment_score: -0.8, needs_reply: 1, text: 'acme broke my order, help?', author_followers: 5000 }),
  mention({ external_id: 'r2', created_at: at(61), sentiment: 'positive', sentiment_score: 0.7, author_id: 'author-r1' }),
  // A rated post on a platform without stars elsewhere: ratings over time show it by platform.
  mention({ external_id: 'r3', created_at: at(125), sentiment: 'neutral', lang: 'de', text: 'acme ist ok', rating: 4 }),
  mention({ external_id: 'h1', platform: 'hackernews', source_id: 'hn-acme', created_at: at(300), sentiment: 'negative', sentiment_score: -0.5, likes: 40 }),
  mention({ external_id: 'h2', platform: 'hackernews', source_id: 'hn-acme', created_at: at(301), sentiment: 'positive', sentiment_score: 0.4, needs_reply: 1 }),
  // A 1-star review with neutral text counts as negative.
  mention({ external_id: 'a1', platform: 'appstore', source_id: 'appstore-acme', created_at: at(400), rating: 1, title: 'Crashes', text: 'crashes on start' }),
  // Competitor mentions for share of voice.
  mention({ external_id: 'g1', brand: 'globex', competitor_of: 'acme', created_at: at(90), matched_query: 'globex', text: 'globex rocks', sentiment: 'positive' }),
  mention({ external_id: 'g2', brand: 'globex', competitor_of: 'acme', created_at: at(95), matched_query: 'globex', text: 'globex again' }),
  // Another brand and an out-of-range mention: never in acme's numbers.
  mention({ external_id: 'o1', brand: 'initech', created_at: at(100), matched_query: 'initech', text: 'initech' }),
  mention({ external_id: 'old', created_at: OUTSIDE, sentiment: 'negative', needs_reply: 1 }),
  // The same post naming a competitor too: two brand rows, one item of its source.
  mention({ external_id: 'old', brand: 'globex', competitor_of: 'acme', created_at: OUTSIDE, matched_query: 'globex', sentiment: 'negative' }),
];

// Platform and language names arrive with ingested items, so they can be anything. A brand of
// their own (never in acme's numbers) holds n+1 mentions of the n-th odd name, so every count
// below tells which names a selection matched.
const ODDITIES = 'oddities';
const ODD_NAMES = ["x\\') OR 1=1 --", 'a,b', 'a', 'b', '$__all', '{x}', "it's", 'new\nline', '50% off', '%27', 'ünï €', 'a b'];
const oddMentions = ODD_NAMES.flatMap((name, i) =>
  Array.from({ length: i + 1 }, (_, k) =>
    mention({ external_id: `odd-${i}-${k}`, brand: ODDITIES, matched_query: ODDITIES, platform: name, lang: name, created_at: at(600 + i) }),
  ),
);

const incidents = [
  {
    incident_id: 'inc-1',
    brand: 'acme',
    status: 'open',
    severity: 'high',
    opened_at: at(300),
    peak_at: at(300),
    peak_negative: 12,
    baseline: 1.5,
    score: 6.2,
    summary: '{}',
    workflow_id: 'incident:acme',
    updated_at: at(300),
  },
  // Newer version of the same incident: FINAL must show only this one.
  {
    incident_id: 'inc-1',
    brand: 'acme',
    status: 'acknowledged',
    severity: 'high',
    opened_at: at(300),
    acknowledged_at: at(310),
    acknowledged_by: 'oncall',
    peak_at: at(300),
    peak_negative: 12,
    baseline: 1.5,
    score: 6.2,
    summary: JSON.stringify({ phrases: [{ phrase: 'broke my order', score: 3.1, count: 5 }, { phrase: 'refund', score: 2.2, count: 3 }] }),
    workflow_id: 'incident:acme',
    updated_at: at(310),
  },
  {
    incident_id: 'inc-2',
    brand: 'globex',
    status: 'resolved',
    severity: 'medium',
    opened_at: at(500),
    resolved_at: at(560),
    peak_at: at(505),
    peak_negative: 4,
    baseline: 0.5,
    score: 3.1,
    summary: JSON.stringify({ phrases: [{ phrase: 'globex outage', score: 4, count: 9 }] }),
    workflow_id: 'incident:globex',
    updated_at: at(560),
  },
];

const deliveries = [
  { incident_id: 'inc-1', brand: 'acme', route_id: 'slack-ops', route_type: 'slack', kind: 'open', status: 'failed', attempt: 1, detail: 'HTTP 500', attempted_at: at(300) },
  { incident_id: 'inc-1', brand: 'acme', route_id: 'slack-ops', route_type: 'slack', kind: 'open', status: 'sent', attempt: 2, detail: 'ok', attempted_at: at(301) },
  { incident_id: 'inc-1', brand: 'acme', route_id: 'email-pr', route_type: 'email', kind: 'open', status: 'sent', attempt: 1, detail: '250 OK', attempted_at: at(300) },
  { incident_id: 'inc-1', brand: 'acme', route_id: 'email-pr', route_type: 'email', kind: 'update', status: 'failed', attempt: 1, detail: 'SMTP 535', attempted_at: at(310) },
  { incident_id: 'inc-1', brand: 'acme', route_id: 'email-pr', route_type: 'email', kind: 'update', status: 'undeliverable', attempt: 0, detail: 'not retried: SMTP 535', attempted_at: at(311) },
  { incident_id: 'inc-2', brand: 'globex', route_id: 'slack-ops', route_type: 'slack', kind: 'resolve', status: 'sent', attempt: 1, detail: 'ok', attempted_at: at(560) },
];

const polls = [
  { source_id: 'reddit-acme', source_type: 'reddit', started_at: at(60), finished_at: at(60.5), status: 'ok', fetched: 20, stored: 3, duplicates: 17, rejected: 0, newest_item_at: at(61) },
  { source_id: 'reddit-acme', source_type: 'reddit', started_at: at(120), finished_at: at(120.2), status: 'error', error: 'HTTP 429', fetched: 0, stored: 0, duplicates: 0, rejected: 0 },
  { source_id: 'hn-acme', source_type: 'hackernews', started_at: at(300), finished_at: at(300.1), status: 'ok', fetched: 5, stored: 2, duplicates: 2, rejected: 1, newest_item_at: at(301) },
];

// A quiet source that polls on time (wall clock, every 10 minutes), whose newest post is a month
// old: not lagging. The polls above are long past (2026-11-20): reddit-acme's last success is
// many of its hourly intervals ago.
const WALL_NOW = Date.now();
const wall = (minutesAgo: number) => new Date(WALL_NOW - minutesAgo * 60_000).toISOString().replace('T', ' ').replace('Z', '');
const quietPolls = [40, 30, 20, 10].map((ago) => ({
  source_id: 'quiet-acme',
  source_type: 'mastodon',
  started_at: wall(ago),
  finished_at: wall(ago),
  status: 'ok',
  fetched: 0,
  stored: 0,
  duplicates: 0,
  rejected: 0,
  newest_item_at: wall(60 * 24 * 30),
}));
/** Reply queue items (the care dashboard): r1 answered in 30 minutes (an older open version first), h2 open, r2 assigned, a dismissed one, one outside the range. */
const queueItem = (over: Record<string, unknown>) => ({
  brand: 'acme', platform: 'reddit', source_id: 'reddit-acme', thread_id: '', state: 'open', assignee: '', has_response: 0,
  first_response_at: '1970-01-01 00:00:00.000', response_mention_id: '', version: 1, ...over,
  mention_id: `${over.platform ?? 'reddit'}:${over.external_id}`, open_since: over.created_at, updated_at: over.created_at,
});
const queueItems = [
  queueItem({ external_id: 'r1', created_at: at(100) }),
  queueItem({ external_id: 'r1', created_at: at(100), state: 'answered', has_response: 1, first_response_at: at(130), last_response_at: at(130), response_mention_id: 'reddit:r9', version: 2 }),
  queueItem({ external_id: 'h2', platform: 'hackernews', source_id: 'hn-acme', created_at: at(200) }),
  queueItem({ external_id: 'r2', created_at: at(250) }),
  queueItem({ external_id: 'g9', brand: 'globex', platform: 'x', created_at: at(700) }),
  queueItem({ external_id: 'old', created_at: OUTSIDE }),
];
// People's decisions (reply_queue_people): r2 assigned (first to someone else), g9 dismissed.
const queuePeople = [
  { brand: 'acme', platform: 'reddit', external_id: 'r2', state: 'assigned', assignee: 'sam', open_since: at(250), updated_at: at(255), version: 1 },
  { brand: 'acme', platform: 'reddit', external_id: 'r2', state: 'assigned', assignee: 'noa', open_since: at(250), updated_at: at(260), version: 2 },
  { brand: 'globex', platform: 'x', external_id: 'g9', state: 'dismissed', assignee: '', open_since: at(700), updated_at: at(710), version: 1 },
];

const rejects = [{ source_id: 'hn-acme', stage: 'parse', reason: 'missing id', raw: '{"title":"x"}', rejected_at: at(300) }];

// People's actions on inc-1; the note's first write is repeated (the workflow rewrites its history) and must show once.
const incidentActions = [
  { incident_id: 'inc-1', brand: 'acme', seq: 0, at: at(310), action: 'assign', by: 'Sam', detail: 'Dana' },
  { incident_id: 'inc-1', brand: 'acme', seq: 1, at: at(320), action: 'note', by: 'Dana', detail: 'refunds going out' },
  { incident_id: 'inc-1', brand: 'acme', seq: 1, at: at(320), action: 'note', by: 'Dana', detail: 'refunds going out' },
  { incident_id: 'inc-0', brand: 'acme', seq: 0, at: OUTSIDE, action: 'note', by: 'Sam', detail: 'old' },
];

let client: ClickHouseClient;
let dataDir: string;

async function rows(query: string): Promise<{ columns: string[]; data: Record<string, unknown>[] }> {
  const rs = await client.query({ query, format: 'JSON', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } });
  const json = (await rs.json()) as { meta: Array<{ name: string }>; data: Record<string, unknown>[] };
  return { columns: json.meta.map((m) => m.name), data: json.data };
}

function context(variables: Record<string, VariableValue>): MacroContext {
  return { from: FROM, to: TO, intervalSeconds: 300, variables };
}

const built = buildDashboards();
const byUid = (uid: string): Dashboard => built.find((f) => f.dashboard.uid === uid)!.dashboard;
const panelSql = (p: QueryPanel): string => p.targets[0]!.rawSql;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-dashboards-'));
  client = createClient({
    connection: createChdbConnection({ path: dataDir }) as unknown as ClientConnection,
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
  for (const m of readMigrations()) {
    try {
      await client.command({ query: m.sql });
    } catch (e) {
      throw new Error(`migration sql/${m.name}.sql failed: ${(e as Error).message}`);
    }
  }
  await client.insert({ table: 'mentions', values: [...mentions, ...oddMentions], format: 'JSONEachRow' });
  await client.insert({ table: 'incidents', values: incidents, format: 'JSONEachRow' });
  await client.insert({ table: 'alert_deliveries', values: deliveries, format: 'JSONEachRow' });
  await client.insert({ table: 'incident_actions', values: incidentActions, format: 'JSONEachRow' });
  await client.insert({ table: 'source_polls', values: [...polls, ...quietPolls], format: 'JSONEachRow' });
  await client.insert({ table: 'rejects', values: rejects, format: 'JSONEachRow' });
  await client.insert({ table: 'reply_queue', values: queueItems, format: 'JSONEachRow' });
  await client.insert({ table: 'reply_queue_people', values: queuePeople, format: 'JSONEachRow' });
});

afterAll(async () => {
  await client?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('generated dashboards', () => {
  it('the committed JSON is what the builders produce (run `npx tsx dashboards/index.ts` if not)', () => {
    const committed = readdirSync(GENERATED_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(committed).toEqual(built.map((f) => f.file).sort());
    for (const { file, dashboard } of built) {
      expect(readFileSync(path.join(GENERATED_DIR, file), 'utf8'), `${file} is stale`).toBe(renderDashboard(dashboard));
    }
  });

  it('dashboard uids are unique, stable and valid Grafana uids; panel ids are unique per dashboard', () => {
    const uids = built.map((f) => f.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(uids.sort()).toEqual(['brand-pulse-brand-health', 'brand-pulse-care', 'brand-pulse-incidents', 'brand-pulse-source-health']);
    for (const uid of uids) expect(uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    for (const { dashboard } of built) {
      const ids = placedPanels(dashboard).map((p) => p.id);
      expect(new Set(ids).size, dashboard.uid).toBe(ids.length);
      expect(dashboard).not.toHaveProperty('id');
    }
  });

  it('panels fit the 24-column grid without overlapping', () => {
    for (const { dashboard } of built) {
      const cells = new Set<string>();
      for (const { gridPos: g, title } of placedPanels(dashboard)) {
        expect(g.x + g.w, title).toBeLessThanOrEqual(24);
        for (let x = g.x; x < g.x + g.w; x++) {
          for (let y = g.y; y < g.y + g.h; y++) {
            expect(cells.has(`${x},${y}`), `${dashboard.uid}: "${title}" overlaps at ${x},${y}`).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
      }
    }
  });

  it('every panel and variable uses the ClickHouse data source by uid, with raw SQL', () => {
    for (const { dashboard } of built) {
      for (const p of queryPanels(dashboard)) {
        expect(p.datasource).toEqual(DATASOURCE);
        expect(p.targets).toHaveLength(1);
        expect(p.targets[0]).toMatchObject({ datasource: DATASOURCE, editorType: 'sql' });
        const { queryType, format } = p.targets[0]!;
        expect(format).toBe(queryType === 'timeseries' ? 0 : 1);
        if (p.type === 'timeseries') expect(queryType).toBe('timeseries');
      }
      for (const v of queryVariables(dashboard)) expect(v.datasource).toEqual(DATASOURCE);
    }
  });

  it('panels follow the time picker and the variables', () => {
    for (const { dashboard } of built) {
      const multi = queryVariables(dashboard)
        .filter((v) => v.includeAll)
        .map((v) => v.name);
      for (const p of queryPanels(dashboard)) {
        const q = panelSql(p);
        // Current-state panels over views/FINAL state are the only ones without a time filter.
        const currentState = /FROM source_health|FROM v_sources|status = 'open'|state IN \('open', 'assigned'\)/.test(q);
        if (!currentState) expect(q, p.title).toMatch(/\$__timeFilter\(/);
        if (p.type === 'timeseries') expect(q, p.title).toMatch(/\$__timeInterval\(\w+\) AS time/);
        for (const name of multi) {
          if (q.includes(`\${${name}:`)) expect(q, p.title).toContain(`$__conditionalAll(`);
        }
      }
    }
  });

  it('every query panel has column expectations in this test', () => {
    const keys = built.flatMap(({ dashboard }) => queryPanels(dashboard).map((p) => `${dashboard.uid} / ${p.title}`));
    expect(keys.sort()).toEqual(Object.keys(expectedColumns).sort());
  });
});

describe('macro expansion', () => {
  it('drops a $__conditionalAll filter on All (or nothing selected) and keeps it for a selection', () => {
    const q = "WHERE $__conditionalAll(has(splitByChar(',', '${platform:percentencode}'), platform), $platform) AND x = 'a,b'";
    expect(applyConditionalAll(q, { platform: ['$__all'] })).toBe("WHERE 1=1 AND x = 'a,b'");
    expect(applyConditionalAll(q, { platform: [] })).toBe("WHERE 1=1 AND x = 'a,b'");
    expect(interpolateVariables(applyConditionalAll(q, { platform: ["o'brien", 'hn'] }), { platform: ["o'brien", 'hn'] })).toBe(
      "WHERE has(splitByChar(',', '%7Bo%27brien%2Chn%7D'), platform) AND x = 'a,b'",
    );
  });

  it('formats variables like Grafana', () => {
    // The cases of @grafana/scenes' own formatRegistry tests.
    expect(interpolateVariables('${v:percentencode}', { v: ['foo()bar BAZ', 'test2'] })).toBe('%7Bfoo%28%29bar%20BAZ%2Ctest2%7D');
    expect(interpolateVariables('${v:percentencode}', { v: "it's\\" })).toBe('it%27s%5C');
    expect(interpolateVariables('${v:sqlstring}', { v: "test'value" })).toBe("'test''value'");
    expect(interpolateVariables('${v:sqlstring}', { v: ['test', 'test"2'] })).toBe(`'test','test\\"2'`);
    expect(() => interpolateVariables('${v:raw}', { v: 'x' })).toThrow(/not supported/);
  });

  it('expands the time macros like the plugin', () => {
    const q = expandQuery('SELECT $__timeInterval(minute) AS time FROM t WHERE $__timeFilter(minute)', context({}));
    expect(q).toBe(
      'SELECT toStartOfInterval(toDateTime(minute), INTERVAL 300 second) AS time FROM t WHERE minute >= toDateTime(1795132800) AND minute <= toDateTime(1795219200)',
    );
  });

  it('refuses a variable on All outside $__conditionalAll, and unknown macros', () => {
    expect(() => expandQuery("WHERE p IN ('${platform:percentencode}')", context({ platform: ['$__all'] }))).toThrow(/All/);
    expect(() => expandQuery('WHERE $__nope(x)', context({}))).toThrow(/not supported/);
  });
});

describe('variables in panel SQL', () => {
  const queries = built.flatMap(({ dashboard }) => [
    ...queryPanels(dashboard).map((p) => [`${dashboard.uid} / ${p.title}`, panelSql(p)] as const),
    ...queryVariables(dashboard).map((v) => [`${dashboard.uid} / $${v.name}`, v.query] as const),
  ]);

  it.each(queries)('%s reads every variable percent-encoded, decoded by ClickHouse', (_key, q) => {
    const references = q.match(/\$\{[^}]*\}|\[\[[^\]]*\]\]|\$(?!__)\w+/g) ?? [];
    const decoded = q.match(/decodeURLComponent\('\$\{\w+:percentencode\}'\)/g) ?? [];
    // The only other references are the plugin's `$__conditionalAll(..., $var)` arguments.
    const conditionalAll = q.match(/, \$\w+\)/g) ?? [];
    expect(references.length).toBe(decoded.length + conditionalAll.length);
  });
});

describe('what counts as negative', () => {
  const panels = built.flatMap(({ dashboard }) => queryPanels(dashboard).map((p) => [`${dashboard.uid} / ${p.title}`, panelSql(p)] as const));

  it.each(panels)('%s states the rule only through lib/analysis/negative.ts', (_key, q) => {
    // Rollup panels read its `negative` column (the migration fills in the same rule).
    const rest = q.split(NEGATIVE_SQL).join('').split(LOW_RATING_SQL).join('');
    expect(rest).not.toMatch(/'negative'|rating\s*(=|!=|<|>|IN\b|NOT IN\b|BETWEEN)/i);
  });

  it('the negative posts table uses it', () => {
    expect(panels.find(([key]) => key.endsWith('/ Top negative posts by reach'))![1]).toContain(NEGATIVE_SQL);
  });
});

describe.each(built.map((f) => [f.dashboard.title!, f.dashboard.uid!] as const))('%s queries on the real schema', (_title, uid) => {
  const dashboard = byUid(uid);

  it.each(queryVariables(dashboard).map((v) => [v.name, v] as const))('variable $%s query runs', async (_name, v) => {
    const result = await rows(expandQuery(v.query, context(selections[uid]![1]!)));
    // Multi-value variables offer (value, text): the value URL-encoded, the text plain.
    expect(result.columns).toEqual(v.multi ? ['value', 'text'] : [expect.any(String)]);
    expect(result.data.length).toBeGreaterThan(0);
  });

  it.each(queryPanels(dashboard).map((p) => [p.title, p] as const))('panel "%s" runs and returns its columns', async (title, p) => {
    for (const variables of selections[uid]!) {
      const result = await rows(expandQuery(panelSql(p), context(variables)));
      expect(result.columns, `${title} with ${JSON.stringify(variables)}`).toEqual(expectedColumns[`${uid} / ${title}`]);
    }
  });
});

describe('query results', () => {
  const run = async (uid: string, title: string, selection = 0) => {
    const d = byUid(uid);
    const p = queryPanels(d).find((x) => x.title === title)!;
    return (await rows(expandQuery(panelSql(p), context(selections[uid]![selection]!)))).data;
  };
  const brand = 'brand-pulse-brand-health';

  it('brand health counts the brand only, inside the range, from the rollup', async () => {
    expect(await run(brand, 'Mentions')).toEqual([{ mentions: 6 }]);
    expect(await run(brand, 'Mentions', 1)).toEqual([{ mentions: 4 }]); // r1, r2, h1, h2: reddit+hackernews in English
    const [share] = await run(brand, 'Negative share');
    expect(Number(share!.negative_share)).toBeCloseTo(3 / 6); // r1, h1, the 1-star review
    expect(await run(brand, 'Unique authors')).toEqual([{ unique_authors: 5 }]); // r1 and r2 share an author
  });

  it('share of voice lists the brand and its competitors, not other brands', async () => {
    const sov = await run(brand, 'Share of voice');
    expect(sov).toEqual([
      { brand: 'acme', mentions: 6 },
      { brand: 'globex', mentions: 2 },
    ]);
  });

  it('the needs-reply queue is newest first and in range; top negative posts are ordered by reach', async () => {
    const queue = await run(brand, 'Needs-reply queue');
    expect(queue.map((r) => r.url)).toEqual(['https://example.com/h2', 'https://example.com/r1']);
    const negative = await run(brand, 'Top negative posts by reach');
    expect(negative.map((r) => r.url)).toEqual(['https://example.com/r1', 'https://example.com/h1', 'https://example.com/a1']);
  });

  it('competitor sentiment gives share of voice and negative share per brand', async () => {
    expect(await run(brand, 'Competitor sentiment')).toEqual([
      { brand: 'acme', mention_count: 6, share_of_voice: 0.75, negative_share: 0.5, net_sentiment: (2 - 3) / 6 },
      { brand: 'globex', mention_count: 2, share_of_voice: 0.25, negative_share: 0, net_sentiment: 0.5 },
    ]);
  });

  it('negative share by language is one series per language', async () => {
    const rows = await run(brand, 'Negative share by language');
    const t = (minutes: number) => at(minutes).slice(0, 19);
    expect(rows).toEqual([
      { time: t(60), lang: 'en', negative_share: 0.5 }, // r1 negative, r2 positive
      { time: t(125), lang: 'de', negative_share: 0 },
      { time: t(300), lang: 'en', negative_share: 0.5 }, // h1, h2
      { time: t(400), lang: 'en', negative_share: 1 }, // the 1-star review
    ]);
  });

  it('top authors by reach groups an author\'s posts and counts the negative ones', async () => {
    const rows = await run(brand, 'Top authors by reach');
    expect(rows[0]).toMatchObject({ platform: 'reddit', followers: 5000, posts: 2, negative_posts: 1, reach: 5001 + 11, top_post: 'https://example.com/r1' });
    expect(rows.map((r) => r.reach)).toEqual([...rows.map((r) => r.reach)].sort((a, b) => Number(b) - Number(a)));
    expect(rows).toHaveLength(5); // r1+r2, r3, h1, h2, a1: in range, acme only
  });

  it('ratings over time show rated posts only, per platform', async () => {
    const t = (minutes: number) => at(minutes).slice(0, 19);
    expect(await run(brand, 'Ratings over time')).toEqual([
      { time: t(125), platform: 'reddit', mean_rating: 4 },
      { time: t(400), platform: 'appstore', mean_rating: 1 },
    ]);
    expect(await run(brand, 'Ratings over time', 1)).toEqual([]); // reddit+hackernews in English: r3 is German
  });

  it('top phrases are the brand\'s incidents\' phrases, by the posts that carried them', async () => {
    expect(await run(brand, 'Top phrases')).toEqual([
      { phrase: 'broke my order', posts: 5, incidents: 1, last_seen: at(300) },
      { phrase: 'refund', posts: 3, incidents: 1, last_seen: at(300) },
    ]);
  });

  it('delivery tables follow the incidents opened in the range, whenever the deliveries were made', async () => {
    const later = { ...context(selections['brand-pulse-incidents']![0]!), from: new Date(FROM.getTime() + 400 * 60_000) };
    const routes = queryPanels(byUid('brand-pulse-incidents')).find((p) => p.title === 'Routes')!;
    // From minute 400 on, only inc-2 (globex, opened at 500) is in range: its one delivery, whenever it was made.
    expect((await rows(expandQuery(panelSql(routes), later))).data).toMatchObject([{ route_id: 'slack-ops', sent: 1, failed: 0 }]);
  });

  it('incidents are read with FINAL (latest version only)', async () => {
    const list = await run('brand-pulse-incidents', 'Incidents');
    expect(list.map((r) => [r.incident_id, r.status])).toEqual([
      ['inc-2', 'resolved'],
      ['inc-1', 'acknowledged'],
    ]);
    expect(list.find((r) => r.incident_id === 'inc-2')!.acknowledged).toBeNull();
    expect(await run('brand-pulse-incidents', 'Open incidents')).toEqual([{ open: 0, acknowledged: 1 }]);
    const routes = await run('brand-pulse-incidents', 'Routes', 1);
    expect(routes).toMatchObject([{ route_id: 'slack-ops', sent: 1, failed: 1, failed_share: 0.5, undeliverable: 0, last_error: 'HTTP 500' }]);
  });

  it('incident actions and notes are shown once each, newest first, in range', async () => {
    expect((await run('brand-pulse-incidents', 'Incident actions and notes')).map((r) => `${r.action}:${r.by}:${r.detail}`)).toEqual(['note:Dana:refunds going out', 'assign:Sam:Dana']);
  });

  it('a route that gave up on an alert is shown, counted apart from the attempts', async () => {
    const routes = await run('brand-pulse-incidents', 'Routes');
    expect(routes[0]).toMatchObject({ route_id: 'email-pr', sent: 1, failed: 1, failed_share: 0.5, undeliverable: 1, last_error: 'SMTP 535' });
    expect(await run('brand-pulse-incidents', 'Undeliverable alerts')).toMatchObject([{ route_id: 'email-pr', kind: 'update', reason: 'not retried: SMTP 535' }]);
    expect(await run('brand-pulse-incidents', 'Failed deliveries')).toEqual([{ failed_share: 2 / 5, undeliverable: 1 }]);
    expect(await run('brand-pulse-incidents', 'Undeliverable alerts', 1)).toEqual([]); // route slack-ops only
  });

  it('source health reads the view', async () => {
    const now = await run('brand-pulse-source-health', 'Sources now');
    expect(now.map((r) => [r.source_id, r.last_status])).toEqual([
      ['reddit-acme', 'error'],
      ['quiet-acme', 'ok'],
      ['hn-acme', 'ok'],
    ]);
  });

  it('sources now counts items, not brand rows: a post naming two brands is one item', async () => {
    const now = await run('brand-pulse-source-health', 'Sources now');
    const items = (source: string) => new Set([...mentions, ...oddMentions].filter((m) => m.source_id === source).map((m) => `${m.platform}:${m.external_id}`)).size;
    const rows = [...mentions, ...oddMentions].filter((m) => m.source_id === 'reddit-acme').length;
    expect(items('reddit-acme')).toBe(rows - 1); // 'old' names acme and globex
    expect(now.find((r) => r.source_id === 'reddit-acme')!.items_stored).toBe(items('reddit-acme'));
    expect(now.find((r) => r.source_id === 'hn-acme')).toMatchObject({ items_fetched: 5, items_stored: 2, items_rejected: 1, poll_interval_seconds: null, polls_behind: null });
  });

  it('lag is measured in the source\'s own poll intervals: a quiet source polling on time is not lagging', async () => {
    const now = await run('brand-pulse-source-health', 'Sources now');
    const quiet = now.find((r) => r.source_id === 'quiet-acme')!;
    expect(quiet.poll_interval_seconds).toBe(600);
    expect(Number(quiet.polls_behind)).toBeLessThan(2); // its last poll was ten minutes ago
    const reddit = now.find((r) => r.source_id === 'reddit-acme')!;
    expect(reddit.poll_interval_seconds).toBe(3600);
    expect(Number(reddit.polls_behind)).toBeGreaterThan(3);
    expect(await run('brand-pulse-source-health', 'Sources')).toEqual([{ sources: 3, failing: 1, lagging: 1 }]);
    const [worst] = await run('brand-pulse-source-health', 'Worst lag');
    // Both read now(): the two queries run a moment apart, so the lag moves by that moment over an hour.
    expect(Number(worst!.worst_lag)).toBeCloseTo(Number(reddit.polls_behind), 2);
  });
});

describe('care dashboard results', () => {
  const run = async (title: string, selection = 0) => {
    const p = queryPanels(byUid('brand-pulse-care')).find((x) => x.title === title)!;
    return (await rows(expandQuery(panelSql(p), context(selections['brand-pulse-care']![selection]!)))).data;
  };

  it('reads the latest version of each item, inside the range, against the typed target', async () => {
    expect(await run('Waiting now')).toEqual([{ open: 2, assigned: 1 }]); // h2 and the one outside the range; r2
    expect(await run('Answered')).toEqual([{ answered_share: 1 / 3 }]); // r1 of r1, h2, r2 (g9 dismissed)
    expect(await run('First response')).toEqual([{ p50: 1800, p90: 1800, target: 3600 }]);
    expect(await run('Answered within target')).toEqual([{ within_target: 1 / 3 }]);
    expect(await run('Answered within target', 1)).toEqual([{ within_target: 1 / 2 }]); // reddit: r1 (30 min is within 30) of r1, r2
    expect((await run('Oldest waiting', 1)).map((r) => [r.state, r.assignee])).toEqual([['open', ''], ['assigned', 'noa']]);
    expect(await run('Waiting by platform')).toEqual([{ platform: 'reddit', open: 1, assigned: 1 }, { platform: 'hackernews', open: 1, assigned: 0 }]);
  });
});

describe('hostile variable values', () => {
  // What a URL (`var-platform=...`), a typed custom value or an ingested name can hold.
  const HOSTILE = [
    '\\',
    "'",
    '"',
    "\\'",
    "x\\') OR 1=1 --",
    '--',
    '/*',
    'a\nb',
    "'); DROP TABLE mentions; --",
    "\\'); DROP TABLE mentions; --",
    '%27) OR 1=1 --',
    '}',
    '$__timeFilter(brand)',
    '${brand}',
  ];
  /** A benign value that matches nothing: a hostile value must not match more than it. */
  const NOTHING = 'no-such-value';
  /** Columns computed from now() (source_health, v_sources, v_queue): they move between two runs. */
  const VOLATILE = new Set(['lag_seconds', 'worst_lag', 'polls_behind', 'age']);
  const stable = (data: Record<string, unknown>[]) => data.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !VOLATILE.has(k))));

  const cases = built.flatMap(({ dashboard }) => {
    const uid = dashboard.uid!;
    const queries = [
      ...queryPanels(dashboard).map((p) => ({ key: p.title, sql: panelSql(p) })),
      ...queryVariables(dashboard).map((v) => ({ key: `$${v.name}`, sql: v.query })),
    ];
    return [...queryVariables(dashboard), ...textBoxVariables(dashboard)].map((v) => [`${uid} $${v.name}`, { uid, variable: v, queries: queries.filter((q) => q.sql.includes(`\${${v.name}:`)) }] as const);
  });

  it.each(cases)('%s: every query still runs and matches no more than a value that matches nothing', async (_key, { uid, variable, queries }) => {
    expect(queries.length).toBeGreaterThan(0);
    const base = selections[uid]![0]!; // every multi-value variable on All
    const real = ([] as string[]).concat(selections[uid]![1]![variable.name]!)[0]!;
    const pairs: Array<[VariableValue, VariableValue]> = HOSTILE.flatMap((h): Array<[VariableValue, VariableValue]> =>
      variable.multi
        ? [
            [[h], [NOTHING]],
            [[h, real], [NOTHING, real]],
          ]
        : [[h, NOTHING]],
    );
    const run = async (q: { sql: string }, value: VariableValue) => stable((await rows(expandQuery(q.sql, context({ ...base, [variable.name]: value })))).data);
    for (const q of queries) {
      const expected = new Map<string, Record<string, unknown>[]>();
      for (const [hostile, benign] of pairs) {
        const what = `${q.key} with ${variable.name} = ${JSON.stringify(hostile)}`;
        const got = await run(q, hostile).catch((e: Error) => {
          throw new Error(`${what}: ${e.message}`);
        });
        const key = JSON.stringify(benign);
        if (!expected.has(key)) expected.set(key, await run(q, benign));
        expect(got, what).toEqual(expected.get(key));
      }
    }
  });

  it('the same check catches the `${var:sqlstring}` scheme the dashboards used before', async () => {
    const before = sql`
      SELECT sum(mentions) AS mentions
      FROM mention_rollup_1m
      WHERE $__timeFilter(minute)
        AND brand = \${brand:sqlstring}
        AND $__conditionalAll(platform IN (\${platform:sqlstring}), $platform)
        AND $__conditionalAll(lang IN (\${lang:sqlstring}), $lang)`;
    const count = async (platform: string) =>
      (await rows(expandQuery(before, context({ brand: 'a-brand-with-no-mentions', platform: [platform], lang: ['$__all'] })))).data;
    expect(await count(NOTHING)).toEqual([{ mentions: 0 }]);
    // `'x\\'') OR 1=1 --'`: ClickHouse reads `\'` as a quote inside the literal, the next `'` ends it.
    expect((await count("x\\') OR 1=1 --"))[0]!.mentions).toBeGreaterThan(0);
  });

  describe('values read from the data match exactly themselves', () => {
    const health = byUid('brand-pulse-brand-health');
    const mentionsPanel = queryPanels(health).find((p) => p.title === 'Mentions')!;
    const options = async (name: string) => {
      const v = queryVariables(health).find((x) => x.name === name)!;
      const result = await rows(expandQuery(v.query, context({ brand: ODDITIES })));
      return new Map(result.data.map((r) => [String(r.text), String(r.value)]));
    };
    const mentionsOf = async (variables: Record<string, VariableValue>) =>
      (await rows(expandQuery(panelSql(mentionsPanel), context({ brand: ODDITIES, platform: ['$__all'], lang: ['$__all'], ...variables })))).data[0]!
        .mentions;
    const countOf = (name: string) => ODD_NAMES.indexOf(name) + 1;

    it.each(['platform', 'lang'])('$%s offers every name, and selecting one matches its mentions only', async (name) => {
      const offered = await options(name);
      expect([...offered.keys()].sort()).toEqual([...ODD_NAMES].sort());
      for (const [text, value] of offered) expect(await mentionsOf({ [name]: [value] }), text).toBe(countOf(text));
    });

    it('a name with a comma is one value, not two; several names add up', async () => {
      const offered = await options('platform');
      expect(await mentionsOf({ platform: [offered.get('a,b')!] })).toBe(countOf('a,b'));
      const several = ['a,b', 'a', '{x}', "x\\') OR 1=1 --"];
      const sum = several.reduce((n, t) => n + countOf(t), 0);
      expect(await mentionsOf({ platform: several.map((t) => offered.get(t)!) })).toBe(sum);
      // A single selection that Grafana passes as a plain string rather than an array.
      expect(await mentionsOf({ platform: offered.get('{x}')! })).toBe(countOf('{x}'));
    });
  });
});
