// Preflight of the secrets a config names: every `*_env` key of an enabled source and of the
// alert routes must name a variable that is set, checked before migrations and schedules run, so
// a missing secret stops the start instead of surfacing at the first poll, push or alert.
// `server.ack_secret_env` is left out: without it signed links are simply off.
import type { MonitorConfig } from './schema.js';
import { readSecret } from './load.js';

function namedSecrets(value: unknown, at: string, out: { at: string; name: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => namedSecrets(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const here = at ? `${at}.${key}` : key;
      if (key.endsWith('_env') && typeof v === 'string') out.push({ at: here, name: v });
      else namedSecrets(v, here, out);
    }
  }
}

/** One problem per secret named but not set ("sources[2] (crm).secret_env: ... CRM_SECRET is not set ..."). */
export function missingSecrets(config: MonitorConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const named: { at: string; name: string }[] = [];
  config.sources.forEach((s, i) => {
    if (s.enabled) namedSecrets(s, `sources[${i}] (${s.id})`, named);
  });
  namedSecrets(config.alerts, 'alerts', named);
  return named.filter((s) => !readSecret(s.name, env)).map((s) => `${s.at}: the environment variable ${s.name} is not set (it holds the secret)`);
}
