import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/src/config.ts";
import { connectionTarget } from "../../server/src/db/connection-url.ts";

describe("a database URL naming a Unix-domain socket folder, as libpq reads it", () => {
  it("connects through the socket folder given as host, keeping the other parameters", () => {
    // libpq's empty host (@/atlas) becomes localhost, which postgres.js's URL parsing needs; the socket is what connects.
    expect(connectionTarget("postgres://atlas:secret@/atlas?host=/var/run/postgresql")).toEqual({ url: "postgres://atlas:secret@localhost/atlas", socketFolder: "/var/run/postgresql" });
    expect(connectionTarget("postgresql:///atlas?host=/tmp")).toEqual({ url: "postgresql://localhost/atlas", socketFolder: "/tmp" });
    expect(connectionTarget("postgres://atlas@localhost/atlas?prepare=false&host=%2Fvar%2Frun%2Fpostgresql")).toEqual({
      url: "postgres://atlas@localhost/atlas?prepare=false",
      socketFolder: "/var/run/postgresql",
    });
  });

  it("leaves a TCP URL as it is, and a host parameter that is not a folder", () => {
    expect(connectionTarget("postgres://atlas@db:6432/atlas?prepare=false")).toEqual({ url: "postgres://atlas@db:6432/atlas?prepare=false" });
    expect(connectionTarget("postgres://atlas@db/atlas?host=db2")).toEqual({ url: "postgres://atlas@db/atlas?host=db2" });
  });
});

describe("TILE_PYRAMID_MAX_ZOOM", () => {
  it("keeps tiles up to zoom 8 in the pyramid by default, none with -1, and refuses what is not a zoom", () => {
    expect(loadConfig({}, "/srv/atlas").tilePyramidMaxZoom).toBe(8);
    expect(loadConfig({ TILE_PYRAMID_MAX_ZOOM: "-1" }, "/srv/atlas").tilePyramidMaxZoom).toBe(-1);
    expect(() => loadConfig({ TILE_PYRAMID_MAX_ZOOM: "13" }, "/srv/atlas")).toThrow(/TILE_PYRAMID_MAX_ZOOM/);
    expect(() => loadConfig({ TILE_PYRAMID_MAX_ZOOM: "low" }, "/srv/atlas")).toThrow(/TILE_PYRAMID_MAX_ZOOM/);
  });
});
