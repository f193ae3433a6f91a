// Brand health: volume, sentiment, reach and share of voice for one brand, plus the posts that
// need a human. Charts read the per-minute rollup (its `negative` column is the rollup's own
// NEGATIVE rule); the post tables read `mentions FINAL` and apply NEGATIVE_SQL themselves; the
// author and review panels read the analysts' `v_mentions` (its `is_negative` is the same rule,
// filled into the migration) and the phrase table the incidents' evidence (`v_incidents`).
// Every time here is the post's own time (stream time in a replay), so after `npm run demo`
// the demo's days are one time range for every panel.
import { DASHBOARD_UIDS } from '../lib/alerts/dashboard-links.js';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { CHATTER_SQL, CHATTER_VIEW_SQL } from '../lib/analysis/chatter.js';
import { NEGATIVE_SQL } from '../lib/analysis/negative.js';
import {
  barchartPanel,
  dashboardBuilder,
  fixedColor,
  linkColumn,
  piechartPanel,
  properties,
  sentimentColors,
  seriesName,
  stackedBarsPanel,
  statPanel,
  tablePanel,
  thresholds,
  timeseriesPanel,
  withItems,
} from './common.js';
import { and, sql } from './sql.js';
import { eqVariable, inVariable, multiValueVariable, singleValueVariable } from './variables.js';

export const BRAND_HEALTH_UID = DASHBOARD_UIDS.brandHealth;

const variables = () => [
  singleValueVariable({
    name: 'brand',
    label: 'Brand',
    description: 'A monitored brand (competitors are compared with it in Share of voice).',
    column: 'brand',
    table: 'mentions',
    where: "competitor_of = ''",
  }),
  multiValueVariable({
    name: 'platform',
    label: 'Platform',
    description: 'Platforms the brand was mentioned on.',
    column: 'platform',
    table: 'mention_rollup_1m',
    where: eqVariable('brand', 'brand'),
  }),
  multiValueVariable({
    name: 'lang',
    label: 'Language',
    description: 'Detected language of the mention (ISO 639-1, "und" when unknown).',
    column: 'lang',
    table: 'mention_rollup_1m',
    where: eqVariable('brand', 'brand'),
  }),
];

const platformAndLang = and(inVariable('platform', 'platform'), inVariable('lang', 'lang'));

/** Rollup rows of the selected brand, platforms and languages inside the time picker range. */
const rollupWhere = and('$__timeFilter(minute)', eqVariable('brand', 'brand'), platformAndLang);

/** Raw mentions of the selected brand, platforms and languages inside the time picker range. */
const mentionsWhere = and('$__timeFilter(created_at)', eqVariable('brand', 'brand'), platformAndLang);
/** The same, over what the brand's customers posted (not its own accounts): on `mentions`, on `v_mentions`. */
const chatterWhere = and(mentionsWhere, CHATTER_SQL);
const chatterViewWhere = and(mentionsWhere, CHATTER_VIEW_SQL);

/** The brand and every competitor configured against it (rows carry `competitor_of = brand`). */
const brandAndCompetitors = `(${eqVariable('brand', 'brand')} OR brand IN (SELECT DISTINCT brand FROM mentions WHERE ${eqVariable('competitor_of', 'brand')}))`;

const stat = (title: string, description: string, select: string) =>
  statPanel(sql`
    SELECT ${select}
    FROM mention_rollup_1m
    WHERE ${rollupWhere}`)
    .title(title)
    .description(description)
    .span(4)
    .height(4);

