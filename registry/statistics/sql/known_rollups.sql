-- Stocks as known at any moment, fast (registry/statistics/known_stocks.py).
--
-- summary_company_spans keeps every version of each company's spans (summary_rollups.sql) in transaction time: a row
-- was known from recorded_at until superseded_at (NULL while still known), exactly as statistics read the history
-- and the declarations at a moment (registry/statistics/states.py). A company's knowledge changes at its moments:
-- when a history row of it was recorded or superseded, and when a declaration of it was filed; the version known at
-- a moment is the one of its latest moment by then (none before its history starts).
--
-- A checkpoint sums the changes of the spans stamped up to its moment ``upto`` (after the checkpoint before) into
-- per-day deltas (and per month, so a stock adds the months before its day's and the days of that month): the stock on a day as known at K is the deltas of the checkpoints up to K, plus the spans recorded
-- and minus those superseded after the last of them and by K — a few thousand rows, whatever the register's size,
-- and exact for any moment.

-- Every version of the given companies' spans, each with the moments it was known from and until.
CREATE OR REPLACE FUNCTION summary_span_versions(ids uuid[])
RETURNS TABLE (company_id uuid, region_kato varchar, ai_class varchar, fte_ai numeric, valid_from date, valid_to date,
               recorded_at timestamptz, superseded_at timestamptz)
LANGUAGE sql STABLE AS $$
WITH moments AS (
    SELECT m.company_id, m.moment, row_number() OVER w AS version, lead(m.moment) OVER w AS next_moment
    FROM (
        SELECT h.company_id, h.recorded_at AS moment FROM company_history h WHERE h.company_id = ANY(ids)
        UNION
        SELECT h.company_id, h.superseded_at FROM company_history h
        WHERE h.company_id = ANY(ids) AND h.superseded_at IS NOT NULL
        UNION
        SELECT d.company_id, d.filed_at FROM declarations d WHERE d.company_id = ANY(ids)
    ) m
    JOIN (
        SELECT f.company_id, min(f.recorded_at) AS first_moment FROM company_history f
        WHERE f.company_id = ANY(ids) GROUP BY f.company_id
    ) s ON s.company_id = m.company_id AND m.moment >= s.first_moment
    WINDOW w AS (PARTITION BY m.company_id ORDER BY m.moment)
), rows AS (
    SELECT v.company_id, v.version, h.region_kato, h.valid_from, h.valid_to,
           CASE WHEN lag(h.valid_to) OVER w = h.valid_from AND lag(h.region_kato) OVER w = h.region_kato
                THEN 0 ELSE 1 END AS starts
    FROM moments v
    JOIN company_history h ON h.company_id = v.company_id AND h.recorded_at <= v.moment
        AND (h.superseded_at IS NULL OR h.superseded_at > v.moment) AND h.status = 'active'
    WINDOW w AS (PARTITION BY v.company_id, v.version ORDER BY h.valid_from)
), active AS (
    SELECT r.company_id, r.version, min(r.region_kato) AS region_kato, min(r.valid_from) AS valid_from,
           max(r.valid_to) AS valid_to
    FROM (SELECT r.*, sum(r.starts) OVER (PARTITION BY r.company_id, r.version ORDER BY r.valid_from) AS island
          FROM rows r) r
    GROUP BY r.company_id, r.version, r.island
), declared AS (
    SELECT v.company_id, v.version, d.fiscal_year,
           CASE WHEN d.quarter IS NULL THEN make_date(d.fiscal_year, 12, 31)
                ELSE (make_date(d.fiscal_year, d.quarter * 3, 1) + interval '1 month - 1 day')::date END AS period_end
    FROM moments v JOIN declarations d ON d.company_id = v.company_id AND d.filed_at <= v.moment
), breaks AS (
    SELECT a.company_id, a.version, a.region_kato, a.valid_from AS active_from, a.valid_to AS active_to,
           a.valid_from AS day
    FROM active a
    UNION
    SELECT a.company_id, a.version, a.region_kato, a.valid_from, a.valid_to, b.day
    FROM active a JOIN (
        SELECT x.company_id, x.version, x.period_end AS day FROM declared x
        UNION SELECT x.company_id, x.version, make_date(x.fiscal_year + 2, 1, 1) FROM declared x
    ) b ON b.company_id = a.company_id AND b.version = a.version AND b.day > a.valid_from AND b.day < a.valid_to
), segments AS (
    SELECT b.company_id, b.version, b.region_kato, b.day,
           coalesce(lead(b.day) OVER (PARTITION BY b.company_id, b.version, b.active_from ORDER BY b.day),
                    b.active_to) AS seg_end,
           coalesce(k.ai_class, 'undeclared') AS ai_class, coalesce(k.fte_ai, 0) AS fte_ai
    FROM breaks b
    JOIN moments v ON v.company_id = b.company_id AND v.version = b.version
    LEFT JOIN LATERAL (
        SELECT d.ai_class, d.fte_ai FROM declarations d
        WHERE d.company_id = b.company_id AND d.filed_at <= v.moment
          AND d.fiscal_year BETWEEN extract(year FROM b.day)::integer - 1 AND extract(year FROM b.day)::integer
          AND CASE WHEN d.quarter IS NULL THEN make_date(d.fiscal_year, 12, 31)
                   ELSE (make_date(d.fiscal_year, d.quarter * 3, 1) + interval '1 month - 1 day')::date END <= b.day
        ORDER BY d.fiscal_year DESC, coalesce(d.quarter, 4) DESC, d.quarter IS NULL DESC, d.filed_at DESC, d.id DESC
        LIMIT 1
    ) k ON true
), flagged AS (
    SELECT s.*,
           CASE WHEN lag(s.seg_end) OVER w = s.day
                 AND (lag(s.region_kato) OVER w, lag(s.ai_class) OVER w, lag(s.fte_ai) OVER w)
                     IS NOT DISTINCT FROM (s.region_kato, s.ai_class, s.fte_ai)
                THEN 0 ELSE 1 END AS starts
    FROM segments s WINDOW w AS (PARTITION BY s.company_id, s.version ORDER BY s.day)
), spans AS (
    SELECT i.company_id, i.version, min(i.region_kato) AS region_kato, min(i.ai_class) AS ai_class,
           min(i.fte_ai) AS fte_ai, min(i.day) AS valid_from, max(i.seg_end) AS valid_to
    FROM (SELECT f.*, sum(f.starts) OVER (PARTITION BY f.company_id, f.version ORDER BY f.day) AS island
          FROM flagged f) i
    GROUP BY i.company_id, i.version, i.island
), runs AS (
    -- A span alike in consecutive versions is one row, known from the first of them to the one after the last.
    SELECT s.*, s.version - row_number() OVER (
               PARTITION BY s.company_id, s.region_kato, s.ai_class, s.fte_ai, s.valid_from, s.valid_to
               ORDER BY s.version) AS run
    FROM spans s
)
SELECT r.company_id, r.region_kato, r.ai_class, r.fte_ai, r.valid_from, r.valid_to, first.moment, last.next_moment
FROM (
    SELECT r.company_id, r.region_kato, r.ai_class, r.fte_ai, r.valid_from, r.valid_to, min(r.version) AS first_version,
           max(r.version) AS last_version
    FROM runs r GROUP BY r.company_id, r.region_kato, r.ai_class, r.fte_ai, r.valid_from, r.valid_to, r.run
) r
JOIN moments first ON first.company_id = r.company_id AND first.version = r.first_version
JOIN moments last ON last.company_id = r.company_id AND last.version = r.last_version
$$;

-- Sums the spans' changes (the summary's, and the licences' of licence_rollups.sql) and the flow facts' (of
-- known_flow_facts.sql) stamped after the latest
-- checkpoint and up to ``upto`` into a new checkpoint's deltas; returns its id (NULL when ``upto`` is not after
-- the latest checkpoint). Rows stamped by ``upto`` must all be committed: callers pass a moment before the oldest
-- open transaction began (known_stocks.make_checkpoint). A write that stamps a moment before that (a filing
-- stamped in the past, a deleted company or licence) holds the lock shared (rollup_maintenance.sql,
-- licence_rollups.sql): the checkpoint waits for it and then sees it, or it sees the checkpoint.
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
