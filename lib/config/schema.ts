// monitor.yaml, validated with zod. Durations become milliseconds; secrets are only ever
// environment variable *names* (`*_env` keys), resolved at use and never logged. A source's
// own options are checked by its connector's descriptor; ids and references across the file
// are checked even when other fields are wrong, so one message lists every problem.
import { z } from 'zod';
import { connectorTypes, findConnector } from '../sources/registry.js';
import { parseDuration } from './duration.js';
import { envName } from './env-name.js';
import { parseQuery, QuerySyntaxError } from '../query/parse.js';
import { searchTerms } from '../query/search-terms.js';

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  try {
    return parseDuration(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lower-case letters, digits, "-" or "_" (max 64)');

const detectionFields = {
  /** How often the detector runs. */
  every: duration,
  /** Bucket width the detector scores (built from the per-minute rollup). */
  bucket: duration,
  /** History the baseline is learned from. */
  baseline_window: duration,
  /** Fewest negative mentions in a window that may alert (small brands do not alert on two posts). */
  min_negative: z.number().int().positive(),
  /** Target false alarms a week for a brand where nothing happens: sets the alert level. */
  false_alarms_per_week: z.number().positive().max(50),
  /** Longest window the detector tests, ending at the newest bucket (the shortest is one bucket). */
  max_window: duration,
  /** Score in [0,1] at which an incident opens. */
  threshold: z.number().min(0).max(1),
  /** Multiplies the detector's evidence: above 1 alerts earlier, below 1 later. */
  sensitivity: z.number().positive(),
  /** Back at baseline this long before an incident resolves. */
  resolve_after: duration,
  /** After resolution, the same brand cannot open a new incident for this long. */
  cooldown: duration,
  /** At most one update message per incident per this interval. */
  update_every: duration,
  /** Escalate if not acknowledged within this time while still growing. */
  escalate_after: duration,
  /** 'wall' scores up to the current time; 'stream' up to the newest stored mention (replays). */
  clock: z.enum(['wall', 'stream']),
  /** Wall clock only: a bucket is scored this long after it ends, so late-polled items are in it. */
  settle: duration,
};

export const DETECTION_DEFAULTS = {
  every: 60_000,
  bucket: 300_000,
  baseline_window: 7 * 86_400_000,
  min_negative: 5,
  false_alarms_per_week: 0.3,
  max_window: 6 * 3_600_000,
  threshold: 0.8,
  sensitivity: 1,
  resolve_after: 30 * 60_000,
  cooldown: 60 * 60_000,
  update_every: 15 * 60_000,
  escalate_after: 30 * 60_000,
  clock: 'wall' as 'wall' | 'stream',
  settle: 5 * 60_000,
};

/** Per-brand overrides: only what is written, no defaults (they come from the global block). */
const detectionOverridesSchema = z.object(detectionFields).partial().strict();
export const detectionSchema = detectionOverridesSchema.transform((v) => ({ ...DETECTION_DEFAULTS, ...v }));

/** A scheduled digest (docs/digest.md): the period's figures and charts, sent to `routes`. */
export const digestSchema = z
  .object({
    every: z.enum(['daily', 'weekly']),
    /** Local time of day it is sent ("08:00"), in `tz`. */
    at: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as "08:00"')
      .default('08:00'),
    /** IANA time zone of `at` and of the weekly `day` (default UTC). */
    tz: z
      .string()
      .default('UTC')
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris'),
    /** Weekly digests: the day they are sent (default Monday). */
    day: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).default('mon'),
    routes: z.array(id).min(1),
  })
  .strict();

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** What names a brand or a competitor: a list of phrases, or a boolean query (docs/queries.md). */
const queryFields = {
  /** Keywords or phrases; a mention matches when one appears as a whole word (any script). */
  queries: z.array(z.string().min(1)).min(1).optional(),
  /** A boolean query instead of the list: AND, OR, NOT, NEAR/n, "phrases", wildcards*, lang: platform: author: rating:. */
  query: z.string().optional(),
};

/** Exactly one of `query` and `queries`; the query parses (its error names the column). */
function checkQuery(v: { queries?: string[]; query?: string }, ctx: z.RefinementCtx): void {
  if (v.query !== undefined && v.queries !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['query'], message: 'give either query (boolean) or queries (a list of phrases), not both' });
  } else if (v.query === undefined && v.queries === undefined) {
    ctx.addIssue({ code: 'custom', path: ['queries'], message: 'give queries (a list of phrases) or query (a boolean query)' });
  } else if (v.query !== undefined) {
    try {
      parseQuery(v.query);
    } catch (e) {
      if (!(e instanceof QuerySyntaxError)) throw e;
      ctx.addIssue({ code: 'custom', path: ['query'], message: e.message });
    }
  }
}

