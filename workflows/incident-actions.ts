// People's actions on a running incident (workflow code: deterministic, no I/O). The signal
// handlers queue requests; the workflow applies them between observations with `applyAction`,
// which changes the state and appends the action to its history. Only while the incident is
// open or acknowledged: after it ends, requests are dropped (clients check the state first).
import type { IncidentAction, IncidentActionKind, IncidentState } from '../lib/contract/incident.js';

export type ActionRequest =
  | { kind: 'assign'; to: string; by: string }
  | { kind: 'note'; text: string; by: string }
  | { kind: 'resolve'; by: string; reason?: string }
  | { kind: 'false_positive'; by: string; reason?: string }
  | { kind: 'mute'; until?: number; forMs?: number; by: string };

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
  }
}

/** The incident's notes, oldest first: every alert after a note carries them. */
export function notesOf(state: IncidentState): { text: string; by: string; at: number }[] {
  return (state.history ?? []).filter((a) => a.action === 'note').map((a) => ({ text: a.detail, by: a.by, at: a.at }));
}
