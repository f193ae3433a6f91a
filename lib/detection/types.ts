// The detector's contract: pure, causal functions over bucketed series from the rollup.
// The score at bucket t uses only buckets <= t.

export interface BucketPoint {
  /** Bucket start, epoch milliseconds (UTC). */
  t: number;
  total: number;
  negative: number;
  /** Unique authors of negative mentions. */
  negativeAuthors: number;
  /**
   * Unique authors of negative mentions over the last 1, 2, 3, 4 and 6 hours ending with this bucket
   * (TRAILING_SPANS_MS in trailing-authors.ts; the rollup read computes them too). Optional:
   * without them only the bucket's own author count limits what one account can weigh.
   */
  negativeAuthorsTrailing?: number[];
  /** Followers plus engagement behind negative mentions. */
  negativeReach: number;
  /** Platforms carrying negative mentions in the bucket. */
  negativePlatforms: number;
  /** 1- and 2-star reviews (also counted in `negative` by the rollup). */
  lowRatings: number;
  /** True when a source was down in this bucket: not a drop, not a spike. */
  missing?: boolean;
  /** True inside an incident people marked not an incident: not scored, not learned from. */
  excluded?: boolean;
}

export type Severity = 'none' | 'low' | 'medium' | 'high' | 'critical';

export interface BucketScore {
  t: number;
  /** Anomaly score in [0, 1]. */
  score: number;
  severity: Severity;
  /** The value scored (negative mentions) and the baseline it was compared to. */
  value: number;
  baseline: number;
  /** score >= threshold and the volume floor is met. */
  anomalous: boolean;
  /** Upper edge of the normal band (about baseline + 2 sigma): "back at baseline" means value <= upper. */
  upper?: number;
  /** Signed root of the best window's likelihood ratio (about a z-score). */
  z?: number;
  /** The window that carries the evidence, when there is any. */
  window?: WindowEvidence;
  /** True when the bucket was missing or judged an outage/backlog artefact (not scored). */
  skipped?: boolean;
  /** True when part of the bucket was taken as the backlog of an earlier gap (not counted as a rise). */
  backlog?: boolean;
}

/** What one scanned window ending at the bucket saw: the explanation of an alert. */
export interface WindowEvidence {
  /** Window length, ms (it ends with the bucket). */
  ms: number;
  /** Negative posts in the window, and what the seasonal baseline expected there. */
  negative: number;
  expected: number;
  /** All posts in the window; negative share, and the usual share for these hours. */
  total: number;
  share: number;
  baselineShare: number;
  /** Log-likelihood ratio of "negative volume rose" (the smaller of the absolute and share tests). */
  llr: number;
  /** sqrt(llr / alert level): 1 is the alert level. */
  evidence: number;
}

export interface DetectorOptions {
  /** Bucket width in ms; 0 infers it from the data (the most frequent step between points so far). */
  bucketMs: number;
  /** Score at which a bucket is anomalous (0.8 is the alert level the false-alarm target sets). */
  threshold: number;
  /** Multiplies the evidence: above 1 alerts earlier, below 1 later. */
  sensitivity: number;
  /** Fewest negative posts in a window that may alert (a handful of posts is never a wave). */
  minNegative: number;
  /** Target false alarms a week on a brand where nothing is happening; sets the alert level. */
  falseAlarmsPerWeek?: number;
  /** Longest window tested (ms); the shortest is one bucket. */
  maxWindowMs?: number;
  /** Test the negative share against the total volume besides the absolute rise (default true). */
  multiChannel?: boolean;
  /** 'up' (default for brands): only rises are anomalies; 'both': falls too (`detect`'s default). */
  direction?: 'up' | 'both';
  /**
   * 'robust' (default): what looks like a wave teaches the baselines little, so a past incident
   * never becomes normal. 'adaptive': every bucket teaches them, so what a series keeps doing
   * (recurring spikes) becomes normal; for generic series in `detect`.
   */
  learning?: 'robust' | 'adaptive';
}
