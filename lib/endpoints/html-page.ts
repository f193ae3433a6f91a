// The worker's small HTML pages (incident actions, reply-queue links): one escaper and one page
// frame for all of them. Pure.
import he from 'he';

/** Text or attribute value made safe for HTML. */
export const escapeHtml = (s: string) => he.encode(s, { useNamedReferences: true });

/** A page with its title as heading; `body` is HTML already. */
export const htmlPage = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif"><h2>${escapeHtml(title)}</h2>${body}</body></html>`;
