// The digest workflow's input and result: ids and counts only (the digest itself travels
// between its two activities, the charts are rendered where they are sent).
export interface DigestInput {
  brand: string;
  /** End of the period, epoch ms (default: the start time, to the minute: the Schedule's tick). */
  end?: number;
}

export interface DigestResult {
  digestId: string;
  /** Route ids that got the digest, and those that gave up on it. */
  sent: string[];
  failed: string[];
  /** The brand has no digest configured (a Schedule left from an older config). */
  skipped?: boolean;
}
