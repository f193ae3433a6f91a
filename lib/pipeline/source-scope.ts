// Which brands a source serves: the brands it watches, and for owned sources (review sites,
// the brand's own pages) the brands its unnamed items belong to.
import type { BrandMatch } from '../analysis/brand-match.js';
import type { MonitorConfig, SourceConfig } from '../config/schema.js';
import { hasTrait } from '../sources/registry.js';

export function sourceById(config: MonitorConfig, sourceId: string): SourceConfig {
  const s = config.sources.find((x) => x.id === sourceId);
  if (!s) throw new Error(`no source "${sourceId}" in the config`);
  return s;
}

/** Keyword queries of the brands (and their competitors) a source watches. */
export function watchedBrands(config: MonitorConfig, source: SourceConfig) {
  return config.brands.filter((b) => !source.brands || source.brands.includes(b.id));
}

/** The enabled sources that watch a brand: the ones whose polls say whether its buckets were heard. */
export function sourcesOfBrand(config: MonitorConfig, brandId: string): string[] {
  return config.sources.filter((s) => s.enabled && watchedBrands(config, s).some((b) => b.id === brandId)).map((s) => s.id);
}

/** The brands an owned source's unnamed items are stored under (`assume_brand: false` turns it off). */
export function ownerBrandsOf(config: MonitorConfig, source: SourceConfig): BrandMatch[] {
  // Review sites and the brand's own pages (the `owned` trait): what they carry is about the brand, named or not.
  const assume = source.assume_brand ?? hasTrait(source.type, 'owned');
  if (!assume) return [];
  return watchedBrands(config, source).map((b) => ({ brand: b.id, competitorOf: '', query: '' }));
}
