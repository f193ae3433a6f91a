import { describe, expect, it } from 'vitest';
import { CLASSES } from '../../lib/analysis/model-format.js';
import { isLowRating } from '../../lib/analysis/negative.js';
import { buildCorpus, type Classifier, type Corpus, type CorpusText } from '../../scripts/crisis/corpus.js';
import { attribute } from '../../scripts/crisis/evaluate.js';
import { generateStream, ORACLE_AUTHOR_WINDOW, type CrisisStream } from '../../scripts/crisis/generate.js';
import { calibrateLevel, ORACLE_LONGEST_WINDOW, poissonScan, scanIncidents } from '../../scripts/crisis/oracle.js';
import { DAY, DECOY_KINDS, HOUR, makeSpec, type SpecOptions } from '../../scripts/crisis/scenario.js';

// A tiny corpus (no /work/shared): three texts per language and class.
const TEXTS: CorpusText[] = [];
for (const lang of ['en', 'ar', 'he'] as const)
  for (const label of CLASSES) for (let k = 0; k < 3; k++) TEXTS.push({ text: `${lang} ${label} text ${k}`, lang, label });
const CORPUS: Corpus = buildCorpus(TEXTS);
/** Reads every text right, except that the first neutral text of each language reads as negative. */
const CLASSIFY: Classifier = (id) => (TEXTS[id].label === 'neutral' && TEXTS[id].text.endsWith(' 0') ? 'negative' : TEXTS[id].label);

const BUCKET = 5 * 60_000;
const OPTS: SpecOptions = { seed: 7, index: 0, days: 9, bucketMs: BUCKET, warmupDays: 1, waves: 3, decoys: DECOY_KINDS };
const RULES = { bucketMs: BUCKET, resolveAfterMs: 30 * 60_000, cooldownMs: HOUR };

const stream = generateStream(makeSpec(OPTS), CORPUS, CLASSIFY);
const bucketOf = (s: CrisisStream, t: number) => Math.round((t - s.spec.start) / s.bucketMs);
const rows = (s: CrisisStream, pred: (r: number) => boolean) => [...Array(s.mentions.length).keys()].filter(pred);

describe('crisis scenario', () => {
  it('is fixed by its seed', () => {
    expect(makeSpec(OPTS)).toEqual(makeSpec(OPTS));
    expect(makeSpec({ ...OPTS, seed: 8 })).not.toEqual(makeSpec(OPTS));
  });

  it('places every wave kind once and each decoy, apart, after the warm-up', () => {
    const { events, start } = stream.spec;
    expect(events.filter((e) => e.wave).map((e) => e.kind).sort()).toEqual(['slow', 'spread', 'sudden']);
    expect(events.filter((e) => !e.wave).map((e) => e.kind).sort()).toEqual([...DECOY_KINDS].sort());
    expect(events[0].onset).toBeGreaterThanOrEqual(start + DAY);
    for (let k = 1; k < events.length; k++) expect(events[k].onset - events[k - 1].end).toBeGreaterThanOrEqual(8 * HOUR);
    expect(events[events.length - 1].end).toBeLessThanOrEqual(start + 9 * DAY);
  });

  it('refuses more events than the days can hold', () => {
    expect(() => makeSpec({ ...OPTS, days: 3, waves: 4 })).toThrow(/do not fit/);
  });

  it('a control stream has the decoys and no wave', () => {
    const spec = makeSpec({ ...OPTS, waves: 0 });
    expect(spec.events.some((e) => e.wave)).toBe(false);
    expect(spec.events).toHaveLength(DECOY_KINDS.length);
  });
});

