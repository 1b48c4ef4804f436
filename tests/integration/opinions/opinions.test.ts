/**
 * Public opinions over HTTP on both databases: the ticket flow (submit → read by ticket → acknowledge → answer →
 * close), what the public sees (no personal data, the place to about 100 m, a hidden one says only that), the map
 * layer (answered, not hidden), the abuse limits (per-address rate limit, proof of work, duplicate hint, field
 * checks), the planners' and the bureau's part, and the audit of hiding. Every submission comes from its own
 * address unless the test is about the rate limit.
 */
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { OPINION_CATEGORY_KEYS } from "../../../server/src/contracts/opinions.ts";
import { proofHolds } from "../../../server/src/opinions/proof-of-work.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { OWN_ORIGIN } from "../auth/accounts.ts";
import { tileAt } from "../tiles/tile-fixtures.ts";
import {
  appoint,
  ELSEWHERE_IN_CHENGQU,
  IN_CHENGQU,
  makePlanner,
  makeUnitArea,
  opinionFields,
  OUTSIDE_JINCHENG,
  signedInAs,
  solvedChallenge,
  submitOpinion,
} from "./opinion-fixtures.ts";

const PROOF_BITS = 4;
let nextAddress = 10;
/** A client address of its own, so that one test's submissions never count against another's. */
const newAddress = () => `198.51.100.${nextAddress++}`;

