-- The register's history in two times (valid time and transaction time), kept by triggers in the statement of
-- every change, so that no write path (API, demo loader, COPY) can bypass it.
--
-- A row of company_history says: from valid_from until the day before valid_to the company had these facts, as the
-- registry knew from recorded_at until superseded_at (NULL while it still knows it). Both are the clock at the
-- change (clock_timestamp), so two changes in one transaction are two moments. A change takes effect on the day in
-- the transaction setting registry.effective_on (today, UTC, when it is not set): the current rows reaching past
-- that day are superseded and replaced by their part before it and their part from it on, carrying the changed
-- facts. A company's history starts on its registration day; a corrected registration day starts it again with
-- the facts as they are then. The primary activity a company is created without (its activities are written
-- just after it) is filled in where it is unknown, not recorded as a change; a company never loses it.

CREATE OR REPLACE FUNCTION registry_effective_on() RETURNS date LANGUAGE sql STABLE AS $$
SELECT coalesce(nullif(current_setting('registry.effective_on', true), '')::date, (now() AT TIME ZONE 'UTC')::date)
$$;

CREATE OR REPLACE FUNCTION company_history_record(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    company record;
    latest company_history%ROWTYPE;
    effective date;
    at timestamptz := clock_timestamp();
BEGIN
    INSERT INTO company_history (company_id, valid_from, status, region_kato, legal_form, primary_oked, recorded_at)
    SELECT c.id, c.registration_date, c.status, c.region_kato, c.legal_form, ca.oked_code, at
    FROM companies c LEFT JOIN company_activities ca ON ca.company_id = c.id AND ca.is_primary
    WHERE c.id = ANY(ids)
      AND NOT EXISTS (SELECT FROM company_history h WHERE h.company_id = c.id AND h.superseded_at IS NULL);

    FOR company IN
        SELECT c.id, c.status, c.region_kato, c.legal_form, c.registration_date,
               coalesce(ca.oked_code, h.primary_oked) AS primary_oked
        FROM companies c
        JOIN company_history h ON h.company_id = c.id AND h.superseded_at IS NULL AND h.valid_to = 'infinity'
        LEFT JOIN company_activities ca ON ca.company_id = c.id AND ca.is_primary
        WHERE c.id = ANY(ids)
          AND ((c.status, c.region_kato, c.legal_form, coalesce(ca.oked_code, h.primary_oked))
               IS DISTINCT FROM (h.status, h.region_kato, h.legal_form, h.primary_oked)
               OR NOT EXISTS (
                   SELECT FROM company_history f WHERE f.company_id = c.id AND f.superseded_at IS NULL
                     AND f.valid_from = c.registration_date
               ))
        ORDER BY c.id
    LOOP
        SELECT * INTO latest FROM company_history h
        WHERE h.company_id = company.id AND h.superseded_at IS NULL AND h.valid_to = 'infinity';
        IF NOT EXISTS (
            SELECT FROM company_history h WHERE h.company_id = company.id AND h.superseded_at IS NULL
              AND h.valid_from = company.registration_date
        ) OR latest.valid_from < company.registration_date THEN
            UPDATE company_history h SET superseded_at = at
            WHERE h.company_id = company.id AND h.superseded_at IS NULL;
            INSERT INTO company_history
                (company_id, valid_from, status, region_kato, legal_form, primary_oked, recorded_at)
            VALUES (company.id, company.registration_date, company.status, company.region_kato,
                    company.legal_form, company.primary_oked, at);
            CONTINUE;
        END IF;
        effective := greatest(registry_effective_on(), company.registration_date);
        WITH replaced AS (
            UPDATE company_history h SET superseded_at = at
            WHERE h.company_id = company.id AND h.superseded_at IS NULL AND h.valid_to > effective
            RETURNING h.valid_from, h.valid_to, h.status, h.region_kato, h.legal_form, h.primary_oked
        )
        INSERT INTO company_history
            (company_id, valid_from, valid_to, status, region_kato, legal_form, primary_oked, recorded_at)
        SELECT company.id, r.valid_from, effective, r.status, r.region_kato, r.legal_form, r.primary_oked, at
        FROM replaced r WHERE r.valid_from < effective
        UNION ALL
        SELECT company.id, greatest(r.valid_from, effective), r.valid_to,
               CASE WHEN latest.status IS DISTINCT FROM company.status THEN company.status ELSE r.status END,
               CASE WHEN latest.region_kato IS DISTINCT FROM company.region_kato
                    THEN company.region_kato ELSE r.region_kato END,
               CASE WHEN latest.legal_form IS DISTINCT FROM company.legal_form
                    THEN company.legal_form ELSE r.legal_form END,
               CASE WHEN latest.primary_oked IS DISTINCT FROM company.primary_oked
                    THEN company.primary_oked ELSE r.primary_oked END,
               at
        FROM replaced r;
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION company_history_after_companies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- New companies: their history starts on their registration day (no earlier row to look up, so a bulk load
        -- stays linear).
        INSERT INTO company_history
            (company_id, valid_from, status, region_kato, legal_form, primary_oked, recorded_at)
        SELECT n.id, n.registration_date, n.status, n.region_kato, n.legal_form, ca.oked_code, clock_timestamp()
        FROM new_rows n LEFT JOIN company_activities ca ON ca.company_id = n.id AND ca.is_primary;
    ELSE
        PERFORM company_history_record((
            SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.status, n.region_kato, n.legal_form, n.registration_date)
                  IS DISTINCT FROM (o.status, o.region_kato, o.legal_form, o.registration_date)
        ));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION company_history_after_activities() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
    filled uuid[];
BEGIN
    ids := (SELECT array_agg(DISTINCT n.company_id) FROM new_rows n WHERE n.is_primary);
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    -- The primary activity a company was created without is filled in where it is unknown; only a change of a
    -- known one is recorded as a change.
    WITH done AS (
        UPDATE company_history h SET primary_oked = n.oked_code
        FROM new_rows n
        WHERE n.company_id = h.company_id AND n.is_primary AND h.superseded_at IS NULL AND h.primary_oked IS NULL
        RETURNING h.company_id
    )
    SELECT array_agg(DISTINCT company_id) INTO filled FROM done;
    PERFORM company_history_record(ARRAY(SELECT unnest(ids) EXCEPT SELECT unnest(coalesce(filled, '{}'))));
    RETURN NULL;
END
$$;
