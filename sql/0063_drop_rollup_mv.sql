-- The rollup's view is recreated (0064) to count only chatter: posts by others than the brand's
-- own accounts (lib/analysis/chatter.ts). Between the two statements nothing is inserted:
-- migrations run before the worker polls or ingests.
DROP VIEW IF EXISTS mention_rollup_1m_mv