const overview = () => [
  stat('Mentions', 'Mentions of the brand in the selected range.', 'sum(mentions) AS mentions').unit('short'),
  stat(
    'Negative share',
    'Negative mentions (text classified negative, or a 1-2 star review) over all mentions.',
    'sum(negative) / nullIf(sum(mentions), 0) AS negative_share',
  )
    .unit('percentunit')
    .decimals(1)
    .thresholds(thresholds([null, 'green'], [0.2, 'orange'], [0.35, 'red'])),
  stat(
    'Net sentiment',
    '(positive - negative) / mentions, from -100% (all negative) to +100% (all positive).',
    '(sum(positive) - sum(negative)) / nullIf(sum(mentions), 0) AS net_sentiment',
  )
    .unit('percentunit')
    .decimals(1)
    .min(-1)
    .max(1)
    .thresholds(thresholds([null, 'red'], [-0.1, 'orange'], [0.1, 'green'])),
  stat('Unique authors', 'Distinct authors (per platform) who mentioned the brand.', 'uniqMerge(authors) AS unique_authors').unit('short'),
  stat('Reach', 'Author followers plus likes, shares and replies of every mention.', 'sum(reach) AS reach').unit('short'),
  stat('Needs a reply', 'Questions and complaints addressed to the brand (see the queue below).', 'sum(needs_reply) AS needs_reply')
    .unit('short')
    .thresholds(thresholds([null, 'green'], [1, 'orange'], [20, 'red'])),
];

const volume = () => [
  sentimentColors(
    stackedBarsPanel(sql`
      SELECT
          $__timeInterval(minute) AS time,
          sum(negative) AS negative,
          sum(neutral) AS neutral,
          sum(positive) AS positive
      FROM mention_rollup_1m
      WHERE ${rollupWhere}
      GROUP BY time
      ORDER BY time`),
  )
    .title('Mentions by sentiment')
    .description('Mentions per interval, stacked by sentiment class.')
    .span(16)
    .height(9)
    .unit('short'),
  piechartPanel(sql`
    SELECT brand, sum(mentions) AS mentions
    FROM mention_rollup_1m
    WHERE ${and('$__timeFilter(minute)', brandAndCompetitors, platformAndLang)}
    GROUP BY brand
    ORDER BY mentions DESC`)
    .title('Share of voice')
    .description('Mentions of the brand and of each competitor configured against it, in the selected range.')
    .span(8)
    .height(9)
    .unit('short'),
  timeseriesPanel(sql`
    SELECT
        $__timeInterval(minute) AS time,
        sum(negative) / nullIf(sum(mentions), 0) AS negative_share,
        (sum(positive) - sum(negative)) / nullIf(sum(mentions), 0) AS net_sentiment
    FROM mention_rollup_1m
    WHERE ${rollupWhere}
    GROUP BY time
    ORDER BY time`)
    .title('Negative share and net sentiment')
    .description('Negative share and net sentiment per interval.')
    .span(12)
    .height(8)
    .unit('percentunit')
    .overrideByName('negative_share', properties({ displayName: 'Negative share', color: fixedColor('red') }))
    .overrideByName('net_sentiment', properties({ displayName: 'Net sentiment', color: fixedColor('blue') })),
  timeseriesPanel(sql`
    SELECT $__timeInterval(minute) AS time, brand, sum(mentions) AS mentions
    FROM mention_rollup_1m
    WHERE ${and('$__timeFilter(minute)', brandAndCompetitors, platformAndLang)}
    GROUP BY time, brand
    ORDER BY time`)
    .title('Share of voice over time')
    .description('Each brand’s share of all mentions of the brand and its competitors, per interval.')
    .span(12)
    .height(8)
    .unit('short')
    .fillOpacity(60)
    .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Percent).group('A'))
    .displayName(seriesName('brand')),
  timeseriesPanel(sql`
    SELECT
        $__timeInterval(minute) AS time,
        uniqMerge(authors) AS unique_authors,
        sum(reach) AS reach,
        sum(negative_reach) AS negative_reach
    FROM mention_rollup_1m
    WHERE ${rollupWhere}
    GROUP BY time
    ORDER BY time`)
    .title('Unique authors and reach')
    .description('Distinct authors (left axis) and reach (right axis) per interval.')
    .span(24)
    .height(8)
    .unit('short')
    .overrideByName('unique_authors', properties({ displayName: 'Unique authors' }))
    .overrideByName('reach', properties({ displayName: 'Reach', 'custom.axisPlacement': common.AxisPlacement.Right }))
    .overrideByName(
      'negative_reach',
      properties({ displayName: 'Negative reach', 'custom.axisPlacement': common.AxisPlacement.Right, color: fixedColor('red') }),
    ),
];