/** `queries` becomes what providers search for: the list itself, or the boolean query's search terms. */
function withSearchTerms<T extends { queries?: string[]; query?: string }>(v: T): Omit<T, 'queries'> & { queries: string[] } {
  return { ...v, queries: v.queries ?? searchTerms(parseQuery(v.query ?? '')) };
}

const competitorSchema = z.object({ id, name: z.string().min(1), ...queryFields }).strict().superRefine(checkQuery).transform(withSearchTerms);

/** The platforms a brand may own accounts on: the `platform` of the mentions their posts become. */
export const OWNED_PLATFORMS = ['x', 'facebook', 'instagram', 'youtube', 'reddit', 'mastodon', 'bluesky', 'googleplay', 'appstore', 'trustpilot', 'hackernews', 'stackexchange'] as const;

/**
 * The brand's own accounts per platform (handles, names or ids as the platform shows the
 * author: "@NimbusAir", "u/NimbusAir", a Page id, a channel id, a Play developer or package).
 * Their posts answer the reply queue instead of joining it.
 */
const ownedSchema = z
  .object(Object.fromEntries(OWNED_PLATFORMS.map((p) => [p, z.array(z.string().trim().min(1)).min(1)])) as Record<(typeof OWNED_PLATFORMS)[number], z.ZodArray<z.ZodString>>)
  .partial()
  .strict();

export const brandSchema = z
  .object({
    id,
    name: z.string().min(1),
    ...queryFields,
    /** Phrases that veto a match ("acme anvil" when Acme is a bank), with either form. */
    exclude: z.array(z.string().min(1)).default([]),
    competitors: z.array(competitorSchema).default([]),
    /** Per-brand overrides of the global detection settings. */
    detection: detectionOverridesSchema.optional(),
    /** Routes for this brand's alerts (default: alerts.default_routes). */
    routes: z.array(id).optional(),
    escalation_routes: z.array(id).optional(),
    /** This brand's digest (default: the global `digest`). */
    digest: digestSchema.optional(),
    /** The brand's own accounts: what they post answers the reply queue. */
    owned: ownedSchema.optional(),
  })
  .strict()
  .superRefine(checkQuery)
  .transform(withSearchTerms);

export const sourceSchema = z
  .object({
    id,
    type: z.string().min(1),
    enabled: z.boolean().default(true),
    every: duration.default(5 * 60_000),
    /** Provider API base URL; tests point it at a local server. */
    base_url: z.string().url().optional(),
    /** Brand ids this source watches (default: all). */
    brands: z.array(id).optional(),
    /** Pages fetched at most per poll. */
    max_pages: z.number().int().positive().default(10),
    /** Store items that name no brand under this source's brands (default: the connector's `owned` trait). */
    assume_brand: z.boolean().optional(),
  })
  // Connector-specific settings (subreddit, app id, credentials' env names...) are the connector's.
  .catchall(z.unknown())
  .superRefine(checkConnectorOptions, { when: () => true });

/** The source's `type` names a connector, and the connector's schema accepts the source's own keys. */
function checkConnectorOptions(source: unknown, ctx: z.RefinementCtx): void {
  const type = record(source).type;
  if (typeof type !== 'string' || !type) return; // the `type` field reports it
  const connector = findConnector(type);
  if (!connector) {
    ctx.addIssue({ code: 'custom', path: ['type'], message: `unknown source type "${type}" (known: ${connectorTypes().join(', ')})` });
    return;
  }
  const options = connector.options.safeParse(source);
  if (!options.success) for (const i of options.error.issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
}

const smtpSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().positive().default(587),
    secure: z.boolean().default(false),
    user_env: envName('SMTP_USER').optional(),
    password_env: envName('SMTP_PASSWORD').optional(),
  })
  .strict();

