// Dashboard variables, and how their values reach panel SQL without being able to change it.
//
// Grafana pastes a variable's value into the query text; ClickHouse parses the result. No Grafana
// quoting format fits ClickHouse string literals: `sqlstring` doubles `'` but leaves `\`, and
// ClickHouse reads `\'` as an escaped quote, so a value like `x\') OR 1=1 --` ends the literal and
// the rest runs as SQL (`singlequote` and `doublequote` leave `\` alone as well). Values come from
// ingested data (platforms, languages) and from URLs, so they are hostile by assumption.
//
// So values travel percent-encoded: `${var:percentencode}` yields only `A-Z a-z 0-9 - _ . ~ %`,
// which can neither end a ClickHouse literal nor start a comment or a plugin macro, and SQL
// decodes it with `decodeURLComponent`. A multi-value selection arrives as one encoded string
// `{v1,v2}` (Grafana joins before encoding), where a comma inside a value would read as a
// separator; multi-value variables therefore offer values that ClickHouse has URL-encoded itself
// (`encodeURLComponent`: no raw `,` `{` `}`), shown by their plain text, and each piece is decoded
// once more after splitting. Plain ids (`reddit`, `en`, `slack-ops`) encode to themselves, so
// URLs still read `var-platform=reddit`. Single-value variables keep raw values (incident links
// pass `var-brand=<brand>`): one value needs no splitting.
import { VariableFormatID } from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE } from './clickhouse.js';

/** The value of single-value variable `name`, as a ClickHouse String expression. */
export function variableValue(name: string): string {
  return `decodeURLComponent('\${${name}:${VariableFormatID.PercentEncode}}')`;
}

/** The values selected in multi-value variable `name`, as a ClickHouse Array(String) expression. */
export function variableValues(name: string): string {
  return `arrayMap(v -> decodeURLComponent(v), splitByChar(',', trim(BOTH '{}' FROM ${variableValue(name)})))`;
}

/** `<column> = <value of the single-value variable>`. */
export function eqVariable(column: string, variable: string): string {
  return `${column} = ${variableValue(variable)}`;
}

/**
 * `<column>` is one of the values selected in a multi-value variable. Wrapped in the plugin's
 * `$__conditionalAll(condition, $var)`: the filter becomes `1=1` when the variable is on All, so
 * the query needs no list of every value. (`has` rather than `IN`: ClickHouse uses the primary
 * key for `has(constant array, column)`.)
 */
export function inVariable(column: string, variable: string): string {
  return `$__conditionalAll(has(${variableValues(variable)}, ${column}), $${variable})`;
}

export interface VariableSpec {
  name: string;
  label: string;
  description: string;
  /** The variable offers the distinct values of `column` in `table`, filtered by `where`. */
  column: string;
  table: string;
  where?: string;
}

function queryVariable(spec: VariableSpec, select: string): dashboard.QueryVariableBuilder {
  const lines = [select, `FROM ${spec.table}`, ...(spec.where === undefined ? [] : [`WHERE ${spec.where}`]), `ORDER BY ${spec.column}`];
  return new dashboard.QueryVariableBuilder(spec.name)
    .label(spec.label)
    .description(spec.description)
    .datasource(DATASOURCE)
    .query(lines.join('\n'))
    .refresh(dashboard.VariableRefresh.OnDashboardLoad)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
}

/** One value at a time, no All; panels compare with `eqVariable`. */
export function singleValueVariable(spec: VariableSpec): dashboard.QueryVariableBuilder {
  return queryVariable(spec, `SELECT DISTINCT ${spec.column}`).current({ selected: false, text: '', value: '' });
}

/**
 * Several values or All; panels filter with `inVariable`. The plugin reads a two-column result
 * as (value, text): the value is URL-encoded (see the top of this file), the text is the plain one.
 */
export function multiValueVariable(spec: VariableSpec): dashboard.QueryVariableBuilder {
  return queryVariable(spec, `SELECT DISTINCT encodeURLComponent(${spec.column}) AS value, ${spec.column} AS text`)
    .multi(true)
    .includeAll(true)
    .current({ selected: true, text: ['All'], value: ['$__all'] });
}
