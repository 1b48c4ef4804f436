-- 0001_create_domain: the whole domain model of Planner Atlas (see README "Domain model").
-- Geometry is EPSG:4326 with GiST indexes; every boundary carries its provenance. Runs unchanged on
-- PostgreSQL 15 / PostGIS 3.3 and PostgreSQL 18 / PostGIS 3.6 (embedded PGlite).

CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SCHEMA IF NOT EXISTS api;

-- Administrative units: city, county, township (街道/镇/乡) and village/community (村/居委会, names only).
CREATE TABLE divisions (
    code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    level text NOT NULL CHECK (level IN ('city', 'county', 'township', 'village')),
    -- 市 | 区 | 县 | 县级市 | 街道 | 镇 | 乡 | 村 | 居
    kind text NOT NULL CHECK (kind IN ('市', '区', '县', '县级市', '街道', '镇', '乡', '村', '居')),
    parent_code text REFERENCES divisions (code) ON UPDATE CASCADE,
    geom geometry (MultiPolygon, 4326),
    provenance text CHECK (provenance IN ('official', 'approximate', 'imported')),
    -- Where the boundary came from, in words: dataset, version, licence, conversion.
    geom_source text,
    -- Seat of the government (a point, not a centroid), where known.
    seat geometry (Point, 4326),
    seat_source text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT divisions_parent_required CHECK ((level = 'city') = (parent_code IS NULL)),
    CONSTRAINT divisions_geom_has_provenance CHECK (geom IS NULL OR provenance IS NOT NULL),
    CONSTRAINT divisions_village_without_geom CHECK (level <> 'village' OR geom IS NULL),
    CONSTRAINT divisions_geom_valid CHECK (geom IS NULL OR ST_IsValid(geom))
);
CREATE INDEX divisions_parent_code_idx ON divisions (parent_code);
CREATE INDEX divisions_level_idx ON divisions (level);
CREATE INDEX divisions_geom_idx ON divisions USING gist (geom);
CREATE INDEX divisions_name_trgm_idx ON divisions USING gin (name gin_trgm_ops);

-- The subdistricts and towns that make up the central urban area (中心城区), with the plan component and source.
CREATE TABLE central_urban_area_members (
    division_code text PRIMARY KEY REFERENCES divisions (code) ON UPDATE CASCADE,
    plan_component text NOT NULL,
    source text NOT NULL
);

-- Responsibility areas (责任区): what one planner is responsible for.
CREATE TABLE areas (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stable human key, e.g. township-140502001, belt-taihang-1.
    code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_en text,
    kind text NOT NULL CHECK (kind IN ('city', 'county', 'subdistrict', 'township', 'belt', 'project')),
    -- Own drawn geometry (belts, project sites, part of a township); when null it is derived from the divisions.
    geom geometry (MultiPolygon, 4326),
    provenance text CHECK (provenance IN ('official', 'approximate', 'imported')),
    geom_source text,
    -- Centre line of a belt, where known.
    centre_line geometry (MultiLineString, 4326),
    description text,
    source text,
    is_demo boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT areas_geom_has_provenance CHECK (geom IS NULL OR provenance IS NOT NULL),
    CONSTRAINT areas_geom_valid CHECK (geom IS NULL OR ST_IsValid(geom))
);
CREATE INDEX areas_kind_idx ON areas (kind);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);

-- The divisions an area groups (one township, several townships, a county, the city, a belt's members).
CREATE TABLE area_divisions (
    area_id bigint NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
    division_code text NOT NULL REFERENCES divisions (code) ON UPDATE CASCADE,
    -- Why the division belongs to the area (for belts: the waypoint and its source).
    basis text,
    PRIMARY KEY (area_id, division_code)
);
CREATE INDEX area_divisions_division_code_idx ON area_divisions (division_code);

-- Responsible planners: a person or a team.
CREATE TABLE planners (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    name_en text,
    is_team boolean NOT NULL DEFAULT false,
    organisation text,
    -- 中级 | 高级 | 正高级
    professional_title text CHECK (professional_title IN ('intermediate', 'senior', 'full_senior')),
    registered_planner boolean NOT NULL DEFAULT false,
    education text,
    specialities text [] NOT NULL DEFAULT '{}',
    photo_url text,
    -- Only what the planner agreed to publish, e.g. {"phone": "...", "email": "...", "wechat": "..."}.
    public_contact jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(public_contact) = 'object'),
    office_hours text,
    is_demo boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX planners_name_trgm_idx ON planners USING gin (name gin_trgm_ops);

-- Appointments (聘任): planner x area x role over a date range. History is never overwritten: a reassignment ends
-- one appointment and starts another. valid_to is exclusive; null means open-ended.
CREATE TABLE appointments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    planner_id bigint NOT NULL REFERENCES planners (id),
    area_id bigint NOT NULL REFERENCES areas (id),
    role text NOT NULL CHECK (role IN ('chief_city', 'chief_county_seconded', 'chief_county_hired', 'unit', 'project')),
    valid_from date NOT NULL,
    valid_to date,
    -- 公开招聘 | 定向委托
    selection_method text CHECK (selection_method IN ('open_recruitment', 'directed_commission')),
    -- Yearly contracts signed so far within the term (a term is 2 years, signed yearly).
    contract_years smallint CHECK (contract_years BETWEEN 1 AND 10),
    -- Seconded county chiefs from the city bureau are unpaid.
    paid boolean NOT NULL DEFAULT true,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'dismissed')),
    end_reason text,
    is_demo boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT appointments_dates_ordered CHECK (valid_to IS NULL OR valid_to > valid_from),
    CONSTRAINT appointments_closed_when_ended CHECK (status = 'active' OR valid_to IS NOT NULL),
    -- One active holder of each post at a time: no two active unit appointments (nor two active holders of the
    -- same chief post) on one area over overlapping dates. Project planners may be several.
    CONSTRAINT appointments_no_overlapping_active_post EXCLUDE USING gist (
        area_id WITH =,
        role WITH =,
        daterange(valid_from, valid_to, '[)') WITH &&
    ) WHERE (status = 'active' AND role <> 'project')
);
CREATE INDEX appointments_planner_id_idx ON appointments (planner_id);
CREATE INDEX appointments_area_id_idx ON appointments (area_id);

