// The detector's contract: pure, causal functions over bucketed series from the rollup.
// The score at bucket t uses only buckets <= t.

export interface BucketPoint {
  /** Bucket start, epoch milliseconds (UTC). */
  t: number;
  total: number;
  negative: number;
  /** Unique authors of negative mentions. */
  negativeAuthors: number;
  /** Followers plus engagement behind negative mentions. */
  negativeReach: number;
  /** Platforms carrying negative mentions in the bucket. */
  negativePlatforms: number;
  /** 1- and 2-star reviews (also counted in `negative` by the rollup). */
  lowRatings: number;
  /** True when a source was down in this bucket: not a drop, not a spike. */
  missing?: boolean;
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
  /** Robust z-score of the bucket (after sensitivity, author, share, reach and platform adjustments). */
  z?: number;
  /** CUSUM of sustained small rises (in z units). */
  cusum?: number;
  /** True when the bucket was missing or judged an outage/backlog artefact (not scored). */
  skipped?: boolean;
}

export interface DetectorOptions {
  /** Bucket width in ms; 0 infers it from the data (the smallest step between points seen so far). */
  bucketMs: number;
  threshold: number;
  sensitivity: number;
  minNegative: number;
  /** Alert level of a single bucket's robust z-score (default 5.2). */
  zAlert?: number;
  /** Alert level of two consecutive buckets' smaller z-score (default 3.05). */
  zPair?: number;
  /** CUSUM reference value k in z units (default 0.87) and alert level h (default 6.1). */
  cusumK?: number;
  cusumAlert?: number;
  /** Use share, authors, reach and platforms besides negative volume (default true). */
  multiChannel?: boolean;
}
