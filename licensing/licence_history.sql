-- A licence's status in two times (see registry/history/company_history.sql): from valid_from until the day before
-- valid_to the licence had this status, as the registry knew from recorded_at until superseded_at. A change takes
-- effect on registry_effective_on() (not before the licence's first day) and holds from then on.

CREATE OR REPLACE FUNCTION licence_history_record(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    licence record;
    effective date;
    at timestamptz := clock_timestamp();
BEGIN
    INSERT INTO licence_history (licence_id, valid_from, status, recorded_at)
    SELECT l.id, l.valid_from, l.status, at FROM licences l
    WHERE l.id = ANY(ids)
      AND NOT EXISTS (SELECT FROM licence_history h WHERE h.licence_id = l.id AND h.superseded_at IS NULL);

    FOR licence IN
        SELECT l.id, l.status, l.valid_from FROM licences l
        JOIN licence_history h ON h.licence_id = l.id AND h.superseded_at IS NULL AND h.valid_to = 'infinity'
        WHERE l.id = ANY(ids) AND l.status IS DISTINCT FROM h.status
        ORDER BY l.id
    LOOP
        effective := greatest(registry_effective_on(), licence.valid_from);
        WITH replaced AS (
            UPDATE licence_history h SET superseded_at = at
            WHERE h.licence_id = licence.id AND h.superseded_at IS NULL AND h.valid_to > effective
            RETURNING h.valid_from, h.valid_to, h.status
        )
        INSERT INTO licence_history (licence_id, valid_from, valid_to, status, recorded_at)
        SELECT licence.id, r.valid_from, effective, r.status, at FROM replaced r WHERE r.valid_from < effective
        UNION ALL
        SELECT licence.id, effective, 'infinity', licence.status, at
        WHERE EXISTS (SELECT FROM replaced);
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION licence_history_after_licences() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- New licences: their status history starts on their first day (no lookup, so a bulk load stays linear).
        INSERT INTO licence_history (licence_id, valid_from, status, recorded_at)
        SELECT n.id, n.valid_from, n.status, clock_timestamp() FROM new_rows n;
    ELSE
        PERFORM licence_history_record((
            SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.status IS DISTINCT FROM o.status
        ));
    END IF;
    RETURN NULL;
END
$$;
