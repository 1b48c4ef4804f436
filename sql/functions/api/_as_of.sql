-- What every answer is "as of": the day, whether something is in force on a day, and the data revision. Each rule
-- is stated here once; tiles, lookup, search and coverage all call these. The leading underscore sorts this file
-- first among the function files (migrate.ts applies them in path order), so these exist before the SQL functions
-- whose bodies name them are created.
--
-- api.today(): today's date in Jincheng (Asia/Shanghai), whatever the session time zone is, so that coverage turns
-- over at local midnight everywhere. One expression, so that PostgreSQL inlines it. Inputs: none. Raises nothing.
--
-- api.in_force(valid_from, valid_to, on_date): whether an appointment (or anything with a validity period) is in
-- force on a date: it began on or before the date and has not ended by it. valid_to is exclusive (the first day it is
-- no longer in force) and null while it runs on. Inlined like api.today(), so a call plans as the expression written
-- out, with the same use of indexes. Raises nothing.
--
-- api.data_revision(): the version of everything the API and the tiles show, as text "<number>-<YYYYMMDD>". The
-- number is the one row of data_revision, raised by the first write of every transaction to a table that answers
-- show (triggers of migration 0011) and locked until it commits, so committed numbers follow commit order; answers
-- also show who holds a post today, which turns over at midnight without any write, so the date is part of the
-- revision. Read in the same statement as the data, it is the revision of exactly that data; read inside a writing
-- transaction, it names that transaction's data only once it commits. Raises nothing. PL/pgSQL: PostgreSQL 15 plans
-- a SQL function with a subquery again on every call, while PL/pgSQL keeps its plan for the session.

CREATE OR REPLACE FUNCTION api.today()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date
$$;

CREATE OR REPLACE FUNCTION api.in_force(valid_from date, valid_to date, on_date date)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT valid_from <= on_date AND (valid_to IS NULL OR valid_to > on_date)
$$;

CREATE OR REPLACE FUNCTION api.data_revision()
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (SELECT number FROM data_revision WHERE id = 1)::text || '-' || to_char(api.today(), 'YYYYMMDD');
END
$$;

-- api.area_in_force(retired_on, on_date): whether an area is in force on a date: it has not been retired by then
-- (retired_on, migration 0014, is the first day it no longer is). Inlined like api.in_force. Raises nothing.
CREATE OR REPLACE FUNCTION api.area_in_force(retired_on date, on_date date)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT retired_on IS NULL OR retired_on > on_date
$$;
