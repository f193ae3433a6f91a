// The reply queue's rules, pure. A mention that needs a reply and was not written by one of the
// brand's own accounts opens an item. An owned mention answers an item when it comes at or after
// it, on the same platform under the same brand, and either sits in the same thread or has the
// item up its reply chain. The first such answer is the item's first response (kept if a later
// arrival turns out to be earlier); the earliest answer since the item was last opened closes it.
// People change states by hand: assign, dismiss, reopen.
//
// What people decide and what replies bring are kept apart (PersonPart, and the response fields),
// each written by its own writer, and the state shown is derived from both (`stateOf`): a sync
// and a person's action in two processes each write only their own facts, so neither can undo
// the other (there is no row lock or compare-and-set in ClickHouse to serialise them).

export const QUEUE_STATES = ['open', 'assigned', 'answered', 'dismissed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** One item as people see it: its `reply_queue` row and people's decisions (times as epoch ms). */
export interface QueueItem {
  brand: string;
  platform: string;
  external_id: string;
  mention_id: string;
  source_id: string;
  /** The thread the item sits in ('' when its platform gives none). */
  thread_id: string;
  created_at: number;
  /** Derived: `stateOf` people's part and the responses. */
  state: QueueState;
  assignee: string;
  /** Created, or last reopened: replies before it do not close the item again. */
  open_since: number;
  has_response: boolean;
  /** Meaningful only with has_response. */
  first_response_at: number;
  /** The latest response (meaningful only with has_response): the item is answered when it is at or after open_since. */
  last_response_at: number;
  response_mention_id: string;
  updated_at: number;
  /** Of the item's own row (`reply_queue`), written by syncs. */
  version: number;
  /** Of people's part (`reply_queue_people`); 0 while nobody has acted on the item. */
  person_version: number;
}

/** What people decided about an item. Never 'answered': replies decide that. */
export interface PersonPart {
  state: 'open' | 'assigned' | 'dismissed';
  assignee: string;
  open_since: number;
}

/** People's part of an item as it is shown (an answered item was open or assigned before its reply). */
export function personPart(i: Pick<QueueItem, 'state' | 'assignee' | 'open_since'>): PersonPart {
  const state = i.state === 'answered' ? (i.assignee ? 'assigned' : 'open') : i.state;
  return { state, assignee: i.assignee, open_since: i.open_since };
}

/** The state shown: dismissed stays dismissed; else answered once a reply came at or after open_since; else people's. */
export function stateOf(p: PersonPart, r: Pick<QueueItem, 'has_response' | 'last_response_at'>): QueueState {
  if (p.state === 'dismissed') return 'dismissed';
  return r.has_response && r.last_response_at >= p.open_since ? 'answered' : p.state;
}

/** `stateOf` in SQL, over `person_state`, `person_open_since`, `has_response` and `last_response_at` (v_queue, sql/0073). */
export const QUEUE_STATE_SQL =
  "multiIf(person_state = 'dismissed', 'dismissed', has_response = 1 AND last_response_at >= person_open_since, 'answered', person_state)";
export const QUEUE_RULES: Record<string, string> = { QUEUE_STATE: QUEUE_STATE_SQL };

/** What the queue needs of a stored mention. */
export interface QueueMention {
  brand: string;
  platform: string;
  external_id: string;
  source_id: string;
  thread_id: string;
  /** The mention it answers, as the platform gave it ('' for none). */
  in_reply_to: string;
  created_at: number;
  needs_reply: boolean;
  author_owned: boolean;
  /** A brand row, not a competitor's: only the brand's own queue counts. */
  own_brand: boolean;
}

/** An owned mention that may answer an item. */
export interface Response {
  external_id: string;
  created_at: number;
}

export const mentionIdOf = (m: Pick<QueueMention, 'platform' | 'external_id'>) => `${m.platform}:${m.external_id}`;

/** Only a brand's own mention that needs a reply and that its own accounts did not write opens an item. */
export function opensItem(m: QueueMention): boolean {
  return m.own_brand && m.needs_reply && !m.author_owned;
}

export function newItem(m: QueueMention, now: number): QueueItem {
  return {
    brand: m.brand,
    platform: m.platform,
    external_id: m.external_id,
    mention_id: mentionIdOf(m),
    source_id: m.source_id,
    thread_id: m.thread_id,
    created_at: m.created_at,
    state: 'open',
    assignee: '',
    open_since: m.created_at,
    has_response: false,
    first_response_at: 0,
    last_response_at: 0,
    response_mention_id: '',
    updated_at: now,
    version: 1,
    person_version: 0,
  };
}

/**
 * Whether `reply` answers `item`: same thread, or `item` up the reply's chain (`replyChain`
 * holds the external ids above the reply), and not before the item.
 */
export function answers(item: Pick<QueueItem, 'thread_id' | 'external_id' | 'created_at'>, reply: Response & { thread_id: string }, replyChain: ReadonlySet<string>): boolean {
  if (reply.created_at < item.created_at || reply.external_id === item.external_id) return false;
  return (item.thread_id !== '' && reply.thread_id === item.thread_id) || replyChain.has(item.external_id);
}

/** The item after the owned mentions `responses` (each already known to answer it); the same item when nothing changes. */
export function withResponses(item: QueueItem, responses: Response[], now: number): QueueItem {
  const byTime = [...responses].sort((a, b) => a.created_at - b.created_at || a.external_id.localeCompare(b.external_id));
  let next = item;
  const first = byTime[0];
  if (first && (!item.has_response || first.created_at < item.first_response_at)) {
    next = { ...next, has_response: true, first_response_at: first.created_at, response_mention_id: `${item.platform}:${first.external_id}` };
  }
  const last = byTime[byTime.length - 1];
  if (last && !(item.has_response && last.created_at <= item.last_response_at)) next = { ...next, has_response: true, last_response_at: last.created_at };
  if (next === item) return item;
  return { ...next, state: stateOf(personPart(item), next), updated_at: now, version: item.version + 1 };
}

export type QueueAction = { kind: 'assign'; to: string } | { kind: 'dismiss' } | { kind: 'reopen' };
export const QUEUE_ACTIONS = ['assign', 'dismiss', 'reopen'] as const;

/** A person's change of state; the same item when it changes nothing (a repeated link click). */
export function applyAction(item: QueueItem, action: QueueAction, now: number): QueueItem {
  let next: Partial<QueueItem>;
  if (action.kind === 'assign') {
    const to = action.to.trim();
    if (!to) throw new Error('assign needs the name of a person (--to NAME)');
    // An answered or dismissed item stays so; assigning it names who owns the follow-up.
    next = item.state === 'open' || item.state === 'assigned' ? { state: 'assigned', assignee: to } : { assignee: to };
  } else if (action.kind === 'dismiss') next = { state: 'dismissed' };
  else next = item.state === 'open' ? {} : { state: 'open', assignee: '', open_since: now };
  const changed = Object.entries(next).some(([k, v]) => item[k as keyof QueueItem] !== v);
  return changed ? { ...item, ...next, updated_at: now, person_version: item.person_version + 1 } : item;
}

export function parseAction(kind: string, to?: string): QueueAction {
  if (kind === 'assign') return { kind, to: to ?? '' };
  if (kind === 'dismiss' || kind === 'reopen') return { kind };
  throw new Error(`unknown queue action "${kind}" (known: ${QUEUE_ACTIONS.join(', ')})`);
}

/** A reference to a mention of `platform` ("x:123" or "123") in the queue's form: "x:123". */
export function canonicalRef(ref: string, platform: string): string {
  return `${platform}:${ref.startsWith(`${platform}:`) ? ref.slice(platform.length + 1) : ref}`;
}

/** The external id a reference points at ("x:123" -> "123"). */
export const refExternalId = (ref: string, platform: string) => canonicalRef(ref, platform).slice(platform.length + 1);

/**
 * The thread a mention sits in: the one its platform names, else itself when it answers nothing
 * (a root starts its thread), else '' (a reply whose platform names no thread: Mastodon).
 */
export function threadOf(m: { id: string; platform: string; thread_id?: string; in_reply_to?: string }, externalId: string): string {
  if (m.thread_id) return canonicalRef(m.thread_id, m.platform);
  return m.in_reply_to ? '' : `${m.platform}:${externalId}`;
}
