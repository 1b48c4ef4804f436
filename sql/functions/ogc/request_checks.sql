-- Guards shared by the OGC API – Features item functions. The server validates every request first (problem+json
-- 400 naming the field); these guards only keep direct callers of the SQL functions honest.
--
-- ogc.bbox_envelope(west, south, east, north): the CRS84 rectangle as a geometry (EPSG:4326), or null when all four
-- are null (no spatial filter). Raises 22023 (invalid_parameter_value) when only some are given, when a value is not
-- finite or lies outside -180..180 / -90..90, or when west > east or south > north (boxes across the antimeridian
-- are not supported: Jincheng is nowhere near it).
--
-- ogc.check_paging(item_limit, item_offset): raises 22023 unless 1 <= item_limit <= 1000 and item_offset >= 0.

CREATE OR REPLACE FUNCTION ogc.bbox_envelope(west float8, south float8, east float8, north float8)
RETURNS geometry
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF west IS NULL AND south IS NULL AND east IS NULL AND north IS NULL THEN
        RETURN NULL;
    END IF;
    IF west IS NULL OR south IS NULL OR east IS NULL OR north IS NULL THEN
        RAISE EXCEPTION 'bbox needs four numbers: west, south, east, north' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- NaN compares as the largest float8 in PostgreSQL, so the range tests below also refuse it and the infinities.
    IF NOT (west BETWEEN -180 AND 180 AND east BETWEEN -180 AND 180 AND south BETWEEN -90 AND 90 AND north BETWEEN -90 AND 90) THEN
        RAISE EXCEPTION 'bbox % % % % lies outside -180..180, -90..90', west, south, east, north
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF west > east OR south > north THEN
        RAISE EXCEPTION 'bbox % % % % has west > east or south > north', west, south, east, north
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN ST_MakeEnvelope(west, south, east, north, 4326);
END
$$;

CREATE OR REPLACE FUNCTION ogc.check_paging(item_limit integer, item_offset integer)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF item_limit IS NULL OR item_limit NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'limit must be 1 to 1000 (got %)', item_limit USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF item_offset IS NULL OR item_offset < 0 THEN
        RAISE EXCEPTION 'offset must be 0 or more (got %)', item_offset USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
