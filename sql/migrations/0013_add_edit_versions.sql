-- 0013_add_edit_versions: what the bureau's write API (server/src/planners, server/src/appointments) needs.
-- version: a number raised by every update of a planner or an appointment; the API sends it as the ETag and
-- refuses a change made from an older one (If-Match), so that two editors never overwrite each other unseen.
-- planners.contacts holds every contact of a planner (private) and publish_consent the keys of those the planner
-- agreed to publish; public_contact, which the public answers read, is kept equal to that selection by a trigger.

ALTER TABLE planners
ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
ADD COLUMN contacts jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(contacts) = 'object'),
ADD COLUMN publish_consent text [] NOT NULL DEFAULT '{}';

ALTER TABLE appointments
ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);

-- Contacts published so far were published with consent.
UPDATE planners SET
    contacts = public_contact,
    publish_consent = array(SELECT jsonb_object_keys(public_contact))
WHERE public_contact <> '{}';

CREATE FUNCTION raise_row_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END
$$;

CREATE TRIGGER planners_version BEFORE UPDATE ON planners
FOR EACH ROW EXECUTE FUNCTION raise_row_version();
CREATE TRIGGER appointments_version BEFORE UPDATE ON appointments
FOR EACH ROW EXECUTE FUNCTION raise_row_version();

-- public_contact = the consented part of contacts. A writer that gives only public_contact on insert (the built-in
-- demo data) gave contacts that are published, so they become the contacts with consent to publish them all.
CREATE FUNCTION publish_consented_contacts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.contacts = '{}' AND NEW.public_contact <> '{}' THEN
        NEW.contacts := NEW.public_contact;
        NEW.publish_consent := array(SELECT jsonb_object_keys(NEW.public_contact));
    END IF;
    NEW.public_contact := coalesce(
        (SELECT jsonb_object_agg(key, value) FROM jsonb_each(NEW.contacts) WHERE key = any(NEW.publish_consent)),
        '{}'
    );
    RETURN NEW;
END
$$;

CREATE TRIGGER planners_publish_contacts BEFORE INSERT OR UPDATE ON planners
FOR EACH ROW EXECUTE FUNCTION publish_consented_contacts();
