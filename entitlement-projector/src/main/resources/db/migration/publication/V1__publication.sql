-- What the projector has published to the public statistics topics. Kept apart from the read model,
-- which a rebuild replaces: what was published stays published, and nothing is published twice.

-- Per holder: the last fact published, the statuses last published per service (and child), and the
-- day on which time alone may next change one of them (an anniversary, a threshold, a policy).
CREATE TABLE holder_publication (
    holder_id          UUID        NOT NULL PRIMARY KEY,
    published_sequence BIGINT      NOT NULL,
    statuses           JSONB       NOT NULL,
    change_count       BIGINT      NOT NULL,
    judged_on          DATE,
    next_check_on      DATE,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX holder_publication_due ON holder_publication (next_check_on);

-- Messages written in the transaction that decided them, sent to Kafka by the relay in id order.
-- batch_id is set before a batch is sent (in one Kafka transaction) and published_at after it committed;
-- a batch found sent but unmarked after a crash is recognised on the topic by its batch id.
CREATE TABLE outbox (
    id              BIGSERIAL    NOT NULL PRIMARY KEY,
    stream          VARCHAR(32)  NOT NULL,
    message_key     VARCHAR(64)  NOT NULL,
    message_id      VARCHAR(64)  NOT NULL,
    message_type    VARCHAR(64)  NOT NULL,
    message_version INT          NOT NULL,
    payload         TEXT         NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    batch_id        UUID,
    published_at    TIMESTAMPTZ,
    UNIQUE (stream, message_id)
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
