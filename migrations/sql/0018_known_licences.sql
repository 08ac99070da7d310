-- Frozen by migration 0018 from licensing/licence_rollups.sql and registry/statistics/sql/known_rollups.sql: the
-- licence spans' versions, their refresh, the trigger for rewritten history moments, and checkpoints that sum them.

CREATE OR REPLACE FUNCTION licence_span_versions(ids uuid[])
RETURNS TABLE (licence_id uuid, company_id uuid, region_kato varchar, licence_type varchar, valid_from date,
               valid_to date, recorded_at timestamptz, superseded_at timestamptz)
LANGUAGE sql STABLE AS $$
-- Each company, licence and holder probes its rows through their indexes (OFFSET 0 keeps each probe a probe), so a
-- bulk load, whose fresh rows the planner has no statistics for yet, stays linear.
WITH licensed AS MATERIALIZED (
    SELECT l.id, l.company_id, l.licence_type, l.valid_from, l.valid_to, l.created_at
    FROM unnest(ids) AS i (id)
    CROSS JOIN LATERAL (
        SELECT l.id, l.company_id, l.licence_type, l.valid_from, l.valid_until + 1 AS valid_to, l.created_at
        FROM licences l WHERE l.company_id = i.id OFFSET 0
    ) l
), statuses AS MATERIALIZED (
    SELECT l.id AS licence_id, l.company_id, h.status, h.valid_from, h.valid_to, h.recorded_at, h.superseded_at
    FROM licensed l
    CROSS JOIN LATERAL (
        SELECT h.status, h.valid_from, h.valid_to, h.recorded_at, h.superseded_at
        FROM licence_history h WHERE h.licence_id = l.id OFFSET 0
    ) h
), holders AS MATERIALIZED (
    SELECT c.company_id, r.region_kato, r.valid_from, r.valid_to, r.recorded_at, r.superseded_at
    FROM (SELECT DISTINCT l.company_id FROM licensed l) c
    CROSS JOIN LATERAL (
        SELECT r.region_kato, r.valid_from, r.valid_to, r.recorded_at, r.superseded_at
        FROM company_history r WHERE r.company_id = c.company_id OFFSET 0
    ) r
), moments AS (
    SELECT m.company_id, m.moment, row_number() OVER w AS version, lead(m.moment) OVER w AS next_moment
    FROM (
        SELECT l.company_id, l.created_at AS moment FROM licensed l
        UNION
        SELECT h.company_id, h.recorded_at FROM statuses h
        UNION
        SELECT h.company_id, h.superseded_at FROM statuses h WHERE h.superseded_at IS NOT NULL
        UNION
        SELECT r.company_id, r.recorded_at FROM holders r
        UNION
        SELECT r.company_id, r.superseded_at FROM holders r WHERE r.superseded_at IS NOT NULL
    ) m
    WINDOW w AS (PARTITION BY m.company_id ORDER BY m.moment)
), pieces AS (
    SELECT v.company_id, v.version, l.id AS licence_id, l.licence_type, r.region_kato,
           greatest(l.valid_from, h.valid_from, r.valid_from) AS valid_from,
           least(l.valid_to, h.valid_to, r.valid_to) AS valid_to
    FROM moments v
    JOIN licensed l ON l.company_id = v.company_id AND l.created_at <= v.moment
    JOIN statuses h ON h.licence_id = l.id AND h.status = 'active' AND h.recorded_at <= v.moment
        AND (h.superseded_at IS NULL OR h.superseded_at > v.moment)
    JOIN holders r ON r.company_id = v.company_id AND r.recorded_at <= v.moment
        AND (r.superseded_at IS NULL OR r.superseded_at > v.moment)
    WHERE greatest(l.valid_from, h.valid_from, r.valid_from) < least(l.valid_to, h.valid_to, r.valid_to)
), flagged AS (
    SELECT p.*,
           CASE WHEN lag(p.valid_to) OVER w = p.valid_from AND lag(p.region_kato) OVER w = p.region_kato
                THEN 0 ELSE 1 END AS starts
    FROM pieces p WINDOW w AS (PARTITION BY p.licence_id, p.version ORDER BY p.valid_from)
), spans AS (
    SELECT i.company_id, i.version, i.licence_id, i.licence_type, i.region_kato, min(i.valid_from) AS valid_from,
           max(i.valid_to) AS valid_to
    FROM (SELECT f.*, sum(f.starts) OVER (PARTITION BY f.licence_id, f.version ORDER BY f.valid_from) AS island
          FROM flagged f) i
    GROUP BY i.company_id, i.version, i.licence_id, i.licence_type, i.region_kato, i.island
), runs AS (
    -- A span alike in consecutive versions is one row, known from the first of them to the one after the last.
    SELECT s.*, s.version - row_number() OVER (
               PARTITION BY s.licence_id, s.region_kato, s.valid_from, s.valid_to ORDER BY s.version) AS run
    FROM spans s
)
SELECT r.licence_id, r.company_id, r.region_kato, r.licence_type, r.valid_from, r.valid_to, first.moment,
       last.next_moment
