/** Schemas of the bureau's imports over HTTP (server/src/imports): the preview of a pending import. Only typebox. */
import { Type, type Static } from "typebox";
import { Nullable } from "./lookup.ts";

const IMPORT_STATUSES = ["pending", "committed", "cancelled", "expired"] as const;

export const ImportParams = Type.Object({ importId: Type.Integer({ minimum: 1 }) });
export type ImportParams = Static<typeof ImportParams>;

const Division = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }, { additionalProperties: false });

/** What ST_MakeValid (even-odd rule) makes of an invalid polygon; applied only when the upload asked for repair. */
const RepairProposal = Type.Object(
  {
    problem: Type.String({ description: "what is wrong, as ST_IsValidDetail says, e.g. Self-intersection at POINT(…)" }),
    parts: Type.Integer({ description: "polygons left after the repair" }),
    km2: Type.Number({ description: "area left after the repair" }),
    coveredKm2: Type.Number({ description: "area the outer rings cover (holes out, overlaps once)" }),
    applied: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** How one feature or CSV row fares. */
const RecordOutcome = Type.Object(
  {
    file: Type.String(),
    record: Type.String({ description: 'e.g. "feature 3 东街街道 (140502001)"' }),
    status: Type.Union([Type.Literal("matched"), Type.Literal("unmatched"), Type.Literal("skipped"), Type.Literal("refused")], {
      description: "matched: to be written; unmatched: no division; skipped: nothing to import; refused: matched, but cannot be written",
    }),
    division: Type.Optional(Division),
    by: Type.Optional(Type.Union([Type.Literal("code"), Type.Literal("name")])),
    target: Type.Optional(Type.Union([Type.Literal("boundary"), Type.Literal("seat")])),
    reason: Type.Optional(Type.String()),
    repair: Type.Optional(RepairProposal),
  },
  { additionalProperties: false },
);

/** The choices of the upload, as multipart fields: provenance, coordinates, repair, skipUnmatched. */
const ImportChoices = Type.Object(
  {
    provenance: Type.Optional(Type.String()),
    coordinates: Type.Optional(Type.String()),
    repair: Type.Optional(Type.Boolean()),
    skipUnmatched: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/**
 * A pending import and its preview: what each record matched, the coordinate system, the repairs proposed, the
 * problems that forbid a commit (empty: it may be committed) and the geometry (WGS84 GeoJSON, outlines simplified
 * to ~10 m). `report` is the import's report once committed, otherwise null.
 */
export const ImportPreview = Type.Object(
  {
    id: Type.Integer(),
    status: Type.Enum(IMPORT_STATUSES, { description: "a pending import past expiresAt reads as expired" }),
    createdBy: Type.String(),
    createdAt: Type.String({ format: "date-time" }),
    expiresAt: Type.String({ format: "date-time" }),
    closedBy: Nullable(Type.String()),
    closedAt: Nullable(Type.String({ format: "date-time" })),
    options: ImportChoices,
    files: Type.Array(
      Type.Object(
        {
          name: Type.String(),
          format: Type.String(),
          records: Type.Integer(),
          coordinates: Type.Object({ system: Type.String(), how: Type.String({ description: "declared by the file, given with the upload, or inferred" }) }),
        },
        { additionalProperties: false },
      ),
    ),
    ignored: Type.Array(Type.String(), { description: "what the upload held that was not read" }),
    summary: Type.Object(
      {
        records: Type.Integer(),
        matchedByCode: Type.Integer(),
        matchedByName: Type.Integer(),
        boundaries: Type.Integer(),
        seats: Type.Integer(),
        unmatched: Type.Integer(),
        skipped: Type.Integer(),
        refused: Type.Integer(),
        repairs: Type.Integer(),
      },
      { additionalProperties: false },
    ),
    records: Type.Array(RecordOutcome),
    coordinates: Type.Object(
      { system: Type.String(), declared: Type.Boolean(), check: Type.Optional(Type.Object({}, { additionalProperties: true })) },
      { description: "how the boundaries were read; check is the comparison with the stored outlines when the upload did not say" },
    ),
    warnings: Type.Array(Type.String()),
    problems: Type.Array(Type.String(), { description: "why the import cannot be committed as it is; empty when it can" }),
    geometry: Type.Object({ type: Type.Literal("FeatureCollection"), features: Type.Array(Type.Unknown()) }, { additionalProperties: true }),
    report: Nullable(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);
export type ImportPreview = Static<typeof ImportPreview>;
