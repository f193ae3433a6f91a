// Brand health: volume, sentiment, reach and share of voice for one brand, plus the posts that
// need a human. Charts read the per-minute rollup; the post tables read `mentions FINAL`.
import { NEGATIVE_SQL } from '../lib/analysis/negative.js';
import {
  and,
  dashboard,
  distinctVariable,
  eqVariable,
  inVariable,
  linkColumn,
  override,
  sentimentColors,
  seriesName,
  sql,
  stackedBars,
  statPanel,
  tablePanel,
  thresholds,
  timeseriesPanel,
  type Dashboard,
  type PanelFields,
  type PanelSpec,
  type VariableSpec,
} from './common.js';

export const BRAND_HEALTH_UID = 'brand-pulse-brand-health';

const variables: VariableSpec[] = [
  distinctVariable({
    name: 'brand',
    label: 'Brand',
    description: 'A monitored brand (competitors are compared with it in Share of voice).',
    column: 'brand',
    table: 'mentions',
    where: "competitor_of = ''",
    multiWithAll: false,
  }),
  distinctVariable({
    name: 'platform',
    label: 'Platform',
    description: 'Platforms the brand was mentioned on.',
    column: 'platform',
    table: 'mention_rollup_1m',
    where: eqVariable('brand', 'brand'),
    multiWithAll: true,
  }),
  distinctVariable({
    name: 'lang',
    label: 'Language',
    description: 'Detected language of the mention (ISO 639-1, "und" when unknown).',
    column: 'lang',
    table: 'mention_rollup_1m',
    where: eqVariable('brand', 'brand'),
    multiWithAll: true,
  }),
];

const platformAndLang = and(inVariable('platform', 'platform'), inVariable('lang', 'lang'));

/** Rollup rows of the selected brand, platforms and languages inside the time picker range. */
const rollupWhere = and('$__timeFilter(minute)', eqVariable('brand', 'brand'), platformAndLang);

/** Raw mentions of the selected brand, platforms and languages inside the time picker range. */
const mentionsWhere = and('$__timeFilter(created_at)', eqVariable('brand', 'brand'), platformAndLang);

/** The brand and every competitor configured against it (rows carry `competitor_of = brand`). */
const brandAndCompetitors = `(${eqVariable('brand', 'brand')} OR brand IN (SELECT DISTINCT brand FROM mentions WHERE ${eqVariable('competitor_of', 'brand')}))`;

const stat = (title: string, description: string, select: string, extra: Partial<PanelFields> = {}): PanelSpec =>
  statPanel({
    title,
    description,
    w: 4,
    h: 4,
    sql: sql`
      SELECT ${select}
      FROM mention_rollup_1m
      WHERE ${rollupWhere}`,
    ...extra,
  });

const overview: PanelSpec[] = [
  stat('Mentions', 'Mentions of the brand in the selected range.', 'sum(mentions) AS mentions', { unit: 'short' }),
  stat(
    'Negative share',
    'Negative mentions (text classified negative, or a 1-2 star review) over all mentions.',
    'sum(negative) / nullIf(sum(mentions), 0) AS negative_share',
    { unit: 'percentunit', decimals: 1, defaults: { thresholds: thresholds([null, 'green'], [0.2, 'orange'], [0.35, 'red']) } },
  ),
  stat(
    'Net sentiment',
    '(positive - negative) / mentions, from -100% (all negative) to +100% (all positive).',
    '(sum(positive) - sum(negative)) / nullIf(sum(mentions), 0) AS net_sentiment',
    { unit: 'percentunit', decimals: 1, min: -1, max: 1, defaults: { thresholds: thresholds([null, 'red'], [-0.1, 'orange'], [0.1, 'green']) } },
  ),
  stat('Unique authors', 'Distinct authors (per platform) who mentioned the brand.', 'uniqMerge(authors) AS unique_authors', { unit: 'short' }),
  stat('Reach', 'Author followers plus likes, shares and replies of every mention.', 'sum(reach) AS reach', { unit: 'short' }),
  stat('Needs a reply', 'Questions and complaints addressed to the brand (see the queue below).', 'sum(needs_reply) AS needs_reply', {
    unit: 'short',
    defaults: { thresholds: thresholds([null, 'green'], [1, 'orange'], [20, 'red']) },
  }),
];

