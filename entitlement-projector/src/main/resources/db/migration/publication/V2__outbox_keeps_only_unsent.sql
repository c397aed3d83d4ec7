-- The outbox keeps only what is still to send. The relay used to mark each row twice (its batch, then the time it
-- was sent) and keep it forever: after a million holders' month, some 10,000,000 rows and 17 GB, most of them
-- dead row versions for the vacuum to find. The public topics keep what was sent; the outbox need not.

-- A batch being sent: its id (a header of each of its records) and its rows' keys, written before the Kafka
-- transaction and removed with the rows after it committed. One found after a crash is looked for on the topic.
CREATE TABLE outbox_batch (
    batch_id   UUID        NOT NULL PRIMARY KEY,
    ids        BIGINT[]    NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO outbox_batch (batch_id, ids)
SELECT batch_id, array_agg(id ORDER BY id) FROM outbox
WHERE batch_id IS NOT NULL AND published_at IS NULL GROUP BY batch_id;

DELETE FROM outbox WHERE published_at IS NOT NULL;

DROP INDEX outbox_unpublished;
ALTER TABLE outbox DROP COLUMN batch_id, DROP COLUMN published_at;
