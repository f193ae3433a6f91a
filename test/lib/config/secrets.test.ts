// The start-up preflight of secrets: every `*_env` that an enabled source or a route names must be
// set; all missing ones are listed at once with their path; the link secret is optional.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/load.js';
import { missingSecrets } from '../../../lib/config/secrets.js';

const config = parseConfig(
  `brands: [{ id: acme, name: Acme, queries: [acme] }]
sources:
  - { id: hn, type: hackernews }
  - { id: crm, type: push, secret_env: CRM_INGEST_SECRET }
  - { id: off, type: push, secret_env: OFF_SECRET, enabled: false }
  - { id: yt, type: youtube, api_key_env: YT_KEY, video_ids: [dQw4w9WgXcQ] }
alerts:
  routes:
    - { id: care, type: slack, webhook_url_env: CARE_WEBHOOK }
    - { id: mail, type: email, to: [a@acme.example], from: a@acme.example, smtp: { host: smtp.acme.example, user_env: SMTP_U, password_env: SMTP_P } }
  default_routes: [care]
`,
  'm.yaml',
);

describe('secrets preflight', () => {
  it('lists every named secret that is not set, with where the config names it', () => {
    expect(missingSecrets(config, { YT_KEY: 'k', SMTP_U: 'u' })).toEqual([
      'sources[1] (crm).secret_env: the environment variable CRM_INGEST_SECRET is not set (it holds the secret)',
      'alerts.routes[0].webhook_url_env: the environment variable CARE_WEBHOOK is not set (it holds the secret)',
      'alerts.routes[1].smtp.password_env: the environment variable SMTP_P is not set (it holds the secret)',
    ]);
  });

  it('passes when all are set; an empty value counts as unset; a disabled source and the link secret are not required', () => {
    const all = { CRM_INGEST_SECRET: 's', YT_KEY: 'k', CARE_WEBHOOK: 'w', SMTP_U: 'u', SMTP_P: 'p' };
    expect(missingSecrets(config, all)).toEqual([]);
    expect(missingSecrets(config, { ...all, YT_KEY: '' })).toEqual(['sources[3] (yt).api_key_env: the environment variable YT_KEY is not set (it holds the secret)']);
  });
});
