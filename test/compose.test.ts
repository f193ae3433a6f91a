// docker-compose.yml is checked statically (no Docker needed): the services and published ports
// match the README table, every dependency waits on a health check or a finished setup job, the
// worker points at the compose services, and Grafana gets the provisioning and the dashboards.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLICKHOUSE_PLUGIN_VERSION, DATASOURCE } from '../dashboards/common.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string } | string;
  ports?: Array<string | { published: string | number; target: number }>;
  environment?: Record<string, string | number> | string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] | string };
  volumes?: Array<string | { type: string; source: string; target: string }>;
  restart?: string;
  command?: unknown;
}

interface Compose {
  version?: unknown;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read('docker-compose.yml')) as Compose;
const services = compose.services;

/** `${VAR:-default}` → default (what the file means when nothing is set). */
function withDefaults(value: string): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_m, _name: string, def?: string) => def ?? '');
}

function env(service: Service): Record<string, string> {
  const e = service.environment ?? {};
  if (Array.isArray(e)) return Object.fromEntries(e.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
}

/** Host ports a service publishes ("8080:8080", "127.0.0.1:8080:80", or the long form). */
function publishedPorts(service: Service): number[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return Number(p.published);
    const parts = withDefaults(p).split(':');
    if (parts.length < 2) throw new Error(`port "${p}" publishes a random host port`);
    return Number(parts[parts.length - 2]);
  });
}

function volumeMounts(service: Service): Array<{ source: string; target: string }> {
  return (service.volumes ?? []).map((v) => {
    if (typeof v === 'object') return { source: v.source, target: v.target };
    const [source, target] = withDefaults(v).split(':');
    return { source: source!, target: target! };
  });
}

interface ReadmeRow {
  service: string;
  image: string;
  ports: number[];
  purpose: string;
}

function readmeServices(): ReadmeRow[] {
  const readme = read('README.md');
  const start = readme.indexOf('<!-- services:start -->');
  const end = readme.indexOf('<!-- services:end -->');
  expect(start, 'README services block markers').toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const lines = readme
    .slice(start, end)
    .split('\n')
    .filter((l) => l.trim().startsWith('|'));
  const cells = (l: string) =>
    l
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  expect(cells(lines[0]!)).toEqual(['service', 'image', 'host port(s)', 'purpose']);
  return lines.slice(2).map((l) => {
    const [service, image, ports, purpose] = cells(l);
    return {
      service: service!.replace(/`/g, ''),
      image: image!.replace(/`/g, ''),
      ports: ports!.match(/\d+/g)?.map(Number) ?? [],
      purpose: purpose!,
    };
  });
}

