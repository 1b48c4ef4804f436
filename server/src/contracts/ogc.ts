/**
 * Schemas of the OGC API – Features service at /ogc (Part 1: Core, GeoJSON, OpenAPI 3.0); the only import is typebox.
 * The query schemas validate requests (an unknown parameter is a 400, as the standard allows; bbox and datetime are
 * checked further by server/src/ogc/ogc-params.ts); the response schemas document what the SQL functions under
 * sql/functions/ogc build, and the integration tests hold the two together.
 */
import { Type, type Static, type TSchema } from "typebox";

/** The collections, in the order they are listed. Any other collection id answers 404. */
export const OGC_COLLECTION_IDS = ["divisions", "areas", "belts", "projects"] as const;
export type OgcCollectionId = (typeof OGC_COLLECTION_IDS)[number];

export const OGC_CONFORMANCE_CLASSES = [
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
] as const;

export const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
export const GREGORIAN_TRS = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

/** Page size when the request names none. */
export const ITEMS_LIMIT_DEFAULT = 100;
/** Largest page served; a larger limit is served as this one (the standard allows it), with a next link. */
export const ITEMS_LIMIT_MAX = 1000;
/** Largest limit accepted at all: beyond it the request is a 400, as is any value that is not an integer. */
export const ITEMS_LIMIT_ACCEPTED = 1_000_000;
const ITEMS_OFFSET_MAX = 1_000_000_000;

/** A link; href is always absolute. type and title are absent where they would say nothing. */
export const OgcLink = Type.Object({
  href: Type.String(),
  rel: Type.String(),
  type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
});
export type OgcLink = Static<typeof OgcLink>;

/** The landing page at /ogc. */
export const LandingPage = Type.Object({
  title: Type.String(),
  description: Type.String(),
  links: Type.Array(OgcLink),
});
export type LandingPage = Static<typeof LandingPage>;

/** The conformance classes (never empty: core, geojson, oas30). */
export const Conformance = Type.Object({ conformsTo: Type.Array(Type.String()) });
export type Conformance = Static<typeof Conformance>;

/**
 * A collection's extent. `spatial` is absent while no feature of the collection has a geometry; `temporal` is absent
 * when its features carry no dates, and an interval end is null when it is open.
 */
export const Extent = Type.Object({
  spatial: Type.Optional(
    Type.Object({
      bbox: Type.Array(Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }), { minItems: 1 }),
      crs: Type.String(),
    }),
  ),
  temporal: Type.Optional(
    Type.Object({
      interval: Type.Array(Type.Array(Type.Union([Type.String(), Type.Null()]), { minItems: 2, maxItems: 2 }), { minItems: 1 }),
      trs: Type.String(),
    }),
  ),
});
export type Extent = Static<typeof Extent>;

/** One collection's description: links to itself and its items; extent absent when nothing is known of it. */
export const Collection = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  links: Type.Array(OgcLink),
  extent: Type.Optional(Extent),
  itemType: Type.Literal("feature"),
  crs: Type.Array(Type.String()),
});
export type Collection = Static<typeof Collection>;

/** Every collection, always all four, even those with no features yet. */
export const Collections = Type.Object({
  links: Type.Array(OgcLink),
  collections: Type.Array(Collection),
});
export type Collections = Static<typeof Collections>;

/** RFC 9457 problem details, as every error of the service is answered (application/problem+json). */
export { Problem } from "./problem.ts";

/** `f`: the only representation served is JSON (GeoJSON for features). */
const Format = Type.Optional(Type.Enum(["json"], { description: "representation: json (the only one served)" }));
const FeatureFormat = Type.Optional(Type.Enum(["json", "geojson"], { description: "representation: GeoJSON (the only one served)" }));

/** The query of the JSON documents (landing page, conformance, collections): only f, which may be absent. */
export const OgcFormatQuery = Type.Object({ f: Format }, { additionalProperties: false });
export type OgcFormatQuery = Static<typeof OgcFormatQuery>;

const Datetime = Type.Optional(
  Type.String({
    maxLength: 80,
    description:
      "a date (2023-06-01), a date-time (its calendar date counts) or an interval (2023-01-01/2023-12-31, open ends " +
      "as `..`). Selects the planners appointed then (default: today); see each collection's description",
  }),
);

