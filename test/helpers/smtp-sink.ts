// A real local SMTP server (smtp-server package) that keeps every message it receives.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSinkOptions {
  /** Require AUTH (allowed over plain text) and accept the credentials this says are right. */
  accepts?: (user: string, password: string) => boolean;
}

export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  /** Every AUTH attempt (with `accepts`), in order. */
  logins: { user: string; accepted: boolean }[];
  close(): Promise<void>;
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const logins: SmtpSink['logins'] = [];
  const { accepts } = opts;
  const server = new SMTPServer({
    authOptional: !accepts,
    allowInsecureAuth: Boolean(accepts),
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      const accepted = Boolean(accepts?.(auth.username ?? '', auth.password ?? ''));
      logins.push({ user: auth.username ?? '', accepted });
      // smtp-server answers an error here with 535 Authentication failed.
      if (!accepted) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Waits until `check` holds (tests of asynchronous deliveries), failing after `ms`. */
export async function eventually(check: () => boolean, ms = 30_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
