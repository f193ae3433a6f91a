// The links into the dashboards carry the uid the builders set and the range as Grafana reads it
// (epoch ms): the demo prints them over its replayed days.
import { describe, expect, it } from 'vitest';
import { brandHealthDashboard } from '../../../dashboards/brand-health.js';
import { incidentsDashboard } from '../../../dashboards/incidents.js';
import { brandHealthUrl, incidentsUrl } from '../../../lib/alerts/dashboard-links.js';

describe('dashboard links', () => {
  it('point at the dashboards by their uids, over the given range', () => {
    const from = Date.parse('2026-11-19T00:00:00Z');
    const to = Date.parse('2026-11-22T00:00:00Z');
    expect(brandHealthUrl('http://g', 'nimbus air', from, to)).toBe(`http://g/d/${brandHealthDashboard().uid}/brand-health?var-brand=nimbus%20air&from=${from}&to=${to}`);
    expect(incidentsUrl('http://g', from, to)).toBe(`http://g/d/${incidentsDashboard().uid}/incidents?from=${from}&to=${to}`);
  });
});
