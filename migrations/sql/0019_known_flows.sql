-- Frozen by migration 0019 (flows as known at any moment): the package's known_flow_facts.sql, and its
-- statistics_checkpoint (known_rollups.sql), flow_refresh and flows_after_events (rollup_maintenance.sql) as they
-- were then.

-- Flows as known at any moment, fast (registry/statistics/known_flows.py).
--
-- flow_known_facts keeps every version of each company's flow facts (flow_rollups.sql: a flow's rows per company,
-- day and licence type, with the company's breakdowns on the day and its first-in-period marks) in transaction
-- time: a fact was known from recorded_at until superseded_at (NULL while still known), exactly as
-- flow_rows_known_at and the history recorded by then give them (registry/statistics/history_flows.py). A company's
-- knowledge of its flows changes at its moments: a history row recorded or superseded, a pivot event detected or
-- retracted, an application first submitted or decided, a licence created or sanctioned. The version known at a
-- moment is the one of its latest moment by then; the marks are those of the version's own rows, so they stay exact.
-- Checkpoints (statistics_checkpoint, known_rollups.sql) sum the facts' changes per month, region and breakdown.

-- Every version of the given companies' flow facts, each with the moments it was known from and until.
CREATE OR REPLACE FUNCTION flow_fact_versions(ids uuid[])
RETURNS TABLE (metric varchar, company_id uuid, day date, licence_type varchar, region_kato varchar,
               legal_form varchar, section varchar, division varchar, events integer, first_month integer,
               first_quarter integer, first_year integer, first_month_of_type integer,
               first_quarter_of_type integer, first_year_of_type integer, recorded_at timestamptz,
               superseded_at timestamptz)
