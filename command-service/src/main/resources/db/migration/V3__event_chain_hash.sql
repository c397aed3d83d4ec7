-- Tamper evidence (《居住证暂行条例》 Art. 20): every stored event carries a hash over its content and the
-- hash of the previous event of the same holder, computed by the database as the row is appended, so the
-- chain covers exactly the bytes stored. Verification recomputes it (ChainVerifier, same formula).
--
-- chainhash = sha256( previous chainhash (empty for sequence 0)
--                     || utf8( aggregateidentifier '|' sequencenumber '|' eventidentifier '|' payloadtype '|'
--                              payloadrevision-or-empty '|' timestamp '|' length(payload) '|' )
--                     || payload || utf8('|') || metadata-or-empty )

ALTER TABLE domainevententry ADD COLUMN chainhash BYTEA;

CREATE FUNCTION event_chain_hash() RETURNS trigger AS $$
DECLARE
    previous BYTEA;
BEGIN
    IF NEW.sequencenumber > 0 THEN
        SELECT chainhash INTO previous FROM domainevententry
         WHERE aggregateidentifier = NEW.aggregateidentifier AND sequencenumber = NEW.sequencenumber - 1;
        IF previous IS NULL THEN
            RAISE EXCEPTION 'event % of % has no predecessor to chain to', NEW.sequencenumber, NEW.aggregateidentifier;
        END IF;
    END IF;
    NEW.chainhash := sha256(coalesce(previous, ''::bytea)
        || convert_to(NEW.aggregateidentifier || '|' || NEW.sequencenumber || '|' || NEW.eventidentifier || '|'
                      || NEW.payloadtype || '|' || coalesce(NEW.payloadrevision, '') || '|' || NEW.timestamp || '|'
                      || length(NEW.payload) || '|', 'UTF8')
        || NEW.payload || convert_to('|', 'UTF8') || coalesce(NEW.metadata, ''::bytea));
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER event_chain_hash BEFORE INSERT ON domainevententry
    FOR EACH ROW EXECUTE FUNCTION event_chain_hash();

-- events stored before this migration: chain them in stream order
DO $$
DECLARE
    r RECORD;
    previous BYTEA;
    current_holder VARCHAR(255) := NULL;
BEGIN
    FOR r IN SELECT globalindex, aggregateidentifier, sequencenumber, eventidentifier, payloadtype, payloadrevision,
                    timestamp, payload, metadata
               FROM domainevententry ORDER BY aggregateidentifier, sequencenumber LOOP
        IF current_holder IS DISTINCT FROM r.aggregateidentifier THEN
            previous := NULL;
            current_holder := r.aggregateidentifier;
        END IF;
        previous := sha256(coalesce(previous, ''::bytea)
            || convert_to(r.aggregateidentifier || '|' || r.sequencenumber || '|' || r.eventidentifier || '|'
                          || r.payloadtype || '|' || coalesce(r.payloadrevision, '') || '|' || r.timestamp || '|'
                          || length(r.payload) || '|', 'UTF8')
            || r.payload || convert_to('|', 'UTF8') || coalesce(r.metadata, ''::bytea));
        UPDATE domainevententry SET chainhash = previous WHERE globalindex = r.globalindex;
    END LOOP;
END
$$;