describe('docker-compose.yml', () => {
  it('has no top-level version and declares every named volume it mounts', () => {
    expect(compose).not.toHaveProperty('version');
    for (const [name, service] of Object.entries(services)) {
      for (const { source } of volumeMounts(service)) {
        if (!source.startsWith('.') && !source.startsWith('/')) expect(compose.volumes, `${name} mounts volume ${source}`).toHaveProperty(source);
      }
    }
  });

  it('lists exactly the services and published ports of the README table', () => {
    const rows = readmeServices();
    expect(Object.keys(services).sort()).toEqual(rows.map((r) => r.service).sort());
    for (const row of rows) {
      const service = services[row.service]!;
      expect(publishedPorts(service).sort(), `${row.service} ports`).toEqual([...row.ports].sort());
      expect(row.purpose, `${row.service} purpose`).not.toBe('');
      if (service.image && !service.build) expect(service.image.split(':')[0], `${row.service} image`).toBe(row.image);
      else expect(row.image, `${row.service} is built`).toMatch(/Dockerfile/);
    }
  });

  it('publishes the expected host ports', () => {
    expect(publishedPorts(services.temporal!)).toEqual([7233]);
    expect(publishedPorts(services['temporal-ui']!)).toEqual([8080]);
    expect(publishedPorts(services.clickhouse!).sort()).toEqual([8123, 9000]);
    expect(publishedPorts(services.grafana!)).toEqual([3000]);
  });

  it('pins pulled images with overridable tags (${VAR:-default})', () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.image || service.build) continue;
      expect(service.image, name).toMatch(/^[\w./-]+:\$\{[A-Z0-9_]+:-[\w.-]+\}$/);
    }
  });

  it('health-checks the long-running services and waits on health or completion', () => {
    for (const name of ['postgresql', 'temporal', 'clickhouse', 'grafana']) expect(services[name]!.healthcheck?.test, name).toBeDefined();
    expect(JSON.stringify(services.clickhouse!.healthcheck!.test)).toContain('SELECT 1');
    expect(services.temporal!.healthcheck!.test).toEqual(['CMD', 'nc', '-z', 'localhost', '7233']);
    for (const [name, service] of Object.entries(services)) {
      const deps = service.depends_on ?? {};
      expect(Array.isArray(deps), `${name}: depends_on must use conditions`).toBe(false);
      for (const [dep, { condition }] of Object.entries(deps as Record<string, { condition: string }>)) {
        expect(services, `${name} depends on unknown ${dep}`).toHaveProperty(dep);
        expect(['service_healthy', 'service_completed_successfully'], `${name} -> ${dep}`).toContain(condition);
        if (condition === 'service_healthy') expect(services[dep]!.healthcheck, `${dep} needs a healthcheck`).toBeDefined();
        else expect(services[dep]!.restart ?? 'no', `${dep} is a one-shot job`).toMatch(/^(no|on-failure(:\d+)?)$/);
      }
    }
  });

  it('orders Temporal: database, schema job, server, namespace job', () => {
    expect(services['temporal-schema-setup']!.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(services.temporal!.depends_on).toEqual({ 'temporal-schema-setup': { condition: 'service_completed_successfully' } });
    expect(services['temporal-create-namespace']!.depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(services['temporal-ui']!.depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(env(services.temporal!).POSTGRES_SEEDS).toBe('postgresql');
  });

  it('runs the worker from the Dockerfile against the compose services', () => {
    const worker = services.worker!;
    expect(worker.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile' });
    const e = env(worker);
    expect(e.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(e.CLICKHOUSE_URL).toBe('http://clickhouse:8123');
    expect(e.MONITOR_CONFIG).toBe('/config/monitor.yaml');
    const config = volumeMounts(worker).find((m) => m.target === '/config/monitor.yaml');
    expect(['./monitor.yaml', './examples/monitor.example.yaml']).toContain(config?.source);
    expect(worker.depends_on).toMatchObject({
      temporal: { condition: 'service_healthy' },
      clickhouse: { condition: 'service_healthy' },
      'temporal-create-namespace': { condition: 'service_completed_successfully' },
    });
    // The worker and Grafana use the credentials the ClickHouse container creates.
    const ch = env(services.clickhouse!);
    for (const key of ['CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD']) {
      expect(e[key], `worker ${key}`).toBe(ch[key]);
      expect(env(services.grafana!)[key], `grafana ${key}`).toBe(ch[key]);
    }
  });

  it('gives Grafana the pinned plugin, the provisioning and the generated dashboards', () => {
    const grafana = services.grafana!;
    expect(withDefaults(env(grafana).GF_PLUGINS_PREINSTALL_SYNC!)).toBe(`grafana-clickhouse-datasource@${CLICKHOUSE_PLUGIN_VERSION}`);
    const mounts = volumeMounts(grafana);
    expect(mounts).toContainEqual({ source: './dashboards/provisioning', target: '/etc/grafana/provisioning' });
    const generated = mounts.find((m) => m.source === './dashboards/generated');
    expect(generated).toBeDefined();

    const providers = parse(read('dashboards/provisioning/dashboards/dashboards.yml')) as {
      apiVersion: number;
      providers: Array<{ type: string; options: { path: string } }>;
    };
    expect(providers.apiVersion).toBe(1);
    expect(providers.providers).toHaveLength(1);
    expect(providers.providers[0]).toMatchObject({ type: 'file', options: { path: generated!.target } });

    const datasources = parse(read('dashboards/provisioning/datasources/clickhouse.yml')) as {
      apiVersion: number;
      datasources: Array<{ uid: string; type: string; jsonData: Record<string, unknown> }>;
    };
    expect(datasources.apiVersion).toBe(1);
    expect(datasources.datasources).toHaveLength(1);
    const ds = datasources.datasources[0]!;
    expect({ uid: ds.uid, type: ds.type }).toEqual(DATASOURCE);
    expect(ds.jsonData).toMatchObject({ host: 'clickhouse', port: 8123, protocol: 'http', defaultDatabase: 'default' });
    expect(services).toHaveProperty(String(ds.jsonData.host));
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds on node:20-slim, installs from the lockfile with tsx available, and runs npm start', () => {
    expect(dockerfile).toMatch(/ARG NODE_VERSION=20\b/);
    expect(dockerfile).toMatch(/^FROM node:\$\{NODE_VERSION\}-slim\b/m);
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(dockerfile).toContain('node_modules/.bin/tsx');
    expect(dockerfile).toMatch(/^CMD \["npm", "start"\]$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('keeps local state out of the build context', () => {
    expect(existsSync(path.join(ROOT, '.dockerignore'))).toBe(true);
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', '.git', 'data', '.env']) expect(ignored).toContain(entry);
  });
});
