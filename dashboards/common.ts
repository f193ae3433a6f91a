// Small typed builders for Grafana dashboard JSON (schema v39+) and the ClickHouse data source.
// Every panel and variable points at the provisioned data source by its fixed uid, never by name.
// Builders are pure: the same input always yields the same JSON, so the committed files can be
// compared byte for byte with a fresh build (`--check`).

/** The provisioned data source (dashboards/provisioning/datasources/clickhouse.yml). */
export const DATASOURCE = { type: 'grafana-clickhouse-datasource', uid: 'clickhouse' } as const;

/** Plugin version the dashboards are written against (also pinned in docker-compose.yml). */
export const CLICKHOUSE_PLUGIN_VERSION = '4.10.1';

export const SCHEMA_VERSION = 39;

// ---------------------------------------------------------------------------------------------
// Queries

/**
 * How the plugin shapes a result: `timeseries` needs a `time` column first (long results with a
 * string label column are pivoted to one series per label); `table` is everything else.
 * The plugin's wire format is numeric (sqlds: 0 = time series, 1 = table).
 */
export type QueryKind = 'timeseries' | 'table';

export interface ClickHouseTarget {
  refId: string;
  datasource: typeof DATASOURCE;
  editorType: 'sql';
  queryType: QueryKind;
  format: 0 | 1;
  rawSql: string;
}

export function sqlTarget(rawSql: string, kind: QueryKind, refId = 'A'): ClickHouseTarget {
  return { refId, datasource: DATASOURCE, editorType: 'sql', queryType: kind, format: kind === 'timeseries' ? 0 : 1, rawSql };
}

/** Trims the common indentation, trailing spaces and blank edges of a block of SQL. */
export function dedent(text: string): string {
  const lines = text.replace(/^\s*\n|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent).trimEnd()).join('\n');
}

/**
 * Tagged template for panel SQL: dedents the block, and a multi-line value (a WHERE clause)
 * keeps the indentation of the line it is placed on. Grafana's own `${var}` syntax never appears
 * in these templates; the helpers below write it.
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

/**
 * `$__conditionalAll(<column> IN (${var:sqlstring}), $var)`: the filter disappears (`1=1`) when the
 * variable is set to All, so the query needs no list of every value.
 */
export function inVariable(column: string, variable: string): string {
  return `$__conditionalAll(${column} IN (\${${variable}:sqlstring}), $${variable})`;
}

/** `<column> = '<value>'` for a single-value variable, quoted and escaped by Grafana. */
export function eqVariable(column: string, variable: string): string {
  return `${column} = \${${variable}:sqlstring}`;
}

// ---------------------------------------------------------------------------------------------
// Panels

export interface GridPos {
  h: number;
  w: number;
  x: number;
  y: number;
}

export type PanelType = 'timeseries' | 'stat' | 'table' | 'piechart' | 'barchart' | 'bargauge';

export interface FieldOverride {
  matcher: { id: 'byName' | 'byRegexp'; options: string };
  properties: Array<{ id: string; value: unknown }>;
}

export interface FieldConfig {
  defaults: Record<string, unknown>;
  overrides: FieldOverride[];
}

export interface Panel {
  id: number;
  type: PanelType;
  title: string;
  description: string;
  gridPos: GridPos;
  datasource: typeof DATASOURCE;
  /** Minimum query interval (bounds `$__timeInterval`): the rollup is per minute. */
  interval?: string;
  targets: ClickHouseTarget[];
  fieldConfig: FieldConfig;
  options: Record<string, unknown>;
}

export interface RowPanel {
  id: number;
  type: 'row';
  title: string;
  collapsed: false;
  gridPos: GridPos;
  panels: [];
}

export type DashboardPanel = Panel | RowPanel;

/** What a section file declares; ids and positions are assigned by `layout`. */
export interface PanelSpec {
  type: PanelType;
  title: string;
  description: string;
  sql: string;
  kind: QueryKind;
  /** Width in grid columns (24 = full width) and height in grid rows. */
  w: number;
  h: number;
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  interval?: string;
  /** Extra `fieldConfig.defaults` entries (thresholds, mappings, custom...). */
  defaults?: Record<string, unknown>;
  overrides?: FieldOverride[];
  options?: Record<string, unknown>;
}

export interface RowSpec {
  row: string;
}

const legend = { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] as string[] };
const tooltip = { mode: 'multi', sort: 'desc' };

