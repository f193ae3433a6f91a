// Panel and dashboard defaults on the Grafana foundation SDK's builders: what every panel of a
// type looks like unless a dashboard says otherwise, plus the few helpers the SDK has no builder
// for (override properties from a record, panel ids). Every panel and variable points at the
// provisioned data source by its fixed uid, never by name. Builders are made fresh per build and
// are pure, so the committed JSON can be compared byte for byte with a fresh build (`--check`).
import * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as barchart from '@grafana/grafana-foundation-sdk/barchart';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as piechart from '@grafana/grafana-foundation-sdk/piechart';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { ClickHouseQueryBuilder, DATASOURCE, type ClickHouseQuery, type QueryKind } from './clickhouse.js';

// test/compose.test.ts checks docker-compose.yml against these.
export { CLICKHOUSE_PLUGIN_VERSION, DATASOURCE } from './clickhouse.js';

/** Tag shared by every dashboard of this project; the dashboard links menu lists them all. */
export const PROJECT_TAG = 'brand-pulse';

// ---------------------------------------------------------------------------------------------
// Field helpers

type Color = string;

export function thresholds(...steps: Array<[number | null, Color]>): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map(([value, color]) => ({ value, color })));
}

export function fixedColor(color: Color): dashboard.FieldColorBuilder {
  return new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Fixed).fixedColor(color);
}

/** Override properties from a record (`{ displayName: 'Post', 'custom.width': 80 }`); builders are built. */
export function properties(values: Record<string, unknown>): dashboard.DynamicConfigValue[] {
  return Object.entries(values).map(([id, value]) => ({ id, value: cog.isBuilder(value) ? value.build() : value }));
}

/** A table column holding a URL becomes a link to it. */
export function linkColumn(title = 'Open'): dashboard.DynamicConfigValue[] {
  return properties({ links: [{ title, url: '${__value.raw}', targetBlank: true }], 'custom.width': 80 });
}

/** A table column shown in the colour its value maps to (`{ open: 'red', ... }`). */
export function colorByValue(colors: Record<string, Color>, cell = common.TableCellDisplayMode.ColorText): dashboard.DynamicConfigValue[] {
  const options = Object.fromEntries(Object.entries(colors).map(([value, color], index) => [value, { color, index }]));
  return properties({ 'custom.cellOptions': { type: cell }, mappings: [{ type: dashboard.MappingType.ValueToText, options }] });
}

/** Names each series of a pivoted long result by its value of `column` (`${__field.labels.<column>}`). */
export function seriesName(column: string): string {
  return `\${__field.labels.${column}}`;
}

interface Overridable {
  overrideByName(name: string, properties: dashboard.DynamicConfigValue[]): this;
}

/** Fixed colours for the sentiment classes, shared by every panel that splits by class. */
export function sentimentColors<P extends Overridable>(panel: P): P {
  return panel
    .overrideByName('negative', properties({ color: fixedColor('red') }))
    .overrideByName('neutral', properties({ color: fixedColor('text') }))
    .overrideByName('positive', properties({ color: fixedColor('green') }));
}

// ---------------------------------------------------------------------------------------------
// Panels: one ClickHouse query each, on the provisioned data source

const query = (rawSql: string, kind: QueryKind) => new ClickHouseQueryBuilder(rawSql, kind);
const baseThresholds = () => thresholds([null, 'green']);
const legend = () =>
  new common.VizLegendOptionsBuilder()
    .displayMode(common.LegendDisplayMode.List)
    .placement(common.LegendPlacement.Bottom)
    .showLegend(true)
    .calcs([]);
const tooltip = (mode: common.TooltipDisplayMode, sort: common.SortOrder) => new common.VizTooltipOptionsBuilder().mode(mode).sort(sort);
const stacking = (mode: common.StackingMode) => new common.StackingConfigBuilder().mode(mode).group('A');
const reduceOptions = (values: boolean) => new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('').values(values);

/** Time series of `$__timeInterval` buckets; the minimum interval is the rollup's minute. */
export function timeseriesPanel(rawSql: string): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .datasource(DATASOURCE)
    .withTarget(query(rawSql, 'timeseries'))
    .interval('1m')
    .thresholds(baseThresholds())
    .drawStyle(common.GraphDrawStyle.Line)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .spanNulls(false)
    .stacking(stacking(common.StackingMode.None))
    .legend(legend())
    .tooltip(tooltip(common.TooltipDisplayMode.Multi, common.SortOrder.Descending));
}

/** A time series drawn as bars stacked on each other (counts per interval). */
export function stackedBarsPanel(rawSql: string): timeseries.PanelBuilder {
  return timeseriesPanel(rawSql).drawStyle(common.GraphDrawStyle.Bars).fillOpacity(80).stacking(stacking(common.StackingMode.Normal));
}

/** A stat panel over a one-row table result (one stat per column). */
export function statPanel(rawSql: string): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .datasource(DATASOURCE)
    .withTarget(query(rawSql, 'table'))
    .thresholds(baseThresholds())
    .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Thresholds))
    .reduceOptions(reduceOptions(false))
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.None)
    .justifyMode(common.BigValueJustifyMode.Auto)
    .textMode(common.BigValueTextMode.Auto)
    .orientation(common.VizOrientation.Auto);
}