LANGUAGE sql STABLE AS $$
-- Each company probes its rows of every source through their indexes (OFFSET 0 keeps each probe a probe), so a bulk
-- load, whose fresh rows the planner has no statistics for yet, stays linear.
WITH history AS MATERIALIZED (
    SELECT i.id AS company_id, h.id, h.region_kato, h.legal_form, h.primary_oked, h.valid_from, h.valid_to,
           h.recorded_at AS known_from, h.superseded_at AS known_until
    FROM unnest(ids) AS i (id)
    CROSS JOIN LATERAL (
        SELECT h.id, h.region_kato, h.legal_form, h.primary_oked, h.valid_from, h.valid_to, h.recorded_at,
               h.superseded_at
        FROM company_history h WHERE h.company_id = i.id OFFSET 0
    ) h
), sourced AS MATERIALIZED (
    -- The rows of flow_rows_known_at, each with the moments it was known from and until.
    SELECT i.id AS company_id, p.metric, p.day, ''::varchar AS licence_type, p.known_from, p.known_until
    FROM unnest(ids) AS i (id)
    CROSS JOIN LATERAL (
        SELECT CASE p.kind WHEN 'born_ai_native' THEN 'born_ai_native' WHEN 'pivot_to_ai' THEN 'pivots_to_ai'
                    ELSE 'pivots_away' END::varchar AS metric,
               p.to_period_end AS day, p.detected_at AS known_from, p.retracted_at AS known_until
        FROM pivot_events p WHERE p.company_id = i.id AND p.series = 'live' OFFSET 0
    ) p
    UNION ALL
    SELECT i.id, a.metric, a.day, a.licence_type, a.known_from, NULL
    FROM unnest(ids) AS i (id)
    CROSS JOIN LATERAL (
        SELECT x.metric, x.day, x.licence_type, x.known_from FROM (
            SELECT a.licence_type, a.state, a.first_submitted_at, a.decided_at
            FROM licence_applications a WHERE a.company_id = i.id OFFSET 0
        ) a
        CROSS JOIN LATERAL (
            VALUES ('applications_submitted'::varchar, (a.first_submitted_at AT TIME ZONE 'UTC')::date,
                    a.licence_type, a.first_submitted_at),
                   (('decisions_' || a.state)::varchar, (a.decided_at AT TIME ZONE 'UTC')::date, a.licence_type,
                    CASE WHEN a.state IN ('approved', 'rejected') THEN a.decided_at END)
        ) x (metric, day, licence_type, known_from)
        WHERE x.known_from IS NOT NULL
    ) a
    UNION ALL
    SELECT i.id, 'licences_issued'::varchar, (l.created_at AT TIME ZONE 'UTC')::date, l.licence_type, l.created_at, NULL
    FROM unnest(ids) AS i (id)
    CROSS JOIN LATERAL (
        SELECT l.licence_type, l.created_at FROM licences l WHERE l.company_id = i.id AND l.created_at IS NOT NULL
        OFFSET 0
    ) l
    UNION ALL
    SELECT i.id, e.metric, e.day, e.licence_type, e.occurred_at, NULL
    FROM unnest(ids) AS i (id)
    CROSS JOIN LATERAL (
        SELECT CASE e.kind WHEN 'licence.suspended' THEN 'licences_suspended' ELSE 'licences_revoked' END::varchar
                   AS metric,
               coalesce((e.data->>'effective_on')::date, (e.occurred_at AT TIME ZONE 'UTC')::date) AS day,
               l.licence_type, e.occurred_at
        FROM licences l
        JOIN events e ON e.resource_type = 'licence' AND e.resource_id = l.id::text
            AND e.kind IN ('licence.suspended', 'licence.revoked')
        WHERE l.company_id = i.id AND e.occurred_at IS NOT NULL
        OFFSET 0
    ) e
), moments AS (
    SELECT m.company_id, m.moment, row_number() OVER w AS version, lead(m.moment) OVER w AS next_moment
    FROM (
        SELECT h.company_id, h.known_from AS moment FROM history h
        UNION
        SELECT h.company_id, h.known_until FROM history h WHERE h.known_until IS NOT NULL
        UNION
        SELECT s.company_id, s.known_from FROM sourced s
        UNION
        SELECT s.company_id, s.known_until FROM sourced s WHERE s.known_until IS NOT NULL
    ) m
    WINDOW w AS (PARTITION BY m.company_id ORDER BY m.moment)
), known_history AS MATERIALIZED (
    SELECT v.company_id, v.version, h.id, h.known_from, h.region_kato, h.legal_form, h.primary_oked, h.valid_from,
           h.valid_to, min(h.valid_from) OVER (PARTITION BY v.company_id, v.version) AS first_day
    FROM moments v
    JOIN history h ON h.company_id = v.company_id AND h.known_from <= v.moment
        AND (h.known_until IS NULL OR h.known_until > v.moment)
), counted AS (
    -- A registration is the first day of the history known then (every known row starting on it).
    SELECT r.company_id, r.version, r.metric, r.day, r.licence_type, count(*)::integer AS events
    FROM (
        SELECT v.company_id, v.version, s.metric, s.day, s.licence_type
        FROM moments v
        JOIN sourced s ON s.company_id = v.company_id AND s.known_from <= v.moment
            AND (s.known_until IS NULL OR s.known_until > v.moment)
        UNION ALL
        SELECT k.company_id, k.version, 'companies_registered'::varchar, k.valid_from, ''::varchar FROM known_history k
        WHERE k.valid_from = k.first_day
    ) r
    GROUP BY 1, 2, 3, 4, 5
), broken AS (
    -- Each fact with the company's region, legal form and primary activity on its day (its first known ones for a
    -- day before its history starts; of rows known at once for the same days, as a repair of recorded moments can
    -- leave them, the latest recorded); a fact known before any history of its company is not counted.
    SELECT c.*, k.region_kato, k.legal_form, k.primary_oked,
           row_number() OVER (
               PARTITION BY c.company_id, c.version, c.metric, c.day, c.licence_type
               ORDER BY (k.valid_from <= c.day AND k.valid_to > c.day) DESC, k.valid_from, k.known_from DESC, k.id DESC
           ) AS choice
    FROM counted c
    JOIN known_history k ON k.company_id = c.company_id AND k.version = c.version
), facts AS (
    SELECT b.company_id, b.version, b.metric, b.day, b.licence_type, b.region_kato, b.legal_form,
           coalesce(a.section, 'none') AS section, coalesce(split_part(b.primary_oked, '.', 1), 'none') AS division,
           b.events,
           (row_number() OVER (PARTITION BY b.company_id, b.version, b.metric, date_trunc('month', b.day)
                               ORDER BY b.day, b.licence_type) = 1)::int AS first_month,
           (row_number() OVER (PARTITION BY b.company_id, b.version, b.metric, date_trunc('quarter', b.day)
                               ORDER BY b.day, b.licence_type) = 1)::int AS first_quarter,
           (row_number() OVER (PARTITION BY b.company_id, b.version, b.metric, date_trunc('year', b.day)
                               ORDER BY b.day, b.licence_type) = 1)::int AS first_year,
           (row_number() OVER (PARTITION BY b.company_id, b.version, b.metric, b.licence_type,
                                            date_trunc('month', b.day) ORDER BY b.day) = 1)::int AS first_month_of_type,
           (row_number() OVER (PARTITION BY b.company_id, b.version, b.metric, b.licence_type,
                                            date_trunc('quarter', b.day) ORDER BY b.day) = 1)::int
               AS first_quarter_of_type,
           (row_number() OVER (PARTITION BY b.company_id, b.version, b.metric, b.licence_type,
                                            date_trunc('year', b.day) ORDER BY b.day) = 1)::int AS first_year_of_type
    FROM broken b
    LEFT JOIN activities a ON a.code = b.primary_oked
    WHERE b.choice = 1
), runs AS (
    -- A fact alike in consecutive versions is one row, known from the first of them to the one after the last.
    SELECT f.*, f.version - row_number() OVER (
               PARTITION BY f.company_id, f.metric, f.day, f.licence_type, f.region_kato, f.legal_form, f.section,
                            f.division, f.events, f.first_month, f.first_quarter, f.first_year, f.first_month_of_type,
                            f.first_quarter_of_type, f.first_year_of_type
               ORDER BY f.version) AS run
    FROM facts f
)
SELECT r.metric, r.company_id, r.day, r.licence_type, r.region_kato, r.legal_form, r.section, r.division, r.events,
       r.first_month, r.first_quarter, r.first_year, r.first_month_of_type, r.first_quarter_of_type,
       r.first_year_of_type, first.moment, last.next_moment
