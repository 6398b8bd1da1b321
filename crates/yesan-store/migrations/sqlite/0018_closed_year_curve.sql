-- Yesan store schema 18: a closed year keeps the curve its payments took
-- (`curve`: twelve month-end shares of its counted budget, in tenths of a
-- percent, comma-separated; '' when it paid nothing), computed when the
-- year is closed by the rule the year after learns its curve by
-- (`yesan_domain::lagging::YearCurve`). A closed year never changes again,
-- so the year after reads these twelve numbers instead of the year's
-- budget and twelve month-end snapshots. NULL (a year closed before this
-- schema, or restored from an older backup): the year after learns the
-- curve from the recorded year as before.
ALTER TABLE closed_years ADD COLUMN curve TEXT;

UPDATE meta SET value = '18' WHERE key = 'schema_version';
