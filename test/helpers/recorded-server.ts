// A real local HTTP server that answers with recorded provider responses, in order, per
// route, and records every request it got. Connectors are tested against it over real HTTP.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export interface RecordedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
  /** Never answer (a receiver that hangs): the client's timeout ends the request. */
  hang?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A route answers from its queue; when the queue is empty, `fallback` (default 404) repeats. */
export type Route = (req: ReceivedRequest) => RecordedResponse | RecordedResponse[] | undefined;

export interface RecordedServer {
  url: string;
  requests: ReceivedRequest[];
  /** Queue responses for requests whose path (without query) equals `path`. */
  enqueue(path: string, ...responses: RecordedResponse[]): void;
  /** Answer requests for `path` by a function (after the queue is drained). */
  handle(path: string, route: (req: ReceivedRequest) => RecordedResponse): void;
  close(): Promise<void>;
}

export async function startRecordedServer(): Promise<RecordedServer> {
  const queues = new Map<string, RecordedResponse[]>();
  const handlers = new Map<string, (req: ReceivedRequest) => RecordedResponse>();
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://localhost');
      const received: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const queued = queues.get(u.pathname)?.shift();
      const handler = handlers.get(u.pathname);
      const r: RecordedResponse = queued ?? (handler ? handler(received) : { status: 404, body: { error: 'not recorded' } });
      if (r.hang) return;
      const isText = typeof r.body === 'string';
      res.writeHead(r.status ?? 200, {
        'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
        ...(r.headers ?? {}),
      });
      res.end(r.body === undefined ? '' : isText ? (r.body as string) : JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue(path, ...responses) {
      queues.set(path, [...(queues.get(path) ?? []), ...responses]);
    },
    handle(path, route) {
      handlers.set(path, route);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A recorded server started before each test (`'each'`, the default) or once for the enclosing
 * describe block (`'all'`), and closed after it. Call it where the hooks belong (file top level or
 * inside `describe`); the handle it returns always points at the running server.
 */
export function useRecordedServer(scope: 'each' | 'all' = 'each'): RecordedServer {
  let current: RecordedServer | undefined;
  const running = (): RecordedServer => {
    if (!current) throw new Error('the recorded server is not running (use it inside a test or hook)');
    return current;
  };
  const [before, after] = scope === 'each' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = await startRecordedServer();
  });
  after(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get url() {
      return running().url;
    },
    get requests() {
      return running().requests;
    },
    enqueue: (path, ...responses) => running().enqueue(path, ...responses),
    handle: (path, route) => running().handle(path, route),
    close: () => running().close(),
  };
}

/** A port nothing listens on: requests to it are refused. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
