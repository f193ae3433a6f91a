// Email over SMTP (nodemailer), the incident chart inline as a PNG.
import nodemailer from 'nodemailer';
import { readSecret } from '../config/load.js';
import { RouteConfigError, type AlertChannel } from './channel.js';
import { emailMessage } from './email-message.js';

export const emailChannel: AlertChannel<'email'> = {
  type: 'email',
  chart: 'png',
  async send(route, alert, opts) {
    const user = readSecret(route.smtp.user_env, opts.env);
    const pass = readSecret(route.smtp.password_env, opts.env);
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
      connectionTimeout: 15_000,
    });
    const chartCid = opts.chartPng ? `chart-${alert.incidentId}@brand-pulse` : undefined;
    const msg = emailMessage(alert, { chartCid });
    try {
      const info = await transport.sendMail({
        from: route.from,
        to: route.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
        attachments: opts.chartPng ? [{ filename: 'incident-chart.png', content: opts.chartPng, contentType: 'image/png', cid: chartCid }] : [],
      });
      return { detail: `smtp ${info.response ?? 'sent'}` };
    } finally {
      transport.close();
    }
  },
};
