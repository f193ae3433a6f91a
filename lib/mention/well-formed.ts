// Strings as storage accepts them: a lone UTF-16 surrogate (valid JSON "\ud800", e.g. half an
// emoji cut off by a provider) makes ClickHouse refuse the whole insert, so it becomes U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormedString(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

export function isWellFormed(s: string): boolean {
  LONE_SURROGATE.lastIndex = 0; // a global regex remembers where it stopped
  return !LONE_SURROGATE.test(s);
}

/** The value with every string in it (object keys included) well-formed; other values as they are. */
export function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return wellFormedString(value);
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormedString(k), wellFormed(v)]));
  }
  return value;
}