/** Parameters every items request takes; each collection adds its own allowlisted property filters. */
const ITEMS_PARAMETERS = {
  bbox: Type.Optional(
    Type.String({
      maxLength: 200,
      description: "west,south,east,north in CRS84 degrees (lon/lat, WGS84): features that intersect it. west <= east (no antimeridian crossing), south <= north",
    }),
  ),
  datetime: Datetime,
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: ITEMS_LIMIT_ACCEPTED,
      default: ITEMS_LIMIT_DEFAULT,
      description: `page size; at most ${ITEMS_LIMIT_MAX} features are served per page (a larger limit is served as ${ITEMS_LIMIT_MAX}, with a next link)`,
    }),
  ),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: ITEMS_OFFSET_MAX, default: 0, description: "features to skip, as the next and prev links carry it" })),
  f: FeatureFormat,
};

const DivisionCode = Type.String({ pattern: "^[0-9]{6}([0-9]{3})?$", description: "official code: 6 digits (county) or 9 (township)" });
const ProvenanceFilter = Type.Optional(Type.Enum(["official", "approximate", "imported"], { description: "where the boundary came from" }));
const AreaCode = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,63}$", description: "area code, e.g. township-140502001" });
const AREA_KINDS = ["city", "county", "subdistrict", "township", "belt", "project"] as const;
const PROJECT_STAGES = ["proposed", "planning", "design", "approval", "construction", "completed", "suspended"] as const;
const PLANNER_ROLES = ["chief_city", "chief_county_seconded", "chief_county_hired", "unit", "project"] as const;

/** Items of divisions; every property filter may be absent (no filter), and no other parameter is allowed. */
export const DivisionsItemsQuery = Type.Object(
  {
    ...ITEMS_PARAMETERS,
    level: Type.Optional(Type.Enum(["county", "township"])),
    kind: Type.Optional(Type.Enum(["区", "县", "县级市", "街道", "镇", "乡"])),
    code: Type.Optional(DivisionCode),
    parentCode: Type.Optional(DivisionCode),
    provenance: ProvenanceFilter,
  },
  { additionalProperties: false },
);
export type DivisionsItemsQuery = Static<typeof DivisionsItemsQuery>;

/** Items of areas; filters as for divisions: absent means unfiltered. */
export const AreasItemsQuery = Type.Object(
  { ...ITEMS_PARAMETERS, kind: Type.Optional(Type.Enum(AREA_KINDS)), code: Type.Optional(AreaCode), provenance: ProvenanceFilter },
  { additionalProperties: false },
);
export type AreasItemsQuery = Static<typeof AreasItemsQuery>;

/** Items of belts; absent filters do not filter. */
export const BeltsItemsQuery = Type.Object(
  { ...ITEMS_PARAMETERS, code: Type.Optional(AreaCode), provenance: ProvenanceFilter },
  { additionalProperties: false },
);
export type BeltsItemsQuery = Static<typeof BeltsItemsQuery>;

/** Items of projects; projectType is free text compared exactly (no match: an empty page). */
export const ProjectsItemsQuery = Type.Object(
  {
    ...ITEMS_PARAMETERS,
    projectType: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: "project type, e.g. 城市更新" })),
    stage: Type.Optional(Type.Enum(PROJECT_STAGES)),
  },
  { additionalProperties: false },
);
export type ProjectsItemsQuery = Static<typeof ProjectsItemsQuery>;

/** One feature: `datetime` (an extension of the standard) chooses the planners shown, as on the items. */
export const ItemQuery = Type.Object({ datetime: Datetime, f: FeatureFormat }, { additionalProperties: false });
export type ItemQuery = Static<typeof ItemQuery>;

/** Any text: an id that is malformed for its collection cannot exist, so it answers 404 like an unknown one. */
export const FeatureIdParams = Type.Object({ featureId: Type.String({ minLength: 1, maxLength: 200 }) });
export type FeatureIdParams = Static<typeof FeatureIdParams>;

/** Path of a collection that is not one of OGC_COLLECTION_IDS: always answered 404. */
export const CollectionIdParams = Type.Object({ collectionId: Type.String({ minLength: 1, maxLength: 200 }) });
export const UnknownFeatureParams = Type.Object({
  collectionId: Type.String({ minLength: 1, maxLength: 200 }),
  featureId: Type.String({ minLength: 1, maxLength: 200 }),
});

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A GeoJSON geometry in CRS84 (coordinates to 6 decimals), or null while the feature has none. */
const Geometry = Nullable(Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) }));

