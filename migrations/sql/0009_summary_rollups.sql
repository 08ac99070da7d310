-- The spans behind the summary rollups and the pivot-rate base, on the register's history (its current
-- knowledge: rows not superseded) and one time basis (registry/statistics/states.py).
--
-- summary_spans: on a day, an active company is in the class (and AI FTE) of its declaration for the latest period
-- that has ended, of that fiscal year or the one before (a year's own declaration ranks after its Q4, then the
-- newest filed), 'undeclared' without one; its region is the one the history gives for the day. Consecutive days
-- alike make one span. A declaration counts from its period's last day to the end of the next fiscal year, so the
-- spans break at those days and wherever the history does.

-- company_region_spans: from which day to which (exclusive) each company was in a region (only while active, when
-- active_only), by its history; consecutive history rows alike make one span.
CREATE OR REPLACE FUNCTION company_region_spans(ids uuid[], active_only boolean)
RETURNS TABLE (company_id uuid, region_kato varchar, valid_from date, valid_to date) LANGUAGE sql STABLE AS $$
WITH rows AS (
    SELECT h.company_id, h.region_kato, h.valid_from, h.valid_to,
           CASE WHEN lag(h.valid_to) OVER w = h.valid_from AND lag(h.region_kato) OVER w = h.region_kato
                THEN 0 ELSE 1 END AS starts
    FROM company_history h
    WHERE h.company_id = ANY(ids) AND h.superseded_at IS NULL AND (h.status = 'active' OR NOT active_only)
    WINDOW w AS (PARTITION BY h.company_id ORDER BY h.valid_from)
), islands AS (
    SELECT r.*, sum(r.starts) OVER (PARTITION BY r.company_id ORDER BY r.valid_from) AS island FROM rows r
)
SELECT i.company_id, min(i.region_kato), min(i.valid_from), max(i.valid_to) FROM islands i
GROUP BY i.company_id, i.island
$$;

CREATE OR REPLACE FUNCTION summary_spans(ids uuid[])
RETURNS TABLE (company_id uuid, region_kato varchar, ai_class varchar, fte_ai numeric, valid_from date, valid_to date)
LANGUAGE sql STABLE AS $$
WITH active AS (
    SELECT * FROM company_region_spans(ids, true)
), declared AS (
    SELECT d.company_id, d.fiscal_year, d.ai_class, d.fte_ai, d.quarter IS NULL AS annual, d.filed_at, d.id,
           CASE WHEN d.quarter IS NULL THEN make_date(d.fiscal_year, 12, 31)
                ELSE (make_date(d.fiscal_year, d.quarter * 3, 1) + interval '1 month - 1 day')::date END AS period_end
    FROM declarations d WHERE d.company_id = ANY(ids)
), breaks AS (
    SELECT a.company_id, a.region_kato, a.valid_from AS active_from, a.valid_to AS active_to, a.valid_from AS day
    FROM active a
    UNION
    SELECT a.company_id, a.region_kato, a.valid_from, a.valid_to, b.day
    FROM active a JOIN (
        SELECT x.company_id, x.period_end AS day FROM declared x
        UNION SELECT x.company_id, make_date(x.fiscal_year + 2, 1, 1) FROM declared x
    ) b ON b.company_id = a.company_id AND b.day > a.valid_from AND b.day < a.valid_to
), segments AS (
    SELECT b.company_id, b.region_kato, b.day,
           coalesce(lead(b.day) OVER (PARTITION BY b.company_id, b.active_from ORDER BY b.day), b.active_to)
               AS seg_end,
           coalesce(k.ai_class, 'undeclared') AS ai_class, coalesce(k.fte_ai, 0) AS fte_ai
    FROM breaks b LEFT JOIN LATERAL (
        -- Straight from the declarations' index (a CTE has none): one probe per break.
        SELECT d.ai_class, d.fte_ai FROM declarations d
        WHERE d.company_id = b.company_id
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
    FROM segments s WINDOW w AS (PARTITION BY s.company_id ORDER BY s.day)
), islands AS (
    SELECT f.*, sum(f.starts) OVER (PARTITION BY f.company_id ORDER BY f.day) AS island FROM flagged f
)
SELECT i.company_id, min(i.region_kato), min(i.ai_class), min(i.fte_ai), min(i.day), max(i.seg_end)
FROM islands i GROUP BY i.company_id, i.island
$$;

-- pivot_risk_spans_of: the months a company is at risk of pivoting to AI (registry/statistics/rates.py): month M
-- when the history says it was active on the day before M, and the class of its latest declared period that ended
-- before M (the newest filing for it; a year's own declaration after its Q4) is ai_enabled or non_ai; in the
-- region the history gives for that day.
CREATE OR REPLACE FUNCTION pivot_risk_spans_of(ids uuid[])
RETURNS TABLE (company_id uuid, region_kato varchar, from_month date, to_month date) LANGUAGE sql STABLE AS $$
WITH active AS (
    SELECT s.company_id, s.region_kato,
           (date_trunc('month', s.valid_from) + interval '1 month')::date AS first_month,
           CASE WHEN s.valid_to = 'infinity' THEN 'infinity'::date
                ELSE (date_trunc('month', s.valid_to) + interval '1 month')::date END AS end_month
    FROM company_region_spans(ids, true) s
), declared AS (
    SELECT d.company_id, d.quarter, d.filed_at, d.id,
           (make_date(d.fiscal_year, 3 * coalesce(d.quarter, 4), 1) + interval '1 month')::date AS from_month,
           d.ai_class <> 'ai_native' AS at_risk
    FROM declarations d WHERE d.company_id = ANY(ids)
), period AS (
    SELECT DISTINCT ON (d.company_id, d.from_month) d.company_id, d.from_month, d.at_risk
    FROM declared d
    ORDER BY d.company_id, d.from_month, coalesce(d.quarter, 5) DESC, d.filed_at DESC, d.id DESC
), changed AS (
    SELECT p.*, p.at_risk IS DISTINCT FROM lag(p.at_risk) OVER w AS starts_run
    FROM period p WINDOW w AS (PARTITION BY p.company_id ORDER BY p.from_month)
), runs AS (
    SELECT ch.company_id, ch.at_risk, ch.from_month,
           coalesce(lead(ch.from_month) OVER (PARTITION BY ch.company_id ORDER BY ch.from_month), 'infinity'::date)
               AS to_month
    FROM changed ch WHERE ch.starts_run
)
SELECT r.company_id, a.region_kato, greatest(r.from_month, a.first_month), least(r.to_month, a.end_month)
FROM runs r JOIN active a ON a.company_id = r.company_id
WHERE r.at_risk AND greatest(r.from_month, a.first_month) < least(r.to_month, a.end_month)
$$;
