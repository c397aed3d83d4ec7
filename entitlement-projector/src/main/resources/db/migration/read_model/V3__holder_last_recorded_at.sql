-- The latest record time among each holder's events, kept on its row in the same transaction as its facts, so
-- that an answer known now tells whether the stored facts hold every event known then without a max() over the
-- holder's fact log. Record times are compared, not assumed to follow the sequence (two command services' clocks
-- may differ).

ALTER TABLE holder ADD COLUMN last_recorded_at TIMESTAMPTZ;

UPDATE holder h SET last_recorded_at = coalesce(
    (SELECT max(e.recorded_at) FROM holder_event e WHERE e.holder_id = h.holder_id), h.updated_at);

ALTER TABLE holder ALTER COLUMN last_recorded_at SET NOT NULL;
