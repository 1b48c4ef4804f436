import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/src/config.ts";

describe("DATABASE_REPLICA_URL", () => {
  it("reads everything on DATABASE_URL unless a replica is named", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://atlas@db/atlas" }, "/srv/atlas").databaseReplicaUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: "postgres://atlas@db/atlas", DATABASE_REPLICA_URL: " " }, "/srv/atlas").databaseReplicaUrl).toBeUndefined();
  });

  it("takes a replica beside a primary", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://atlas@db:6432/atlas?prepare=false", DATABASE_REPLICA_URL: "postgresql://atlas@replica/atlas" }, "/srv/atlas");
    expect(config.databaseReplicaUrl).toBe("postgresql://atlas@replica/atlas");
  });

  it("refuses a replica that is not a PostgreSQL URL, or one without a primary (the embedded database has none)", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://atlas@db/atlas", DATABASE_REPLICA_URL: "mysql://replica/atlas" }, "/srv/atlas")).toThrow(/DATABASE_REPLICA_URL must start/);
    expect(() => loadConfig({ DATABASE_REPLICA_URL: "postgres://atlas@replica/atlas" }, "/srv/atlas")).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_REPLICA_URL: "postgres://atlas@replica/atlas" }, "/srv/atlas")).toThrow(/needs DATABASE_URL/);
  });
});
