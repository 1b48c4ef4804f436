-- 0017_add_opinion_flow: what public opinions (征求意见, server/src/opinions) need, and photos for opinions and work
-- records (server/src/photos).
-- opinions: the time of each status, where the opinion was routed and why (sql/functions/api/opinion_routing.sql),
-- the bureau's hiding of abusive content, and a version raised by every update (the ETag).
-- photos: images stored in the database, so that backup, restore and db:move carry them with the rows they belong to.

ALTER TABLE opinions
ADD COLUMN acknowledged_at timestamptz,
ADD COLUMN closed_at timestamptz,
-- The county that holds the point, for the bureau's filters.
ADD COLUMN county_code text REFERENCES divisions (code) ON UPDATE CASCADE,
-- Who received it: the unit planner, a county chief, the city chief, or the bureau when every post was vacant.
ADD COLUMN routed_role text CHECK (routed_role IN ('unit', 'chief_county', 'chief_city', 'bureau')),
-- The post itself (appointments.role): which of the two county chiefs, for instance; null for the bureau.
ADD COLUMN routed_post text CHECK (
    routed_post IN ('unit', 'chief_county_seconded', 'chief_county_hired', 'chief_city')
),
-- Why that level: the unit post was held; it was vacant or no unit area holds the point; the county posts were
-- vacant; the city post was vacant too.
ADD COLUMN routed_reason text CHECK (
    routed_reason IN ('unit_post_held', 'unit_post_vacant', 'no_unit_area', 'county_posts_vacant', 'city_post_vacant')
),
ADD COLUMN hidden boolean NOT NULL DEFAULT false,
ADD COLUMN hidden_reason text CHECK (hidden_reason IS NULL OR length(hidden_reason) BETWEEN 1 AND 500),
ADD COLUMN hidden_at timestamptz,
ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
ADD CONSTRAINT opinions_answer_length CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 5000),
ADD CONSTRAINT opinions_hidden_with_reason CHECK (
    hidden = (hidden_reason IS NOT NULL) AND hidden = (hidden_at IS NOT NULL)
);

CREATE INDEX opinions_created_at_idx ON opinions (created_at);
CREATE INDEX opinions_county_code_idx ON opinions (county_code, created_at);

CREATE TRIGGER opinions_version BEFORE UPDATE ON opinions
FOR EACH ROW EXECUTE FUNCTION raise_row_version();

-- A new opinion is not on the map (the tile layer shows answered ones only), so submitting one does not move the
-- data revision (0011), which would empty every revision-keyed cache at each submission. Updates (answering, hiding)
-- and deletions still raise it as before; an insert raises it only for a row the map shows (a bulk load). The insert
-- trigger's name sorts before opinions_audit, so that the revision is raised before the audit row takes its change
-- id from it (0016).
DROP TRIGGER opinions_revision ON opinions;
CREATE TRIGGER opinions_revision BEFORE UPDATE OR DELETE OR TRUNCATE ON opinions
FOR EACH STATEMENT EXECUTE FUNCTION raise_data_revision();
CREATE TRIGGER opinions_answered_insert_revision AFTER INSERT ON opinions
FOR EACH ROW WHEN (NEW.status IN ('answered', 'closed') AND NOT NEW.hidden)
EXECUTE FUNCTION raise_data_revision();

-- Photos of an opinion or a work record, re-encoded without metadata (server/src/photos/photos.ts). The owner is
-- named by kind and id, so one table serves both; a trigger checks that the owner exists. Not audited row by row:
-- a photo is written once with its owner, whose row is audited, and its bytes do not belong in the log.
CREATE TABLE photos (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_kind text NOT NULL CHECK (owner_kind IN ('opinion', 'work_record')),
    owner_id bigint NOT NULL,
    media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes bytea NOT NULL CHECK (octet_length(bytes) > 0),
    -- At most 320 px on its longer side, JPEG.
    thumbnail bytea NOT NULL CHECK (octet_length(thumbnail) > 0),
    width integer NOT NULL CHECK (width > 0),
    height integer NOT NULL CHECK (height > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX photos_owner_idx ON photos (owner_kind, owner_id);

CREATE FUNCTION check_photo_owner() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    owner_exists boolean := CASE NEW.owner_kind
        WHEN 'opinion' THEN EXISTS (SELECT 1 FROM opinions WHERE id = NEW.owner_id)
        WHEN 'work_record' THEN EXISTS (SELECT 1 FROM work_records WHERE id = NEW.owner_id)
        ELSE false
    END;
BEGIN
    IF NOT owner_exists THEN
        RAISE EXCEPTION 'photo owner % % does not exist', NEW.owner_kind, NEW.owner_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER photos_owner_exists BEFORE INSERT OR UPDATE OF owner_kind, owner_id ON photos
FOR EACH ROW EXECUTE FUNCTION check_photo_owner();