/** Panel-type defaults: what every panel of a type looks like unless the spec says otherwise. */
function defaultsFor(type: PanelType): { defaults: Record<string, unknown>; options: Record<string, unknown> } {
  switch (type) {
    case 'timeseries':
      return {
        defaults: {
          custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: false, stacking: { mode: 'none', group: 'A' } },
        },
        options: { legend, tooltip },
      };
    case 'stat':
      return {
        defaults: { color: { mode: 'thresholds' } },
        options: {
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
          colorMode: 'value',
          graphMode: 'none',
          justifyMode: 'auto',
          textMode: 'auto',
          orientation: 'auto',
        },
      };
    case 'table':
      return {
        defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' }, filterable: true } },
        options: { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' } },
      };
    case 'piechart':
      return {
        defaults: {},
        options: {
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: true },
          pieType: 'donut',
          displayLabels: ['percent'],
          legend: { displayMode: 'table', placement: 'right', showLegend: true, values: ['value', 'percent'] },
          tooltip: { mode: 'single', sort: 'none' },
        },
      };
    case 'barchart':
      return {
        defaults: { custom: { fillOpacity: 80, lineWidth: 1, gradientMode: 'none' } },
        options: { orientation: 'horizontal', showValue: 'auto', stacking: 'normal', groupWidth: 0.7, barWidth: 0.9, legend, tooltip: { mode: 'multi', sort: 'none' } },
      };
    case 'bargauge':
      return {
        defaults: {},
        options: {
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: true },
          orientation: 'horizontal',
          displayMode: 'gradient',
          showUnfilled: true,
          valueMode: 'color',
        },
      };
  }
}

const defaultThresholds = { mode: 'absolute', steps: [{ color: 'green', value: null }] };

export function buildPanel(spec: PanelSpec, id: number, gridPos: GridPos): Panel {
  const base = defaultsFor(spec.type);
  const defaults: Record<string, unknown> = { ...base.defaults, thresholds: defaultThresholds };
  if (spec.unit !== undefined) defaults.unit = spec.unit;
  if (spec.decimals !== undefined) defaults.decimals = spec.decimals;
  if (spec.min !== undefined) defaults.min = spec.min;
  if (spec.max !== undefined) defaults.max = spec.max;
  Object.assign(defaults, spec.defaults ?? {});
  const panel: Panel = {
    id,
    type: spec.type,
    title: spec.title,
    description: spec.description,
    gridPos,
    datasource: DATASOURCE,
    targets: [sqlTarget(spec.sql, spec.kind)],
    fieldConfig: { defaults, overrides: spec.overrides ?? [] },
    options: { ...base.options, ...(spec.options ?? {}) },
  };
  if (spec.interval !== undefined) panel.interval = spec.interval;
  return panel;
}

/**
 * Lays specs out left to right on the 24-column grid, wrapping when a row is full; a `RowSpec`
 * starts a new (expanded) row. Ids are assigned in order, so they are stable.
 */
