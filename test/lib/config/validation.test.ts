// What config load refuses beyond field shapes: source types and their connector options,
// `*_env` names, duplicate ids, references to routes and brands that do not exist. Every
// problem of a file is reported at once, each with its path, in one ConfigError.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/load.js';
import { connectorTypes } from '../../../lib/sources/registry.js';
import { problems } from './problems.js';

const BRAND = 'brands: [{ id: acme, name: Acme, queries: [acme] }]\n';

describe('config load: sources', () => {
  it('refuses an unknown source type, naming the known ones', () => {
    expect(problems(`${BRAND}sources: [{ id: hn, type: hackrnews }]\n`)).toEqual([
      `sources[0].type: unknown source type "hackrnews" (known: ${connectorTypes().join(', ')})`,
    ]);
    expect(connectorTypes()).toContain('hackernews');
  });

  it("checks a source's own options with its connector's schema", () => {
    expect(problems(`${BRAND}sources: [{ id: r, type: replay }]\n`)).toEqual([expect.stringMatching(/^sources\[0\]\.path: /)]);
    expect(problems(`${BRAND}sources: [{ id: r, type: replay, path: x.jsonl, speed: -1 }]\n`)).toEqual([expect.stringMatching(/^sources\[0\]\.speed: /)]);
    expect(problems(`${BRAND}sources: [{ id: ios, type: appstore, apps: [{ id: acme-app }] }]\n`)).toEqual([
      'sources[0].apps[0].id: must be the numeric App Store id',
    ]);
    expect(problems(`${BRAND}sources: [{ id: asc, type: appstoreconnect, issuer_id: nope, key_id: abc, private_key_env: my-key, apps: [{ id: "1" }] }]\n`)).toEqual([
      'sources[0].issuer_id: must be the issuer id, a UUID',
      'sources[0].key_id: must be the 10-character key id',
      'sources[0].private_key_env: must be an environment variable name such as APP_STORE_CONNECT_PRIVATE_KEY',
    ]);
    // One app through the public feed and the API would store each review twice.
    const ASC = 'type: appstoreconnect, issuer_id: 57246542-96fe-1a63-e053-0824d011072a, key_id: 2X9R4HXF34, private_key_env: ASC_KEY';
    expect(problems(`${BRAND}sources:\n  - { id: feed, type: appstore, apps: [{ id: "1" }, { id: "2" }] }\n  - { id: asc, ${ASC}, apps: [{ id: "3" }, { id: "2" }] }\n`)).toEqual([
      'sources[1].apps[1].id: app "2" is also read by source "feed" (appstore): the two give a review different ids, so each review would be stored twice; keep one (appstoreconnect also brings the developer\'s responses)',
    ]);
    expect(parseConfig(`${BRAND}sources:\n  - { id: feed, type: appstore, apps: [{ id: "1" }] }\n  - { id: asc, ${ASC}, apps: [{ id: "3" }] }\n`, 'ok.yaml').sources).toHaveLength(2);
    // A rule over several keys is reported at the source.
    expect(problems(`${BRAND}sources: [{ id: yt, type: youtube, api_key_env: YT_KEY }]\n`)).toEqual([
      'sources[0]: set video_ids, channel_ids or search (or several)',
    ]);
  });

  it('refuses `*_env` values that are not environment variable names, in sources and routes', () => {
    const p = problems(`${BRAND}sources:
  - { id: x, type: x, bearer_token_env: x-token }
  - { id: crm, type: push, secret_env: "INGEST SECRET" }
  - { id: r, type: reddit, client_id_env: 1ID, client_secret_env: R_SECRET }
alerts:
  routes:
    - { id: mail, type: email, to: [a@b.example], from: x@y.example, smtp: { host: h, password_env: pass } }
`);
    expect(p).toEqual([
      'sources[0].bearer_token_env: must be an environment variable name such as X_BEARER_TOKEN',
      'sources[1].secret_env: must be an environment variable name such as INGEST_SECRET',
      'sources[2].client_id_env: must be an environment variable name such as REDDIT_CLIENT_ID',
      'alerts.routes[0].smtp.password_env: must be an environment variable name such as SMTP_PASSWORD',
    ]);
  });

  it('reports a key the common schema and the connector both check once', () => {
    expect(problems(`${BRAND}sources: [{ id: hn, type: hackernews, base_url: not-a-url }]\n`)).toEqual(['sources[0].base_url: Invalid URL']);
  });

  it('takes `assume_brand` only as a boolean', () => {
    expect(problems(`${BRAND}sources: [{ id: hn, type: hackernews, assume_brand: "yes" }]\n`)).toEqual([
      expect.stringMatching(/^sources\[0\]\.assume_brand: .*boolean/),
    ]);
    expect(parseConfig(`${BRAND}sources: [{ id: hn, type: hackernews, assume_brand: true }]\n`, 'm.yaml').sources[0].assume_brand).toBe(true);
  });
});

