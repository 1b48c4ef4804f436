import { describe, expect, it } from "vitest";
import { dateOfDay, dayNumber, isIsoDate, jinchengToday } from "../../client/src/lib/calendar-dates.ts";
import { addMonths, clampDate, dayBefore, yearStarts } from "../../client/src/pages/dashboard/timeline/dashboard-dates.ts";
import { timelineRanges } from "../../client/src/api/dashboard-coverage.ts";

describe("dashboard dates", () => {
  it("takes today's date in Jincheng, not in the visitor's time zone", () => {
    // 2023-06-01 17:30 UTC is already 2023-06-02 01:30 in China.
    expect(jinchengToday(new Date("2023-06-01T17:30:00Z"))).toBe("2023-06-02");
    expect(jinchengToday(new Date("2023-06-01T15:59:00Z"))).toBe("2023-06-01");
  });

  it("accepts only real calendar days", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2023-6-1")).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });

  it("turns dates into day numbers and back, across month and year ends", () => {
    for (const date of ["2021-11-01", "2022-05-16", "2023-12-31", "2024-02-29"]) expect(dateOfDay(dayNumber(date))).toBe(date);
    expect(dayNumber("2022-01-01") - dayNumber("2021-12-31")).toBe(1);
    expect(dayBefore("2023-12-31")).toBe("2023-12-30");
    expect(dayBefore("2024-03-01")).toBe("2024-02-29");
  });

  it("moves by months and clamps to the month's last day", () => {
    expect(addMonths("2023-01-31", 1)).toBe("2023-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2022-01-15", -1)).toBe("2021-12-15");
    expect(addMonths("2021-11-01", 25)).toBe("2023-12-01");
  });

  it("clamps a date into the slider's range and lists the year ticks after the first year", () => {
    expect(clampDate("2020-01-01", "2021-11-01", "2026-11-27")).toBe("2021-11-01");
    expect(clampDate("2030-01-01", "2021-11-01", "2026-11-27")).toBe("2026-11-27");
    expect(yearStarts("2021-11-01", "2023-05-01")).toEqual(["2022-01-01", "2023-01-01"]);
  });
});

describe("timeline ranges", () => {
  it("asks for one range when the months fit the server's limit", () => {
    expect(timelineRanges("2021-11-01", "2026-11-27", 120)).toEqual([{ from: "2021-11-01", to: "2026-11-27" }]);
  });

  it("splits a longer range so that every month start is asked for exactly once", () => {
    const ranges = timelineRanges("2015-03-15", "2026-11-27", 120);
    expect(ranges).toEqual([
      { from: "2015-03-15", to: "2025-03-31" },
      { from: "2025-04-01", to: "2026-11-27" },
    ]);
    // 2015-04 .. 2025-03 is 120 month starts; the next range starts at the 121st.
    expect(timelineRanges("2021-11-01", "2022-02-10", 2)).toEqual([
      { from: "2021-11-01", to: "2021-12-31" },
      { from: "2022-01-01", to: "2022-02-10" },
    ]);
  });

  it("asks once, for the phases, when the range holds no month start, and not at all when it is reversed", () => {
    expect(timelineRanges("2022-05-16", "2022-05-20", 120)).toEqual([{ from: "2022-05-16", to: "2022-05-20" }]);
    expect(timelineRanges("2023-01-01", "2022-01-01", 120)).toEqual([]);
  });
});
