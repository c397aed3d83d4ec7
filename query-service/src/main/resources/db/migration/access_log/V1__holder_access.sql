-- Every read of a single holder's data, recorded before it is answered (Decree 663 Art. 17): who, in which
-- role, for which agency and purpose, when, and what was read. Append-only: rows are never changed or removed.
CREATE TABLE access_log.holder_access (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    accessed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    holder_id   text        NOT NULL,
    subject     text        NOT NULL,
    role        text        NOT NULL,
    agency      text,
    purpose     text,
    resource    text        NOT NULL,
    query       text
);

CREATE INDEX holder_access_by_holder ON access_log.holder_access (holder_id, id);

CREATE FUNCTION access_log.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % of %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER holder_access_append_only
    BEFORE UPDATE OR DELETE ON access_log.holder_access
    FOR EACH ROW EXECUTE FUNCTION access_log.refuse_change();

CREATE TRIGGER holder_access_never_truncated
    BEFORE TRUNCATE ON access_log.holder_access
    FOR EACH STATEMENT EXECUTE FUNCTION access_log.refuse_change();
