/** Who is signed in, signing in and out (the session is an httpOnly cookie the browser keeps). */
import type { SessionAnswer, SessionUser } from "@contracts/session.ts";
import { getJson, request } from "./http.ts";

export type { SessionUser };

/** The signed-in account, or null. */
export async function getSession(signal?: AbortSignal): Promise<SessionUser | null> {
  return (await getJson<SessionAnswer>("/api/session", {}, signal)).user;
}

/** Signs in; throws ApiProblem 401 for a wrong name or password, 423 for a locked account, 429 when rate-limited. */
export async function signIn(name: string, password: string): Promise<SessionUser> {
  return (await request<{ user: SessionUser }>("POST", "/api/session", { body: { name, password } })).data.user;
}

export async function signOut(): Promise<void> {
  await request("DELETE", "/api/session");
}
