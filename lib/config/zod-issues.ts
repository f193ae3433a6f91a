// How a zod issue reads in our messages, everywhere (config, source options, provider items):
// `brands[0].queries: Too small...`, paths with indices in brackets, one issue per entry.
import type { z } from 'zod';

/** `['sources', 0, 'every']` -> `sources[0].every`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

export interface IssueFormat {
  /** What an issue about the whole value is called (`(top level)`, `(source)`, `(item)`). */
  whole?: string;
}

/** One `path: message` line per issue. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], { whole = '(item)' }: IssueFormat = {}): string[] {
  return issues.map((i) => {
    const head = `${issuePath(i.path) || whole}: `;
    // A message's further lines (a query's caret line) stay lined up under its first.
    return `${head}${i.message.replaceAll('\n', `\n${' '.repeat(head.length)}`)}`;
  });
}

/** All of an error's issues on one line, `; ` between them (reject reasons, error messages). */
export function describeIssues(error: z.ZodError, format?: IssueFormat): string {
  return formatIssues(error.issues, format).join('; ');
}