/** A planner appointed on the requested dates, with only what is public: no contact details. */
const AppointedPlanner = Type.Object({
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  isTeam: Type.Boolean(),
  role: Type.Enum(PLANNER_ROLES),
  validFrom: Type.String({ format: "date" }),
  /** Exclusive end; null while open-ended. */
  validTo: Nullable(Type.String({ format: "date" })),
});

/** Planners on the requested dates ([] when none) and their names joined with 、 (null when none). */
const PLANNER_PROPERTIES = {
  planners: Type.Array(AppointedPlanner),
  plannerNames: Nullable(Type.String()),
};

/** Properties of a division: always a boundary, so provenance is never null; geomSource null when unrecorded. */
const DivisionProperties = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Enum(["county", "township"]),
  kind: Type.String(),
  parentCode: Type.String(),
  provenance: Type.Enum(["official", "approximate", "imported"]),
  geomSource: Nullable(Type.String()),
});

/** Properties of an area; divisionCodes is [] for an area drawn on its own (e.g. a project site). */
const AreaProperties = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  kind: Type.Enum(AREA_KINDS),
  /** Null while the area has no geometry. */
  provenance: Nullable(Type.Enum(["official", "approximate", "imported"])),
  geometryDerived: Type.Boolean(),
  divisionCodes: Type.Array(Type.String()),
  ...PLANNER_PROPERTIES,
  description: Nullable(Type.String()),
  isDemo: Type.Boolean(),
});

/** Properties of a belt; members lists every member township, hasGeometry false while its boundary is not imported. */
const BeltProperties = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  provenance: Nullable(Type.Enum(["official", "approximate", "imported"])),
  geometryDerived: Type.Boolean(),
  members: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), countyCode: Type.String(), hasGeometry: Type.Boolean() })),
  membersTotal: Type.Integer(),
  membersWithGeometry: Type.Integer(),
  ...PLANNER_PROPERTIES,
  description: Nullable(Type.String()),
  source: Nullable(Type.String()),
});

/** Properties of a project; startedOn null when unknown. */
const ProjectProperties = Type.Object({
  name: Type.String(),
  projectType: Type.String(),
  stage: Type.Enum(PROJECT_STAGES),
  startedOn: Nullable(Type.String({ format: "date" })),
  /** The project's own responsibility area, to which project planners are appointed; null when it has none. */
  areaCode: Nullable(Type.String()),
  ...PLANNER_PROPERTIES,
  description: Nullable(Type.String()),
  isDemo: Type.Boolean(),
});

const feature = <I extends TSchema, P extends TSchema>(id: I, properties: P) =>
  Type.Object({
    type: Type.Literal("Feature"),
    id,
    geometry: Geometry,
    properties,
    /** Present on a single feature (self, collection), absent inside a collection page. */
    links: Type.Optional(Type.Array(OgcLink)),
  });

const featureCollection = <F extends TSchema>(featureSchema: F) =>
  Type.Object({
    type: Type.Literal("FeatureCollection"),
    numberMatched: Type.Integer({ description: "features matching the request over all pages" }),
    numberReturned: Type.Integer({ description: "features on this page (0 past the last page)" }),
    timeStamp: Type.String({ format: "date-time" }),
    links: Type.Array(OgcLink, { description: "self, collection, prev when offset > 0, next while features remain" }),
    features: Type.Array(featureSchema),
  });

/** Features by collection: string ids (codes), except projects, whose id is an integer. */
const DivisionFeature = feature(Type.String(), DivisionProperties);
const AreaFeature = feature(Type.String(), AreaProperties);
const BeltFeature = feature(Type.String(), BeltProperties);
export const ProjectFeature = feature(Type.Integer(), ProjectProperties);
export type ProjectFeature = Static<typeof ProjectFeature>;

/** The features of each collection, by collection id: what a page of items and a single item contain. */
export const OGC_FEATURE_SCHEMAS = {
  divisions: DivisionFeature,
  areas: AreaFeature,
  belts: BeltFeature,
  projects: ProjectFeature,
} as const satisfies Record<OgcCollectionId, unknown>;

export const OGC_FEATURE_COLLECTION_SCHEMAS = {
  divisions: featureCollection(DivisionFeature),
  areas: featureCollection(AreaFeature),
  belts: featureCollection(BeltFeature),
  projects: featureCollection(ProjectFeature),
} as const satisfies Record<OgcCollectionId, unknown>;
/** One page of a collection's items. */
export type OgcFeaturePage<C extends OgcCollectionId> = Static<(typeof OGC_FEATURE_COLLECTION_SCHEMAS)[C]>;
