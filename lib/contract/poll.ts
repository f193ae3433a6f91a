// The poll workflow's input and result.
export interface PollSourceInput {
  sourceId: string;
}

export interface PollResult {
  sourceId: string;
  pages: number;
  fetched: number;
  stored: number;
  duplicates: number;
  unmatched: number;
  rejected: number;
  /** The provider had more right now than max_pages allowed. */
  more: boolean;
}
