/**
 * Public opinions (征求意见), without an account:
 *   GET  /api/opinions/challenge            a proof-of-work challenge (proof-of-work.ts)
 *   POST /api/opinions                      multipart form: place, category, text, contact?, the proof, up to 3
 *                                           photos; rate-limited per client address; 201 { ticket, receivedBy }
 *   GET  /api/opinions/{ticket}             what anyone holding the ticket may see (no personal data)
 *   GET  /api/answered-opinions/{id}        an answered opinion's text and answer, for the public map's markers
 * and the planners' workflow, signed in:
 *   GET  /api/opinions                      planner: those routed to them; bureau, leader: all, filtered
 *   POST /api/opinions/{ticket}/acknowledge, /answer, /close   the planner it is routed to, or the bureau; forward only
 *   POST /api/opinions/{ticket}/hide        bureau: hides the text from the public, with the reason (audited)
 * The ticket names an opinion in every path (the router keeps one parameter name at one place in a path); staff
 * records carry both the ticket and the id.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import {
  AnswerOpinionBody,
  HideOpinionBody,
  MapOpinion,
  MapOpinionParams,
  OPINION_PHOTOS_MAX,
  OpinionChallenge,
  OpinionList,
  OpinionListQuery,
  OpinionReceipt,
  OpinionRecord,
  PublicOpinion,
  TicketParams,
} from "../contracts/opinions.ts";
import { Problem } from "../contracts/problem.ts";
import { setVersionTag } from "../http/entity-version.ts";
import { ProblemError } from "../http/problem.ts";
import { photoFormLimits, preparedPhotos, receivePhotoForm } from "../photos/photo-form.ts";
import {
  advanceOpinion,
  createOpinion,
  hideOpinion,
  listOpinions,
  plannerOfUser,
  readOpinionByTicket,
  readMapOpinion,
  readPublicOpinion,
  recentSimilarOpinion,
  routeOpinion,
  type OpinionStep,
} from "./opinions.repo.ts";
import { OPINION_FORM_FIELDS, readOpinionForm } from "./opinion-form.ts";
import { ProofOfWork } from "./proof-of-work.ts";
import { normaliseTicket } from "./ticket.ts";

/** The duplicate hint: an opinion of the same category this close … */
const DUPLICATE_WITHIN_M = 50;
/** … and this recent is probably the same one. */
const DUPLICATE_WITHIN_MS = 30 * 60 * 1000;

const WORKFLOW = { roles: ["planner", "bureau"] as const };
const READERS = { roles: ["planner", "bureau", "leader"] as const };
const STEP_PROBLEMS = { 400: Problem, 403: Problem, 404: Problem, 409: Problem };

