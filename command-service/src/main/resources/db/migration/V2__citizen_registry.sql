-- One holder stream per citizen: the registry is written in the same transaction as the stream's
-- first event, so a second application by the same citizen can never open a second stream.
CREATE TABLE citizen_holder (
    citizen_id  CHAR(18)    NOT NULL PRIMARY KEY,
    holder_id   UUID        NOT NULL UNIQUE,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
