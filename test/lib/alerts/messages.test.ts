import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../lib/alerts/alert.js';
import { alert } from './alert-fixture.js';
import { excerpt, explainTrigger, growthPercent } from '../../../lib/alerts/alert.js';
import { emailMessage } from '../../../lib/alerts/email-message.js';
import { slackMessage } from '../../../lib/alerts/slack-message.js';
import { signedUrl, verifyLink } from '../../../lib/alerts/signed-links.js';

describe('alert messages', () => {
  it('Slack: headline, figures, phrases and samples isolated for RTL, escaped, with buttons', () => {
    const m = slackMessage(alert);
    expect(m.text).toBe(':rotating_light: Negative chatter about Acme <Cloud> & Co is spreading: 44 negative mentions per 5 min, +1000% over baseline (4.0)');
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('Acme &lt;Cloud&gt; &amp; Co'); // mrkdwn escaping
    expect(json).toContain('\u2068השירות של אקמה גרוע, אני רוצה החזר\u2069');
    expect(json).toContain('\u2068خدمة سيئة\u2069 (9)');
    expect(json).toContain('&lt;script&gt;');
    expect(json).toContain('<https://x.example/1|open>');
    const actions = (m.blocks as { type: string; elements?: { url: string }[] }[]).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.url)).toEqual(['http://worker/ack?x=1', 'http://grafana/d/brand-health', 'http://temporal/wf']);
    expect(slackMessage({ ...alert, kind: 'resolve' }).blocks).not.toContainEqual(expect.objectContaining({ type: 'divider' }));
  });

  it('email: subject, text part, HTML with dir=auto samples and the inline chart', () => {
    const e = emailMessage(alert, { chartCid: 'chart@x' });
    expect(e.subject).toMatch(/^\[high\] Acme <Cloud> & Co: Negative chatter/);
    expect(e.text).toContain('Platforms: reddit, x   Languages: ar, en, he');
    expect(e.text).toContain('- Acme lost my bags <script>');
    expect(e.html).toContain('<img src="cid:chart@x"');
    expect(e.html).toContain('<blockquote dir="auto">');
    expect(e.html).not.toContain('<script>');
    expect(e.html).toContain('Acme lost my bags &lt;script&gt;');
  });

  it('a route that gave up is announced by name, with the alert it gave up on and why', () => {
    const notice: Alert = { ...alert, kind: 'undeliverable', undeliverable: { routeId: 'slack-main', kind: 'open', reason: 'after 5 attempts: route "slack-main": POST hooks.slack.com timed out after 10 s' } };
    const head = 'Alert route "slack-main" is not getting Acme <Cloud> & Co\'s incident alerts through: it gave up on the open alert (after 5 attempts: route "slack-main": POST hooks.slack.com timed out after 10 s)';
    expect(slackMessage(notice).text).toBe(`:warning: ${head}`);
    expect(JSON.stringify(slackMessage(notice).blocks)).toContain('Acme <Cloud> & Co: alert route down');
    expect(emailMessage(notice).subject).toBe(`[alert route down] Acme <Cloud> & Co: ${head}`.slice(0, 200));
  });

  it('helpers: growth, excerpts and signed acknowledgement links', () => {
    expect(growthPercent(30, 10)).toBe(200);
    expect(growthPercent(3, 0)).toBe(300); // a zero baseline counts as one
    expect(excerpt('a\u0007b   c', 10)).toBe('ab c');
    expect(excerpt('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    const url = new URL(signedUrl('https://worker.example', 's3cret', 'ack', 'inc-1', 'acme'));
    expect(url.pathname).toBe('/ack');
    const sig = url.searchParams.get('sig')!;
    expect(verifyLink('s3cret', 'ack', 'inc-1', 'acme', sig)).toBe(true);
    expect(verifyLink('s3cret', 'ack', 'inc-2', 'acme', sig)).toBe(false);
    expect(verifyLink('s3cret', 'chart', 'inc-1', 'acme', sig)).toBe(false); // a chart link cannot acknowledge
    expect(verifyLink('other', 'ack', 'inc-1', 'acme', sig)).toBe(false);
  });
});

