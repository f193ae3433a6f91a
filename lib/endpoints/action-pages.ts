// The pages behind the alerts' action links: GET shows a small form (who acts, and what the
// action needs), POST performs it. Pure rendering and form reading; action-endpoint.ts serves them.
import type { ActionPage } from '../alerts/signed-links.js';
import { parseDuration } from '../config/duration.js';
import type { IncidentActionRequest } from '../pipeline/incident-actions.js';
import { escapeHtml as e, htmlPage as page } from './html-page.js';

const TITLES: Record<ActionPage, string> = {
  assign: 'Assign the incident',
  note: 'Add a note',
  resolve: 'Resolve the incident by hand',
  'false-positive': 'Mark as not an incident',
  mute: 'Mute the brand',
  unmute: 'Lift the mute',
};

const field = (name: string, label: string, value = '', required = true) =>
  `<p><label>${e(label)}<br><input name="${name}" value="${e(value)}"${required ? ' required' : ''} size="40"></label></p>`;

/** The confirm form: nothing happens until it is posted. */
export function actionForm(action: ActionPage, q: { brand: string; incident: string; sig: string; to?: string }): string {
  const hidden = (['brand', 'incident', 'sig'] as const).map((k) => `<input type="hidden" name="${k}" value="${e(q[k])}">`).join('');
  const specific = {
    assign: field('to', 'Assign to', q.to ?? ''),
    note: `<p><label>Note<br><textarea name="text" required rows="4" cols="60"></textarea></label></p>`,
    resolve: field('reason', 'Reason (optional)', '', false),
    'false-positive': field('reason', 'Why it is not an incident (optional)', '', false),
    mute: field('for', 'Mute for (e.g. 2h, 1d)', '4h'),
    unmute: `<p>New incidents of <b>${e(q.brand)}</b> open again at once.</p>`,
  }[action];
  const body = `<p>Incident <code>${e(q.incident)}</code> of <b>${e(q.brand)}</b>.</p>
<form method="post">${hidden}${specific}${field('by', 'Your name')}<p><button type="submit">${e(TITLES[action])}</button></p></form>`;
  return page(TITLES[action], body);
}

/** The request a posted form asks for, or the problem with it (naming the field). */
export function formRequest(action: ActionPage, form: URLSearchParams): { request?: IncidentActionRequest; problem?: string } {
  const by = (form.get('by') ?? '').trim();
  if (!by) return { problem: 'the field "by" (your name) is empty' };
  const reason = (form.get('reason') ?? '').trim() || undefined;
  switch (action) {
    case 'assign': {
      const to = (form.get('to') ?? '').trim();
      return to ? { request: { action, to, by } } : { problem: 'the field "to" (who to assign) is empty' };
    }
    case 'note': {
      const text = (form.get('text') ?? '').trim();
      return text ? { request: { action, text: text.slice(0, 4000), by } } : { problem: 'the field "text" (the note) is empty' };
    }
    case 'resolve':
    case 'false-positive':
      return { request: { action, by, reason } };
    case 'unmute':
      return { request: { action, by } };
    case 'mute': {
      try {
        const forMs = parseDuration(form.get('for') ?? '');
        return forMs > 0 ? { request: { action, forMs, by } } : { problem: 'the field "for" must be longer than 0' };
      } catch (err) {
        return { problem: `the field "for": ${(err as Error).message}` };
      }
    }
  }
}

export const DONE: Record<ActionPage, (brand: string, incident: string) => string> = {
  assign: (b, i) => `Incident ${i} for ${b} is assigned.`,
  note: (b, i) => `The note is added to incident ${i} for ${b}; the next update carries it.`,
  resolve: (b, i) => `Incident ${i} for ${b} is resolved.`,
  'false-positive': (b, i) => `Incident ${i} for ${b} is marked not an incident; the detector will not learn its window.`,
  mute: (b) => `${b} is muted: no new incident opens for it until the mute ends.`,
  unmute: (b) => `The mute of ${b} is lifted: new incidents open again.`,
};

/** The answer to a mute: what it did, and the link (signed for `unmute`) that lifts it. */
export const mutedPage = (brand: string, incident: string, liftHref: string) =>
  page('Done', `<p>${e(DONE.mute(brand, incident))}</p><p><a href="${e(liftHref)}">Lift the mute</a></p>`);
