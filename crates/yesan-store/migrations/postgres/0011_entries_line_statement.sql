-- Schema 11: what PostgreSQL checks of each new ledger entry, checked
-- for the statement where it can be, and cheaper where it cannot.
--
-- 1. 0006's foreign key from entries to budget_lines ran PostgreSQL's
--    referential check for every inserted entry: an SPI query and a key
--    lock per row, about seven tenths of the server's time in a COPY of
--    a year's entries. The same rule now holds set-wise, in the statement
--    trigger that already refuses closed years (0010), over the rows the
--    statement inserted (its transition table), per institution and year
--    among them:
--     * every line an inserted entry names exists in that year: the
--       lines named are locked FOR KEY SHARE (as the foreign key locked
--       each one), so that none can be deleted or have its key changed
--       until the inserting transaction ends, and a line not locked is
--       refused;
--     * on the other side, a budget line that entries name can neither be
--       deleted nor have its key changed (the foreign key's NO ACTION), by
--       a row trigger on budget_lines; a delete that waits for an
--       inserter's key lock sees its entries once that commits.
--    Both refuse with the foreign key's error code (foreign_key_violation)
--    and a message naming the line.
-- 2. The document number and the reference compare byte by byte (COLLATE
--    "C"): they are keys, compared for equality with each other and with
--    what the store looks up, never shown sorted by a language's rules;
--    under a database collation such as C.UTF-8 or ko_KR.UTF-8 every
--    comparison in their indexes went through the C library's strcoll.
--    Only the indexes on them are rebuilt.
-- 3. The date's form is checked without a regular expression (the same
--    rule: ten characters, digits but for '-' at the fifth and eighth):
--    the regular expression cost a twentieth of a COPY. NOT VALID: every
--    row already recorded passed 0006's equivalent check.
--
-- SQLite keeps its foreign key (its bulk recording runs with foreign keys
-- off, budget control having refused unknown lines) and its collation
-- (byte order already). Independent of any other migration's tables.
ALTER TABLE entries DROP CONSTRAINT entries_institution_id_fiscal_year_line_fkey;

-- One pass over the inserted rows: the lines named, per institution and
-- year (a statement of the store writes one of each).
CREATE FUNCTION entries_inserted_checks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    k record;
    locked bigint;
    missing text;
BEGIN
    FOR k IN SELECT n.institution_id AS inst, n.fiscal_year AS year, array_agg(n.line) AS lines
               FROM (SELECT DISTINCT institution_id, fiscal_year, line FROM inserted) n
              GROUP BY n.institution_id, n.fiscal_year LOOP
        IF EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = k.inst AND c.fiscal_year = k.year) THEN
            RAISE EXCEPTION '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it'
                USING ERRCODE = 'restrict_violation';
        END IF;
        PERFORM 1 FROM budget_lines b
         WHERE b.institution_id = k.inst AND b.fiscal_year = k.year AND b.code = ANY (k.lines)
           FOR KEY SHARE;
        GET DIAGNOSTICS locked = ROW_COUNT;
        IF locked < cardinality(k.lines) THEN
            SELECT l INTO missing FROM unnest(k.lines) AS l
             WHERE NOT EXISTS (SELECT 1 FROM budget_lines b
                               WHERE b.institution_id = k.inst AND b.fiscal_year = k.year AND b.code = l)
             LIMIT 1;
            RAISE EXCEPTION '예산과목 %이(가) %회계연도 예산에 없습니다 / budget line % is not in the budget of fiscal year %',
                missing, k.year, missing, k.year
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;
DROP TRIGGER entries_closed_insert ON entries;
CREATE TRIGGER entries_closed_insert AFTER INSERT ON entries
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION entries_inserted_checks();
DROP FUNCTION closed_year_refuses_inserted();

CREATE FUNCTION budget_line_in_use() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.institution_id, NEW.fiscal_year, NEW.code) = (OLD.institution_id, OLD.fiscal_year, OLD.code) THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM entries e
               WHERE e.institution_id = OLD.institution_id AND e.fiscal_year = OLD.fiscal_year AND e.line = OLD.code) THEN
        RAISE EXCEPTION '집행 기록이 있는 예산과목 %은(는) 지우거나 코드를 바꿀 수 없습니다 / budget line % has ledger entries: it cannot be deleted or recoded',
            OLD.code, OLD.code
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER budget_lines_in_use BEFORE DELETE OR UPDATE OF institution_id, fiscal_year, code ON budget_lines
    FOR EACH ROW EXECUTE FUNCTION budget_line_in_use();

ALTER TABLE entries ALTER COLUMN doc_no TYPE text COLLATE "C";
ALTER TABLE entries ALTER COLUMN ref TYPE text COLLATE "C";

ALTER TABLE entries DROP CONSTRAINT entries_date_check;
ALTER TABLE entries ADD CONSTRAINT entries_date_check
    CHECK (length(date) = 10 AND substr(date, 5, 1) = '-' AND substr(date, 8, 1) = '-'
           AND translate(date, '0123456789', '') = '--') NOT VALID;

UPDATE meta SET value = '11' WHERE key = 'schema_version' AND CAST(value AS INTEGER) < 11;
