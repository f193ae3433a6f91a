// Whose posts count as chatter about a brand, written once. What the brand's own accounts post
// (replies to customers, apologies in a crisis, announcements) is its own voice: counting it
// would let the brand's answers to a wave grow the wave, and its announcements dilute the
// negative share. So the rollup (detection, the dashboards' volumes) counts posts by others only;
// `mentions` keeps every post, the brand's own included (the reply queue reads its replies there).
export const CHATTER_SQL = 'author_owned = 0';

/** Placeholders the migration runner fills in (`{{CHATTER}}`). */
export const CHATTER_RULES: Record<string, string> = { CHATTER: CHATTER_SQL };
/** The same over the analysts' view `v_mentions` (sql/0065), whose flag is `is_own_post`. */
export const CHATTER_VIEW_SQL = 'is_own_post = 0';
