// How long one delivery attempt may take and how often a route is retried, in one place: the
// channels use the transport timeouts, the incident workflow the attempt timeout and the retries.
// Workflow code imports this file: constants only.
//
// A Slack or SMTP answer takes well under a second; 10 s per request is ample and bounds a
// hanging receiver. Five attempts over about 30 s of backoff ride out a receiver's restart; a
// route that never answers is given up (recorded undeliverable, escalated) after about 80 s,
// where the old policy (15 s x 8 attempts, backoff to 2 min) took over 6 minutes.

/** One HTTP request (Slack webhook, chat.postMessage), and one SMTP connection or greeting. */
export const TRANSPORT_TIMEOUT_MS = 10_000;
/** Silence on an open SMTP connection (a message with its chart is a few hundred KB). */
export const SMTP_SOCKET_TIMEOUT_MS = 15_000;

/** The failure types that no retry can fix (activities/failures.ts throws them). */
export const UNRECOVERABLE_DELIVERY = ['RouteConfig', 'AlertRejected'];

/** Activity options of one route's delivery of one alert (durations in ms). */
export const DELIVERY_ACTIVITY = {
  /** The chart rendering plus the transport's own timeouts, with room to spare. */
  startToCloseTimeout: 30_000,
  retry: {
    initialInterval: 2_000,
    backoffCoefficient: 2,
    maximumInterval: 30_000,
    maximumAttempts: 5,
    nonRetryableErrorTypes: UNRECOVERABLE_DELIVERY,
  },
};
