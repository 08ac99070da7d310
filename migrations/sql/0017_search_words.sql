-- The register search's word index, kept by statement-level triggers on companies (one current definition; migration
-- 0017 runs a frozen copy, migrations/sql/0017_search_words.sql).
--
-- company_search_words: every distinct word of the companies' search keys (a dictionary, trigram-indexed, so a
-- query's words find their spellings and typos among some thousands of words instead of a million names). Words are
-- never removed: a word no company holds any more expands to nothing, and a concurrent insert of the same word can
-- never lose it.
-- company_search_postings: (word, key_trigrams, company_id) for every word of every key, so the companies holding a
-- word are read in the order of their key's trigram count: for a query word a name holds, the fewest trigrams is the
-- highest similarity, so the first rows are the best matches.
--
-- The triggers read the statement's transition tables, so a bulk INSERT ... SELECT or COPY pays one set-based
-- statement per table, not one per row.

-- The postings of one company's key: each distinct word once (not the ' | ' between its names' keys), with the
-- key's trigram count.
CREATE OR REPLACE FUNCTION company_search_words_of(key text, id uuid)
RETURNS TABLE (word text, key_trigrams integer, company_id uuid)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT w.word, cardinality(show_trgm(key)), id
    FROM unnest(string_to_array(key, ' ')) AS w(word)
    WHERE w.word NOT IN ('', '|')
$$;

CREATE OR REPLACE FUNCTION company_search_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO company_search_postings (word, key_trigrams, company_id)
    SELECT w.word, w.key_trigrams, w.company_id
    FROM new_companies n CROSS JOIN LATERAL company_search_words_of(n.search_key, n.id) AS w
    ON CONFLICT DO NOTHING;
    -- Sorted, so that concurrent statements take the new words' locks in one order.
    INSERT INTO company_search_words (word)
    SELECT DISTINCT w.word
    FROM new_companies n CROSS JOIN LATERAL unnest(string_to_array(n.search_key, ' ')) AS w(word)
    WHERE w.word NOT IN ('', '|')
    ORDER BY w.word
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION company_search_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only rows whose key changed (a status or class update leaves the postings alone).
    DELETE FROM company_search_postings p
    USING old_companies o JOIN new_companies n ON n.id = o.id AND n.search_key IS DISTINCT FROM o.search_key,
        LATERAL company_search_words_of(o.search_key, o.id) AS w
    WHERE p.word = w.word AND p.key_trigrams = w.key_trigrams AND p.company_id = w.company_id;
    INSERT INTO company_search_postings (word, key_trigrams, company_id)
    SELECT w.word, w.key_trigrams, w.company_id
    FROM old_companies o JOIN new_companies n ON n.id = o.id AND n.search_key IS DISTINCT FROM o.search_key,
        LATERAL company_search_words_of(n.search_key, n.id) AS w
    ON CONFLICT DO NOTHING;
    INSERT INTO company_search_words (word)
    SELECT DISTINCT w.word
    FROM old_companies o JOIN new_companies n ON n.id = o.id AND n.search_key IS DISTINCT FROM o.search_key
        CROSS JOIN LATERAL unnest(string_to_array(n.search_key, ' ')) AS w(word)
    WHERE w.word NOT IN ('', '|')
    ORDER BY w.word
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION company_search_words_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM company_search_postings p
    USING old_companies o, LATERAL company_search_words_of(o.search_key, o.id) AS w
    WHERE p.word = w.word AND p.key_trigrams = w.key_trigrams AND p.company_id = w.company_id;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER company_search_words_added
    AFTER INSERT ON companies REFERENCING NEW TABLE AS new_companies
    FOR EACH STATEMENT EXECUTE FUNCTION company_search_words_added();

CREATE OR REPLACE TRIGGER company_search_words_changed
    AFTER UPDATE ON companies REFERENCING OLD TABLE AS old_companies NEW TABLE AS new_companies
    FOR EACH STATEMENT EXECUTE FUNCTION company_search_words_changed();

CREATE OR REPLACE TRIGGER company_search_words_removed
    AFTER DELETE ON companies REFERENCING OLD TABLE AS old_companies
    FOR EACH STATEMENT EXECUTE FUNCTION company_search_words_removed();
