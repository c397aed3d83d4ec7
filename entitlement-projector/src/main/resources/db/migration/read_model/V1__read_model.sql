-- The entitlement read model. Each holder row remembers the last event applied to it
-- (last_sequence), written in the same transaction as the derived rows, so a redelivered
-- event is recognised and changes nothing.

CREATE TABLE holder (
    holder_id     UUID        NOT NULL PRIMARY KEY,
    citizen_id    CHAR(18)    NOT NULL UNIQUE,
    jurisdiction  CHAR(6)     NOT NULL,
    permit_status VARCHAR(16) NOT NULL,
    facts         JSONB       NOT NULL,
    last_sequence BIGINT      NOT NULL,
    last_event_id VARCHAR(64) NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Valid-time periods of each service's status: [valid_from, valid_to), valid_to NULL while it lasts.
CREATE TABLE entitlement_period (
    holder_id    UUID        NOT NULL REFERENCES holder (holder_id) ON DELETE CASCADE,
    service_code VARCHAR(40) NOT NULL,
    status       VARCHAR(16) NOT NULL,
    valid_from   DATE        NOT NULL,
    valid_to     DATE,
    PRIMARY KEY (holder_id, service_code, valid_from)
);
