// The queue's pure rules: owned accounts as platforms show authors, which posts open an item,
// references and threads, people's actions, and the config's `owned` checked at load.
import { describe, expect, it } from 'vitest';
import { compileOwnedAccounts, normaliseAccount, owningBrands } from '../../../lib/care/owned-accounts.js';
import { applyAction, canonicalRef, newItem, threadOf, withResponses } from '../../../lib/care/queue-rules.js';
import { ConfigError, parseConfig } from '../../../lib/config/load.js';

const base = { brand: 'acme', platform: 'x', external_id: '1', source_id: 's', thread_id: 'x:1', in_reply_to: '', created_at: 1000, needs_reply: true, author_owned: false, own_brand: true };

describe('owned accounts', () => {
  it('match the author id or name without @ or u/, case-insensitively, per platform and brand', () => {
    expect(['@NimbusAir', 'u/NimbusAir', '/u/NimbusAir', ' NimbusAir '].map(normaliseAccount)).toEqual(['nimbusair', 'nimbusair', 'nimbusair', 'nimbusair']);
    expect(normaliseAccount('@care@nimbus.social')).toBe('care@nimbus.social');
    const owned = compileOwnedAccounts([
      { id: 'nimbus', owned: { x: ['@NimbusAir'], mastodon: ['@care@nimbus.social'] } },
      { id: 'acme', owned: { x: ['1002'] } },
      { id: 'bare' },
    ]);
    expect(owningBrands(owned, { platform: 'x', author: { id: '77', name: 'nimbusair', followers: 0 } })).toEqual(['nimbus']);
    expect(owningBrands(owned, { platform: 'x', author: { id: '1002', name: 'AcmeBank', followers: 0 } })).toEqual(['acme']);
    expect(owningBrands(owned, { platform: 'reddit', author: { id: '', name: 'NimbusAir', followers: 0 } })).toEqual([]);
    expect(owningBrands(owned, { platform: 'mastodon', author: { id: 'care@nimbus.social', name: 'Care', followers: 0 } })).toEqual(['nimbus']);
    expect(owningBrands(owned, { platform: 'x', author: { id: '', name: '', followers: 0 } })).toEqual([]);
  });

  it('the config refuses an unknown platform or an empty list, naming where', () => {
    const cfg = (owned: string) => `brands:\n  - {id: a, name: A, queries: [a], owned: ${owned}}\nsources:\n  - {id: s, type: replay, path: x.jsonl}\n`;
    expect(parseConfig(cfg('{x: ["@A"]}'), 'ok.yaml').brands[0].owned).toEqual({ x: ['@A'] });
    expect(() => parseConfig(cfg('{twitter: ["@A"]}'), 'bad.yaml')).toThrow(ConfigError);
    expect(() => parseConfig(cfg('{twitter: ["@A"]}'), 'bad.yaml')).toThrow('brands[0].owned: Unrecognized key: "twitter"');
    expect(() => parseConfig(cfg('{x: []}'), 'bad.yaml')).toThrow('brands[0].owned.x: Too small');
  });
});

describe('queue rules', () => {
  it('references and threads in the queue form', () => {
    expect(canonicalRef('x:5', 'x')).toBe('x:5');
    expect(canonicalRef('5', 'x')).toBe('x:5');
    expect(threadOf({ id: 'x:5', platform: 'x', thread_id: '1' }, '5')).toBe('x:1');
    expect(threadOf({ id: 'x:5', platform: 'x' }, '5')).toBe('x:5'); // a root starts its thread
    expect(threadOf({ id: 'mastodon:h:5', platform: 'mastodon', in_reply_to: 'mastodon:h:4' }, 'h:5')).toBe(''); // a reply with no thread named
  });

  it('the first response is the earliest; a reopened item closes only on a later reply', () => {
    const item = newItem(base, 5000);
    const answered = withResponses(item, [{ external_id: '9', created_at: 4000 }, { external_id: '8', created_at: 3000 }], 6000);
    expect(answered).toMatchObject({ state: 'answered', has_response: true, first_response_at: 3000, response_mention_id: 'x:8', version: 2, updated_at: 6000 });
    expect(withResponses(answered, [{ external_id: '9', created_at: 4000 }], 7000)).toBe(answered); // nothing changes: same object
    const reopened = applyAction(answered, { kind: 'reopen' }, 8000);
    expect(reopened).toMatchObject({ state: 'open', open_since: 8000, first_response_at: 3000 });
    expect(withResponses(reopened, [{ external_id: '8', created_at: 3000 }], 9000)).toBe(reopened);
    expect(withResponses(reopened, [{ external_id: '10', created_at: 8500 }], 9000)).toMatchObject({ state: 'answered', first_response_at: 3000 });
  });

  it('actions: assign needs a name, a repeated action changes nothing, a dismissed item is not answered', () => {
    const item = newItem(base, 5000);
    expect(() => applyAction(item, { kind: 'assign', to: ' ' }, 1)).toThrow('assign needs the name of a person');
    const assigned = applyAction(item, { kind: 'assign', to: 'Noa' }, 6000);
    expect(applyAction(assigned, { kind: 'assign', to: 'Noa' }, 7000)).toBe(assigned);
    const dismissed = applyAction(assigned, { kind: 'dismiss' }, 7000);
    expect(withResponses(dismissed, [{ external_id: '9', created_at: 4000 }], 8000)).toMatchObject({ state: 'dismissed', has_response: true });
  });
});
