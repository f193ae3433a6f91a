// Loads monitor.yaml: YAML syntax errors and schema errors both name the file, the path
// inside it (brands[0].queries) and what is wrong, so startup stops with a precise message.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { configSchema, type MonitorConfig } from './schema.js';
import { formatIssues } from './zod-issues.js';

export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`invalid config ${file}:\n${problems.map((p) => `  - ${p.replaceAll('\n', '\n    ')}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(text: string, file: string): MonitorConfig {
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    throw new ConfigError(file, doc.errors.map((e) => `YAML syntax at line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`));
  }
  const result = configSchema.safeParse(doc.toJS());
  if (!result.success) {
    // A key both the common schema and the connector check (base_url) would be listed twice.
    throw new ConfigError(file, [...new Set(formatIssues(result.error.issues, { whole: '(top level)' }))]);
  }
  const cfg = result.data;
  // Relative paths are relative to the config file, so a config works from any working directory.
  const base = path.dirname(path.resolve(file));
  cfg.data_dir = path.resolve(base, cfg.data_dir);
  for (const s of cfg.sources) if (typeof s.path === 'string') s.path = path.resolve(base, s.path);
  for (const r of cfg.alerts.routes) if (r.type === 'file') r.path = path.resolve(base, r.path);
  return cfg;
}

export function loadConfig(file: string): MonitorConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read the file: ${(e as Error).message}`]);
  }
  return parseConfig(text, file);
}

/** Reads a secret by the env variable name the config gives; the value is never logged. */
export function readSecret(envName: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!envName) return undefined;
  const v = env[envName];
  return v && v.length > 0 ? v : undefined;
}
