-- Guards that keep records immutable: the event log is append-only (migration 0001), declarations and rubric
-- versions refuse changes (0002), official statistics releases (0006) and what they were built from (0022)
-- refuse changes and deletion.

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


CREATE OR REPLACE FUNCTION statistics_release_inputs_immutable()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'the inputs of statistics release % are immutable', OLD.release_id
        USING ERRCODE = 'restrict_violation';
END
$$;
