// Email over SMTP (nodemailer), the incident chart inline as a PNG. A failure names the server,
// the reply code and the command (transport-error.ts), never the credentials or the reply text;
// rejected credentials are not retried.
import nodemailer from 'nodemailer';
import { readSecret } from '../config/load.js';
import { RouteConfigError, type AlertChannel, type RouteOf, type SendResult } from './channel.js';
import { SMTP_SOCKET_TIMEOUT_MS, TRANSPORT_TIMEOUT_MS } from './delivery-policy.js';
import { emailMessage } from './email-message.js';
import { smtpFailure } from './transport-error.js';

export const emailChannel: AlertChannel<'email'> = {
  type: 'email',
  chart: 'png',
  async send(route, alert, opts) {
    const chartCid = opts.chartPng ? `chart-${alert.incidentId}@brand-pulse` : undefined;
    const msg = emailMessage(alert, { chartCid });
    const attachments = opts.chartPng ? [{ filename: 'incident-chart.png', content: opts.chartPng, cid: chartCid as string }] : [];
    return sendEmail(route, { ...msg, attachments }, opts.env);
  },
  secrets(route, env) {
    const user = readSecret(route.smtp.user_env, env) ?? '';
    const pass = readSecret(route.smtp.password_env, env);
    if (!pass) return [];
    // Also as they travel in AUTH PLAIN and AUTH LOGIN, should anything echo them.
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    return [pass, b64(pass), b64(`\u0000${user}\u0000${pass}`)];
  },
};

export interface EmailToSend {
  subject: string;
  text: string;
  html: string;
  /** PNG images, shown inline where the HTML refers to `cid:<cid>`. */
  attachments: { filename: string; content: Buffer; cid: string }[];
}

/** Sends one message over the route's SMTP server (an alert's, a digest's). */
export async function sendEmail(route: RouteOf<'email'>, mail: EmailToSend, env?: NodeJS.ProcessEnv): Promise<SendResult> {
  const user = readSecret(route.smtp.user_env, env);
  const pass = readSecret(route.smtp.password_env, env);
  if (route.smtp.password_env && !pass) {
    throw new RouteConfigError(`route "${route.id}": environment variable ${route.smtp.password_env} (SMTP password) is not set`);
  }
  const transport = nodemailer.createTransport({
    host: route.smtp.host,
    port: route.smtp.port,
    secure: route.smtp.secure,
    auth: user ? { user, pass } : undefined,
    // Local relays often have self-signed certificates; STARTTLS is still used when offered.
    tls: { rejectUnauthorized: false },
    connectionTimeout: TRANSPORT_TIMEOUT_MS,
    greetingTimeout: TRANSPORT_TIMEOUT_MS,
    socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({
      from: route.from,
      to: route.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments.map((a) => ({ ...a, contentType: 'image/png' })),
    });
    return { detail: `smtp ${info.response ?? 'sent'}` };
  } catch (e) {
    throw smtpFailure(route.id, `${route.smtp.host}:${route.smtp.port}`, e);
  } finally {
    transport.close();
  }
}