describe.each(enabledBackends())("public opinions on %s", (backend) => {
  let app: FastifyInstance;
  let plannerId: number;
  let plannerName: string;
  const cookies = {} as Record<"planner" | "otherPlanner" | "bureau" | "leader", string>;

  useFreshApp(
    backend,
    async (built) => {
      app = built;
      const sql = app.db.sql;
      plannerName = "意见流程规划师";
      plannerId = await makePlanner(sql, plannerName);
      const otherId = await makePlanner(sql, "另一位规划师");
      // A unit area held from 2020 on, so that today's opinions at IN_CHENGQU reach this planner.
      await appoint(sql, plannerId, await makeUnitArea(sql, "opinion-flow-unit", IN_CHENGQU), "unit", "2020-01-01", null);
      cookies.planner = await signedInAs(app, "opinion-planner", "planner", plannerId);
      cookies.otherPlanner = await signedInAs(app, "opinion-other", "planner", otherId);
      cookies.bureau = await signedInAs(app, "opinion-bureau", "bureau");
      cookies.leader = await signedInAs(app, "opinion-leader", "leader");
    },
    { config: { signInRateLimit: 1000, opinionProofBits: PROOF_BITS, opinionRateLimit: 5, opinionRateWindowS: 600 } },
  );

  const as = (who: keyof typeof cookies, method: "GET" | "POST", url: string, payload?: object) =>
    app.inject({ method, url, headers: { origin: OWN_ORIGIN, cookie: cookies[who] }, ...(payload ? { payload } : {}) });
  const publicView = (ticket: string) => app.inject({ method: "GET", url: `/api/opinions/${ticket}` });
  const recordOf = async (ticket: string) => {
    const [row] = await app.db.sql<{ id: number }[]>`select id from opinions where ticket_code = ${ticket}`;
    return row!.id;
  };

  /** Submits an opinion at the place from a new address; its ticket. */
  async function submitted(place: { lon: number; lat: number }, text: string, extra: Record<string, string> = {}): Promise<string> {
    const response = await submitOpinion(app, { fields: opinionFields(place, text, extra), from: newAddress() });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { ticket: string }).ticket;
  }

  it("hands out single-use challenges of the configured difficulty", async () => {
    const response = await app.inject({ method: "GET", url: "/api/opinions/challenge" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(body).toMatchObject({ bits: PROOF_BITS, algorithm: "sha256-leading-zero-bits", challenge: expect.any(String) });
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it("takes an opinion with a ticket, names who received it, and follows it forward to closed", async () => {
    const response = await submitOpinion(app, {
      fields: opinionFields({ lon: 112.85123, lat: 35.50087 }, "小区门口的人行道被占用，\n希望规划步行空间。", { contact: "13900001111", category: "road_traffic" }),
      from: newAddress(),
    });
    expect(response.statusCode, response.body).toBe(201);
    const receipt = response.json() as { ticket: string; receivedBy: unknown };
    expect(receipt.ticket).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(response.headers.location).toBe(`/api/opinions/${receipt.ticket}`);
    expect(receipt.receivedBy).toEqual({ name: plannerName, role: "unit", area: { code: "opinion-flow-unit", name: "测试责任区 opinion-flow-unit", kind: "township" } });

    const fresh = await publicView(receipt.ticket);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toMatchObject({ status: "new", hidden: false, category: "road_traffic", place: { lon: 112.851, lat: 35.501 }, answer: null });
    // Typed back in lower case with a hyphen, and with O for 0 or L for 1, it is the same ticket.
    const typed = `${receipt.ticket.slice(0, 5)}-${receipt.ticket.slice(5)}`.toLowerCase().replaceAll("0", "o").replaceAll("1", "l");
    expect((await publicView(typed)).json()).toEqual(fresh.json());

    const id = await recordOf(receipt.ticket);
    const mine = await as("planner", "GET", "/api/opinions?status=new");
    expect(mine.statusCode).toBe(200);
    const listed = (mine.json() as { opinions: { id: number; contact: string; lon: number }[] }).opinions.find((opinion) => opinion.id === id);
    expect(listed).toMatchObject({ contact: "13900001111", lon: 112.85123, routedRole: "unit", routedReason: "unit_post_held", plannerId });

    // Only the planner it is routed to, or the bureau, moves it; leaders read only.
    expect((await as("otherPlanner", "POST", `/api/opinions/${receipt.ticket}/acknowledge`)).json()).toMatchObject({ status: 403, type: "/problems/forbidden" });
    expect((await as("leader", "POST", `/api/opinions/${receipt.ticket}/acknowledge`)).statusCode).toBe(403);
    expect((await as("otherPlanner", "GET", "/api/opinions")).json().opinions.map((opinion: { id: number }) => opinion.id)).not.toContain(id);
    expect((await as("otherPlanner", "GET", "/api/opinions?mine=false")).json().opinions.map((opinion: { id: number }) => opinion.id)).not.toContain(id);

    // Steps name the opinion by its ticket, typed as a person may type it.
    const acknowledged = await as("planner", "POST", `/api/opinions/${typed}/acknowledge`);
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(acknowledged.json()).toMatchObject({ status: "acknowledged", acknowledgedAt: expect.any(String) });
    expect(acknowledged.headers.etag).toBe(`"${acknowledged.json().version}"`);
    const again = await as("planner", "POST", `/api/opinions/${receipt.ticket}/acknowledge`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ type: "/problems/opinion-status-conflict", opinionStatus: "acknowledged" });

    expect((await as("planner", "POST", `/api/opinions/${receipt.ticket}/answer`, { answer: "  " })).statusCode).toBe(400);
    const answered = await as("planner", "POST", `/api/opinions/${receipt.ticket}/answer`, { answer: "已联系街道，下月清理占道。" });
    expect(answered.json()).toMatchObject({ status: "answered", answer: "已联系街道，下月清理占道。", answeredAt: expect.any(String) });
    const answeredView = (await publicView(receipt.ticket)).json();
    expect(answeredView).toMatchObject({ status: "answered", answer: "已联系街道，下月清理占道。" });
    expect(answeredView.times).toEqual({ received: expect.any(String), acknowledged: expect.any(String), answered: expect.any(String), closed: null });

    expect((await as("bureau", "POST", `/api/opinions/${receipt.ticket}/close`)).json()).toMatchObject({ status: "closed", closedAt: expect.any(String) });
    const late = await as("planner", "POST", `/api/opinions/${receipt.ticket}/answer`, { answer: "再答一次" });
    expect(late.json()).toMatchObject({ status: 409, type: "/problems/opinion-status-conflict", opinionStatus: "closed" });
    expect((await publicView(receipt.ticket)).json()).toMatchObject({ status: "closed", answer: "已联系街道，下月清理占道。" });

    // Each step is logged with who took it: the public for the submission, then the accounts.
    const actors = await app.db.sql<{ actor: string; action: string }[]>`
      select actor, action from audit_log where table_name = 'opinions' and row_key = ${String(id)} order by id`;
    expect(actors).toEqual([
      { actor: "public:opinion", action: "insert" },
      { actor: "user:opinion-planner", action: "update" },
      { actor: "user:opinion-planner", action: "update" },
      { actor: "user:opinion-bureau", action: "update" },
    ]);
  });

  it("shows the public no personal data: not the contact, not the exact place, not the routing", async () => {
    const ticket = await submitted({ lon: 112.84567, lat: 35.49876 }, "公共空间缺少座椅。", { contact: "wechat-secret-id" });
    const response = await publicView(ticket);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(["answer", "category", "hidden", "place", "receivedBy", "status", "text", "ticket", "times"]);
    expect(Object.keys(body.receivedBy).sort()).toEqual(["area", "name", "role"]);
    expect(body.place).toEqual({ lon: 112.846, lat: 35.499 });
    for (const secret of ["wechat-secret-id", "84567", "49876", "plannerId", "routedReason", "contact"]) expect(response.body).not.toContain(secret);
    expect((await publicView("ZZZZZZZZZZ")).json()).toMatchObject({ status: 404, type: "/problems/not-found" });
  });

  it("puts answered opinions on the map, to about 100 m, and never new or hidden ones", async () => {
    const place = { lon: 112.85234, lat: 35.50345 };
    const [newTicket, answeredTicket, hiddenTicket] = [
      await submitted(place, "新意见", { category: "environment" }),
      await submitted(place, "已答复意见", { category: "heritage" }),
      await submitted(place, "将被隐藏的意见", { category: "village_planning" }),
    ];
    for (const ticket of [answeredTicket, hiddenTicket]) {
      expect((await as("planner", "POST", `/api/opinions/${ticket}/answer`, { answer: "答复" })).statusCode).toBe(200);
    }
    expect((await as("bureau", "POST", `/api/opinions/${hiddenTicket}/hide`, { reason: "辱骂内容" })).statusCode).toBe(200);
    const { z, x, y } = tileAt(place.lon, place.lat, 14);
    const features = await app.db.sql<{ id: number; status: string; category: string; lon: number; lat: number }[]>`
      select id, status, category, ST_X(ST_Transform(geom, 4326)) as lon, ST_Y(ST_Transform(geom, 4326)) as lat
      from tiles.opinions_features(${z}, ${x}, ${y})`;
    const ids = features.map((feature) => feature.id);
    expect(ids).not.toContain(await recordOf(newTicket));
    expect(ids).not.toContain(await recordOf(hiddenTicket));
    const answeredId = await recordOf(answeredTicket);
    const shown = features.find((feature) => feature.id === answeredId);
    expect(shown).toMatchObject({ status: "answered", category: "heritage" });
    expect(shown!.lon).toBeCloseTo(112.852, 9);
    expect(shown!.lat).toBeCloseTo(35.503, 9);

    // A marker's id reads its text and answer, and nothing personal; new and hidden ones read nothing.
    const onMap = await app.inject({ method: "GET", url: `/api/answered-opinions/${answeredId}` });
    expect(onMap.statusCode).toBe(200);
    expect(onMap.json()).toEqual({
      id: answeredId,
      status: "answered",
      category: "heritage",
      text: "已答复意见",
      answer: "答复",
      place: { lon: 112.852, lat: 35.503 },
      areaName: expect.any(String),
      times: { received: expect.any(String), answered: expect.any(String) },
    });
    for (const secret of [answeredTicket, "contact", "plannerId", "112.85234"]) expect(onMap.body).not.toContain(secret);
    for (const ticket of [newTicket, hiddenTicket]) {
      const none = await app.inject({ method: "GET", url: `/api/answered-opinions/${await recordOf(ticket)}` });
      expect(none.statusCode).toBe(404);
      expect(none.headers["content-type"]).toContain("application/problem+json");
      expect(none.body).not.toContain(ticket === newTicket ? "新意见" : "将被隐藏的意见");
    }
    expect((await app.inject({ method: "GET", url: "/api/answered-opinions/1e400" })).statusCode).toBe(400);
  });

  it("leaves the data revision alone for a new opinion, which the map does not show, and raises it for an answer", async () => {
    const revision = async () => (await app.db.sql<{ revision: string }[]>`select api.data_revision() as revision`)[0]!.revision;
    const before = await revision();
    const ticket = await submitted(IN_CHENGQU, "不改变修订号", { category: "planning_project" });
    expect(await revision()).toBe(before);
    // Answered straight from new: acknowledged at the same time.
    const answered = await as("planner", "POST", `/api/opinions/${ticket}/answer`, { answer: "直接答复" });
    expect(answered.json()).toMatchObject({ status: "answered", acknowledgedAt: answered.json().answeredAt });
    expect(await revision()).not.toBe(before);
  });

  it("limits submissions per client address, with a problem", async () => {
    const address = newAddress();
    // Five requests of any outcome use up the window (these are refused for a missing text, cheaply).
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await submitOpinion(app, { fields: opinionFields(IN_CHENGQU, ""), from: address, proof: "none" });
      expect(response.statusCode).toBe(400);
    }
    const limited = await submitOpinion(app, { fields: opinionFields(IN_CHENGQU, "第六次"), from: address });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ type: "/problems/rate-limited", status: 429, detail: expect.stringMatching(/try again in/) });
    expect(limited.headers["retry-after"]).toBeDefined();
    // Another address is not affected.
    expect((await submitOpinion(app, { fields: opinionFields(IN_CHENGQU, "另一个地址"), from: newAddress() })).statusCode).toBe(201);
  });

  it("refuses a missing, forged, wrong or reused proof of work, saying which", async () => {
    const fields = opinionFields(ELSEWHERE_IN_CHENGQU, "工作量证明测试", { category: "other" });
    const missing = await submitOpinion(app, { fields, from: newAddress(), proof: "none" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "body.challenge" }), expect.objectContaining({ path: "body.nonce" })]),
    );

    const { challenge, nonce } = await solvedChallenge(app);
    let wrongNonce = 0;
    while (proofHolds(challenge, String(wrongNonce), PROOF_BITS)) wrongNonce++;
    const wrong = await submitOpinion(app, { fields, from: newAddress(), proof: { challenge, nonce: String(wrongNonce) } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ type: "/problems/proof-of-work-failed", detail: expect.stringMatching(/does not solve/) });

    const forged = `${PROOF_BITS}.${Date.now() + 60_000}.${"A".repeat(22)}.${"B".repeat(43)}`;
    const forgedAnswer = await submitOpinion(app, { fields, from: newAddress(), proof: { challenge: forged, nonce: "1" } });
    expect(forgedAnswer.json()).toMatchObject({ status: 403, detail: expect.stringMatching(/not one this server handed out/) });

    expect((await submitOpinion(app, { fields, from: newAddress(), proof: { challenge, nonce } })).statusCode).toBe(201);
    const reused = await submitOpinion(app, { fields: { ...fields, confirmNew: "true" }, from: newAddress(), proof: { challenge, nonce } });
    expect(reused.statusCode).toBe(403);
    expect(reused.json().detail).toMatch(/already used/);
  });

  it("hints at a duplicate of the same category nearby, saying only when, until the sender confirms", async () => {
    const place = { lon: 112.8431, lat: 35.4952 };
    await submitted(place, "第一份：路灯不亮", { category: "public_facilities", contact: "first-sender-contact" });
    const near = { lon: place.lon + 0.0003, lat: place.lat };
    const proof = await solvedChallenge(app);
    const hint = await submitOpinion(app, { fields: opinionFields(near, "第二份：路灯不亮", { category: "public_facilities" }), from: newAddress(), proof });
    expect(hint.statusCode).toBe(409);
    expect(hint.json()).toMatchObject({ type: "/problems/opinion-possible-duplicate", similarReceivedAt: expect.any(String) });
    for (const other of ["first-sender-contact", "第一份", "ticket"]) expect(hint.body).not.toContain(other);
    // The hint did not use up the proof: the same one goes through once the sender confirms.
    const confirmed = await submitOpinion(app, { fields: opinionFields(near, "第二份：路灯不亮", { category: "public_facilities", confirmNew: "true" }), from: newAddress(), proof });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    // Another category at the same place, or the same category 200 m away, is no duplicate.
    await submitted(near, "另一类", { category: "environment" });
    await submitted({ lon: place.lon + 0.0022, lat: place.lat }, "两百米外", { category: "public_facilities" });
  });

  it("checks every field and refuses places outside Jincheng and forms that are not multipart", async () => {
    const from = newAddress();
    const bad = await submitOpinion(app, {
      fields: { lon: "east", lat: "95", category: "noise", text: "x".repeat(2001), contact: "a\nb" },
      from,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((error: { path: string }) => error.path).sort()).toEqual(["body.category", "body.contact", "body.lat", "body.lon", "body.text"]);
    const control = await submitOpinion(app, { fields: opinionFields(IN_CHENGQU, "含有\u0007控制字符"), from: newAddress() });
    expect(control.json()).toMatchObject({ status: 400, errors: [{ path: "body.text" }] });
    const unknown = await submitOpinion(app, { fields: { ...opinionFields(IN_CHENGQU, "多余字段"), name: "张三" }, from: newAddress() });
    expect(unknown.json()).toMatchObject({ status: 400, errors: [{ path: "body.name" }] });
    const outside = await submitOpinion(app, { fields: opinionFields(OUTSIDE_JINCHENG, "北京的意见"), from: newAddress() });
    expect(outside.json()).toMatchObject({ status: 422, type: "/problems/opinion-outside-city" });
    const json = await app.inject({ method: "POST", url: "/api/opinions", headers: { origin: OWN_ORIGIN }, remoteAddress: newAddress(), payload: { text: "json" } });
    expect(json.json()).toMatchObject({ status: 415, type: "/problems/unsupported-media-type" });
    expect(OPINION_CATEGORY_KEYS).toContain("public_space");
  });

  it("lets the bureau hide an abusive opinion, logged under its name; the public then sees only that it was hidden", async () => {
    const ticket = await submitted(IN_CHENGQU, "一段辱骂的话", { category: "other", contact: "abuser-contact" });
    const id = await recordOf(ticket);
    expect((await as("planner", "POST", `/api/opinions/${ticket}/hide`, { reason: "辱骂" })).statusCode).toBe(403);
    const hidden = await as("bureau", "POST", `/api/opinions/${ticket}/hide`, { reason: "辱骂他人" });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(hidden.json()).toMatchObject({ hidden: true, hiddenReason: "辱骂他人", hiddenAt: expect.any(String) });
    expect((await as("bureau", "POST", `/api/opinions/${ticket}/hide`, { reason: "再次" })).statusCode).toBe(409);

    const view = await publicView(ticket);
    expect(view.json()).toEqual({ ticket, hidden: true });
    const [logged] = await app.db.sql<{ actor: string; before: { hidden: boolean }; after: { hidden: boolean; hidden_reason: string } }[]>`
      select actor, before, after from audit_log where table_name = 'opinions' and row_key = ${String(id)} and action = 'update' order by id desc limit 1`;
    expect(logged).toMatchObject({ actor: "user:opinion-bureau", before: { hidden: false }, after: { hidden: true, hidden_reason: "辱骂他人" } });

    // Staff still read it, and can filter hidden ones.
    const listed = (await as("leader", "GET", "/api/opinions?hidden=true&county=140502")).json().opinions;
    expect(listed.map((opinion: { id: number }) => opinion.id)).toContain(id);
    expect(listed.every((opinion: { hidden: boolean; countyCode: string }) => opinion.hidden && opinion.countyCode === "140502")).toBe(true);
  });

  it("lists for the bureau and leaders with filters, and for a planner only their own", async () => {
    const ticket = await submitted(IN_CHENGQU, "列表测试", { category: "housing_community" });
    const id = await recordOf(ticket);
    const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
    const all = (await as("bureau", "GET", `/api/opinions?status=new&from=${today}&to=${today}&limit=1000`)).json().opinions;
    expect(all.map((opinion: { id: number }) => opinion.id)).toContain(id);
    expect(all.every((opinion: { status: string }) => opinion.status === "new")).toBe(true);
    expect((await as("bureau", "GET", "/api/opinions?county=140525")).json().opinions.map((opinion: { id: number }) => opinion.id)).not.toContain(id);
    expect((await as("bureau", "GET", "/api/opinions?to=2020-01-01")).json().opinions).toEqual([]);
    const own = (await as("planner", "GET", "/api/opinions?limit=1000")).json().opinions;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((opinion: { plannerId: number }) => opinion.plannerId === plannerId)).toBe(true);
    expect((await app.inject({ method: "GET", url: "/api/opinions" })).statusCode).toBe(401);
    expect((await as("bureau", "POST", "/api/opinions/ZZZZZZZZZZ/acknowledge")).statusCode).toBe(404);
  });
});
