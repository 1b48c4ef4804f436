/** Schema of GET /api/client-config, shared with the web client (type-only there). The only import is typebox. */
import { Type, type Static } from "typebox";

export const ClientConfig = Type.Object(
  {
    basemap: Type.Union([
      Type.Object({
        provider: Type.Literal("tianditu"),
        token: Type.String({ description: "the 天地图 browser key; it is sent with every basemap tile request" }),
        attribution: Type.String(),
      }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);
export type ClientConfig = Static<typeof ClientConfig>;
