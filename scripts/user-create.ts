/**
 * npm run user:create -- --role <role> --name <name> [--display-name <text>] [--planner-id <id>]
 * Creates an account in the database chosen by the configuration (the server's: DATABASE_URL, else the embedded
 * database under DATA_DIR, which the server must not hold meanwhile). The password is never an argument: typed twice
 * without echo on a terminal, else the first line of standard input. Exit status: 0 created, 1 refused (name taken,
 * password too short, ...), 2 usage or configuration.
 */
import { redactDatabaseUrl } from "../server/src/config.ts";
import { loadCommandConfig, parseCommandLine } from "./command-config.ts";
import { ROLES, type Role } from "../server/src/contracts/session.ts";
import { checkNewPassword, normaliseName, PASSWORD_MIN_LENGTH } from "../server/src/auth/account-rules.ts";
import { createAccount } from "../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../server/src/auth/passwords.ts";
import { openDatabase, type Database } from "../server/src/db/database.ts";
import { setupDatabase } from "../server/src/setup.ts";

const EXIT_OK = 0;
const EXIT_REFUSED = 1;
const EXIT_USAGE = 2;

const USAGE = `Usage: npm run user:create -- --role <${ROLES.join("|")}> --name <name> [--display-name <text>] [--planner-id <id>]

Creates an account. The name may be Chinese (张三); it is trimmed and must be 1-64 characters. The password (at least
${PASSWORD_MIN_LENGTH} characters, not the name) is asked twice without echo on a terminal, or read as the first line of
standard input:  printf '%s\\n' "$PASSWORD" | npm run user:create -- --role admin --name 张三
Role planner needs --planner-id (the planners row the account belongs to); other roles take none.`;

/** One line of piped standard input, without its line ending; undefined when the input is empty. */
async function readLineFromPipe(): Promise<string | undefined> {
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  const line = text.split(/\r?\n/)[0];
  return line === undefined || line === "" ? undefined : line;
}

/** Reads a line from the terminal without echoing it; rejects on Ctrl-C or Ctrl-D. */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    let typed = "";
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === "\r" || character === "\n") return finish();
        if (character === "\u0003" || character === "\u0004") return finish(new Error("cancelled"));
        if (character === "\u007f" || character === "\b") typed = [...typed].slice(0, -1).join("");
        else if (character >= " ") typed += character;
      }
    };
    stdin.on("data", onData);
  });
}

async function readPassword(): Promise<string | undefined> {
  if (!process.stdin.isTTY) return readLineFromPipe();
  const first = await readHidden("Password: ");
  const second = await readHidden("Password again: ");
  if (first !== second) throw new Error("the two passwords differ");
  return first;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    "user:create",
    {
      args: argv,
      options: {
        role: { type: "string" },
        name: { type: "string" },
        "display-name": { type: "string" },
        "planner-id": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    },
    USAGE,
  );
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  if (!values.role || !ROLES.includes(values.role as Role)) {
    console.error(`user:create: --role must be one of ${ROLES.join(", ")}${values.role ? ` (got "${values.role}")` : ""}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const role = values.role as Role;
  const name = normaliseName(values.name ?? "");
  if (!name.ok) {
    console.error(`user:create: --name: ${values.name === undefined ? "missing" : name.reason}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const plannerId = values["planner-id"] === undefined ? null : Number(values["planner-id"]);
  if (plannerId !== null && (!Number.isInteger(plannerId) || plannerId < 1)) {
    console.error(`user:create: --planner-id must be a positive integer (got "${values["planner-id"]}")`);
    return EXIT_USAGE;
  }
  if ((role === "planner") !== (plannerId !== null)) {
    console.error(`user:create: ${role === "planner" ? "role planner needs --planner-id" : `role ${role} takes no --planner-id`}`);
    return EXIT_USAGE;
  }
  const config = loadCommandConfig("user:create");
  if (!config) return EXIT_USAGE;

  let password;
  try {
    password = await readPassword();
  } catch (error) {
    console.error(`user:create: ${(error as Error).message}; no account was created`);
    return EXIT_REFUSED;
  }
  if (password === undefined) {
    console.error("user:create: no password on standard input; no account was created");
    return EXIT_REFUSED;
  }
  const rule = checkNewPassword(password, name.value);
  if (!rule.ok) {
    console.error(`user:create: ${rule.reason}; no account was created`);
    return EXIT_REFUSED;
  }

  let database: Database | undefined;
  try {
    database = await openDatabase(config);
    await setupDatabase(database.sql, { demo: config.demoData });
    const displayName = values["display-name"]?.normalize("NFC").trim() || name.value;
    const account = await createAccount(
      database.sql,
      { name: name.value, role, displayName, passwordHash: await hashPassword(rule.value), plannerId },
      "cli:user-create",
    );
    const where = config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : `embedded database in ${config.dataDir}`;
    console.log(`user:create: created account ${account.id} "${account.name}" (${account.role}, shown as "${account.displayName}") in ${where}`);
    return EXIT_OK;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === "23505"
        ? `an account named "${name.value}" already exists`
        : code === "23503"
          ? `there is no planner ${plannerId}`
          : code === "23514"
            ? "the database refused the account (its name or role breaks a rule)"
            : error instanceof Error
              ? error.message
              : String(error);
    console.error(`user:create: ${reason}; no account was created`);
    return EXIT_REFUSED;
  } finally {
    await database?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
