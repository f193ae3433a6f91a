// What a provider's search should ask for to find a query's mentions: terms such that every
// matching mention contains one of them. An OR needs each side's; an AND or NEAR only one side's,
// since a match contains every side: the first that has terms (write the brand's names first:
// "(nimbus OR nimbusair) AND (delay* OR late)" searches the names, not every late post); NOT
// and filters give none. A wildcard is searched as its stem. The query is applied to what comes back.
import type { QueryNode } from './ast.js';

/** The terms, or [] when the query names no word outside NOT (it would match everything). */
export function searchTerms(node: QueryNode): string[] {
  return [...new Set(needed(node) ?? [])];
}

function needed(n: QueryNode): string[] | null {
  switch (n.type) {
    case 'term':
    case 'prefix':
      return [n.text];
    case 'or': {
      const sides = n.items.map(needed);
      return sides.some((s) => s === null) ? null : sides.flat() as string[];
    }
    case 'and':
    case 'near': {
      const sides = (n.type === 'and' ? n.items : [n.left, n.right]).map(needed).filter((s): s is string[] => s !== null);
      return sides[0] ?? null;
    }
    default:
      return null;
  }
}
