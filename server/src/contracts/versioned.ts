/** The fields every record the bureau edits carries: whether it is demo data, its version (the ETag) and when it last changed. Only typebox. */
import { Type } from "typebox";

export const VERSIONED_FIELDS = {
  isDemo: Type.Boolean(),
  version: Type.Integer({ description: "raised by every change; the ETag is this number in quotes" }),
  updatedAt: Type.String({ format: "date-time" }),
};
