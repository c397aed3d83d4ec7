-- The time path reads the holders due in (day, holder) order, each batch on from the last holder it took. Read
-- from the start each time, a batch went through the index entries of every holder judged since the last vacuum
-- (moved to a later day, their old entries stay until then): after a bulk load, hundreds of thousands of them.
DROP INDEX holder_publication_due;
CREATE INDEX holder_publication_due ON holder_publication (next_check_on, holder_id);
