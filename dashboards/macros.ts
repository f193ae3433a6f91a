// Expands panel SQL the way Grafana and the ClickHouse plugin do, for a fixed time range and
// fixed variable values, so tests (and ad-hoc checks) can run dashboard queries on a real engine.
// Order matches the plugin: `$__conditionalAll` (plugin frontend, before any value is pasted in),
// then template variables (Grafana), then the time macros (plugin backend, after). Each step
// follows its source: the plugin's `applyConditionalAll` (src/data/CHDatasource.ts), Grafana's
// variable formats (@grafana/scenes formatRegistry), the plugin's macro table
// (docs/sources/query-editor.md). Strict on purpose: an unknown macro, variable or format, or a
// variable set to All used outside `$__conditionalAll`, throws instead of producing odd SQL.

/** A variable's current value; `'$__all'` (or `['$__all']`) is the All option, as in Grafana. */
export type VariableValue = string | string[];

export interface MacroContext {
  from: Date;
  to: Date;
  /** The interval Grafana derived for the panel (time range / width, floored by Min interval). */
  intervalSeconds: number;
  variables: Record<string, VariableValue>;
}

const ALL = '$__all';

/** Grafana's test for the All option (scenes `isAllValue`): the value, or the first of several. */
function isAll(v: VariableValue): boolean {
  return Array.isArray(v) ? v[0] === ALL : v === ALL;
}

/**
 * Arguments of the macro call whose opening parenthesis is at `open`, split on top-level commas
 * (kept verbatim, spaces included), and the index just past the closing parenthesis.
 */
export function macroArgs(text: string, open: number): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) {
        args.push(text.slice(start, i));
        return { args, end: i + 1 };
      }
    } else if (c === ',' && depth === 1) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  throw new Error(`unclosed macro call at ${open}: ${text.slice(open - 20, open + 40)}`);
}

/**
 * The plugin's `getMacroArgs`: splits on commas at depth 1 and counts every parenthesis, quoted
 * or not (the condition is ours, written before any value is pasted in). `[]` when unbalanced.
 */
function pluginMacroArgs(text: string, open: number): string[] {
  const args: string[] = [];
  const re = /\(|\)|,/g;
  const rest = text.slice(open);
  let depth = 0;
  let start = 1;
  for (let m = re.exec(rest); m !== null; m = re.exec(rest)) {
    if (m[0] === '(') depth++;
    else if (m[0] === ')') depth--;
    if (m[0] === ',' && depth === 1) {
      args.push(rest.slice(start, re.lastIndex - 1));
      start = re.lastIndex;
    }
    if (depth === 0) {
      args.push(rest.slice(start, re.lastIndex - 1));
      return args;
    }
  }
  return [];
}

/**
 * `$__conditionalAll(condition, $var)`: `1=1` when `$var`'s value (as a string) is empty or
 * `$__all`, else the condition, exactly as the plugin's `applyConditionalAll`: innermost-last
 * order, and the call replaced with `String.replace`, so `$'`, `$&`... in a condition would be
 * replacement patterns there as here. Where the plugin silently gives up (not 2 arguments, an
 * unknown variable) this throws.
 */
export function applyConditionalAll(sql: string, variables: Record<string, VariableValue>): string {
  const macro = '$__conditionalAll(';
  for (let at = sql.lastIndexOf(macro); at !== -1; at = sql.lastIndexOf(macro)) {
    const params = pluginMacroArgs(sql, at + macro.length - 1);
    if (params.length !== 2) throw new Error(`$__conditionalAll needs 2 arguments (the plugin would leave it unexpanded): ${sql.slice(at, at + 80)}`);
    const [condition, variable] = params as [string, string];
    const name = /(?<=\$\{)\w+(?=\})|(?<=\$)\w+/.exec(variable.trim())?.[0];
    const value = name === undefined ? undefined : variables[name];
    if (value === undefined) throw new Error(`$__conditionalAll refers to unknown variable "${variable.trim()}"`);
    const text = value.toString();
    sql = sql.replace(`${macro}${condition},${variable})`, text === '' || text === ALL ? '1=1' : condition);
  }
  return sql;
}