const breakdown = (dimension: 'platform' | 'lang', title: string) =>
  sentimentColors(
    barchartPanel(sql`
      SELECT
          ${dimension},
          sum(negative) AS negative,
          sum(neutral) AS neutral,
          sum(positive) AS positive
      FROM mention_rollup_1m
      WHERE ${rollupWhere}
      GROUP BY ${dimension}
      ORDER BY sum(mentions) DESC
      LIMIT 20`),
  )
    .title(title)
    .description(`Mentions per ${dimension === 'lang' ? 'language' : 'platform'} in the selected range, split by sentiment class.`)
    .span(12)
    .height(8)
    .unit('short');

const breakdowns = () => [breakdown('platform', 'Platforms'), breakdown('lang', 'Languages')];

/** A share shown as a percentage, coloured orange from `warn` and red from `bad`. */
const shareCell = (warn: number, bad: number) => ({
  unit: 'percentunit',
  decimals: 1,
  'custom.cellOptions': { type: common.TableCellDisplayMode.ColorText },
  thresholds: thresholds([null, 'green'], [warn, 'orange'], [bad, 'red']),
});

const competitors = () => [
  tablePanel(sql`
    SELECT
        brand,
        sum(mentions) AS mention_count,
        mention_count / sum(mention_count) OVER () AS share_of_voice,
        sum(negative) / nullIf(mention_count, 0) AS negative_share,
        (sum(positive) - sum(negative)) / nullIf(mention_count, 0) AS net_sentiment
    FROM mention_rollup_1m
    WHERE ${and('$__timeFilter(minute)', brandAndCompetitors, platformAndLang)}
    GROUP BY brand
    ORDER BY mention_count DESC`)
    .title('Competitor sentiment')
    .description('The brand and each competitor configured against it: share of voice (of their mentions together), negative share and net sentiment in the selected range.')
    .span(12)
    .height(8)
    .overrideByName('mention_count', properties({ displayName: 'mentions', unit: 'short' }))
    .overrideByName('share_of_voice', properties({ displayName: 'share of voice', unit: 'percentunit', decimals: 1 }))
    .overrideByName('negative_share', properties({ displayName: 'negative share', ...shareCell(0.2, 0.35) }))
    .overrideByName('net_sentiment', properties({ displayName: 'net sentiment', unit: 'percentunit', decimals: 1 })),
  timeseriesPanel(sql`
    SELECT $__timeInterval(minute) AS time, lang, sum(negative) / nullIf(sum(mentions), 0) AS negative_share
    FROM mention_rollup_1m
    WHERE ${rollupWhere}
    GROUP BY time, lang
    ORDER BY time`)
    .title('Negative share by language')
    .description('Negative mentions over all mentions per interval, one line per language.')
    .span(12)
    .height(8)
    .unit('percentunit')
    .min(0)
    .max(1)
    .displayName(seriesName('lang')),
];

