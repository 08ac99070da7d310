-- Licences in force, on the licences' status history and their holders' history (current knowledge: rows not
-- superseded). A licence span says from which day to which (exclusive) a licence was in force in a region: within
-- its validity, while its status history says active, in the region its holder's history gives. The daily and
-- monthly deltas (+1 at a span's start, -1 at its end) add up to the licences in force on a day.

CREATE OR REPLACE FUNCTION licence_spans_of(ids uuid[])
RETURNS TABLE (licence_id uuid, company_id uuid, region_kato varchar, licence_type varchar, valid_from date,
               valid_to date)
LANGUAGE sql STABLE AS $$
-- Each licence probes its own status history and its holder's region spans through their indexes, so a bulk load
-- (whose fresh rows the planner has no statistics for yet) stays linear.
SELECT l.id, l.company_id, c.region_kato, l.licence_type,
       greatest(l.valid_from, s.valid_from, c.valid_from), least(l.valid_until + 1, s.valid_to, c.valid_to)
FROM licences l
CROSS JOIN LATERAL (
    SELECT h.valid_from, h.valid_to FROM licence_history h
    WHERE h.licence_id = l.id AND h.superseded_at IS NULL AND h.status = 'active'
) s
CROSS JOIN LATERAL company_region_spans(ARRAY[l.company_id], false) c
WHERE l.company_id = ANY(ids)
  AND greatest(l.valid_from, s.valid_from, c.valid_from) < least(l.valid_until + 1, s.valid_to, c.valid_to)
$$;

CREATE OR REPLACE FUNCTION licence_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Changes of the same company are serialised; a bulk statement locks the table instead (one lock per company
    -- would exhaust the lock table).
    IF cardinality(ids) > 256 THEN
        LOCK TABLE licence_spans IN SHARE ROW EXCLUSIVE MODE;
    ELSE
        LOCK TABLE licence_spans IN ROW EXCLUSIVE MODE;
        PERFORM pg_advisory_xact_lock(hashtextextended('licence_spans:' || id::text, 0))
        FROM unnest(ids) AS id ORDER BY id;
    END IF;
    WITH old AS (
        DELETE FROM licence_spans s WHERE s.company_id = ANY(ids)
        RETURNING s.region_kato, s.licence_type, s.valid_from, s.valid_to
    ), new AS (
        INSERT INTO licence_spans (licence_id, company_id, region_kato, licence_type, valid_from, valid_to)
        SELECT * FROM licence_spans_of(ids)
        RETURNING region_kato, licence_type, valid_from, valid_to
    ), change AS (
        SELECT valid_from AS day, region_kato, licence_type, 1 AS n FROM new
        UNION ALL SELECT valid_to, region_kato, licence_type, -1 FROM new WHERE valid_to <> 'infinity'
        UNION ALL SELECT valid_from, region_kato, licence_type, -1 FROM old
        UNION ALL SELECT valid_to, region_kato, licence_type, 1 FROM old WHERE valid_to <> 'infinity'
    ), net AS (
        SELECT day, region_kato, licence_type, sum(n)::integer AS licences FROM change
        GROUP BY day, region_kato, licence_type HAVING sum(n) <> 0
    ), daily AS (
        INSERT INTO licence_daily_deltas AS t (day, region_kato, licence_type, licences)
        SELECT * FROM net ORDER BY 1, 2, 3
        ON CONFLICT (day, region_kato, licence_type) DO UPDATE SET licences = t.licences + excluded.licences
    )
    INSERT INTO licence_monthly_deltas AS t (month, region_kato, licence_type, licences)
    SELECT date_trunc('month', day)::date, region_kato, licence_type, sum(licences) FROM net GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (month, region_kato, licence_type) DO UPDATE SET licences = t.licences + excluded.licences;
END;
$$;

CREATE OR REPLACE FUNCTION licences_after_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        ids := (SELECT array_agg(DISTINCT company_id) FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        ids := (SELECT array_agg(DISTINCT company_id) FROM old_rows);
    ELSE
        ids := (SELECT array_agg(DISTINCT x) FROM (SELECT company_id FROM new_rows
                UNION ALL SELECT company_id FROM old_rows) changed(x));
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM licence_refresh(ids);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION licences_after_companies_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (
        SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.region_kato, n.registration_date) IS DISTINCT FROM (o.region_kato, o.registration_date)
          AND EXISTS (SELECT FROM licences l WHERE l.company_id = n.id)
    );
    IF ids IS NOT NULL THEN
        PERFORM licence_refresh(ids);
    END IF;
    RETURN NULL;
END;
$$;
