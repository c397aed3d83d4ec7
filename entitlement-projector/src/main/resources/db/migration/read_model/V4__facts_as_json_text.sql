-- A holder's facts and each fact-log payload are stored as JSON text (json) instead of jsonb. Nothing queries
-- inside them: the projector and the query service read and write them whole, as text. jsonb took PostgreSQL's
-- CPU both ways (each value parsed into its binary form when written, written out as text again when read),
-- on the fact log's COPY in a rebuild and the feed, on every holder's update, and on every answer's read.
-- json keeps the text as it was written (checked to be JSON): the same value, not necessarily the same spaces
-- or key order as jsonb's text of it.
-- Existing tables are rewritten once, here (some 20 s for 2.4 million fact-log rows on a 2-core machine).

ALTER TABLE holder_event ALTER COLUMN payload TYPE json USING payload::json;

ALTER TABLE holder ALTER COLUMN facts TYPE json USING facts::json;
