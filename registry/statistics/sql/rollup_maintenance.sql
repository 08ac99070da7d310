-- How the summary, flow and pivot-risk rollups are kept current: each refresh function recomputes the spans or
-- facts of the companies a statement touched and moves the rollups by the difference; each trigger function
-- picks those companies from the statement's transition tables. As migrations 0004 and 0005 created them; the
-- summary's spans are kept in every version since migration 0015. tests/test_sql_definitions.py checks that the
-- database matches.

CREATE OR REPLACE FUNCTION summary_refresh(ids uuid[]) RETURNS void LANGUAGE sql VOLATILE AS $$
-- The companies' spans in every version (known_rollups.sql) against those stored: a row alike in both stays; one
-- whose knowledge ends elsewhere is updated; the others are added or removed. The checkpoints from the earliest
-- moment whose knowledge changed on are stale; the live rollups move by the change of the current versions.
WITH stored AS (
    SELECT s.id, s.company_id, s.region_kato, s.ai_class, s.fte_ai, s.valid_from, s.valid_to, s.recorded_at,
           s.superseded_at
    FROM summary_company_spans s WHERE s.company_id = ANY(ids)
), paired AS (
    SELECT s.id, s.superseded_at AS was_superseded_at, f.company_id AS fresh_company_id, f.superseded_at,
           coalesce(f.company_id, s.company_id) AS company_id, coalesce(f.region_kato, s.region_kato) AS region_kato,
           coalesce(f.ai_class, s.ai_class) AS ai_class, coalesce(f.fte_ai, s.fte_ai) AS fte_ai,
           coalesce(f.valid_from, s.valid_from) AS valid_from, coalesce(f.valid_to, s.valid_to) AS valid_to,
           coalesce(f.recorded_at, s.recorded_at) AS recorded_at,
           CASE WHEN s.id IS NULL OR f.company_id IS NULL THEN coalesce(f.recorded_at, s.recorded_at)
                ELSE least(coalesce(s.superseded_at, 'infinity'), coalesce(f.superseded_at, 'infinity')) END
               AS changed_at
    FROM stored s
    FULL JOIN summary_span_versions(ids) f
        ON (f.company_id, f.region_kato, f.ai_class, f.fte_ai, f.valid_from, f.valid_to, f.recorded_at)
         = (s.company_id, s.region_kato, s.ai_class, s.fte_ai, s.valid_from, s.valid_to, s.recorded_at)
    WHERE s.id IS NULL OR f.company_id IS NULL OR s.superseded_at IS DISTINCT FROM f.superseded_at
), removed AS (
    DELETE FROM summary_company_spans t USING paired p WHERE t.id = p.id AND p.fresh_company_id IS NULL
), updated AS (
    UPDATE summary_company_spans t SET superseded_at = p.superseded_at
    FROM paired p WHERE t.id = p.id AND p.fresh_company_id IS NOT NULL
), added AS (
    INSERT INTO summary_company_spans
        (company_id, region_kato, ai_class, fte_ai, valid_from, valid_to, recorded_at, superseded_at)
    SELECT p.company_id, p.region_kato, p.ai_class, p.fte_ai, p.valid_from, p.valid_to, p.recorded_at,
           p.superseded_at
    FROM paired p WHERE p.id IS NULL
), stale AS (
    DELETE FROM statistics_checkpoints c WHERE c.upto >= (SELECT min(p.changed_at) FROM paired p)
), change AS (
    SELECT p.valid_from AS day, p.region_kato, p.ai_class, 1 AS companies, p.fte_ai FROM paired p
    WHERE p.fresh_company_id IS NOT NULL AND p.superseded_at IS NULL
    UNION ALL SELECT p.valid_to, p.region_kato, p.ai_class, -1, -p.fte_ai FROM paired p
    WHERE p.fresh_company_id IS NOT NULL AND p.superseded_at IS NULL AND p.valid_to <> 'infinity'
    UNION ALL SELECT p.valid_from, p.region_kato, p.ai_class, -1, -p.fte_ai FROM paired p
    WHERE p.id IS NOT NULL AND p.was_superseded_at IS NULL
    UNION ALL SELECT p.valid_to, p.region_kato, p.ai_class, 1, p.fte_ai FROM paired p
    WHERE p.id IS NOT NULL AND p.was_superseded_at IS NULL AND p.valid_to <> 'infinity'
), net AS (
    SELECT day, region_kato, ai_class, sum(companies)::integer AS companies, sum(fte_ai) AS fte_ai
    FROM change GROUP BY day, region_kato, ai_class
    HAVING sum(companies) <> 0 OR sum(fte_ai) <> 0
), daily AS (
    INSERT INTO summary_daily_deltas AS t (day, region_kato, ai_class, companies, fte_ai)
    SELECT * FROM net ORDER BY 1, 2, 3
    ON CONFLICT (day, region_kato, ai_class)
    DO UPDATE SET companies = t.companies + excluded.companies, fte_ai = t.fte_ai + excluded.fte_ai
)
INSERT INTO summary_monthly_deltas AS t (month, region_kato, ai_class, companies, fte_ai)
SELECT date_trunc('month', day)::date, region_kato, ai_class, sum(companies), sum(fte_ai)
FROM net GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
ON CONFLICT (month, region_kato, ai_class)
DO UPDATE SET companies = t.companies + excluded.companies, fte_ai = t.fte_ai + excluded.fte_ai
$$;