/** Headers a webhook route's config may not override: the body's type and length, and the signature. */
const RESERVED_WEBHOOK_HEADERS = ['content-type', 'content-length', 'host', 'x-brandpulse-signature', 'x-brandpulse-event'];

export const routeSchema = z.discriminatedUnion('type', [
  /**
   * Slack: an incoming webhook (`webhook_url_env`), or a bot token (`bot_token_env` + `channel`)
   * with chat.postMessage, which threads an incident's updates under its first message.
   */
  z
    .object({
      id,
      type: z.literal('slack'),
      webhook_url_env: envName('SLACK_WEBHOOK_URL').optional(),
      bot_token_env: envName('SLACK_BOT_TOKEN').optional(),
      channel: z.string().min(1).optional(),
      api_base_url: z.string().url().default('https://slack.com/api'),
    })
    .strict()
    .refine((r) => Boolean(r.webhook_url_env) !== Boolean(r.bot_token_env), 'set either webhook_url_env or bot_token_env (with channel)')
    .refine((r) => !r.bot_token_env || r.channel, { message: 'bot_token_env needs a channel', path: ['channel'] }),
  z
    .object({
      id,
      type: z.literal('email'),
      to: z.array(z.string().email()).min(1),
      from: z.string().min(3),
      smtp: smtpSchema,
    })
    .strict(),
  /**
   * A generic outgoing webhook: each alert POSTed as JSON (webhook-message.ts), signed with
   * HMAC-SHA256 in `X-BrandPulse-Signature` (webhook-signature.ts). URL and secret from env vars.
   */
  z
    .object({
      id,
      type: z.literal('webhook'),
      url_env: envName('ALERT_WEBHOOK_URL'),
      secret_env: envName('ALERT_WEBHOOK_SECRET'),
      /** Extra request headers (not secret: they are written in the config). */
      headers: z
        .record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name'), z.string().max(1000))
        .default({})
        .refine((h) => !Object.keys(h).some((k) => RESERVED_WEBHOOK_HEADERS.includes(k.toLowerCase())), {
          message: `must not set ${RESERVED_WEBHOOK_HEADERS.join(', ')} (brand-pulse sets them)`,
        }),
    })
    .strict(),
  /** Appends each alert as a JSON line: the demo's local sink, and a handy audit trail. */
  z.object({ id, type: z.literal('file'), path: z.string().min(1) }).strict(),
]);

export const configSchema = z
  .object({
    /** Where embedded Temporal and ClickHouse keep their files. */
    data_dir: z.string().default('./data'),
    /** Public base URLs used in alert links. */
    links: z
      .object({
        grafana_url: z.string().default('http://localhost:3000'),
        temporal_ui_url: z.string().default('http://localhost:8233'),
      })
      .strict()
      .default({ grafana_url: 'http://localhost:3000', temporal_ui_url: 'http://localhost:8233' }),
    /** The worker's small HTTP endpoint: signed acknowledgement links (and push ingest). */
    server: z
      .object({
        port: z.number().int().min(0).max(65535).default(8787),
        /** The push-ingest endpoint's port, used when a `type: push` source is configured. */
        ingest_port: z.number().int().min(0).max(65535).default(8788),
        /** How alert recipients reach it (links in alerts). */
        public_url: z.string().url().default('http://localhost:8787'),
        /** Signs acknowledgement links; without it alerts carry no acknowledge link. */
        ack_secret_env: envName('ACK_SECRET').default('ACK_SECRET'),
      })
      .strict()
      .default({ port: 8787, ingest_port: 8788, public_url: 'http://localhost:8787', ack_secret_env: 'ACK_SECRET' }),
    brands: z.array(brandSchema).min(1),
    sources: z.array(sourceSchema).min(1),
    detection: detectionSchema.default(DETECTION_DEFAULTS),
    /** Every brand's digest unless the brand has its own. */
    digest: digestSchema.optional(),
    alerts: z
      .object({
        routes: z.array(routeSchema).default([]),
        default_routes: z.array(id).default([]),
        escalation_routes: z.array(id).default([]),
      })
      .strict()
      .default({ routes: [], default_routes: [], escalation_routes: [] }),
  })
  .strict()
  .superRefine(checkReferences, { when: () => true });

// With `when`, these checks also run on a config that failed elsewhere, so they read what is
// there without trusting its shape.
const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
type Path = (string | number)[];