/** Grafana's `encodeURIComponentStrict`: encodeURIComponent, then `!'()*` too. */
function encodeURIComponentStrict(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Grafana's `sqlstring`: `'` doubled, `"` backslash-escaped, `\` left alone (unsafe for ClickHouse). */
function sqlString(s: string): string {
  return `'${s.replace(/'|"/g, (c) => (c === "'" ? "''" : '\\"'))}'`;
}

/** The variable formats the dashboards use, as @grafana/scenes' formatRegistry writes them. */
function formatValue(value: VariableValue, format: string | undefined, name: string): string {
  switch (format) {
    case 'percentencode':
      // Several values are joined first and encoded as one string: `{a,b}` -> %7Ba%2Cb%7D.
      return encodeURIComponentStrict(Array.isArray(value) ? `{${value.join(',')}}` : value);
    case 'sqlstring':
      return (Array.isArray(value) ? value : [value]).map(sqlString).join(',');
    default:
      throw new Error(`variable format "${format ?? '(none)'}" of $${name} is not supported by the expander`);
  }
}

// Grafana's variable syntax: $name, [[name]] / [[name:format]], ${name} / ${name:format}.
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

/** Replaces template variables; `$__...` names (macros and globals) are left for the backend. */
export function interpolateVariables(sql: string, variables: Record<string, VariableValue>): string {
  return sql.replace(VARIABLE, (match, plain?: string, bracket?: string, bracketFormat?: string, braced?: string, _path?: string, bracedFormat?: string) => {
    const name = plain ?? bracket ?? braced!;
    if (name.startsWith('__')) return match;
    const value = variables[name];
    if (value === undefined) throw new Error(`unknown variable ${match}`);
    if (isAll(value)) throw new Error(`${match} is set to All outside $__conditionalAll: the query would need every value`);
    return formatValue(value, bracketFormat ?? bracedFormat, name);
  });
}

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);
const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** Replaces the plugin's backend macros. */
export function expandTimeMacros(sql: string, ctx: Pick<MacroContext, 'from' | 'to' | 'intervalSeconds'>): string {
  const from = seconds(ctx.from);
  const to = seconds(ctx.to);
  const fromMs = ctx.from.getTime();
  const toMs = ctx.to.getTime();
  const interval = Math.max(1, Math.round(ctx.intervalSeconds));
  const withArgs: Record<string, (args: string[]) => string> = {
    timeFilter: ([c]) => `${c} >= toDateTime(${from}) AND ${c} <= toDateTime(${to})`,
    timeFilter_ms: ([c]) => `${c} >= fromUnixTimestamp64Milli(${fromMs}) AND ${c} <= fromUnixTimestamp64Milli(${toMs})`,
    dateFilter: ([c]) => `${c} >= toDate('${isoDate(ctx.from)}') AND ${c} <= toDate('${isoDate(ctx.to)}')`,
    timeFrom: ([c]) => `${c} >= toDateTime(${from})`,
    timeTo: ([c]) => `${c} <= toDateTime(${to})`,
    timeInterval: ([c]) => `toStartOfInterval(toDateTime(${c}), INTERVAL ${interval} second)`,
    timeInterval_ms: ([c]) => `toStartOfInterval(toDateTime64(${c}, 3), INTERVAL ${interval * 1000} millisecond)`,
  };
  const plain: Record<string, string> = {
    fromTime_ms: `fromUnixTimestamp64Milli(${fromMs})`,
    toTime_ms: `fromUnixTimestamp64Milli(${toMs})`,
    fromTime: `toDateTime(${from})`,
    toTime: `toDateTime(${to})`,
    interval_s: String(interval),
  };
  const macro = /\$__(\w+)/g;
  let out = '';
  let last = 0;
  for (let m = macro.exec(sql); m !== null; m = macro.exec(sql)) {
    const name = m[1]!;
    const open = m.index + m[0].length;
    if (name in withArgs && sql[open] === '(') {
      const { args, end } = macroArgs(sql, open);
      out += sql.slice(last, m.index) + withArgs[name]!(args.map((a) => a.trim()));
      last = end;
      macro.lastIndex = end;
    } else if (name in plain) {
      out += sql.slice(last, m.index) + plain[name];
      last = open;
    } else {
      throw new Error(`macro $__${name} is not supported by the expander`);
    }
  }
  return out + sql.slice(last);
}

/** Full expansion of one panel or variable query. */
export function expandQuery(sql: string, ctx: MacroContext): string {
  return expandTimeMacros(interpolateVariables(applyConditionalAll(sql, ctx.variables), ctx.variables), ctx);
}
