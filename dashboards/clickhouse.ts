// The ClickHouse data source and its query type. The foundation SDK ships query types for core
// data sources only; this is the SDK's documented extension point for a plugin's query (a
// `cog.Dataquery` variant and its builder), shaped like grafana-clickhouse-datasource's CHQuery.
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** The provisioned data source (dashboards/provisioning/datasources/clickhouse.yml), by uid. */
export const DATASOURCE = { type: 'grafana-clickhouse-datasource', uid: 'clickhouse' } as const satisfies dashboard.DataSourceRef;

/** Plugin version the dashboards are written against (also pinned in docker-compose.yml). */
export const CLICKHOUSE_PLUGIN_VERSION = '4.10.1';

/**
 * How the plugin shapes a result: `timeseries` needs a `time` column first (long results with a
 * string label column are pivoted to one series per label); `table` is everything else.
 * The plugin's wire format is numeric (sqlds: 0 = time series, 1 = table).
 */
export type QueryKind = 'timeseries' | 'table';

export interface ClickHouseQuery extends cog.Dataquery {
  refId: string;
  datasource: typeof DATASOURCE;
  /** Without it (or below 4.0.0) the plugin migrates the query as a v3 one on load. */
  pluginVersion: string;
  editorType: 'sql';
  queryType: QueryKind;
  format: 0 | 1;
  rawSql: string;
}

export class ClickHouseQueryBuilder implements cog.Builder<cog.Dataquery> {
  private readonly internal: ClickHouseQuery;

  constructor(rawSql: string, kind: QueryKind) {
    this.internal = {
      refId: 'A',
      datasource: DATASOURCE,
      pluginVersion: CLICKHOUSE_PLUGIN_VERSION,
      editorType: 'sql',
      queryType: kind,
      format: kind === 'timeseries' ? 0 : 1,
      rawSql,
      _implementsDataqueryVariant() {},
    };
  }

  build(): ClickHouseQuery {
    return this.internal;
  }
}