/** Ids are unique (brands with their competitors, sources, routes); routes and brands that are referenced exist. */
function checkReferences(cfg: unknown, ctx: z.RefinementCtx): void {
  const root = record(cfg);
  const brands = list(root.brands).map(record);
  const sources = list(root.sources).map(record);
  const alerts = record(root.alerts);
  const routes = list(alerts.routes).map(record);

  const unique = (entries: { id: unknown; path: Path }[]) => {
    const seen = new Set<string>();
    for (const { id, path } of entries) {
      if (typeof id !== 'string') continue;
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `duplicate id "${id}"` });
      seen.add(id);
    }
  };
  unique(
    brands.flatMap((b, i) => [
      { id: b.id, path: ['brands', i, 'id'] },
      ...list(b.competitors).map((c, j) => ({ id: record(c).id, path: ['brands', i, 'competitors', j, 'id'] })),
    ]),
  );
  unique(sources.map((s, i) => ({ id: s.id, path: ['sources', i, 'id'] })));
  unique(routes.map((r, i) => ({ id: r.id, path: ['alerts', 'routes', i, 'id'] })));

  const known = (what: string, ids: Set<unknown>, refs: unknown, path: Path) =>
    list(refs).forEach((ref, i) => {
      if (typeof ref === 'string' && !ids.has(ref)) ctx.addIssue({ code: 'custom', path: [...path, i], message: `unknown ${what} "${ref}"` });
    });
  const routeIds = new Set(routes.map((r) => r.id));
  known('route', routeIds, alerts.default_routes, ['alerts', 'default_routes']);
  known('route', routeIds, alerts.escalation_routes, ['alerts', 'escalation_routes']);
  brands.forEach((b, i) => {
    known('route', routeIds, b.routes, ['brands', i, 'routes']);
    known('route', routeIds, b.escalation_routes, ['brands', i, 'escalation_routes']);
    known('route', routeIds, record(b.digest).routes, ['brands', i, 'digest', 'routes']);
  });
  known('route', routeIds, record(root.digest).routes, ['digest', 'routes']);
  const brandIds = new Set(brands.map((b) => b.id));
  sources.forEach((s, i) => known('brand', brandIds, s.brands, ['sources', i, 'brands']));
  checkAppStoreOverlap(sources, ctx);
}

/**
 * One app is read either by the public feed (`appstore`) or by the App Store Connect API
 * (`appstoreconnect`), not both: the two give a review different ids, so it would be stored, and
 * counted by detection, twice.
 */
function checkAppStoreOverlap(sources: Record<string, unknown>[], ctx: z.RefinementCtx): void {
  const apps = (s: Record<string, unknown>) => list(s.apps).map((a) => record(a).id);
  const feedOf = new Map<unknown, unknown>();
  sources.filter((s) => s.type === 'appstore').forEach((s) => apps(s).forEach((app) => feedOf.has(app) || feedOf.set(app, s.id)));
  sources.forEach((s, i) => {
    if (s.type !== 'appstoreconnect') return;
    apps(s).forEach((app, j) => {
      if (typeof app !== 'string' || !feedOf.has(app)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['sources', i, 'apps', j, 'id'],
        message: `app "${app}" is also read by source "${String(feedOf.get(app))}" (appstore): the two give a review different ids, so each review would be stored twice; keep one (appstoreconnect also brings the developer's responses)`,
      });
    });
  });
}

export type MonitorConfig = z.infer<typeof configSchema>;
export type BrandConfig = MonitorConfig['brands'][number];
export type SourceConfig = MonitorConfig['sources'][number];
export type RouteConfig = MonitorConfig['alerts']['routes'][number];
export type DetectionConfig = MonitorConfig['detection'];
export type DigestConfig = z.infer<typeof digestSchema>;

/** A brand's digest settings: its own, else the global ones, else none. */
export function digestFor(cfg: MonitorConfig, brandId: string): DigestConfig | undefined {
  return cfg.brands.find((b) => b.id === brandId)?.digest ?? cfg.digest;
}

/** A brand's detection settings: its overrides over the global ones. */
export function detectionFor(cfg: MonitorConfig, brandId: string): DetectionConfig {
  const brand = cfg.brands.find((b) => b.id === brandId);
  return { ...cfg.detection, ...(brand?.detection ?? {}) } as DetectionConfig;
}