const audience = () => [
  tablePanel(sql`
    SELECT
        platform,
        argMax(author_name, created_at) AS author,
        max(author_followers) AS followers,
        count() AS posts,
        sum(is_negative) AS negative_posts,
        sum(post_reach) AS reach,
        argMax(url, post_reach) AS top_post
    FROM v_mentions
    WHERE ${chatterViewWhere}
    GROUP BY platform, author_id
    ORDER BY reach DESC
    LIMIT 25`)
    .title('Top authors by reach')
    .description('Authors whose posts about the brand reached the most people (followers plus likes, shares and replies, summed over their posts), with how many of them were negative.')
    .span(24)
    .height(9)
    .overrideByName('followers', properties({ unit: 'short' }))
    .overrideByName('reach', properties({ unit: 'short' }))
    .overrideByName(
      'negative_posts',
      properties({ displayName: 'negative', 'custom.cellOptions': { type: common.TableCellDisplayMode.ColorText }, thresholds: thresholds([null, 'text'], [1, 'red']) }),
    )
    .overrideByName('top_post', linkColumn('Top post')),
  timeseriesPanel(sql`
    SELECT $__timeInterval(created_at) AS time, platform, avg(rating) AS mean_rating
    FROM v_mentions
    WHERE ${and(chatterViewWhere, 'rating IS NOT NULL')}
    GROUP BY time, platform
    ORDER BY time`)
    .title('Ratings over time')
    .description('Mean star rating (1-5) of the reviews of app store and review sources per interval, one line per platform; posts without a rating are left out.')
    .span(12)
    .height(8)
    .min(1)
    .max(5)
    .decimals(2)
    .showPoints(common.VisibilityMode.Always)
    .displayName(seriesName('platform')),
  tablePanel(sql`
    SELECT
        JSONExtractString(p, 'phrase') AS phrase,
        sum(JSONExtractUInt(p, 'count')) AS posts,
        count() AS incidents,
        max(opened_at) AS last_seen
    FROM v_incidents
    ARRAY JOIN JSONExtractArrayRaw(summary, 'phrases') AS p
    WHERE ${and('$__timeFilter(opened_at)', eqVariable('brand', 'brand'))}
    GROUP BY phrase
    ORDER BY posts DESC, phrase
    LIMIT 20`)
    .title('Top phrases')
    .description(
      'What was spreading: the words and phrases the detector found over-represented in the negative posts of the incidents opened in the selected range (brand words and stopwords left out), by the posts that carried them.',
    )
    .span(12)
    .height(8)
    .overrideByName('last_seen', properties({ displayName: 'last incident', unit: 'dateTimeAsIso' })),
];

/** A post's title and text as one column, and how the post tables show it and its date. */
const postText = "if(title = '', text, concat(title, ' | ', text)) AS post";
const postColumn = () => properties({ displayName: 'Post', 'custom.inspect': true });
const postedColumn = () => properties({ displayName: 'Posted', unit: 'dateTimeAsIso', 'custom.width': 170 });

const posts = () => [
  tablePanel(sql`
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
    WHERE ${and(chatterWhere, 'needs_reply = 1')}
    ORDER BY created_at DESC
    LIMIT 200`)
    .title('Needs-reply queue')
    .description('Latest mentions that ask the brand something or complain to it, newest first.')
    .span(24)
    .height(10)
    .overrideByName('created_at', postedColumn())
    .overrideByName('post', postColumn())
    .overrideByName('sentiment', properties({ 'custom.width': 90 }))
    .overrideByName('url', linkColumn()),
  tablePanel(sql`
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
    WHERE ${and(chatterWhere, NEGATIVE_SQL)}
    ORDER BY reach DESC, created_at DESC
    LIMIT 25`)
    .title('Top negative posts by reach')
    .description('Negative mentions (or 1-2 star reviews) with the largest reach: followers plus likes, shares and replies.')
    .span(24)
    .height(10)
    .overrideByName('created_at', postedColumn())
    .overrideByName('reach', properties({ unit: 'short', 'custom.width': 90 }))
    .overrideByName('sentiment_score', properties({ displayName: 'Score', decimals: 2, 'custom.width': 80 }))
    .overrideByName('post', postColumn())
    .overrideByName('url', linkColumn()),
];

export function brandHealthDashboard(): dashboard.Dashboard {
  const builder = dashboardBuilder({
    uid: BRAND_HEALTH_UID,
    title: 'Brand health',
    description: 'Mentions, sentiment, reach and share of voice of one brand; the posts waiting for a reply.',
    tags: ['mentions'],
    variables: variables(),
  });
  return withItems(builder, [
    new dashboard.RowBuilder('Overview'),
    ...overview(),
    new dashboard.RowBuilder('Volume and sentiment'),
    ...volume(),
    new dashboard.RowBuilder('Breakdown'),
    ...breakdowns(),
    new dashboard.RowBuilder('Competitors and languages'),
    ...competitors(),
    new dashboard.RowBuilder('Authors, reviews and phrases'),
    ...audience(),
    new dashboard.RowBuilder('Posts'),
    ...posts(),
  ]).build();
}