const volume: PanelSpec[] = [
  timeseriesPanel({
    title: 'Mentions by sentiment',
    description: 'Mentions per interval, stacked by sentiment class.',
    w: 16,
    h: 9,
    unit: 'short',
    sql: sql`
      SELECT
          $__timeInterval(minute) AS time,
          sum(negative) AS negative,
          sum(neutral) AS neutral,
          sum(positive) AS positive
      FROM mention_rollup_1m
      WHERE ${rollupWhere}
      GROUP BY time
      ORDER BY time`,
    defaults: stackedBars(),
    overrides: sentimentColors,
  }),
  {
    type: 'piechart',
    title: 'Share of voice',
    description: 'Mentions of the brand and of each competitor configured against it, in the selected range.',
    kind: 'table',
    w: 8,
    h: 9,
    unit: 'short',
    sql: sql`
      SELECT brand, sum(mentions) AS mentions
      FROM mention_rollup_1m
      WHERE ${and('$__timeFilter(minute)', brandAndCompetitors, platformAndLang)}
      GROUP BY brand
      ORDER BY mentions DESC`,
  },
  timeseriesPanel({
    title: 'Negative share and net sentiment',
    description: 'Negative share and net sentiment per interval.',
    w: 12,
    h: 8,
    unit: 'percentunit',
    sql: sql`
      SELECT
          $__timeInterval(minute) AS time,
          sum(negative) / nullIf(sum(mentions), 0) AS negative_share,
          (sum(positive) - sum(negative)) / nullIf(sum(mentions), 0) AS net_sentiment
      FROM mention_rollup_1m
      WHERE ${rollupWhere}
      GROUP BY time
      ORDER BY time`,
    overrides: [
      override('negative_share', { displayName: 'Negative share', color: { mode: 'fixed', fixedColor: 'red' } }),
      override('net_sentiment', { displayName: 'Net sentiment', color: { mode: 'fixed', fixedColor: 'blue' } }),
    ],
  }),
  timeseriesPanel({
    title: 'Share of voice over time',
    description: 'Each brand’s share of all mentions of the brand and its competitors, per interval.',
    w: 12,
    h: 8,
    unit: 'short',
    sql: sql`
      SELECT $__timeInterval(minute) AS time, brand, sum(mentions) AS mentions
      FROM mention_rollup_1m
      WHERE ${and('$__timeFilter(minute)', brandAndCompetitors, platformAndLang)}
      GROUP BY time, brand
      ORDER BY time`,
    defaults: {
      custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 60, showPoints: 'never', stacking: { mode: 'percent', group: 'A' } },
      displayName: seriesName('brand'),
    },
  }),
  timeseriesPanel({
    title: 'Unique authors and reach',
    description: 'Distinct authors (left axis) and reach (right axis) per interval.',
    w: 24,
    h: 8,
    unit: 'short',
    sql: sql`
      SELECT
          $__timeInterval(minute) AS time,
          uniqMerge(authors) AS unique_authors,
          sum(reach) AS reach,
          sum(negative_reach) AS negative_reach
      FROM mention_rollup_1m
      WHERE ${rollupWhere}
      GROUP BY time
      ORDER BY time`,
    overrides: [
      override('unique_authors', { displayName: 'Unique authors' }),
      override('reach', { displayName: 'Reach', 'custom.axisPlacement': 'right' }),
      override('negative_reach', { displayName: 'Negative reach', 'custom.axisPlacement': 'right', color: { mode: 'fixed', fixedColor: 'red' } }),
    ],
  }),
];

const breakdown = (dimension: 'platform' | 'lang', title: string): PanelSpec => ({
  type: 'barchart',
  title,
  description: `Mentions per ${dimension === 'lang' ? 'language' : 'platform'} in the selected range, split by sentiment class.`,
  kind: 'table',
  w: 12,
  h: 8,
  unit: 'short',
  sql: sql`
    SELECT
        ${dimension},
        sum(negative) AS negative,
        sum(neutral) AS neutral,
        sum(positive) AS positive
    FROM mention_rollup_1m
    WHERE ${rollupWhere}
    GROUP BY ${dimension}
    ORDER BY sum(mentions) DESC
    LIMIT 20`,
  overrides: sentimentColors,
});

const breakdowns: PanelSpec[] = [breakdown('platform', 'Platforms'), breakdown('lang', 'Languages')];

/** A post's title and text as one column, and how the post tables show it and its date. */
const postText = "if(title = '', text, concat(title, ' | ', text)) AS post";
const postColumn = override('post', { displayName: 'Post', 'custom.inspect': true });
const postedColumn = override('created_at', { displayName: 'Posted', unit: 'dateTimeAsIso', 'custom.width': 170 });

const posts: PanelSpec[] = [
  tablePanel({
    title: 'Needs-reply queue',
    description: 'Latest mentions that ask the brand something or complain to it, newest first.',
    w: 24,
    h: 10,
    sql: sql`
      SELECT
          created_at,
          platform,
          lang,
          sentiment,
          author_name,
          author_followers,
          ${postText},
          url
      FROM mentions FINAL
      WHERE ${and(mentionsWhere, 'needs_reply = 1')}
      ORDER BY created_at DESC
      LIMIT 200`,
    overrides: [
      postedColumn,
      postColumn,
      override('sentiment', { 'custom.width': 90 }),
      linkColumn('url'),
    ],
  }),
  tablePanel({
    title: 'Top negative posts by reach',
    description: 'Negative mentions (or 1-2 star reviews) with the largest reach: followers plus likes, shares and replies.',
    w: 24,
    h: 10,
    sql: sql`
      SELECT
          created_at,
          platform,
          lang,
          author_name,
          author_followers + likes + shares + replies AS reach,
          sentiment_score,
          rating,
          ${postText},
          url
      FROM mentions FINAL
      WHERE ${and(mentionsWhere, NEGATIVE_SQL)}
      ORDER BY reach DESC, created_at DESC
      LIMIT 25`,
    overrides: [
      postedColumn,
      override('reach', { unit: 'short', 'custom.width': 90 }),
      override('sentiment_score', { displayName: 'Score', decimals: 2, 'custom.width': 80 }),
      postColumn,
      linkColumn('url'),
    ],
  }),
];

export function brandHealthDashboard(): Dashboard {
  return dashboard({
    uid: BRAND_HEALTH_UID,
    title: 'Brand health',
    description: 'Mentions, sentiment, reach and share of voice of one brand; the posts waiting for a reply.',
    tags: ['mentions'],
    variables,
    items: [
      { row: 'Overview' },
      ...overview,
      { row: 'Volume and sentiment' },
      ...volume,
      { row: 'Breakdown' },
      ...breakdowns,
      { row: 'Posts' },
      ...posts,
    ],
  });
}