-- Planning projects (规划项目).
CREATE TABLE projects (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- 城市更新 | 公共空间 | 村庄规划 | 污水治理 | 海绵城市 | ...
    project_type text NOT NULL CHECK (length(project_type) BETWEEN 1 AND 50),
    stage text NOT NULL DEFAULT 'planning' CHECK (
        stage IN ('proposed', 'planning', 'design', 'approval', 'construction', 'completed', 'suspended')
    ),
    -- Point or polygon site.
    site geometry (Geometry, 4326) NOT NULL CHECK (
        GeometryType(site) IN ('POINT', 'MULTIPOINT', 'POLYGON', 'MULTIPOLYGON') AND ST_IsValid(site)
    ),
    -- The project's own responsibility area (kind project) to which project planners are appointed.
    area_id bigint UNIQUE REFERENCES areas (id),
    started_on date,
    description text,
    is_demo boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_site_idx ON projects USING gist (site);

-- Work records (工作记录): dated, located entries by a planner.
CREATE TABLE work_records (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    planner_id bigint NOT NULL REFERENCES planners (id),
    area_id bigint REFERENCES areas (id),
    project_id bigint REFERENCES projects (id),
    kind text NOT NULL CHECK (kind IN (
        'site_visit', 'opinion_solicitation', 'problem_sorting', 'planning_feedback',
        'project_implementation', 'review', 'training', 'publicity'
    )),
    occurred_on date NOT NULL,
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    -- [{ "name": "...", "url": "...", "mediaType": "..." }]
    attachments jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array'),
    location geometry (Point, 4326),
    is_demo boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_records_planner_id_idx ON work_records (planner_id, occurred_on);
CREATE INDEX work_records_location_idx ON work_records USING gist (location);

-- Opinions (公众意见) from the public, routed to the unit planner of the area that contains the point.
CREATE TABLE opinions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- What the submitter keeps to follow the opinion without an account (查询码).
    ticket_code text NOT NULL UNIQUE CHECK (ticket_code ~ '^[A-Z0-9]{6,16}$'),
    location geometry (Point, 4326) NOT NULL,
    category text,
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    -- Personal data: never public.
    submitter_name text,
    submitter_contact text,
    status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'answered', 'closed')),
    area_id bigint REFERENCES areas (id),
    planner_id bigint REFERENCES planners (id),
    answer text,
    answered_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX opinions_location_idx ON opinions USING gist (location);
CREATE INDEX opinions_planner_id_idx ON opinions (planner_id, status);

-- The yearly two-way evaluation (双向评估): planner -> area support, and area/project unit -> planner.
CREATE TABLE evaluations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appointment_id bigint NOT NULL REFERENCES appointments (id),
    direction text NOT NULL CHECK (direction IN ('planner_to_area', 'area_to_planner')),
    year smallint NOT NULL CHECK (year BETWEEN 2021 AND 2100),
    score numeric(5, 2) CHECK (score BETWEEN 0 AND 100),
    result text NOT NULL CHECK (result IN ('pass', 'fail')),
    evaluated_on date NOT NULL,
    comment text,
    is_demo boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (appointment_id, direction, year)
);

-- People who sign in: the bureau, planners, the leadership group. The public needs no account.
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,64}$'),
    display_name text NOT NULL,
    role text NOT NULL CHECK (role IN ('admin', 'bureau', 'leadership', 'planner')),
    planner_id bigint REFERENCES planners (id),
    password_hash text,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_planner_role CHECK ((role = 'planner') = (planner_id IS NOT NULL))
);

-- Built-in and imported data loads, so that start-up loads the built-in data once.
CREATE TABLE data_loads (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    version text NOT NULL,
    report jsonb NOT NULL DEFAULT '{}',
    loaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX data_loads_name_idx ON data_loads (name, version);
