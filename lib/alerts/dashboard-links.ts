// The dashboards' stable uids and the links alerts carry into them, in one place: the
// dashboard builders set these uids, and alerts link to them.
export const DASHBOARD_UIDS = {
  brandHealth: 'brand-pulse-brand-health',
  incidents: 'brand-pulse-incidents',
  sourceHealth: 'brand-pulse-source-health',
} as const;

/** Brand health for one brand over a time range (epoch ms), as Grafana's URL expects it. */
export function brandHealthUrl(grafanaBase: string, brand: string, from: number, to: number): string {
  return `${grafanaBase}/d/${DASHBOARD_UIDS.brandHealth}/brand-health?var-brand=${encodeURIComponent(brand)}&from=${from}&to=${to}`;
}

/** Incidents & alerts over a time range (epoch ms), every brand. */
export function incidentsUrl(grafanaBase: string, from: number, to: number): string {
  return `${grafanaBase}/d/${DASHBOARD_UIDS.incidents}/incidents?from=${from}&to=${to}`;
}