FROM (
    SELECT r.licence_id, r.company_id, r.region_kato, r.licence_type, r.valid_from, r.valid_to,
           min(r.version) AS first_version, max(r.version) AS last_version
    FROM runs r GROUP BY r.licence_id, r.company_id, r.region_kato, r.licence_type, r.valid_from, r.valid_to, r.run
) r
JOIN moments first ON first.company_id = r.company_id AND first.version = r.first_version
JOIN moments last ON last.company_id = r.company_id AND last.version = r.last_version
$$;

CREATE OR REPLACE FUNCTION licence_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    changed timestamptz;
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
    -- Every version (above) against those stored: a row alike in both stays; one whose knowledge ends elsewhere is
    -- updated; the others are added or removed. The checkpoints from the earliest moment whose knowledge changed
    -- on are stale. A change stamped before the checkpoints' margin (a deleted licence, a back-dated history) holds
    -- the checkpoint lock shared first, so a checkpoint being made sees it or is seen stale (known_rollups.sql).
    WITH stored AS (
        SELECT s.id, s.licence_id, s.company_id, s.region_kato, s.licence_type, s.valid_from, s.valid_to,
               s.recorded_at, s.superseded_at
        FROM licence_known_spans s WHERE s.company_id = ANY(ids)
    ), paired AS (
        SELECT s.id, f.licence_id AS fresh_licence_id, f.superseded_at,
               coalesce(f.licence_id, s.licence_id) AS licence_id, coalesce(f.company_id, s.company_id) AS company_id,
               coalesce(f.region_kato, s.region_kato) AS region_kato,
               coalesce(f.licence_type, s.licence_type) AS licence_type,
               coalesce(f.valid_from, s.valid_from) AS valid_from, coalesce(f.valid_to, s.valid_to) AS valid_to,
               coalesce(f.recorded_at, s.recorded_at) AS recorded_at,
               CASE WHEN s.id IS NULL OR f.licence_id IS NULL THEN coalesce(f.recorded_at, s.recorded_at)
                    ELSE least(coalesce(s.superseded_at, 'infinity'), coalesce(f.superseded_at, 'infinity')) END
                   AS changed_at
        FROM stored s
        FULL JOIN licence_span_versions(ids) f
            ON (f.licence_id, f.region_kato, f.licence_type, f.valid_from, f.valid_to, f.recorded_at)
             = (s.licence_id, s.region_kato, s.licence_type, s.valid_from, s.valid_to, s.recorded_at)
        WHERE s.id IS NULL OR f.licence_id IS NULL OR s.superseded_at IS DISTINCT FROM f.superseded_at
    ), removed AS (
        DELETE FROM licence_known_spans t USING paired p WHERE t.id = p.id AND p.fresh_licence_id IS NULL
    ), updated AS (
        UPDATE licence_known_spans t SET superseded_at = p.superseded_at
        FROM paired p WHERE t.id = p.id AND p.fresh_licence_id IS NOT NULL
    ), added AS (
        INSERT INTO licence_known_spans
            (licence_id, company_id, region_kato, licence_type, valid_from, valid_to, recorded_at, superseded_at)
        SELECT p.licence_id, p.company_id, p.region_kato, p.licence_type, p.valid_from, p.valid_to, p.recorded_at,
               p.superseded_at
        FROM paired p WHERE p.id IS NULL
    )
    SELECT min(p.changed_at) INTO changed FROM paired p;
    IF changed < now() - interval '1 minute' THEN
        PERFORM pg_advisory_xact_lock_shared(hashtext('statistics_checkpoints'));
    END IF;
    -- A new statement after the lock: it sees a checkpoint committed while this one waited.
    DELETE FROM statistics_checkpoints c WHERE c.upto >= changed;
END;
$$;

