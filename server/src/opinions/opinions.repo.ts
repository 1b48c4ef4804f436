/**
 * Public opinions as the API reads and writes them: one-line calls of the functions in
 * sql/functions/api/opinion_routing.sql and opinion_records.sql, and the forward-only status changes. Every write runs
 * in one transaction naming its actor for the audit log: `public:opinion` for a submission, `user:<name>` otherwise.
 */
import { transaction, type Sql } from "../db/database.ts";
import type { MapOpinion, OpinionListQuery, OpinionRecord, OpinionStatus, PublicOpinion, ReceivedBy } from "../contracts/opinions.ts";
import { storePhoto, type PreparedPhoto } from "../photos/photos.ts";
import { newTicket } from "./ticket.ts";

/** The audit log's actor for what the public submits. */
const PUBLIC_ACTOR = "public:opinion";

/** A submission, checked by the route. */
export interface NewOpinion {
  lon: number;
  lat: number;
  category: string;
  text: string;
  contact: string | null;
}

interface PublicRow {
  ticketCode: string;
  hidden: boolean;
  status: OpinionStatus;
  category: string;
  body: string;
  lon: number;
  lat: number;
  plannerName: string | null;
  post: ReceivedBy["role"];
  area: ReceivedBy["area"];
  receivedAt: Date;
  acknowledgedAt: Date | null;
  answeredAt: Date | null;
  closedAt: Date | null;
  answer: string | null;
}

async function readPublicRow(sql: Sql, ticket: string): Promise<PublicRow | undefined> {
  const [row] = await sql<PublicRow[]>`select * from api.opinion_public(${ticket})`;
  return row;
}

const receivedBy = (row: PublicRow): ReceivedBy => ({ name: row.plannerName, role: row.post, area: row.area });

/** Where an opinion at the place is routed on the date (sql/functions/api/opinion_routing.sql). */
export interface Routing {
  countyCode: string;
  routedRole: "unit" | "chief_county" | "chief_city" | "bureau";
  routedPost: string | null;
  routedReason: string;
  plannerId: number | null;
  areaId: number | null;
}

/** Who receives an opinion at the place on the date (YYYY-MM-DD; today in Jincheng when absent); undefined outside Jincheng. */
export async function routeOpinion(sql: Sql, place: { lon: number; lat: number }, onDate?: string): Promise<Routing | undefined> {
  const [row] = await sql<Routing[]>`select * from api.route_opinion(${place.lon}, ${place.lat}, ${onDate ?? null}::date)`;
  return row;
}

/**
 * When the latest visible opinion of the category within withinM metres was received, if after `since`; undefined
 * when there is none (the duplicate hint).
 */
export async function recentSimilarOpinion(sql: Sql, place: { lon: number; lat: number }, category: string, withinM: number, since: Date): Promise<Date | undefined> {
  const [row] = await sql<{ at: Date | null }[]>`
    select api.recent_similar_opinion(${place.lon}, ${place.lat}, ${category}, ${withinM}, ${since}) as at`;
  return row?.at ?? undefined;
}

/**
 * Routes and stores an opinion with its photos in one transaction: the ticket and who received it, or `outside`
 * when no county of Jincheng holds the point (nothing is written).
 */
