/** Schemas of the accounts and session routes (server/src/auth), shared with the web client (type-only there). Only typebox. */
import { Type, type Static } from "typebox";

/**
 * admin: accounts only. bureau: edits areas, planners, appointments, projects; imports. leader: reads everything,
 * edits nothing. planner: their own work records and answers. No role includes another.
 */
export const ROLES = ["admin", "bureau", "leader", "planner"] as const;
export type Role = (typeof ROLES)[number];

const RoleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)));

/** The signed-in user as the client sees it; displayName is the name shown in the interface. */
export const SessionUser = Type.Object(
  { id: Type.Integer(), name: Type.String(), role: RoleSchema, displayName: Type.String() },
  { additionalProperties: false },
);
export type SessionUser = Static<typeof SessionUser>;

/** GET /api/session: user is null for an anonymous request (no cookie, or a session that ended). */
export const SessionAnswer = Type.Object({ user: Type.Union([SessionUser, Type.Null()]) }, { additionalProperties: false });
export type SessionAnswer = Static<typeof SessionAnswer>;

/** POST /api/session. Lengths are bounded so that nobody can make the server hash a megabyte. */
export const SignInBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

/** POST /api/session answer: the user now signed in. */
export const SignedIn = Type.Object({ user: SessionUser }, { additionalProperties: false });

/** PUT /api/session/password. */
export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

/** An account as the admin sees it (never its password hash). plannerId is set exactly for role planner. */
export const Account = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    role: RoleSchema,
    displayName: Type.String(),
    plannerId: Type.Union([Type.Integer(), Type.Null()]),
    disabled: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Account = Static<typeof Account>;

/** POST /api/users (admin): a new account with its initial password; displayName defaults to the name. */
export const CreateAccountBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: RoleSchema,
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    plannerId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type CreateAccountBody = Static<typeof CreateAccountBody>;

/** PATCH /api/users/{userId} (admin): disable or enable an account. Disabling ends its sessions. */
export const UpdateAccountBody = Type.Object({ disabled: Type.Boolean() }, { additionalProperties: false });

export const AccountParams = Type.Object({ userId: Type.Integer({ minimum: 1 }) });
