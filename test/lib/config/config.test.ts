import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, readSecret } from '../../../lib/config/load.js';
import { parseDuration } from '../../../lib/config/duration.js';
import { detectionFor } from '../../../lib/config/schema.js';
import { EXAMPLE_CONFIG } from '../../../workers/config-path.js';
import { problems } from './problems.js';

describe('monitor.yaml', () => {
  it('loads the annotated example with defaults and resolves paths against the file', () => {
    const cfg = loadConfig(EXAMPLE_CONFIG);
    expect(cfg.brands[0]).toMatchObject({ id: 'acme', name: 'Acme Cloud' });
    expect(cfg.sources[0]).toMatchObject({ id: 'hn', type: 'hackernews', every: 300_000, enabled: true, max_pages: 10 });
    expect(cfg.detection.bucket).toBe(300_000);
    expect(path.isAbsolute(cfg.data_dir)).toBe(true);
    expect(cfg.data_dir).toBe(path.resolve(path.dirname(EXAMPLE_CONFIG), '../data'));
  });

  it('names the file, the path inside it and what is wrong', () => {
    const p = problems(`brands:
  - id: Acme!
    name: Acme
    queries: []
sources:
  - id: hn
    type: hackernews
    every: soon
alerts:
  routes:
    - { id: s, type: slack, webhook_url_env: not-an-env-name }
  default_routes: [missing]
`);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^brands\[0\]\.id: must be lower-case/),
        expect.stringMatching(/^brands\[0\]\.queries: /),
        expect.stringMatching(/^sources\[0\]\.every: "soon" is not a duration/),
        expect.stringMatching(/^alerts\.routes\[0\]\.webhook_url_env: must be an environment variable name/),
      ]),
    );
    try {
      parseConfig('brands: [', '/etc/brand-pulse/monitor.yaml');
    } catch (e) {
      expect((e as Error).message).toMatch(/^invalid config \/etc\/brand-pulse\/monitor\.yaml:\n  - YAML syntax at line 1/);
    }
  });

  it('rejects unknown keys, duplicate ids and dangling references', () => {
    const p = problems(`brands:
  - { id: a, name: A, queries: [a], routes: [nope], colour: red }
  - { id: a, name: A2, queries: [b] }
sources:
  - { id: s, type: hackernews, brands: [zzz] }
`);
    expect(p.join('\n')).toMatch(/brands\[0\]: Unrecognized key.*colour/);
    expect(p.join('\n')).toMatch(/brands\[1\]\.id: duplicate id "a"/);
    expect(p.join('\n')).toMatch(/brands\[0\]\.routes\[0\]: unknown route "nope"/);
    expect(p.join('\n')).toMatch(/sources\[0\]\.brands\[0\]: unknown brand "zzz"/);
  });

  it('an unreadable file is a config error naming it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    expect(() => loadConfig(path.join(dir, 'nope.yaml'))).toThrow(/invalid config .*nope\.yaml:\n  - cannot read the file/);
    writeFileSync(path.join(dir, 'ok.yaml'), 'brands: [{id: a, name: A, queries: [a]}]\nsources: [{id: s, type: replay, path: x.jsonl}]\n');
    expect(loadConfig(path.join(dir, 'ok.yaml')).sources[0].path).toBe(path.join(dir, 'x.jsonl'));
  });

  it('per-brand detection overrides the global block', () => {
    const cfg = parseConfig(`brands:
  - { id: a, name: A, queries: [a], detection: { min_negative: 20 } }
  - { id: b, name: B, queries: [b] }
sources: [{ id: s, type: hackernews }]
detection: { bucket: 10m }
`, 'm.yaml');
    expect(detectionFor(cfg, 'a')).toMatchObject({ min_negative: 20, bucket: 600_000 });
    expect(detectionFor(cfg, 'b')).toMatchObject({ min_negative: 5, bucket: 600_000 });
  });

  it('durations and secrets', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration(250)).toBe(250);
    expect(() => parseDuration('5 minutes')).toThrow(/not a duration/);
    expect(readSecret('X_TOKEN', { X_TOKEN: 's3cret' })).toBe('s3cret');
    expect(readSecret('X_TOKEN', { X_TOKEN: '' })).toBeUndefined();
    expect(readSecret(undefined, {})).toBeUndefined();
  });
});
