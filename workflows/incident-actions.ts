// People's actions on a running incident (workflow code: deterministic, no I/O). The signal
// handlers queue requests; the workflow applies them between observations with `applyAction`,
// which changes the state and appends the action to its history. While the incident is open or
// acknowledged every action applies; once it has ended (the cooldown), `applyLateAction`
// applies what still makes sense: a note, not-an-incident, mute and unmute (clients check the
// state first and refuse the rest).
import type { IncidentAction, IncidentActionKind, IncidentState } from '../lib/contract/incident.js';

export type ActionRequest =
  | { kind: 'assign'; to: string; by: string }
  | { kind: 'note'; text: string; by: string }
  | { kind: 'resolve'; by: string; reason?: string }
  | { kind: 'false_positive'; by: string; reason?: string }
  | { kind: 'mute'; until?: number; forMs?: number; by: string }
  | { kind: 'unmute'; by: string };

/** What still applies once the incident has ended. */
export const LATE_ACTION_KINDS: readonly ActionRequest['kind'][] = ['note', 'false_positive', 'mute', 'unmute'];

/** What applying a request did: whether it ended the incident (resolved by hand or not an incident). */
export interface ActionOutcome {
  ended: boolean;
}

/** Appends one action to the incident's history (the acknowledgement too). */
export function addHistory(state: IncidentState, at: number, action: IncidentActionKind, by: string, detail: string): void {
  const history = (state.history ??= []);
  history.push({ seq: history.length, at, action, by, detail } satisfies IncidentAction);
}

export function applyAction(state: IncidentState, req: ActionRequest, now: number): ActionOutcome {
  switch (req.kind) {
    case 'assign':
      state.assignee = req.to;
      addHistory(state, now, 'assign', req.by, req.to);
      return { ended: false };
    case 'note':
      addHistory(state, now, 'note', req.by, req.text);
      return { ended: false };
    case 'resolve':
    case 'false_positive':
      state.status = 'resolved';
      state.resolvedAt = now;
      state.resolvedBy = req.by;
      state.resolution = req.kind === 'resolve' ? 'manual' : 'false_positive';
      addHistory(state, now, req.kind, req.by, req.reason ?? '');
      return { ended: true };
    case 'mute': {
      const until = req.until ?? now + (req.forMs ?? 0);
      state.mutedUntil = Math.max(state.mutedUntil ?? 0, until);
      addHistory(state, now, 'mute', req.by, new Date(until).toISOString());
      return { ended: false };
    }
    case 'unmute':
      // Lifted from now: detection opens incidents again for buckets after this moment.
      if (state.mutedUntil !== undefined && state.mutedUntil > now) state.mutedUntil = now;
      addHistory(state, now, 'unmute', req.by, '');
      return { ended: false };
  }
}

/**
 * An action after the incident ended. Not-an-incident relabels how it ended (the detector then
 * forgets its window; when and by whom it was resolved stays); a second one changes nothing.
 * Assign and resolve no longer mean anything and are ignored.
 */
export function applyLateAction(state: IncidentState, req: ActionRequest, now: number): void {
  if (!LATE_ACTION_KINDS.includes(req.kind)) return;
  if (req.kind !== 'false_positive') {
    applyAction(state, req, now);
    return;
  }
  if (state.resolution === 'false_positive') return;
  state.resolution = 'false_positive';
  state.resolvedBy = req.by;
  addHistory(state, now, 'false_positive', req.by, req.reason ?? '');
}

/** The incident's notes, oldest first: every alert after a note carries them. */
export function notesOf(state: IncidentState): { text: string; by: string; at: number }[] {
  return (state.history ?? []).filter((a) => a.action === 'note').map((a) => ({ text: a.detail, by: a.by, at: a.at }));
}
