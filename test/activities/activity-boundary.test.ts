// The activity boundary: typed source errors become the right Temporal failures.
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, toFailure } from '../../activities/index.js';
import { parseConfig } from '../../lib/config/load.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { BadCredentialsError, RateLimitedError, ResourceGoneError } from '../../lib/sources/errors.js';
import { startRecordedServer, type RecordedServer } from '../helpers/recorded-server.js';
import { createTestStore, type TestStore } from '../helpers/store.js';

describe('activity boundary', () => {
  let server: RecordedServer;
  let store: TestStore;
  beforeAll(async () => {
    server = await startRecordedServer();
    store = await createTestStore();
  });
  afterAll(() => server.close());

  it('maps source errors to non-retryable failures or a retry delay', () => {
    const creds = toFailure(new BadCredentialsError('x')) as ApplicationFailure;
    expect(creds).toBeInstanceOf(ApplicationFailure);
    expect(creds).toMatchObject({ type: 'BadCredentials', nonRetryable: true });
    expect(toFailure(new ResourceGoneError('gone'))).toMatchObject({ type: 'ResourceGone', nonRetryable: true });
    const limited = toFailure(new RateLimitedError('http://h.example/x', 90_000)) as ApplicationFailure;
    expect(limited).toMatchObject({ type: 'RateLimited', nonRetryable: false });
    expect(limited.nextRetryDelay).toBe(90_000);
    const plain = new Error('socket hang up');
    expect(toFailure(plain)).toBe(plain);
  });

  it('a poll answered 401 fails once, non-retryable, logged in source_polls with the reason', async () => {
    server.handle('/api/v1/search_by_date', () => ({ status: 401, body: { message: 'Invalid Application-ID or API key' } }));
    const config = parseConfig(
      `brands: [{ id: mock-acme, name: Acme, queries: [acme] }]\nsources: [{ id: hn-401, type: hackernews, base_url: "${server.url}/api/v1" }]\n`,
      'test.yaml',
    );
    const activities = createActivities({ clickhouse: store.client, http: createHttpClient({ backoffMs: 1 }), config, temporal: {} as Client });
    const env = new MockActivityEnvironment();
    const err = await env.run(activities.pollSource, { sourceId: 'hn-401' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'BadCredentials', nonRetryable: true });
    expect((err as Error).message).toMatch(/answered 401 .*check the credentials \(\{"message":"Invalid Application-ID or API key"\}\)/);
    const [poll] = await store.rows<{ status: string; error: string }>("SELECT status, error FROM source_polls WHERE source_id = 'hn-401'");
    expect(poll.status).toBe('error');
    expect(poll.error).toContain('answered 401');
    const [health] = await store.rows<{ last_status: string; last_error: string }>("SELECT last_status, last_error FROM source_health WHERE source_id = 'hn-401'");
    expect(health).toMatchObject({ last_status: 'error' });
    expect(health.last_error).toContain('401');
  });
});
