// Panel SQL as text: a tagged template that keeps the queries readable in the generated JSON.
// Grafana's own `${var}` syntax never appears in these templates; dashboards/variables.ts writes it.

/** Trims the common indentation, trailing spaces and blank edges of a block of SQL. */
export function dedent(text: string): string {
  const lines = text.replace(/^\s*\n|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent).trimEnd()).join('\n');
}

/**
 * Tagged template for panel SQL: dedents the block, and a multi-line value (a WHERE clause)
 * keeps the indentation of the line it is placed on.
 */
export function sql(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const indent = out.slice(out.lastIndexOf('\n') + 1).match(/^ */)![0];
    out += String(value).split('\n').join(`\n${indent}`) + (strings[i + 1] ?? '');
  });
  return dedent(out);
}

/** `cond1\nAND cond2 ...` for a WHERE clause (each condition on its own line). */
export function and(...conditions: string[]): string {
  return conditions.join('\n  AND ');
}
