// The detect workflow's result: counts only (the detector's state stays in ClickHouse).
export interface DetectResult {
  /** Brands with new buckets scored this tick. */
  brands: number;
  anomalous: number;
  /** Brands whose incident workflow was signalled. */
  signalled: number;
  /** Brands whose tick failed after its retries (the next tick resumes from their cursor). */
  failed?: number;
  /** Reply queue items the sweep found answered (a reply another process stored meanwhile). */
  answered?: number;
}