export function layout(items: Array<PanelSpec | RowSpec>): DashboardPanel[] {
  const out: DashboardPanel[] = [];
  let id = 1;
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  for (const item of items) {
    if ('row' in item) {
      if (x > 0) y += lineHeight;
      out.push({ id: id++, type: 'row', title: item.row, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
      y += 1;
      x = 0;
      lineHeight = 0;
      continue;
    }
    if (item.w > 24) throw new Error(`panel "${item.title}" is wider than the grid`);
    if (x + item.w > 24) {
      y += lineHeight;
      x = 0;
      lineHeight = 0;
    }
    out.push(buildPanel(item, id++, { h: item.h, w: item.w, x, y }));
    x += item.w;
    lineHeight = Math.max(lineHeight, item.h);
  }
  return out;
}

// Panel shapes -------------------------------------------------------------------------------

/** A panel spec without the parts its shape fixes. */
export type PanelFields = Omit<PanelSpec, 'type' | 'kind'>;

/** Time series of `$__timeInterval` buckets; the minimum interval defaults to the rollup's minute. */
export function timeseriesPanel(spec: Omit<PanelFields, 'interval'> & { interval?: string }): PanelSpec {
  return { type: 'timeseries', kind: 'timeseries', interval: '1m', ...spec };
}

/** A stat panel over a one-row table result (one stat per column). */
export function statPanel(spec: PanelFields): PanelSpec {
  return { type: 'stat', kind: 'table', ...spec };
}

/** A table panel. */
export function tablePanel(spec: PanelFields): PanelSpec {
  return { type: 'table', kind: 'table', ...spec };
}

/** Names each series of a pivoted long result by its value of `column` (`${__field.labels.<column>}`). */
export function seriesName(column: string): string {
  return `\${__field.labels.${column}}`;
}

/** `fieldConfig.defaults` of a stacked bar chart, series named by `column` when given. */
export function stackedBars(column?: string): Record<string, unknown> {
  const defaults: Record<string, unknown> = {
    custom: { drawStyle: 'bars', fillOpacity: 80, lineWidth: 1, showPoints: 'never', stacking: { mode: 'normal', group: 'A' } },
  };
  if (column !== undefined) defaults.displayName = seriesName(column);
  return defaults;
}

// Field helpers ------------------------------------------------------------------------------

export function override(name: string, properties: Record<string, unknown>): FieldOverride {
  return { matcher: { id: 'byName', options: name }, properties: Object.entries(properties).map(([id, value]) => ({ id, value })) };
}

/** Fixed colours for the sentiment classes, shared by every panel that splits by class. */
export const sentimentColors: FieldOverride[] = [
  override('negative', { color: { mode: 'fixed', fixedColor: 'red' } }),
  override('neutral', { color: { mode: 'fixed', fixedColor: 'text' } }),
  override('positive', { color: { mode: 'fixed', fixedColor: 'green' } }),
];

export function thresholds(...steps: Array<[number | null, string]>): Record<string, unknown> {
  return { mode: 'absolute', steps: steps.map(([value, color]) => ({ color, value })) };
}

/** A table column holding a URL becomes a link to it. */
export function linkColumn(name: string, title = 'Open'): FieldOverride {
  return override(name, { links: [{ title, url: '${__value.raw}', targetBlank: true }], 'custom.width': 80 });
}

// ---------------------------------------------------------------------------------------------
// Variables

export interface QueryVariable {
  type: 'query';
  name: string;
  label: string;
  description: string;
  datasource: typeof DATASOURCE;
  query: string;
  definition: string;
  /** 1 = on dashboard load, 2 = on time range change. */
  refresh: 1 | 2;
  sort: 1;
  multi: boolean;
  includeAll: boolean;
  current: { selected: boolean; text: string | string[]; value: string | string[] };
  options: [];
  hide: 0;
  skipUrlSync: false;
  regex: '';
}

export interface VariableSpec {
  name: string;
  label: string;
  description: string;
  sql: string;
  /** Multi-select with an All option; queries must filter through `$__conditionalAll`. */
  multiWithAll: boolean;
}

/** A variable listing the distinct values of `column` in `table` (optionally filtered), sorted. */
export function distinctVariable(spec: Omit<VariableSpec, 'sql'> & { column: string; table: string; where?: string }): VariableSpec {
  const { column, table, where, ...rest } = spec;
  const lines = [`SELECT DISTINCT ${column}`, `FROM ${table}`, ...(where === undefined ? [] : [`WHERE ${where}`]), `ORDER BY ${column}`];
  return { ...rest, sql: lines.join('\n') };
}

export function queryVariable(spec: VariableSpec): QueryVariable {
  const query = spec.sql;
  return {
    type: 'query',
    name: spec.name,
    label: spec.label,
    description: spec.description,
    datasource: DATASOURCE,
    query,
    definition: query,
    refresh: 1,
    sort: 1,
    multi: spec.multiWithAll,
    includeAll: spec.multiWithAll,
    current: spec.multiWithAll ? { selected: true, text: ['All'], value: ['$__all'] } : { selected: false, text: '', value: '' },
    options: [],
    hide: 0,
    skipUrlSync: false,
    regex: '',
  };
}

// ---------------------------------------------------------------------------------------------
// Dashboards

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  timezone: string;
  editable: boolean;
  graphTooltip: 1;
  schemaVersion: number;
  version: 1;
  time: { from: string; to: string };
  refresh: string;
  liveNow: false;
  fiscalYearStartMonth: 0;
  weekStart: '';
  annotations: { list: unknown[] };
  links: Array<{ title: string; type: 'dashboards'; tags: string[]; asDropdown: boolean; includeVars: boolean; keepTime: boolean }>;
  templating: { list: QueryVariable[] };
  panels: DashboardPanel[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags?: string[];
  from?: string;
  refresh?: string;
  variables: VariableSpec[];
  items: Array<PanelSpec | RowSpec>;
}

/** Tag shared by every dashboard of this project; the dashboard links menu lists them all. */
export const PROJECT_TAG = 'brand-pulse';

export function dashboard(spec: DashboardSpec): Dashboard {
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [PROJECT_TAG, ...(spec.tags ?? [])],
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    time: { from: spec.from ?? 'now-24h', to: 'now' },
    refresh: spec.refresh ?? '1m',
    liveNow: false,
    fiscalYearStartMonth: 0,
    weekStart: '',
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    links: [{ title: 'Brand pulse', type: 'dashboards', tags: [PROJECT_TAG], asDropdown: true, includeVars: false, keepTime: true }],
    templating: { list: spec.variables.map(queryVariable) },
    panels: layout(spec.items),
  };
}

/** Every panel that runs a query (rows excluded). */
export function queryPanels(d: Dashboard): Panel[] {
  return d.panels.filter((p): p is Panel => p.type !== 'row');
}