export const opinionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { opinionRateLimit, opinionRateWindowS, opinionProofBits, photoMaxBytes } = app.config;
  const proofOfWork = new ProofOfWork(opinionProofBits);
  // Registered inside this plugin, so that only these routes take multipart bodies.
  const { default: multipart } = await import("@fastify/multipart");
  await app.register(multipart, { limits: photoFormLimits(OPINION_FORM_FIELDS, OPINION_PHOTOS_MAX, photoMaxBytes) });

  app.get(
    "/api/opinions/challenge",
    { config: { public: true }, schema: { summary: "A proof-of-work challenge for POST /api/opinions, usable once", response: { 200: OpinionChallenge } } },
    async (_request, reply) => {
      reply.header("cache-control", "no-store");
      const { challenge, bits, expiresAt } = proofOfWork.issue();
      return { challenge, bits, algorithm: "sha256-leading-zero-bits" as const, expiresAt: expiresAt.toISOString() };
    },
  );

  app.post(
    "/api/opinions",
    {
      config: { public: true, rateLimit: { max: opinionRateLimit, timeWindow: opinionRateWindowS * 1000 } },
      schema: {
        summary:
          "Leave an opinion at a place (anyone): multipart/form-data with the fields lon, lat, category, text, contact (optional), " +
          "challenge and nonce (the proof of work), confirmNew (true after a duplicate hint), and up to 3 photos as file parts",
        consumes: ["multipart/form-data"],
        response: { 201: OpinionReceipt, 400: Problem, 403: Problem, 409: Problem, 413: Problem, 415: Problem, 422: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const upload = await receivePhotoForm(request, OPINION_FORM_FIELDS, OPINION_PHOTOS_MAX, photoMaxBytes);
      const read = readOpinionForm(upload.fields);
      if (!read.ok) {
        throw new ProblemError("validation-failed", read.issues.map((issue) => `${issue.path} ${issue.message}`).join("; "), { errors: read.issues });
      }
      const { form } = read;
      const proof = proofOfWork.check(form.challenge, form.nonce);
      if (!proof.ok) throw new ProblemError("proof-of-work-failed", proof.reason);
      // Cheap refusals first; the challenge is used up only by a submission that is stored.
      if ((await routeOpinion(app.db.sql, form)) === undefined) {
        throw new ProblemError("opinion-outside-city", "the place is outside Jincheng: opinions are for places in the city");
      }
      if (!form.confirmNew) {
        const similarAt = await recentSimilarOpinion(app.db.sql, form, form.category, DUPLICATE_WITHIN_M, new Date(Date.now() - DUPLICATE_WITHIN_MS));
        if (similarAt) {
          throw new ProblemError(
            "opinion-possible-duplicate",
            `an opinion of this category was left within ${DUPLICATE_WITHIN_M} m at ${similarAt.toISOString()}: if it is not yours, send again with confirmNew=true`,
            { similarReceivedAt: similarAt.toISOString() },
          );
        }
      }
      const photos = await preparedPhotos(upload);
      if (!proofOfWork.use(form.challenge)) throw new ProblemError("proof-of-work-failed", "the challenge was already used: ask for a new one");
      const created = await createOpinion(app.db.sql, { lon: form.lon, lat: form.lat, category: form.category, text: form.text, contact: form.contact }, photos);
      if (!created.ok) throw new ProblemError("opinion-outside-city", "the place is outside Jincheng: opinions are for places in the city");
      reply.code(201).header("location", `/api/opinions/${created.ticket}`).header("cache-control", "no-store");
      return { ticket: created.ticket, receivedBy: created.receivedBy };
    },
  );

  app.get(
    "/api/opinions/:ticket",
    {
      config: { public: true },
      schema: { summary: "An opinion by its ticket (anyone holding it): status, text, place to about 100 m, times, the answer", params: TicketParams, response: { 200: PublicOpinion, 404: Problem } },
    },
    async (request, reply) => {
      const ticket = normaliseTicket(request.params.ticket);
      const opinion = ticket === undefined ? undefined : await readPublicOpinion(app.db.sql, ticket);
      if (!opinion) throw new ProblemError("not-found", "there is no opinion with this ticket: check the characters");
      reply.header("cache-control", "no-store");
      return opinion;
    },
  );

  app.get(
    "/api/answered-opinions/:id",
    {
      config: { public: true },
      schema: {
        summary: "An answered opinion shown on the public map (its marker's id): category, text, answer, place to about 100 m, times; nothing personal",
        params: MapOpinionParams,
        response: { 200: MapOpinion, 404: Problem },
      },
    },
    async (request, reply) => {
      const opinion = await readMapOpinion(app.db.sql, request.params.id);
      if (!opinion) throw new ProblemError("not-found", `there is no answered opinion ${request.params.id} on the map`);
      // It leaves the map when hidden: a short life in caches.
      reply.header("cache-control", "public, max-age=60");
      return opinion;
    },
  );

  app.get(
    "/api/opinions",
    {
      config: READERS,
      schema: {
        summary: "Opinions, newest first: a planner's own; all for the bureau and leaders, filtered by status, county, dates, hidden",
        querystring: OpinionListQuery,
        response: { 200: OpinionList },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const planner = await plannerOfUser(app.db.sql, user.id);
      reply.header("cache-control", "no-store");
      return { opinions: await listOpinions(app.db.sql, { planner, seesAll: user.role !== "planner" }, request.query) };
    },
  );

  /** The opinion with this ticket; 404 when there is none. */
  async function opinionOf(typed: string): Promise<OpinionRecord> {
    const ticket = normaliseTicket(typed);
    const opinion = ticket === undefined ? undefined : await readOpinionByTicket(app.db.sql, ticket);
    if (!opinion) throw new ProblemError("not-found", `there is no opinion with the ticket ${typed}`);
    return opinion;
  }

  /** The id of the opinion a workflow step is about, once the caller may act on it: the bureau, or the planner it is routed to. */
  async function actionable(request: FastifyRequest, typed: string): Promise<number> {
    const opinion = await opinionOf(typed);
    const user = request.user!;
    if (user.role === "planner" && opinion.plannerId !== (await plannerOfUser(app.db.sql, user.id))) {
      throw new ProblemError("forbidden", "this opinion is routed to another planner");
    }
    return opinion.id;
  }

  const step = (path: OpinionStep, summary: string) =>
    app.post(
      `/api/opinions/:ticket/${path}`,
      {
        config: WORKFLOW,
        schema: { summary, params: TicketParams, ...(path === "answer" ? { body: AnswerOpinionBody } : {}), response: { 200: OpinionRecord, ...STEP_PROBLEMS } },
      },
      async (request, reply) => {
        const opinionId = await actionable(request, request.params.ticket);
        const answer = path === "answer" ? (request.body as { answer: string }).answer.trim() : undefined;
        const outcome = await advanceOpinion(app.db.sql, opinionId, path, `user:${request.user!.name}`, answer);
        if (!outcome.ok) {
          if (outcome.reason === "not-found") throw new ProblemError("not-found", `there is no opinion ${opinionId}`);
          throw new ProblemError("opinion-status-conflict", `the opinion is ${outcome.status}: statuses go forward only, new → acknowledged → answered → closed`, {
            opinionStatus: outcome.status,
          });
        }
        setVersionTag(reply, outcome.opinion.version);
        return outcome.opinion;
      },
    );
  step("acknowledge", "Acknowledge a new opinion (its planner, or the bureau)");
  step("answer", "Answer an opinion, new or acknowledged (its planner, or the bureau); the public reads the answer by ticket");
  step("close", "Close an opinion (its planner, or the bureau)");

  app.post(
    "/api/opinions/:ticket/hide",
    {
      config: { roles: ["bureau"] },
      schema: { summary: "Hide an abusive opinion from the public, with the reason (bureau; audited)", params: TicketParams, body: HideOpinionBody, response: { 200: OpinionRecord, ...STEP_PROBLEMS } },
    },
    async (request, reply) => {
      const opinionId = (await opinionOf(request.params.ticket)).id;
      const outcome = await hideOpinion(app.db.sql, opinionId, request.body.reason.trim(), `user:${request.user!.name}`);
      if (!outcome.ok) {
        if (outcome.reason === "not-found") throw new ProblemError("not-found", `there is no opinion ${opinionId}`);
        throw new ProblemError("conflict", "the opinion is hidden already");
      }
      setVersionTag(reply, outcome.opinion.version);
      return outcome.opinion;
    },
  );
};
