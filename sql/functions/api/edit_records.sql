-- api.planner_records, api.appointment_records: a planner and an appointment with every field, in the shape of
-- server/src/contracts (planners.ts Planner, appointments.ts Appointment), for the bureau's reads and for the answers
-- to its writes (server/src/planners, server/src/appointments). Dates as ISO text, updated_at in UTC to the
-- microsecond. Private fields (contacts, end reasons) are in them: only routes for bureau and leader read them.

CREATE OR REPLACE VIEW api.planner_records AS
SELECT
    id, name, name_en, is_team, organisation, professional_title, registered_planner, education, specialities,
    photo_url, contacts, publish_consent, public_contact, office_hours, is_demo, version,
    to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated_at
FROM planners;

CREATE OR REPLACE VIEW api.appointment_records AS
SELECT
    id, planner_id, area_id, role, valid_from::text AS valid_from, valid_to::text AS valid_to, selection_method,
    contract_years, paid, status, end_reason, is_demo, version,
    to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated_at
FROM appointments;
