-- Every counted row of every flow as the registry knew it at known_at (registry/statistics/series.py and
-- licensing/metrics.py name the flows): rows recorded by then and not retracted by then. ``source`` names what a
-- change to can alter the row; a registration is the first day of a company's history, a sanction is dated by the
-- day it took effect. The rollups read it at 'infinity' (everything recorded so far, through flow_source_rows);
-- figures asked as known at a moment read it at that moment (registry/statistics/known_flows.py).
CREATE OR REPLACE FUNCTION flow_rows_known_at(known_at timestamptz)
RETURNS TABLE (source varchar, metric varchar, company_id uuid, day date, licence_type varchar)
LANGUAGE sql STABLE AS $$
SELECT 'pivot_events'::varchar,
       CASE p.kind WHEN 'born_ai_native' THEN 'born_ai_native' WHEN 'pivot_to_ai' THEN 'pivots_to_ai'
            ELSE 'pivots_away' END::varchar,
       p.company_id, p.to_period_end, ''::varchar
FROM pivot_events p
WHERE p.series = 'live' AND p.detected_at <= known_at AND (p.retracted_at IS NULL OR p.retracted_at > known_at)
UNION ALL
SELECT 'applications', 'applications_submitted', a.company_id, (a.first_submitted_at AT TIME ZONE 'UTC')::date,
       a.licence_type
FROM licence_applications a WHERE a.first_submitted_at <= known_at
UNION ALL
SELECT 'applications', 'decisions_' || a.state, a.company_id, (a.decided_at AT TIME ZONE 'UTC')::date, a.licence_type
FROM licence_applications a WHERE a.state IN ('approved', 'rejected') AND a.decided_at <= known_at
UNION ALL
SELECT 'licences', 'licences_issued', l.company_id, (l.created_at AT TIME ZONE 'UTC')::date, l.licence_type
FROM licences l WHERE l.created_at <= known_at
UNION ALL
SELECT 'licences', CASE e.kind WHEN 'licence.suspended' THEN 'licences_suspended' ELSE 'licences_revoked' END,
       l.company_id, coalesce((e.data->>'effective_on')::date, (e.occurred_at AT TIME ZONE 'UTC')::date),
       l.licence_type
FROM licences l
JOIN events e ON e.resource_type = 'licence' AND e.resource_id = l.id::text
    AND e.kind IN ('licence.suspended', 'licence.revoked')
WHERE e.occurred_at <= known_at
UNION ALL
SELECT 'companies', 'companies_registered', h.company_id, h.valid_from, ''
FROM company_history h
WHERE h.recorded_at <= known_at AND (h.superseded_at IS NULL OR h.superseded_at > known_at) AND NOT EXISTS (
    SELECT FROM company_history e
    WHERE e.company_id = h.company_id AND e.valid_from < h.valid_from
      AND e.recorded_at <= known_at AND (e.superseded_at IS NULL OR e.superseded_at > known_at)
)
$$;

-- What the rollups count: every row recorded so far.
CREATE OR REPLACE VIEW flow_source_rows AS
SELECT * FROM flow_rows_known_at('infinity');

-- The facts of the given companies and sources: each row with the company's region, legal form and primary
-- activity on the row's day (its first known ones for a day before its history starts), and its first-in-period
-- marks.
CREATE OR REPLACE FUNCTION flow_facts_of(ids uuid[], sources varchar[])
RETURNS TABLE (metric varchar, company_id uuid, day date, licence_type varchar, region_kato varchar,
               legal_form varchar, section varchar, division varchar, events integer, first_month integer,
               first_quarter integer, first_year integer, first_month_of_type integer,
               first_quarter_of_type integer, first_year_of_type integer)
LANGUAGE sql STABLE AS $$
WITH src AS (
    SELECT s.metric, s.company_id, s.day, s.licence_type, count(*)::integer AS events
    FROM flow_source_rows s WHERE s.company_id = ANY(ids) AND s.source = ANY(sources)
    GROUP BY 1, 2, 3, 4
)
SELECT s.metric, s.company_id, s.day, s.licence_type, c.region_kato, c.legal_form,
       coalesce(a.section, 'none'), coalesce(split_part(c.primary_oked, '.', 1), 'none'), s.events,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, date_trunc('month', s.day) ORDER BY s.day, s.licence_type) = 1)::int,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, date_trunc('quarter', s.day) ORDER BY s.day, s.licence_type) = 1)::int,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, date_trunc('year', s.day) ORDER BY s.day, s.licence_type) = 1)::int,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, s.licence_type, date_trunc('month', s.day) ORDER BY s.day) = 1)::int,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, s.licence_type, date_trunc('quarter', s.day) ORDER BY s.day) = 1)::int,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, s.licence_type, date_trunc('year', s.day) ORDER BY s.day) = 1)::int
FROM src s
CROSS JOIN LATERAL (
    SELECT h.region_kato, h.legal_form, h.primary_oked FROM company_history h
    WHERE h.company_id = s.company_id AND h.superseded_at IS NULL
    ORDER BY (h.valid_from <= s.day AND h.valid_to > s.day) DESC, h.valid_from
    LIMIT 1
) c
LEFT JOIN activities a ON a.code = c.primary_oked
$$;

CREATE OR REPLACE FUNCTION flows_after_companies_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT id) FROM new_rows);
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['companies']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION flows_after_companies_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT id) FROM old_rows);
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['pivot_events', 'applications', 'licences', 'companies']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION flows_after_companies_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (
        SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.region_kato, n.legal_form, n.registration_date)
              IS DISTINCT FROM (o.region_kato, o.legal_form, o.registration_date)
    );
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['pivot_events', 'applications', 'licences', 'companies']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION flows_after_company_activities() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT company_id) FROM changed_rows WHERE is_primary);
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['pivot_events', 'applications', 'licences', 'companies']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION flows_after_company_activities_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := (
        SELECT array_agg(DISTINCT company_id) FROM (SELECT company_id FROM new_rows WHERE is_primary
        UNION ALL SELECT company_id FROM old_rows WHERE is_primary) changed
    );
    IF ids IS NOT NULL THEN
        PERFORM flow_refresh(ids, ARRAY['pivot_events', 'applications', 'licences', 'companies']::varchar[]);
    END IF;
    RETURN NULL;
END;
$$;