-- A filing stamped before the margin of checkpoints (a bulk load's, or a deleted one) can change what a checkpoint
-- being made now sums: the shared lock makes the two wait for each other (statistics_checkpoint), so the refresh
-- sees the checkpoint it makes stale, or the checkpoint sees the refresh.
CREATE OR REPLACE FUNCTION summary_after_declarations() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT company_id) FROM changed_rows);
    IF EXISTS (SELECT FROM changed_rows WHERE filed_at < now() - interval '1 minute') THEN
        PERFORM pg_advisory_xact_lock_shared(hashtext('statistics_checkpoints'));
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM summary_refresh(ids);
    END IF;
    RETURN NULL;
END;
$$;

-- The history's moments themselves rewritten (a data repair, or a test back-dating what the registry knew): the
-- spans' versions follow. The triggers' own supersessions change no recorded_at, so they refresh nothing here.
CREATE OR REPLACE FUNCTION summary_after_history_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT n.company_id) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.recorded_at IS DISTINCT FROM o.recorded_at);
    IF ids IS NOT NULL THEN
        PERFORM summary_refresh(ids);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION summary_after_companies_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT id) FROM changed_rows);
    IF TG_OP = 'DELETE' THEN  -- a deleted company's versions go: as for a late filing (above)
        PERFORM pg_advisory_xact_lock_shared(hashtext('statistics_checkpoints'));
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM summary_refresh(ids);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION summary_after_companies_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.status, n.region_kato, n.registration_date) IS DISTINCT FROM (o.status, o.region_kato, o.registration_date));
    IF ids IS NOT NULL THEN
        PERFORM summary_refresh(ids);
    END IF;
    RETURN NULL;
END;
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

CREATE OR REPLACE FUNCTION flows_after_pivot_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT company_id) FROM changed_rows);
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['pivot_events']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION flows_after_pivot_events_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT company_id) FROM (SELECT company_id FROM new_rows UNION ALL SELECT company_id FROM old_rows) changed);
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['pivot_events']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION flows_after_applications() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT company_id) FROM changed_rows);
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['applications']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION flows_after_applications_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT unnest) FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(ARRAY[n.company_id, o.company_id]) WHERE (n.company_id, n.licence_type, n.state, n.first_submitted_at, n.decided_at) IS DISTINCT FROM (o.company_id, o.licence_type, o.state, o.first_submitted_at, o.decided_at));
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['applications']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION flows_after_licences() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT company_id) FROM changed_rows);
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['licences']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION flows_after_licences_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT unnest) FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(ARRAY[n.company_id, o.company_id]) WHERE (n.company_id, n.licence_type, n.created_at) IS DISTINCT FROM (o.company_id, o.licence_type, o.created_at));
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['licences']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;

-- Only a licence's id is cast to a uuid (the planner may test the lookup before the kind: another resource's id,
-- a release's number say, would fail the insert).
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

CREATE OR REPLACE FUNCTION pivot_risk_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) > 256 THEN
        LOCK TABLE pivot_risk_spans IN SHARE ROW EXCLUSIVE MODE;
    ELSE
        LOCK TABLE pivot_risk_spans IN ROW EXCLUSIVE MODE;
        PERFORM pg_advisory_xact_lock(hashtextextended('pivot_risk_spans:' || id::text, 0))
        FROM unnest(ids) AS id ORDER BY id;
    END IF;
    WITH old AS (
        DELETE FROM pivot_risk_spans s WHERE s.company_id = ANY(ids)
        RETURNING s.region_kato, s.from_month, s.to_month
    ), new AS (
        INSERT INTO pivot_risk_spans (company_id, region_kato, from_month, to_month)
        SELECT * FROM pivot_risk_spans_of(ids)
        RETURNING region_kato, from_month, to_month
    ), change AS (
        SELECT from_month AS month, region_kato, 1 AS companies FROM new
        UNION ALL SELECT to_month, region_kato, -1 FROM new WHERE to_month <> 'infinity'
        UNION ALL SELECT from_month, region_kato, -1 FROM old
        UNION ALL SELECT to_month, region_kato, 1 FROM old WHERE to_month <> 'infinity'
    ), net AS (
        SELECT month, region_kato, sum(companies)::integer AS companies FROM change
        GROUP BY 1, 2 HAVING sum(companies) <> 0
    )
    INSERT INTO pivot_risk_monthly_deltas AS t (month, region_kato, companies)
    SELECT * FROM net ORDER BY 1, 2
    ON CONFLICT (month, region_kato) DO UPDATE SET companies = t.companies + excluded.companies;
END;
$$;

CREATE OR REPLACE FUNCTION pivot_risk_after_declarations() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT company_id) FROM changed_rows);
    IF ids IS NOT NULL THEN
        PERFORM pivot_risk_refresh(ids);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION pivot_risk_after_companies_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT id) FROM changed_rows);
    IF ids IS NOT NULL THEN
        PERFORM pivot_risk_refresh(ids);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION pivot_risk_after_companies_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.status, n.region_kato, n.registration_date) IS DISTINCT FROM (o.status, o.region_kato, o.registration_date));
    IF ids IS NOT NULL THEN
        PERFORM pivot_risk_refresh(ids);
    END IF;
    RETURN NULL;
END;
$$;
