-- 0014_add_area_edits: what the bureau's area and project writes (server/src/areas, server/src/projects) need.
-- version: raised by every update, sent as the ETag, required back as If-Match (as for planners, migration 0013).
-- A change of an area's member divisions updates the area row too, so its version covers its members.
-- locked: a finished area that the bureau protects from accidental edits; only unlocking changes a locked area.
-- retired_on: the first day the area is no longer in force (exclusive, like appointments.valid_to); null while it
-- is. Nothing is deleted: a retired area keeps its members, geometry, posts and history, and answers for earlier
-- dates still show it.

ALTER TABLE areas
ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
ADD COLUMN locked boolean NOT NULL DEFAULT false,
ADD COLUMN retired_on date,
ADD COLUMN retire_reason text,
ADD CONSTRAINT areas_retired_with_reason CHECK ((retired_on IS NULL) = (retire_reason IS NULL));

ALTER TABLE projects
ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);

CREATE TRIGGER areas_version BEFORE UPDATE ON areas
FOR EACH ROW EXECUTE FUNCTION raise_row_version();
CREATE TRIGGER projects_version BEFORE UPDATE ON projects
FOR EACH ROW EXECUTE FUNCTION raise_row_version();