describe('config load: ids and references', () => {
  it('refuses duplicate source ids, route ids and brand or competitor ids, at the repeat', () => {
    const p = problems(`brands:
  - { id: acme, name: Acme, queries: [acme], competitors: [{ id: globex, name: Globex, queries: [globex] }] }
  - { id: globex, name: Globex, queries: [globex] }
sources: [{ id: hn, type: hackernews }, { id: hn, type: hackernews }]
alerts:
  routes:
    - { id: ops, type: file, path: a.jsonl }
    - { id: ops, type: file, path: b.jsonl }
`);
    expect(p).toEqual(['brands[1].id: duplicate id "globex"', 'sources[1].id: duplicate id "hn"', 'alerts.routes[1].id: duplicate id "ops"']);
  });

  it('refuses routes that do not exist, wherever they are referenced', () => {
    const p = problems(`brands: [{ id: acme, name: Acme, queries: [acme], routes: [ops, care], escalation_routes: [pager] }]
sources: [{ id: hn, type: hackernews }]
alerts:
  routes: [{ id: ops, type: file, path: a.jsonl }]
  default_routes: [opps]
  escalation_routes: [ops, oncall]
`);
    expect(p).toEqual([
      'alerts.default_routes[0]: unknown route "opps"',
      'alerts.escalation_routes[1]: unknown route "oncall"',
      'brands[0].routes[1]: unknown route "care"',
      'brands[0].escalation_routes[0]: unknown route "pager"',
    ]);
  });

  it('reports every problem of the file at once, with file and path, in one message', () => {
    const text = `brands: [{ id: acme, name: Acme, queries: [acme], routes: [care] }]
sources:
  - { id: hn, type: hackernews, every: soon }
  - { id: hn, type: replay }
  - { id: tw, type: twitter }
  - { id: yt, type: youtube, api_key_env: yt-key, video_ids: [dQw4w9WgXcQ] }
alerts:
  routes:
    - { id: ops, type: slack, webhook_url_env: hook }
    - { id: ops, type: file, path: a.jsonl }
  default_routes: [opps]
`;
    let message = '';
    try {
      parseConfig(text, 'monitor.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'invalid config monitor.yaml:',
      '  - sources[0].every: "soon" is not a duration (use e.g. 30s, 5m, 1h, 2d)',
      '  - sources[1].path: Invalid input: expected string, received undefined',
      `  - sources[2].type: unknown source type "twitter" (known: ${connectorTypes().join(', ')})`,
      '  - sources[3].api_key_env: must be an environment variable name such as YOUTUBE_API_KEY',
      '  - alerts.routes[0].webhook_url_env: must be an environment variable name such as SLACK_WEBHOOK_URL',
      '  - sources[1].id: duplicate id "hn"',
      '  - alerts.routes[1].id: duplicate id "ops"',
      '  - alerts.default_routes[0]: unknown route "opps"',
      '  - brands[0].routes[0]: unknown route "care"',
    ]);
  });

  it('still checks references when the file has the wrong shape elsewhere', () => {
    // `sources` is not a list and a route lacks its type: the reference checks read what is there.
    const p = problems(`brands: [{ id: acme, name: Acme, queries: [acme], routes: [nope] }]
sources: hn
alerts: { routes: [{ id: ops }], default_routes: [ops] }
`);
    expect(p).toEqual([
      expect.stringMatching(/^sources: /),
      expect.stringMatching(/^alerts\.routes\[0\]\.type: /),
      'brands[0].routes[0]: unknown route "nope"',
    ]);
  });
});
