-- Entitlements now depend on the day asked about (valid time), on what was known when (record time)
-- and on the policy in force that day, so the read model keeps each holder's facts as recorded
-- and the rules derive entitlements for any (on, knownAt) at query time.
-- The periods of V1 answered only "now"; they are replaced.

DROP TABLE entitlement_period;

CREATE TABLE holder_event (
    holder_id   UUID        NOT NULL REFERENCES holder (holder_id) ON DELETE CASCADE,
    sequence    BIGINT      NOT NULL,
    event_id    VARCHAR(64) NOT NULL UNIQUE,
    type        VARCHAR(64) NOT NULL,
    version     INT         NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    payload     JSONB       NOT NULL,
    PRIMARY KEY (holder_id, sequence)
);

ALTER TABLE holder ALTER COLUMN permit_status TYPE VARCHAR(24);

-- holders applied for but whose events were projected before this migration get their log on replay
DELETE FROM holder;
