// One durable workflow per brand incident: open -> alert -> updates while it grows ->
// escalation if nobody acknowledges while it still grows -> resolve when the series is back
// at baseline long enough -> cooldown (the same wave cannot open a second incident) -> done.
import { condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { Alert, AlertKind } from '../lib/alerts/alert.js';
import { brandHealthUrl } from '../lib/alerts/dashboard-links.js';
import {
  acknowledgeSignal,
  assignSignal,
  falsePositiveSignal,
  incidentStateQuery,
  muteSignal,
  noteSignal,
  observeSignal,
  resolveSignal,
  unmuteSignal,
  type IncidentEvidence,
  type IncidentInput,
  type IncidentState,
  type ObservationBatch,
} from '../lib/contract/incident.js';
import { INCIDENT_ACTIONS_PATCH, LATE_ACTIONS_PATCH } from '../lib/contract/patches.js';
import { initialIncidentState, nextIncidentState } from '../lib/detection/incident-rules.js';
import { addHistory, applyAction, applyLateAction, notesOf, type ActionRequest } from './incident-actions.js';
import { incidentDeliveries } from './incident-deliveries.js';

// Recording state is a small insert: retry briefly but persistently.
const { recordIncident } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20 },
});

export async function incidentWorkflow(input: IncidentInput): Promise<IncidentState> {
  const { settings } = input;
  const rules = { bucketMs: settings.bucketMs, resolveAfterMs: settings.resolveAfterMs, cooldownMs: settings.cooldownMs };
  const inbox: ObservationBatch[] = [];
  let phase = initialIncidentState();
  const state: IncidentState = {
    incidentId: input.incidentId,
    brand: input.brand,
    status: 'open',
    severity: 'none',
    openedAt: 0,
    peakAt: 0,
    peakNegative: 0,
    lastNegative: 0,
    baseline: 0,
    score: 0,
    lastObservedAt: 0,
    alertsSent: [],
    evidence: { platforms: [], languages: [], phrases: [], samples: [] },
  };
  let ackRequest: { by: string } | undefined;
  setHandler(observeSignal, (batch) => void inbox.push(batch));
  setHandler(acknowledgeSignal, (req) => void (ackRequest ??= req));
  setHandler(incidentStateQuery, () => state);
  // Runs started before the patch know acknowledge only (their histories replay on that path).
  const actionsOn = patched(INCIDENT_ACTIONS_PATCH);
  const requests: ActionRequest[] = [];
  if (actionsOn) {
    state.history = [];
    setHandler(assignSignal, (r) => void requests.push({ kind: 'assign', to: r.to, by: r.by }));
    setHandler(noteSignal, (r) => void requests.push({ kind: 'note', text: r.text, by: r.by }));
    setHandler(resolveSignal, (r) => void requests.push({ kind: 'resolve', by: r.by, reason: r.reason }));
    setHandler(falsePositiveSignal, (r) => void requests.push({ kind: 'false_positive', by: r.by, reason: r.reason }));
    setHandler(muteSignal, (r) => void requests.push({ kind: 'mute', until: r.until, forMs: r.forMs, by: r.by }));
    setHandler(unmuteSignal, (r) => void requests.push({ kind: 'unmute', by: r.by }));
  }
  const muted = () => state.mutedUntil !== undefined && now() < state.mutedUntil;

  /** Data time in stream mode (replays), workflow time otherwise. */
  const now = () => (settings.clock === 'stream' ? state.lastObservedAt + settings.bucketMs : Date.now());

  /** Applies queued observations through the shared incident rules; says what happened. */
  const drain = () => {
    const happened = { opened: false, grew: false, resolved: false };
    while (inbox.length) {
      const batch = inbox.shift()!;
      if (batch.evidence && phase.phase !== 'cooldown') state.evidence = mergeEvidence(state.evidence, batch.evidence);
      for (const o of batch.observations.slice().sort((a, b) => a.t - b.t)) {
        if (o.t <= state.lastObservedAt) continue; // a repeated delivery changes nothing
        state.lastObservedAt = o.t;
        if (phase.phase === 'open') state.lastNegative = o.value;
        if (o.anomalous && o.window && phase.phase !== 'cooldown') state.trigger = o.window;
        const step = nextIncidentState(phase, o, rules);
        phase = step.state;
        for (const ev of step.events) {
          if (ev.type === 'opened') {
            happened.opened = true;
            state.openedAt = ev.at;
            state.lastNegative = ev.value;
            state.baseline = ev.baseline;
          } else if (ev.type === 'new_peak') {
            happened.grew = true;
            state.baseline = ev.baseline;
          } else if (ev.type === 'resolved') {
            happened.resolved = true;
            state.resolvedAt = ev.at;
          }
        }
        if (phase.phase === 'open' || happened.resolved) {
          state.severity = phase.severity;
          state.peakNegative = phase.peakValue;
          state.peakAt = phase.peakAt ?? state.peakAt;
          state.score = Math.max(state.score, phase.peakScore);
        }
      }
    }
    return happened;
  };

  const link = () => ({
    grafana: brandHealthUrl(input.links.grafanaBase, input.brand, state.openedAt - 6 * 3600_000, (state.resolvedAt ?? now()) + 3600_000),
    temporal: `${input.links.temporalBase}/namespaces/${workflowInfo().namespace}/workflows/${encodeURIComponent(workflowInfo().workflowId)}/${workflowInfo().runId}/history`,
  });

  const alertOf = (kind: AlertKind): Alert => ({
    kind,
    incidentId: state.incidentId,
    brand: input.brand,
    brandName: input.brandName,
    severity: state.severity,
    openedAt: state.openedAt,
    peakAt: state.peakAt,
    resolvedAt: state.resolvedAt,
    acknowledgedBy: state.acknowledgedBy,
    bucketMinutes: Math.round(settings.bucketMs / 60_000),
    negative: state.lastNegative,
    baseline: state.baseline,
    peakNegative: state.peakNegative,
    score: state.score,
    ...state.evidence,
    links: link(),
    trigger: state.trigger,
    ...(actionsOn ? { assignee: state.assignee, resolution: state.resolution, resolvedBy: state.resolvedBy, notes: notesOf(state) } : {}),
  });

  const record = () =>
    recordIncident({
      incidentId: state.incidentId,
      brand: state.brand,
      status: state.status === 'cooldown' ? 'resolved' : state.status,
      severity: state.severity,
      openedAt: state.openedAt,
      acknowledgedAt: state.acknowledgedAt,
      acknowledgedBy: state.acknowledgedBy,
      escalatedAt: state.escalatedAt,
      resolvedAt: state.resolvedAt,
      peakAt: state.peakAt,
      peakNegative: state.peakNegative,
      baseline: state.baseline,
      score: state.score,
      summary: state.evidence,
      workflowId: workflowInfo().workflowId,
      updatedAt: Date.now(),
      ...(actionsOn
        ? { assignee: state.assignee, resolution: state.resolution, resolvedBy: state.resolvedBy, mutedUntil: state.mutedUntil, actions: state.history }
        : {}),
    });

  // Each route on a lane of its own: `send` never waits on a slow route (incident-deliveries.ts).
  const deliveries = incidentDeliveries({ state, alertOf, routes: input.routes, escalationRoutes: input.escalationRoutes });
  const send = deliveries.send;

  // Signal-with-start delivers the opening observations before the first await.
  await condition(() => inbox.length > 0);
  drain();
  if (phase.phase !== 'open' && phase.phase !== 'cooldown') return state; // nothing anomalous: nothing to open
  await record();
  await send('open', input.routes);
  let lastUpdateAt = now();
  let lastAlertedPeak = state.peakNegative;

  while (phase.phase === 'open') {
    const woken = () => inbox.length > 0 || (ackRequest !== undefined && state.status === 'open') || requests.length > 0;
    if (settings.clock === 'wall' && !state.escalatedAt && input.escalationRoutes.length > 0) {
      // Wake up when escalation falls due even if no observation arrives.
      await condition(woken, Math.max(1000, Math.max(state.openedAt + settings.escalateAfterMs, state.mutedUntil ?? 0) - Date.now()));
    } else {
      await condition(woken);
    }
    const happened = drain();

    if (ackRequest && state.status === 'open') {
      state.status = 'acknowledged';
      state.acknowledgedAt = now();
      state.acknowledgedBy = ackRequest.by;
      if (actionsOn) addHistory(state, state.acknowledgedAt, 'acknowledge', ackRequest.by, '');
      await record();
      await send('acknowledged', input.routes);
    }
    if (requests.length) {
      let ended = false;
      while (requests.length && !ended) ended = applyAction(state, requests.shift()!, now()).ended;
      requests.length = 0; // after the end nothing more applies
      await record();
      if (ended) {
        // Ended by a person: the cooldown starts now, as after an automatic resolution.
        phase = { ...phase, phase: 'cooldown', resolvedAt: state.resolvedAt!, cooldownUntil: state.resolvedAt! + settings.cooldownMs };
        await send('resolve', state.escalatedAt ? [...new Set([...input.routes, ...input.escalationRoutes])] : input.routes);
        break;
      }
    }
    if (happened.resolved) {
      state.status = 'resolved';
      await record();
      await send('resolve', state.escalatedAt ? [...new Set([...input.routes, ...input.escalationRoutes])] : input.routes);
      break;
    }
    const growing = state.peakNegative > lastAlertedPeak || happened.grew;
    const escalationDue =
      state.status === 'open' && !state.escalatedAt && input.escalationRoutes.length > 0 && now() - state.openedAt >= settings.escalateAfterMs;
    if (muted()) {
      // Muted: no escalation and no update until the mute ends (the resolution is still sent).
    } else if (escalationDue && (growing || state.lastNegative >= lastAlertedPeak)) {
      state.escalatedAt = now();
      await record();
      await send('escalate', input.escalationRoutes);
      lastUpdateAt = now();
      lastAlertedPeak = state.peakNegative;
    } else if (growing && now() - lastUpdateAt >= settings.updateEveryMs) {
      await record();
      await send('update', input.routes);
      lastUpdateAt = now();
      lastAlertedPeak = state.peakNegative;
    }
  }

  // Cooldown: the same wave cannot open a second incident; observations are absorbed and ignored.
  // People may still add a note, mark it not an incident (most do so once it is over), or mute
  // and unmute the brand. Runs from before the patch dropped those requests.
  state.status = 'cooldown';
  const cooldownEnds = phase.cooldownUntil ?? now();
  const late = actionsOn && patched(LATE_ACTIONS_PATCH);
  if (late) state.lateActions = true;
  const applyLate = async () => {
    if (!late || !requests.length) return;
    while (requests.length) applyLateAction(state, requests.shift()!, now());
    await record();
  };
  if (settings.clock === 'wall' && !late) {
    await condition(() => false, Math.max(1, cooldownEnds - Date.now()));
  } else if (settings.clock === 'wall') {
    while (Date.now() < cooldownEnds) {
      await condition(() => requests.length > 0, Math.max(1, cooldownEnds - Date.now()));
      await applyLate();
    }
  } else {
    while (now() < cooldownEnds) {
      await condition(() => inbox.length > 0 || (late && requests.length > 0));
      drain();
      await applyLate();
    }
  }
  // The last alerts (the resolve on a slow route) are delivered or given up before the run ends.
  await deliveries.settled();
  state.status = 'resolved';
  return state;
}

/** Newer evidence wins where it has any; a thin late window never blanks what was found. */
function mergeEvidence(prev: IncidentEvidence, next: IncidentEvidence): IncidentEvidence {
  return {
    platforms: [...new Set([...prev.platforms, ...next.platforms])].sort(),
    languages: [...new Set([...prev.languages, ...next.languages])].sort(),
    phrases: next.phrases.length ? next.phrases : prev.phrases,
    samples: next.samples.length ? next.samples : prev.samples,
  };
}
