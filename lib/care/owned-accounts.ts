// Which brands own the account that wrote a mention. An account is written the way its platform
// shows it ("@NimbusAir", "u/NimbusAir", "@care@mastodon.social", a Page or channel id); it
// matches the author's id or name, case-insensitively, without the "@" or "u/" in front. Pure.
import type { BrandConfig } from '../config/schema.js';
import type { Mention } from '../mention/mention.js';

/** brand id -> platform -> normalised account names. */
export type OwnedAccounts = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

/** "@NimbusAir" -> "nimbusair"; "u/NimbusAir" -> "nimbusair"; "@care@mastodon.social" -> "care@mastodon.social". */
export function normaliseAccount(account: string): string {
  return account.trim().replace(/^(?:@|\/?u\/)/i, '').toLowerCase();
}

export function compileOwnedAccounts(brands: Pick<BrandConfig, 'id' | 'owned'>[]): OwnedAccounts {
  return new Map(
    brands.map((b) => [b.id, new Map(Object.entries(b.owned ?? {}).map(([platform, accounts]) => [platform, new Set((accounts ?? []).map(normaliseAccount))]))]),
  );
}

/** The brands whose own account wrote `m`. */
export function owningBrands(owned: OwnedAccounts, m: Pick<Mention, 'platform' | 'author'>): string[] {
  const names = [m.author.id, m.author.name].filter(Boolean).map(normaliseAccount);
  if (names.length === 0) return [];
  return [...owned].filter(([, platforms]) => names.some((n) => platforms.get(m.platform)?.has(n))).map(([brand]) => brand);
}
