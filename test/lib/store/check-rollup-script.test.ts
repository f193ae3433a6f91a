// `npm run check:rollup` on an embedded store with a known drift: usage errors exit 2, a dry run
// lists the differences and exits 1, a run corrects them and says what it fixed, and the rollup
// then agrees with mentions. The store is made here, then closed for the script to open it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chTime, createStore } from '../../../lib/store/clickhouse.js';
import { storeNewMentions } from '../../../lib/store/mentions-repo.js';
import { migrate } from '../../../lib/store/migrations.js';
import { rollupDifferences } from '../../../lib/store/rollup-repo.js';
import { mentionRow, T0 } from './rows.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = async (...args: string[]) => {
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/check-rollup.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
};

describe('npm run check:rollup', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-check-rollup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    const { client } = createStore({ dataDir: dir });
    await migrate(client);
    await storeNewMentions(client, Array.from({ length: 20 }, (_, n) => mentionRow(n)));
    // Two rows whose rollup share never committed, and a minute counted twice.
    await client.command({ query: 'DETACH TABLE mention_rollup_1m_mv' });
    await storeNewMentions(client, [mentionRow(100, { created_at: chTime(T0) }), mentionRow(101, { created_at: chTime(T0 + 1000) })]);
    await client.command({ query: 'ATTACH TABLE mention_rollup_1m_mv' });
    await client.command({ query: `INSERT INTO mention_rollup_1m SELECT * FROM mention_rollup_1m WHERE minute = toDateTime('${chTime(T0 + 120_000).slice(0, 16)}:00', 'UTC')` });
    await client.close();
  });

  it('refuses bad usage with exit code 2 and answers --help', async () => {
    const [badTime, badRange, help] = await Promise.all([
      run('--from', 'yesterday'),
      run('--from', '2026-11-22T10:00:00Z', '--to', '2026-11-21T10:00:00Z'),
      run('--help'),
    ]);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toMatch(/"yesterday" is neither an ISO-8601 date-time/);
    expect(badRange).toMatchObject({ code: 2, stderr: expect.stringMatching(/--from must be before --to/) });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: check:rollup/);
  });

  it('lists the drift on a dry run, corrects it, and agrees afterwards', async () => {
    const dry = await run('--data-dir', dir, '--dry-run', '--json');
    expect(dry.code).toBe(1);
    const found = JSON.parse(dry.stdout) as { differing_minutes: number; corrected: number; differences: { minute: string; changes: { mentions?: { expected: number; found: number } } }[] };
    expect(found.corrected).toBe(0);
    const byMinute = new Map<string, number>();
    for (const d of found.differences) byMinute.set(d.minute, (byMinute.get(d.minute) ?? 0) + d.changes.mentions!.expected - d.changes.mentions!.found);
    const minute = (t: number) => new Date(Math.floor(t / 60_000) * 60_000).toISOString();
    const twice = Array.from({ length: 20 }, (_, n) => T0 + n * 17_000).filter((t) => minute(t) === minute(T0 + 120_000)).length;
    expect(Object.fromEntries(byMinute)).toEqual({ [minute(T0)]: 2, [minute(T0 + 120_000)]: -twice });

    const fixed = await run('--data-dir', dir, '--from', '2026-11-20T00:00:00Z');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain(`${found.differing_minutes} brand/platform/language minutes differed; corrected ${found.differing_minutes}`);
    expect(fixed.stdout).toContain(`correction totals: mentions ${2 - twice > 0 ? '+' : ''}${2 - twice}`);
    const { client } = createStore({ dataDir: dir });
    try {
      expect(await rollupDifferences(client, { from: 0, to: Date.now() })).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
