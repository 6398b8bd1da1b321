-- The closed-year check on new entries once per statement, not per row.
--
-- 0006's BEFORE INSERT ... FOR EACH ROW trigger ran a PL/pgSQL call and a
-- look-up in closed_years for every entry: for a recording of many
-- thousand rows (COPY) most of the database's time. This trigger sees the
-- rows a statement inserted as a transition table and refuses the whole
-- statement, with the same message and error code, when any of them falls
-- in a closed year; nothing of the statement is written (it runs inside
-- it). Entries are the only table written by the row thousands at once;
-- the other tables keep 0006's per-row check. SQLite has no
-- statement-level triggers, and its per-row check costs no round trip:
-- it keeps 0006's. Independent of any other migration's tables.
CREATE FUNCTION closed_year_refuses_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM closed_years c
               WHERE EXISTS (SELECT 1 FROM inserted n
                             WHERE n.institution_id = c.institution_id AND n.fiscal_year = c.fiscal_year)) THEN
        RAISE EXCEPTION '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER entries_closed_insert ON entries;
CREATE TRIGGER entries_closed_insert AFTER INSERT ON entries
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION closed_year_refuses_inserted();

UPDATE meta SET value = '10' WHERE key = 'schema_version';
