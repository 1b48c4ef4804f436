/** Schemas of the divisions API; the only import is typebox. */
import { Type, type Static } from "typebox";

const DIVISION_LEVELS = ["city", "county", "township", "village"] as const;
const PROVENANCES = ["official", "approximate", "imported"] as const;

const DivisionLevel = Type.Enum(DIVISION_LEVELS);
const Provenance = Type.Enum(PROVENANCES);
const DivisionCode = Type.String({ pattern: "^[0-9]{6}([0-9]{3}([0-9]{3})?)?$", description: "official code: 6, 9 or 12 digits" });

export const DivisionsQuery = Type.Object(
  {
    level: Type.Optional(DivisionLevel),
    parent: Type.Optional(DivisionCode),
    limit: Type.Integer({ minimum: 1, maximum: 5000, default: 2000 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type DivisionsQuery = Static<typeof DivisionsQuery>;

/** One administrative unit; provenance is null when it has no geometry. */
export const Division = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: DivisionLevel,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  provenance: Type.Union([Provenance, Type.Null()]),
  hasGeometry: Type.Boolean(),
});
export type Division = Static<typeof Division>;

export const BoundariesQuery = Type.Object(
  { level: Type.Enum(["county", "township"]) },
  { additionalProperties: false },
);
export type BoundariesQuery = Static<typeof BoundariesQuery>;