export async function createOpinion(
  sql: Sql,
  opinion: NewOpinion,
  photos: readonly PreparedPhoto[],
): Promise<{ ok: true; ticket: string; receivedBy: ReceivedBy } | { ok: false; reason: "outside" }> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${PUBLIC_ACTOR}, true)`;
    // 50 random bits make a clash all but impossible; the unique key would refuse one, and the next ticket is tried.
    for (let attempt = 0; ; attempt++) {
      const ticket = newTicket();
      await tx`savepoint new_ticket`;
      try {
        const [row] = await tx<{ id: number }[]>`
          insert into opinions (ticket_code, location, category, body, submitter_contact, county_code, routed_role,
            routed_post, routed_reason, planner_id, area_id)
          select ${ticket}, ST_SetSRID(ST_MakePoint(${opinion.lon}, ${opinion.lat}), 4326), ${opinion.category},
            ${opinion.text}, ${opinion.contact}, r.county_code, r.routed_role, r.routed_post, r.routed_reason,
            r.planner_id, r.area_id
          from api.route_opinion(${opinion.lon}, ${opinion.lat}) as r
          returning id`;
        await tx`release savepoint new_ticket`;
        if (!row) return { ok: false, reason: "outside" } as const;
        for (const photo of photos) await storePhoto(tx, { kind: "opinion", id: row.id }, photo);
        return { ok: true, ticket, receivedBy: receivedBy((await readPublicRow(tx, ticket))!) } as const;
      } catch (error) {
        if ((error as { code?: string }).code !== "23505" || attempt >= 3) throw error;
        await tx`rollback to savepoint new_ticket`;
      }
    }
  });
}

/** What the public sees of the opinion with this ticket (stored form, see ticket.ts); undefined when there is none. */
export async function readPublicOpinion(sql: Sql, ticket: string): Promise<PublicOpinion | undefined> {
  const row = await readPublicRow(sql, ticket);
  if (!row) return undefined;
  if (row.hidden) return { ticket: row.ticketCode, hidden: true };
  return {
    ticket: row.ticketCode,
    hidden: false,
    status: row.status,
    category: row.category,
    text: row.body,
    place: { lon: row.lon, lat: row.lat },
    receivedBy: receivedBy(row),
    times: { received: row.receivedAt.toISOString(), acknowledged: iso(row.acknowledgedAt), answered: iso(row.answeredAt), closed: iso(row.closedAt) },
    answer: row.answer,
  };
}

/** An answered, visible opinion as the public map shows it (sql: api.opinion_on_map); undefined otherwise. */
export async function readMapOpinion(sql: Sql, id: number): Promise<MapOpinion | undefined> {
  const [row] = await sql<
    {
      id: number;
      status: MapOpinion["status"];
      category: string;
      body: string;
      answer: string;
      lon: number;
      lat: number;
      areaName: string | null;
      receivedAt: Date;
      answeredAt: Date | null;
    }[]
  >`select * from api.opinion_on_map(${id})`;
  if (!row) return undefined;
  return {
    id: Number(row.id),
    status: row.status,
    category: row.category,
    text: row.body,
    answer: row.answer,
    place: { lon: row.lon, lat: row.lat },
    areaName: row.areaName,
    times: { received: row.receivedAt.toISOString(), answered: iso(row.answeredAt) },
  };
}

const iso = (time: Date | null) => (time === null ? null : time.toISOString());

/** Who may see which opinions: a planner only those routed to them; the bureau and leaders all. */
export type OpinionReader = { planner: number | null; seesAll: boolean };

/** The planner an account belongs to; null for accounts of other roles (and for an unknown account). */
export async function plannerOfUser(sql: Sql, userId: number): Promise<number | null> {
  const [row] = await sql<{ plannerId: number | null }[]>`select planner_id from users where id = ${userId}`;
  return row?.plannerId ?? null;
}

/**
 * Opinions newest first, as the reader may see them and the query filters them (dates are China time); [] when none.
 * `mine` (always, for a planner) keeps those routed to the reader's planner, or, for an account without one, those
 * routed to the bureau.
 */
export async function listOpinions(sql: Sql, reader: OpinionReader, query: OpinionListQuery): Promise<OpinionRecord[]> {
  const mine = !reader.seesAll || query.mine === true;
  const owner = mine ? (reader.planner === null ? sql`and o.planner_id is null` : sql`and o.planner_id = ${reader.planner}`) : sql``;
  const localDay = sql`(o.created_at at time zone 'Asia/Shanghai')::date`;
  return sql<OpinionRecord[]>`
    select o.* from api.opinion_records as o
    where true ${owner}
      ${query.status ? sql`and o.status = ${query.status}` : sql``}
      ${query.county ? sql`and o.county_code = ${query.county}` : sql``}
      ${query.from ? sql`and ${localDay} >= ${query.from}::date` : sql``}
      ${query.to ? sql`and ${localDay} <= ${query.to}::date` : sql``}
      ${query.hidden === undefined ? sql`` : sql`and o.hidden = ${query.hidden}`}
    order by o.created_at desc, o.id desc
    limit ${query.limit} offset ${query.offset}`;
}

/** The opinion with this ticket (stored form), with every field; undefined when there is none. */
export async function readOpinionByTicket(sql: Sql, ticket: string): Promise<OpinionRecord | undefined> {
  const [row] = await sql<OpinionRecord[]>`select * from api.opinion_records where ticket = ${ticket}`;
  return row;
}

/** The opinion with every field; undefined when there is none. */
async function readOpinion(sql: Sql, opinionId: number): Promise<OpinionRecord | undefined> {
  const [row] = await sql<OpinionRecord[]>`select * from api.opinion_records where id = ${opinionId}`;
  return row;
}

/** A step of the workflow and the statuses it may start from; statuses only move forward. */
const STEPS = {
  acknowledge: ["new"],
  answer: ["new", "acknowledged"],
  close: ["new", "acknowledged", "answered"],
} as const satisfies Record<string, readonly OpinionStatus[]>;
export type OpinionStep = keyof typeof STEPS;

export type StepOutcome = { ok: true; opinion: OpinionRecord } | { ok: false; reason: "not-found" } | { ok: false; reason: "status"; status: OpinionStatus };

/**
 * Takes the opinion one step forward (answering writes the answer), if its status allows it; otherwise nothing is
 * written and the outcome says why. Answering a new opinion acknowledges it at the same time.
 */
export async function advanceOpinion(sql: Sql, opinionId: number, step: OpinionStep, actor: string, answer?: string): Promise<StepOutcome> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const from = STEPS[step] as readonly string[];
    const change =
      step === "acknowledge"
        ? tx`status = 'acknowledged', acknowledged_at = now()`
        : step === "answer"
          ? tx`status = 'answered', answer = ${answer!}, answered_at = now(), acknowledged_at = coalesce(acknowledged_at, now())`
          : tx`status = 'closed', closed_at = now()`;
    const [row] = await tx<{ id: number }[]>`update opinions set ${change} where id = ${opinionId} and status = any(${from}::text[]) returning id`;
    return stepOutcome(tx, opinionId, row !== undefined);
  });
}

async function stepOutcome(sql: Sql, opinionId: number, changed: boolean): Promise<StepOutcome> {
  const opinion = await readOpinion(sql, opinionId);
  if (!opinion) return { ok: false, reason: "not-found" };
  return changed ? { ok: true, opinion } : { ok: false, reason: "status", status: opinion.status };
}

/** Hides an opinion's text from the public with the reason (the bureau); `already` when it is hidden. */
export async function hideOpinion(
  sql: Sql,
  opinionId: number,
  reason: string,
  actor: string,
): Promise<{ ok: true; opinion: OpinionRecord } | { ok: false; reason: "not-found" | "already" }> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [row] = await tx<{ id: number }[]>`
      update opinions set hidden = true, hidden_reason = ${reason}, hidden_at = now()
      where id = ${opinionId} and not hidden
      returning id`;
    const opinion = await readOpinion(tx, opinionId);
    if (!opinion) return { ok: false, reason: "not-found" };
    return row ? { ok: true, opinion } : { ok: false, reason: "already" };
  });
}
