// Every connector reads a provider page item by item: an item that does not match its schema
// becomes a reject naming where it is (`reviews[3] of business unit X page 2`), its id when the
// raw item has one, and what is wrong, and never sinks the rest of the page.
import type { z } from 'zod';
import { describeIssues } from '../config/zod-issues.js';
import type { Reject } from './types.js';

export interface ItemPlace {
  /** Where the item sits in the response: `hits[3] of page 2 for "acme"`. */
  at: string;
  /** The raw item's id, shown after `at` when it is a string. */
  id?: unknown;
  /** Words before the id, e.g. `id ` for `(id 123)`. */
  idLabel?: string;
  /** Words after the id: `of the search for "acme"`. */
  then?: string;
}

/** `at (id) then`: where an item is, for reject reasons. */
export function placeOf({ at, id, idLabel = '', then }: ItemPlace): string {
  return `${at}${typeof id === 'string' ? ` (${idLabel}${id})` : ''}${then ? ` ${then}` : ''}`;
}

/** A reject for `raw` at `place`, with what is wrong. */
export function rejectItem(raw: unknown, place: ItemPlace, problem: string): Reject {
  return { raw: JSON.stringify(raw), reason: `${placeOf(place)}: ${problem}` };
}

/** The item parsed by `schema`, or undefined after pushing its reject to `rejects`. */
export function parseItem<S extends z.ZodType>(schema: S, raw: unknown, place: ItemPlace, rejects: Reject[]): z.output<S> | undefined {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  rejects.push(rejectItem(raw, place, describeIssues(r.error)));
  return undefined;
}

/** A field of a raw (unvalidated) item, e.g. its id for a reject reason. */
export function rawField(raw: unknown, key: string): unknown {
  return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
}

/** A provider's timestamp (already checked to parse) in the UTC ISO-8601 form mentions and cursor marks carry ("+0000" offsets and the like normalised). */
export const utcIso = (s: string) => new Date(Date.parse(s)).toISOString();
