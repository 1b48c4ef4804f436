/**
 * Who sees a dismissal in a unit's appointment history (GET /api/coverage/units/{code}/appointments): the answer is
 * public, but that an appointment ended in dismissal is a status detail for a bureau or leader sign-in only; anyone
 * else (anonymous, planner, admin) reads "ended" for the same dates. Run on each database backend.
 */
import { describe, expect, it } from "vitest";
import type { AppointmentHistory } from "../../../server/src/contracts/coverage.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useSignedInApp } from "../auth/accounts.ts";

const PASSWORD = "history-roles-password";

describe.each(enabledBackends())("a unit's appointment history on %s", (backend) => {
  const session = useSignedInApp(backend, "history-roles", ["bureau", "leader", "planner", "admin"], PASSWORD);

  it("says dismissed to a bureau or leader sign-in only, and ended with the same dates to everyone else", async () => {
    const [dismissed] = await session.app.db.sql<{ divisionCode: string }[]>`
      select ad.division_code from appointments ap join area_divisions ad on ad.area_id = ap.area_id
      where ap.role = 'unit' and ap.status = 'dismissed' and length(ad.division_code) = 9
      order by ad.division_code limit 1`;
    expect(dismissed, "the demo data dismisses a unit planner").toBeDefined();
    const url = `/api/coverage/units/${dismissed!.divisionCode}/appointments`;
    const historyFor = async (role: "bureau" | "leader" | "planner" | "admin" | undefined) => {
      const response = await session.send(role, "GET", url);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<AppointmentHistory>().appointments;
    };

    const detailed = await historyFor("bureau");
    expect(detailed.map((appointment) => appointment.status)).toContain("dismissed");
    expect(await historyFor("leader")).toEqual(detailed);
    const publicAnswer = detailed.map((appointment) => ({ ...appointment, status: appointment.status === "dismissed" ? "ended" : appointment.status }));
    for (const role of [undefined, "planner", "admin"] as const) expect(await historyFor(role), `as ${role ?? "anonymous"}`).toEqual(publicAnswer);
  });
});
