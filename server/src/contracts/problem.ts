/** RFC 9457 problem details, the body of every error response (application/problem+json); the only import is typebox. */
import { Type, type Static } from "typebox";

/** type is `/problems/<slug>` (server/src/http/problem.ts); detail and instance are absent where they would say nothing. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** A problem body; extensions (e.g. `errors` of a validation failure) ride beside the standard members. */
export type ProblemBody = Static<typeof Problem> & { [extension: string]: unknown };
