/**
 * The selected area with its ETag, read again whenever the workspace's data changes; the last record stays on screen
 * while the next read is on its way. A write's answer replaces it at once (`replace`), so the next change is based on
 * the version just written, whichever answer arrives first.
 */
import { useState } from "react";
import type { ApiProblem } from "../../../api/api-problem.ts";
import { getArea, type Area } from "../../../api/areas.ts";
import type { Tagged } from "../../../api/http.ts";
import { useKeyedAnswer } from "../../../features/resource/use-resource.ts";
import { useWorkspace } from "../workspace-context.tsx";

export interface AreaRecord {
  area: Area;
  /** The ETag of this version, for If-Match. */
  etag: string;
}

/** A record from an answer: its ETag header, else the version in quotes (the server's ETag is exactly that). */
export function recordOf(answer: Tagged<Area> | Area): AreaRecord {
  if ("data" in answer) return { area: answer.data, etag: answer.etag ?? `"${answer.data.version}"` };
  return { area: answer, etag: `"${answer.version}"` };
}

export function useAreaRecord(areaId: number): { record: AreaRecord | null; problem: ApiProblem | null; replace(record: AreaRecord): void } {
  const { dataVersion } = useWorkspace();
  const { current, last } = useKeyedAnswer(`${areaId}:${dataVersion}`, (signal) => getArea(areaId, signal));
  const [written, setWritten] = useState<AreaRecord | null>(null);
  const read = last && last.data.data.id === areaId ? recordOf(last.data) : null;
  const mine = written && written.area.id === areaId ? written : null;
  const record = read && mine ? (mine.area.version > read.area.version ? mine : read) : (read ?? mine);
  const problem = current && !current.ok ? current.problem : null;
  return { record, problem, replace: setWritten };
}
