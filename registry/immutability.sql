-- Guards that keep records immutable: the event log is append-only (migration 0001), declarations and rubric
-- versions refuse changes (0002), official statistics releases refuse changes and deletion (0006).

CREATE OR REPLACE FUNCTION events_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only (% on events)', TG_OP;
END;
$$;

CREATE OR REPLACE FUNCTION refuse_row_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE OR REPLACE FUNCTION statistics_release_immutable()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'statistics release % is immutable: publish a revision instead', OLD.id
        USING ERRCODE = 'restrict_violation';
END
$$;

