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
}

export interface DetectorOptions {
  bucketMs: number;
  threshold: number;
  sensitivity: number;
  minNegative: number;
}
