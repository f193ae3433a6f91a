// Which insert failures are about the rows themselves. Only those are worth splitting the
// batch for (to find and reject the rows); anything else (the server away, out of memory or
// disk, too many parts, a timeout) fails the whole batch so that it is retried, never rejected.
// The HTTP client gives ClickHouse's error name as `type`; the embedded engine (chdb) leaves it
// at the end of the message ("... (CANNOT_PARSE_DATETIME)"), possibly on a cause.

/** ClickHouse error names that mean "this data cannot be stored as it is". */
const REFUSED_DATA = new Set([
  'CANNOT_PARSE_TEXT',
  'CANNOT_PARSE_ESCAPE_SEQUENCE',
  'CANNOT_PARSE_QUOTED_STRING',
  'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
  'CANNOT_PARSE_DATE',
  'CANNOT_PARSE_DATETIME',
  'CANNOT_PARSE_NUMBER',
  'CANNOT_PARSE_UUID',
  'CANNOT_PARSE_BOOL',
  'CANNOT_READ_ARRAY_FROM_TEXT',
  'INCORRECT_DATA',
  'TYPE_MISMATCH',
  'CANNOT_CONVERT_TYPE',
  'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
  'ARGUMENT_OUT_OF_BOUND',
  'DECIMAL_OVERFLOW',
  'TOO_LARGE_STRING_SIZE',
  'UNICODE_ERROR',
]);

export interface Refusal {
  name: string;
  /** ClickHouse's message, first line, without the code prefix. */
  message: string;
}

/** The ClickHouse error in `e` or its causes, when it says the data was refused. */
export function refusedData(e: unknown): Refusal | undefined {
  for (let x = e, depth = 0; x instanceof Error && depth < 5; x = x.cause, depth++) {
    const type = (x as { type?: unknown }).type;
    const name = typeof type === 'string' ? type : /\(([A-Z][A-Z0-9_]+)\)\s*$/.exec(x.message)?.[1];
    if (name === undefined) continue;
    if (!REFUSED_DATA.has(name)) return undefined;
    const message = x.message
      .replace(/^Code: \d+\. DB::Exception: /, '')
      .split('\n')[0]
      .replace(/:?\s*\(at row \d+\)\s*$/, '')
      .trim();
    return { name, message };
  }
  return undefined;
}