FROM (
    SELECT r.metric, r.company_id, r.day, r.licence_type, r.region_kato, r.legal_form, r.section, r.division,
           r.events, r.first_month, r.first_quarter, r.first_year, r.first_month_of_type, r.first_quarter_of_type,
           r.first_year_of_type, min(r.version) AS first_version, max(r.version) AS last_version
    FROM runs r
    GROUP BY r.metric, r.company_id, r.day, r.licence_type, r.region_kato, r.legal_form, r.section, r.division,
             r.events, r.first_month, r.first_quarter, r.first_year, r.first_month_of_type, r.first_quarter_of_type,
             r.first_year_of_type, r.run
) r
JOIN moments first ON first.company_id = r.company_id AND first.version = r.first_version
JOIN moments last ON last.company_id = r.company_id AND last.version = r.last_version
$$;

-- The companies' flow facts in every version (above) against those stored: a row alike in both stays; one whose
-- knowledge ends elsewhere is updated; the others are added or removed. The checkpoints from the earliest moment
-- whose knowledge changed on are stale. A change stamped before the checkpoints' margin (a deleted company, a
-- back-dated history, a bulk load's past moments) holds the checkpoint lock shared first, so a checkpoint being
-- made sees it or is seen stale (known_rollups.sql). Called by flow_refresh, which serialises each company's changes.
CREATE OR REPLACE FUNCTION flow_known_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    changed timestamptz;
BEGIN
    WITH stored AS (
        SELECT s.id, s.metric, s.company_id, s.day, s.licence_type, s.region_kato, s.legal_form, s.section,
               s.division, s.events, s.first_month, s.first_quarter, s.first_year, s.first_month_of_type,
               s.first_quarter_of_type, s.first_year_of_type, s.recorded_at, s.superseded_at
        FROM flow_known_facts s WHERE s.company_id = ANY(ids)
    ), paired AS (
        SELECT s.id, f.company_id AS fresh_company_id, f.superseded_at,
               CASE WHEN s.id IS NULL OR f.company_id IS NULL THEN coalesce(f.recorded_at, s.recorded_at)
                    ELSE least(coalesce(s.superseded_at, 'infinity'), coalesce(f.superseded_at, 'infinity')) END
                   AS changed_at,
               f.metric, f.company_id, f.day, f.licence_type, f.region_kato, f.legal_form, f.section, f.division,
               f.events, f.first_month, f.first_quarter, f.first_year, f.first_month_of_type,
               f.first_quarter_of_type, f.first_year_of_type, f.recorded_at
        FROM stored s
        FULL JOIN flow_fact_versions(ids) f
            ON (f.metric, f.company_id, f.day, f.licence_type, f.region_kato, f.legal_form, f.section, f.division,
                f.events, f.first_month, f.first_quarter, f.first_year, f.first_month_of_type,
                f.first_quarter_of_type, f.first_year_of_type, f.recorded_at)
             = (s.metric, s.company_id, s.day, s.licence_type, s.region_kato, s.legal_form, s.section, s.division,
                s.events, s.first_month, s.first_quarter, s.first_year, s.first_month_of_type,
                s.first_quarter_of_type, s.first_year_of_type, s.recorded_at)
        WHERE s.id IS NULL OR f.company_id IS NULL OR s.superseded_at IS DISTINCT FROM f.superseded_at
    ), removed AS (
        DELETE FROM flow_known_facts t USING paired p WHERE t.id = p.id AND p.fresh_company_id IS NULL
    ), updated AS (
        UPDATE flow_known_facts t SET superseded_at = p.superseded_at
        FROM paired p WHERE t.id = p.id AND p.fresh_company_id IS NOT NULL
    ), added AS (
        INSERT INTO flow_known_facts
            (metric, company_id, day, licence_type, region_kato, legal_form, section, division, events, first_month,
             first_quarter, first_year, first_month_of_type, first_quarter_of_type, first_year_of_type, recorded_at,
             superseded_at)
        SELECT p.metric, p.company_id, p.day, p.licence_type, p.region_kato, p.legal_form, p.section, p.division,
               p.events, p.first_month, p.first_quarter, p.first_year, p.first_month_of_type,
               p.first_quarter_of_type, p.first_year_of_type, p.recorded_at, p.superseded_at
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

-- The history's moments themselves rewritten (a data repair, or a test back-dating what the registry knew): the
-- flow facts' versions follow. The triggers' own supersessions change no recorded_at, so they refresh nothing here.
CREATE OR REPLACE FUNCTION flows_after_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT n.company_id) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.recorded_at IS DISTINCT FROM o.recorded_at);
    IF ids IS NOT NULL THEN
        PERFORM flow_known_refresh(ids);
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
    -- Flows likewise, from the flow facts' versions (known_flow_facts.sql), per month, region and one breakdown as
    -- flow_monthly_counts holds them (the licence type's marks within the type).
    WITH change AS (
        SELECT 1 AS sign, f.* FROM flow_known_facts f WHERE f.recorded_at > previous AND f.recorded_at <= upto
        UNION ALL
        SELECT -1, f.* FROM flow_known_facts f WHERE f.superseded_at > previous AND f.superseded_at <= upto
    ), keyed AS (
        SELECT ch.metric, date_trunc('month', ch.day)::date AS month, ch.region_kato, k.dim, k.grp,
               ch.sign * ch.events AS events,
               ch.sign * CASE WHEN k.dim = 'licence_type' THEN ch.first_month_of_type ELSE ch.first_month END AS fm,
               ch.sign * CASE WHEN k.dim = 'licence_type' THEN ch.first_quarter_of_type ELSE ch.first_quarter END
                   AS fq,
               ch.sign * CASE WHEN k.dim = 'licence_type' THEN ch.first_year_of_type ELSE ch.first_year END AS fy
        FROM change ch
        CROSS JOIN LATERAL (VALUES ('', ''), ('legal_form', ch.legal_form), ('activity', ch.section),
                                   ('activity_division', ch.division), ('licence_type', ch.licence_type)) AS k (dim, grp)
        WHERE k.dim <> 'licence_type' OR ch.licence_type <> ''
    )
    INSERT INTO flow_known_monthly_counts
        (checkpoint_id, metric, month, region_kato, dim, grp, events, first_month, first_quarter, first_year)
    SELECT made, k.metric, k.month, k.region_kato, k.dim, k.grp, sum(k.events), sum(k.fm), sum(k.fq), sum(k.fy)
    FROM keyed k GROUP BY 2, 3, 4, 5, 6
    HAVING sum(k.events) <> 0 OR sum(k.fm) <> 0 OR sum(k.fq) <> 0 OR sum(k.fy) <> 0;
    RETURN made;
END
$$;

CREATE OR REPLACE FUNCTION flow_refresh(ids uuid[], sources varchar[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) > 256 THEN
        LOCK TABLE flow_facts IN SHARE ROW EXCLUSIVE MODE;
    ELSE
        LOCK TABLE flow_facts IN ROW EXCLUSIVE MODE;
        PERFORM pg_advisory_xact_lock(hashtextextended('flow_facts:' || id::text, 0))
        FROM unnest(ids) AS id ORDER BY id;
    END IF;
    -- A new statement, so a fresh snapshot: it sees what the transactions waited for committed.
    WITH old AS (
        DELETE FROM flow_facts f
        WHERE f.company_id = ANY(ids) AND f.metric IN (
            SELECT DISTINCT s.metric FROM flow_metric_sources s WHERE s.source = ANY(sources)
        )
        RETURNING metric, company_id, day, licence_type, region_kato, legal_form, section, division, events, first_month, first_quarter, first_year, first_month_of_type, first_quarter_of_type, first_year_of_type
    ), new AS (
        INSERT INTO flow_facts (metric, company_id, day, licence_type, region_kato, legal_form, section, division, events, first_month, first_quarter, first_year, first_month_of_type, first_quarter_of_type, first_year_of_type) SELECT * FROM flow_facts_of(ids, sources) RETURNING metric, company_id, day, licence_type, region_kato, legal_form, section, division, events, first_month, first_quarter, first_year, first_month_of_type, first_quarter_of_type, first_year_of_type
    ), change AS (
        SELECT 1 AS sign, * FROM new UNION ALL SELECT -1, * FROM old
    ), 
keyed AS (
    SELECT ch.metric, date_trunc('month', ch.day)::date AS month, ch.region_kato, k.dim, k.grp,
           ch.sign * ch.events AS events,
           ch.sign * CASE WHEN k.dim = 'licence_type' THEN ch.first_month_of_type ELSE ch.first_month END AS fm,
           ch.sign * CASE WHEN k.dim = 'licence_type' THEN ch.first_quarter_of_type ELSE ch.first_quarter END AS fq,
           ch.sign * CASE WHEN k.dim = 'licence_type' THEN ch.first_year_of_type ELSE ch.first_year END AS fy
    FROM change ch
    CROSS JOIN LATERAL (VALUES ('', ''), ('legal_form', ch.legal_form), ('activity', ch.section),
                               ('activity_division', ch.division), ('licence_type', ch.licence_type)) AS k(dim, grp)
    WHERE k.dim <> 'licence_type' OR ch.licence_type <> ''
), net AS (
    SELECT metric, month, region_kato, dim, grp, sum(events)::integer AS events, sum(fm)::integer AS fm,
           sum(fq)::integer AS fq, sum(fy)::integer AS fy
    FROM keyed GROUP BY 1, 2, 3, 4, 5
    HAVING sum(events) <> 0 OR sum(fm) <> 0 OR sum(fq) <> 0 OR sum(fy) <> 0
)
INSERT INTO flow_monthly_counts AS t
    (metric, month, region_kato, dim, grp, events, first_month, first_quarter, first_year)
SELECT * FROM net ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (metric, month, region_kato, dim, grp) DO UPDATE SET
    events = t.events + excluded.events, first_month = t.first_month + excluded.first_month,
    first_quarter = t.first_quarter + excluded.first_quarter, first_year = t.first_year + excluded.first_year
;
    -- Every version of the companies' facts, for flows as known at a moment (known_flow_facts.sql).
    PERFORM flow_known_refresh(ids);
END;
$$;

CREATE OR REPLACE FUNCTION flows_after_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT company_id) FROM (SELECT (SELECT l.company_id FROM licences l WHERE l.id = CASE WHEN e.resource_type = 'licence' THEN e.resource_id::uuid END) AS company_id FROM changed_rows e WHERE e.resource_type = 'licence' AND e.kind IN ('licence.suspended', 'licence.revoked')) sanctioned WHERE company_id IS NOT NULL);
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['licences']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;