export function tablePanel(rawSql: string): table.PanelBuilder {
  return new table.PanelBuilder()
    .datasource(DATASOURCE)
    .withTarget(query(rawSql, 'table'))
    .thresholds(baseThresholds())
    .align(common.FieldTextAlignment.Auto)
    .cellOptions({ type: common.TableCellDisplayMode.Auto })
    .filterable(true)
    .showHeader(true)
    .cellHeight(common.TableCellHeight.Sm)
    .footer(new common.TableFooterOptionsBuilder().show(false).reducer(['sum']).fields([]));
}

/** A donut of one value per row, labelled with its percentage. */
export function piechartPanel(rawSql: string): piechart.PanelBuilder {
  return new piechart.PanelBuilder()
    .datasource(DATASOURCE)
    .withTarget(query(rawSql, 'table'))
    .thresholds(baseThresholds())
    .reduceOptions(reduceOptions(true))
    .pieType(piechart.PieChartType.Donut)
    .displayLabels([piechart.PieChartLabels.Percent])
    .legend(
      new piechart.PieChartLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Right)
        .showLegend(true)
        .values([piechart.PieChartLegendValues.Value, piechart.PieChartLegendValues.Percent]),
    )
    .tooltip(tooltip(common.TooltipDisplayMode.Single, common.SortOrder.None));
}

/** Horizontal bars, one per row of a table result, its numeric columns stacked. */
export function barchartPanel(rawSql: string): barchart.PanelBuilder {
  return new barchart.PanelBuilder()
    .datasource(DATASOURCE)
    .withTarget(query(rawSql, 'table'))
    .thresholds(baseThresholds())
    .fillOpacity(80)
    .lineWidth(1)
    .gradientMode(common.GraphGradientMode.None)
    .orientation(common.VizOrientation.Horizontal)
    .showValue(common.VisibilityMode.Auto)
    .stacking(common.StackingMode.Normal)
    .groupWidth(0.7)
    .barWidth(0.9)
    .legend(legend())
    .tooltip(tooltip(common.TooltipDisplayMode.Multi, common.SortOrder.None));
}

// ---------------------------------------------------------------------------------------------
// Dashboards

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  /** Start of the default time range (`now-24h` unless given). */
  from?: string;
  variables: cog.Builder<dashboard.VariableModel>[];
}

/** A panel or row builder; the SDK leaves panel ids to Grafana, `withItems` assigns them. */
type Item = dashboard.RowBuilder | (cog.Builder<dashboard.Panel> & { id(id: number): unknown });

/** The project's dashboard defaults: shared crosshair, 1-minute refresh, the project links menu. */
export function dashboardBuilder(spec: DashboardSpec): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([PROJECT_TAG, ...spec.tags])
    .timezone('browser')
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: spec.from ?? 'now-24h', to: 'now' })
    .refresh('1m')
    .version(1)
    .annotation(
      new dashboard.AnnotationQueryBuilder()
        .builtIn(1)
        .datasource({ type: 'grafana', uid: '-- Grafana --' })
        .enable(true)
        .hide(true)
        .iconColor('rgba(0, 211, 255, 1)')
        .name('Annotations & Alerts')
        .type('dashboard'),
    )
    .link(
      new dashboard.DashboardLinkBuilder('Brand pulse')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([PROJECT_TAG])
        .asDropdown(true)
        .includeVars(false)
        .keepTime(true),
    )
    .variables(spec.variables);
}

/**
 * Adds rows and panels in order, numbering them from 1 so panel ids (and `viewPanel` links) are
 * stable. The SDK lays them out: left to right on the 24-column grid, a row starts a new line.
 */
export function withItems(builder: dashboard.DashboardBuilder, items: Item[]): dashboard.DashboardBuilder {
  items.forEach((item, i) => {
    item.id(i + 1);
    if (item instanceof dashboard.RowBuilder) builder.withRow(item);
    else builder.withPanel(item);
  });
  return builder;
}

// ---------------------------------------------------------------------------------------------
// Typed views of a built dashboard (for the generator and the tests)

export type Dashboard = dashboard.Dashboard;

export type PlacedPanel = (dashboard.Panel | dashboard.RowPanel) & { id: number; title: string; gridPos: dashboard.GridPos };

/** A panel that runs one ClickHouse query. */
export type QueryPanel = dashboard.Panel & PlacedPanel & { datasource: typeof DATASOURCE; targets: ClickHouseQuery[] };

export type QueryVariable = dashboard.VariableModel & { query: string; datasource: typeof DATASOURCE };

/** Every row and panel, positioned and numbered. */
export function placedPanels(d: Dashboard): PlacedPanel[] {
  return (d.panels ?? []) as PlacedPanel[];
}

/** Every panel that runs a query (rows excluded). */
export function queryPanels(d: Dashboard): QueryPanel[] {
  return placedPanels(d).filter((p): p is QueryPanel => p.type !== 'row');
}

/** Variables whose values a query gives (a text box's are typed in: see `textBoxVariables`). */
export function queryVariables(d: Dashboard): QueryVariable[] {
  return (d.templating.list ?? []).filter((v) => v.type === 'query') as QueryVariable[];
}

export function textBoxVariables(d: Dashboard): dashboard.VariableModel[] {
  return (d.templating.list ?? []).filter((v) => v.type === 'textbox');
}
