import { describe, expect, it } from 'vitest';
import { connectorFor, connectors, connectorTypes, hasTrait } from '../../../lib/sources/registry.js';

describe('connector registry', () => {
  it('lists each type once', () => {
    expect(new Set(connectors.map((c) => c.type)).size).toBe(connectors.length);
    expect(connectorTypes()).toEqual(connectors.map((c) => c.type).sort());
  });

  it('says which sources are owned (items belong to the brand unnamed) and which are pushed', () => {
    expect(connectors.filter((c) => c.traits.owned).map((c) => c.type).sort()).toEqual(['appstore', 'appstoreconnect', 'facebook', 'googleplay', 'push', 'trustpilot']);
    expect(connectors.filter((c) => c.traits.push).map((c) => c.type)).toEqual(['push']);
    expect(hasTrait('push', 'push')).toBe(true);
    expect(hasTrait('hackernews', 'owned')).toBe(false);
    expect(hasTrait('nope', 'owned')).toBe(false);
  });

  it('refuses an unknown type, naming the known ones', () => {
    expect(connectorFor('rss').type).toBe('rss');
    expect(() => connectorFor('twitter')).toThrow(/unknown source type "twitter" \(known: appstore, appstoreconnect, bluesky, .*youtube\)/);
  });
});