describe('the alert says which window and which evidence crossed', () => {
  const trigger = { ms: 3_600_000, negative: 41, expected: 9.2, total: 85, share: 41 / 85, baselineShare: 0.21, llr: 30, evidence: 1.9 };
  it('in words', () => {
    expect(explainTrigger(trigger)).toBe('41 negative posts in the last 60 min where 9.2 were expected; negative share 48% vs 21%');
    expect(explainTrigger({ ...trigger, ms: 4 * 3_600_000, expected: 30.4, total: 0 })).toBe('41 negative posts in the last 4 h where 30 were expected');
  });
  it('in Slack and email, not on the resolve message', () => {
    const a = { ...alert, trigger };
    expect(JSON.stringify(slackMessage(a).blocks)).toContain('Why: 41 negative posts in the last 60 min');
    expect(emailMessage(a).text).toContain('Why: 41 negative posts in the last 60 min where 9.2 were expected');
    expect(emailMessage(a).html).toContain('Why: 41 negative posts');
    expect(JSON.stringify(slackMessage({ ...a, kind: 'resolve' }).blocks)).not.toContain('Why:');
  });
});

describe('incident actions in the alerts', () => {
  const links = { assign: 'http://worker/assign?s=1', note: 'http://worker/note?s=1', resolve: 'http://worker/resolve?s=1', falsePositive: 'http://worker/false-positive?s=1', mute: 'http://worker/mute?s=1' };
  const worked: Alert = {
    ...alert,
    kind: 'update',
    assignee: 'Dana <ops>',
    notes: [{ text: 'Billing confirmed the double charge', by: 'Dana', at: alert.openedAt }],
    links: { ...alert.links, actions: links },
  };

  it('Slack: the assignee and notes, and one button per action page', () => {
    const m = slackMessage(worked);
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('Assigned to Dana &lt;ops&gt;');
    expect(json).toContain('Note from Dana: Billing confirmed the double charge');
    const rows = (m.blocks as { type: string; elements?: { url: string }[] }[]).filter((b) => b.type === 'actions');
    expect(rows[1].elements!.map((e) => e.url)).toEqual(Object.values(links));
    // A resolution offers no actions.
    const resolved = slackMessage({ ...worked, kind: 'resolve', resolution: 'manual', resolvedBy: 'Dana' });
    expect((resolved.blocks as { type: string }[]).filter((b) => b.type === 'actions')).toHaveLength(1);
    expect(resolved.text).toContain('Resolved by hand by Dana: the incident for Acme <Cloud> & Co is closed');
  });

  it('email: the assignee, notes and action links in both parts; a false positive says so', () => {
    const e = emailMessage(worked);
    expect(e.text).toContain('Assigned to Dana <ops>');
    expect(e.text).toContain('Note from Dana: Billing confirmed the double charge');
    expect(e.text).toContain('Not an incident: http://worker/false-positive?s=1');
    expect(e.html).toContain('Assigned to Dana &lt;ops&gt;');
    expect(e.html).toContain('<a href="http://worker/mute?s=1">Mute the brand</a>');
    const fp = emailMessage({ ...worked, kind: 'resolve', resolution: 'false_positive', resolvedBy: 'Sam' });
    expect(fp.subject).toContain("Not an incident: Acme <Cloud> & Co's alert was marked a false positive by Sam");
    expect(fp.text).not.toContain('Assign: ');
  });

  it('a link signed for one action does not verify for another', () => {
    const url = new URL(signedUrl('http://worker', 'secret', 'assign', 'acme-1', 'acme'));
    expect(url.pathname).toBe('/assign');
    const sig = url.searchParams.get('sig')!;
    expect(verifyLink('secret', 'assign', 'acme-1', 'acme', sig)).toBe(true);
    for (const other of ['ack', 'resolve', 'false-positive', 'mute', 'note'] as const) expect(verifyLink('secret', other, 'acme-1', 'acme', sig)).toBe(false);
  });
});
