-- The first result of each command sent with an Idempotency-Key, written in the command's own transaction:
-- a retry with the same key returns it and records nothing; the same key with another request is refused.
CREATE TABLE idempotency_key (
    idempotency_key VARCHAR(200) NOT NULL PRIMARY KEY,
    fingerprint     CHAR(64)     NOT NULL,
    command_type    VARCHAR(100) NOT NULL,
    result_type     VARCHAR(200),
    result          TEXT,
    recorded_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