describe('crisis stream', () => {
  it('is deterministic: the same spec gives the same posts and buckets', () => {
    const again = generateStream(makeSpec(OPTS), CORPUS, CLASSIFY);
    expect(again.points).toEqual(stream.points);
    expect(again.mentions.text).toEqual(stream.mentions.text);
    expect(again.mentions.author).toEqual(stream.mentions.author);
  });

  it('counts buckets like the rollup: by arrival, negatives by classifier or low rating', () => {
    const m = stream.mentions;
    expect(stream.points).toHaveLength((9 * DAY) / BUCKET);
    let misread = 0;
    stream.points.forEach((p, i) => {
      const here = rows(stream, (r) => m.arrival[r] === i);
      const neg = here.filter((r) => m.negative[r] === 1);
      expect(p.total).toBe(here.length);
      expect(p.negative).toBe(neg.length);
      expect(p.negativeAuthors).toBe(new Set(neg.map((r) => m.author[r])).size);
      expect(p.negativePlatforms).toBe(new Set(neg.map((r) => m.platform[r])).size);
      expect(p.lowRatings).toBe(neg.filter((r) => isLowRating(m.rating[r] || undefined)).length);
      expect(p.negativeReach).toBe(neg.reduce((a, r) => a + m.reach[r], 0));
      for (const r of here) {
        const predicted = CLASSES[m.predicted[r]];
        expect(m.negative[r]).toBe(predicted === 'negative' || isLowRating(m.rating[r] || undefined) ? 1 : 0);
        if (CLASSES[m.truth[r]] === 'neutral' && predicted === 'negative') misread++;
      }
    });
    // The classifier's errors reach the detector: neutral posts read as negative are counted.
    expect(misread).toBeGreaterThan(0);
  });

  it('labels wave posts: truly negative or neutral, inside the wave, from many new authors', () => {
    const m = stream.mentions;
    for (const e of stream.events.filter((x) => x.wave)) {
      const mine = rows(stream, (r) => m.origin[r] === e.index);
      const from = bucketOf(stream, e.onset);
      const to = bucketOf(stream, e.end);
      for (const r of mine) {
        expect(m.created[r]).toBeGreaterThanOrEqual(from);
        expect(m.created[r]).toBeLessThan(to);
        expect(['negative', 'neutral']).toContain(CLASSES[m.truth[r]]);
      }
      const negatives = mine.filter((r) => CLASSES[m.truth[r]] === 'negative').length;
      const expected = e.extra * e.mix.negative;
      expect(expected).toBeGreaterThanOrEqual(35);
      expect(Math.abs(negatives - expected)).toBeLessThan(5 * Math.sqrt(expected));
      expect(new Set(mine.map((r) => m.author[r])).size).toBe(mine.length);
      // Doubling: after onset, within the wave, where cumulative extra negatives reach the baseline's.
      expect(e.doublingAt).not.toBeNull();
      const d = bucketOf(stream, e.doublingAt as number);
      expect(d).toBeGreaterThan(from);
      expect(d).toBeLessThanOrEqual(to);
    }
  });

  it('marks decoys: a launch adds no true negatives, a news day only neutral posts, an angry account is one author', () => {
    const m = stream.mentions;
    const of = (kind: string) => stream.events.find((e) => e.kind === kind) as CrisisStream['events'][number];
    const classes = (kind: string) => new Set(rows(stream, (r) => m.origin[r] === of(kind).index).map((r) => CLASSES[m.truth[r]]));
    expect(classes('launch').has('negative')).toBe(false);
    expect(classes('launch').has('positive')).toBe(true);
    expect([...classes('news')]).toEqual(['neutral']);
    const angry = rows(stream, (r) => m.origin[r] === of('angry').index);
    expect(angry.length).toBeGreaterThanOrEqual(10);
    expect(new Set(angry.map((r) => m.author[r])).size).toBe(1);
    expect(new Set(angry.map((r) => m.platform[r])).size).toBe(1);
    // The launch quadruples the volume over its hours, the news day triples it.
    for (const [kind, factor] of [
      ['launch', 4],
      ['news', 3],
    ] as const) {
      const e = of(kind);
      const inside = stream.points.slice(bucketOf(stream, e.onset), bucketOf(stream, e.end)).reduce((a, p) => a + p.total, 0);
      const extra = rows(stream, (r) => m.origin[r] === e.index).length;
      expect(inside / (inside - extra)).toBeGreaterThan(factor * 0.75);
      expect(inside / (inside - extra)).toBeLessThan(factor * 1.25);
    }
  });

  it('an outage is missing buckets with nothing in them, then its whole backlog at once', () => {
    const e = stream.events.find((x) => x.kind === 'outage') as CrisisStream['events'][number];
    const from = bucketOf(stream, e.onset);
    const to = bucketOf(stream, e.end);
    expect(e.backlogAt).toBe(e.end);
    stream.points.forEach((p, i) => {
      expect(p.missing === true).toBe(i >= from && i < to);
      if (p.missing) expect(p.total).toBe(0);
    });
    const m = stream.mentions;
    const createdDuring = rows(stream, (r) => m.created[r] >= from && m.created[r] < to).length;
    const ownPosts = rows(stream, (r) => m.created[r] === to).length;
    expect(createdDuring).toBeGreaterThan(0);
    expect(stream.points[to].total).toBe(createdDuring + ownPosts);
  });

  it('the oracle counts an author once per 6 hours: the angry account is one voice', () => {
    const e = stream.events.find((x) => x.kind === 'angry') as CrisisStream['events'][number];
    const from = bucketOf(stream, e.onset);
    const to = bucketOf(stream, e.end);
    const m = stream.mentions;
    const everyday = (i: number) => rows(stream, (r) => m.created[r] === i && m.origin[r] === -1 && CLASSES[m.truth[r]] === 'negative').length;
    let angryCounted = 0;
    for (let i = from; i < to; i++) angryCounted += stream.oracleCounts[i] - everyday(i);
    expect(ORACLE_AUTHOR_WINDOW).toBe(6 * HOUR);
    expect(angryCounted).toBeLessThanOrEqual(1);
  });
});

describe('oracle on a generated stream', () => {
  it('catches every obvious wave and alerts on no decoy, at a level calibrated on wave-free streams', () => {
    const controls = [1, 2, 3].map((k) => generateStream(makeSpec({ ...OPTS, seed: 100 + k, index: k, waves: 0 }), CORPUS, CLASSIFY));
    const scan = (s: CrisisStream) => poissonScan(s.oracleCounts, s.oracleExpected, ORACLE_LONGEST_WINDOW / BUCKET);
    const series = controls.map((s) => ({ start: s.spec.start, from: s.spec.start + DAY, scores: scan(s), weeks: 1 }));
    const level = calibrateLevel(series, 0.5, RULES);
    const opened = scanIncidents(stream.spec.start, scan(stream), level, RULES);
    const out = attribute({ id: 'x', size: 'small', start: stream.spec.start, days: 9, warmupDays: 1, events: stream.events }, opened, RULES);
    expect(out.waves.map((w) => w.caughtAt !== null)).toEqual([true, true, true]);
    expect(out.decoys.every((d) => d.alerts === 0)).toBe(true);
  });
});
