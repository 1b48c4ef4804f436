-- api.in_force(valid_from, valid_to, on_date): whether an appointment (or anything with a validity period) is in force
-- on a date: it began on or before the date and has not ended by it. valid_to is exclusive (the first day it is no
-- longer in force) and null while it runs on. The one statement of that rule; every question of who held a post on
-- a date asks it. A one-expression SQL function, so PostgreSQL inlines it: a call plans as the expression written
-- out, with the same use of indexes. This file sorts first among the functions, so it exists before they do.

CREATE OR REPLACE FUNCTION api.in_force(valid_from date, valid_to date, on_date date)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT valid_from <= on_date AND (valid_to IS NULL OR valid_to > on_date)
$$;