CREATE OR REPLACE FUNCTION licences_after_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    IF TG_TABLE_NAME = 'licence_history' THEN
        ids := (SELECT array_agg(DISTINCT l.company_id) FROM new_rows n JOIN old_rows o ON o.id = n.id
                JOIN licences l ON l.id = n.licence_id WHERE n.recorded_at IS DISTINCT FROM o.recorded_at);
    ELSE
        ids := (SELECT array_agg(DISTINCT n.company_id) FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE n.recorded_at IS DISTINCT FROM o.recorded_at
                  AND EXISTS (SELECT FROM licences l WHERE l.company_id = n.company_id));
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM licence_refresh(ids);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION statistics_checkpoint(upto timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    previous timestamptz;
    made bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('statistics_checkpoints'));
    SELECT coalesce(max(c.upto), '-infinity') INTO previous FROM statistics_checkpoints c;
    IF previous >= upto THEN
        RETURN NULL;
    END IF;
    INSERT INTO statistics_checkpoints (upto) VALUES (upto) RETURNING id INTO made;
    WITH change AS (
        SELECT c.day, c.region_kato, c.ai_class, sum(c.companies)::integer AS companies, sum(c.fte_ai) AS fte_ai
        FROM (
            SELECT s.valid_from AS day, s.region_kato, s.ai_class, 1 AS companies, s.fte_ai FROM summary_company_spans s
            WHERE s.recorded_at > previous AND s.recorded_at <= upto
            UNION ALL
            SELECT s.valid_to, s.region_kato, s.ai_class, -1, -s.fte_ai FROM summary_company_spans s
            WHERE s.recorded_at > previous AND s.recorded_at <= upto AND s.valid_to <> 'infinity'
            UNION ALL
            SELECT s.valid_from, s.region_kato, s.ai_class, -1, -s.fte_ai FROM summary_company_spans s
            WHERE s.superseded_at > previous AND s.superseded_at <= upto
            UNION ALL
            SELECT s.valid_to, s.region_kato, s.ai_class, 1, s.fte_ai FROM summary_company_spans s
            WHERE s.superseded_at > previous AND s.superseded_at <= upto AND s.valid_to <> 'infinity'
        ) c
        GROUP BY c.day, c.region_kato, c.ai_class
        HAVING sum(c.companies) <> 0 OR sum(c.fte_ai) <> 0
    ), daily AS (
        INSERT INTO summary_known_deltas (checkpoint_id, day, region_kato, ai_class, companies, fte_ai)
        SELECT made, c.day, c.region_kato, c.ai_class, c.companies, c.fte_ai FROM change c
    )
    INSERT INTO summary_known_monthly_deltas (checkpoint_id, month, region_kato, ai_class, companies, fte_ai)
    SELECT made, date_trunc('month', c.day)::date, c.region_kato, c.ai_class, sum(c.companies), sum(c.fte_ai)
    FROM change c GROUP BY 2, 3, 4;
    -- Licences in force likewise, from the licence spans' versions (licensing/licence_rollups.sql).
    WITH change AS (
        SELECT c.day, c.region_kato, c.licence_type, sum(c.licences)::integer AS licences
        FROM (
            SELECT s.valid_from AS day, s.region_kato, s.licence_type, 1 AS licences FROM licence_known_spans s
            WHERE s.recorded_at > previous AND s.recorded_at <= upto
            UNION ALL
            SELECT s.valid_to, s.region_kato, s.licence_type, -1 FROM licence_known_spans s
            WHERE s.recorded_at > previous AND s.recorded_at <= upto AND s.valid_to <> 'infinity'
            UNION ALL
            SELECT s.valid_from, s.region_kato, s.licence_type, -1 FROM licence_known_spans s
            WHERE s.superseded_at > previous AND s.superseded_at <= upto
            UNION ALL
            SELECT s.valid_to, s.region_kato, s.licence_type, 1 FROM licence_known_spans s
            WHERE s.superseded_at > previous AND s.superseded_at <= upto AND s.valid_to <> 'infinity'
        ) c
        GROUP BY c.day, c.region_kato, c.licence_type
        HAVING sum(c.licences) <> 0
    ), daily AS (
        INSERT INTO licence_known_deltas (checkpoint_id, day, region_kato, licence_type, licences)
        SELECT made, c.day, c.region_kato, c.licence_type, c.licences FROM change c
    )
    INSERT INTO licence_known_monthly_deltas (checkpoint_id, month, region_kato, licence_type, licences)
    SELECT made, date_trunc('month', c.day)::date, c.region_kato, c.licence_type, sum(c.licences)
    FROM change c GROUP BY 2, 3, 4;
    RETURN made;
END
$$;
