/**
 * What every command-line tool does alike: read its arguments (--help, a usage on a mistake) and the configuration as
 * the server reads it, saying what is wrong once, in the tool's name. Exit status 2 is a usage or configuration error.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, loadConfig, redactDatabaseUrl, type Config } from "../server/src/config.ts";

/** "database: <URL without its password>" or "database: embedded PGlite in <folder>". */
export function describeDatabase(config: Config): string {
  return `database: ${config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : `embedded PGlite in ${config.dataDir}`}`;
}

/**
 * The configuration, or undefined after printing "<command>: <what is wrong>" (the caller exits with its usage code).
 * With `announce`, says which database the command works on (the URL without its password).
 */
export function loadCommandConfig(command: string, options: { announce?: boolean } = {}): Config | undefined {
  try {
    const config = loadConfig();
    if (options.announce) console.log(describeDatabase(config));
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${command}: ${error.message}`);
    return undefined;
  }
}

/**
 * The parsed arguments, or the exit status after printing: 0 after the usage for --help (an option `help`), 2 after
 * what is wrong and `shortUsage` (default `usage`) when the arguments do not parse or `positionals` (how many, and what
 * they are) is not met.
 */
export function parseCommandLine<T extends ParseArgsConfig>(
  command: string,
  config: T,
  usage: string,
  expect: { positionals?: { count: number; what: string }; shortUsage?: string } = {},
): ReturnType<typeof parseArgs<T>> | 0 | 2 {
  const shortUsage = expect.shortUsage ?? usage;
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    console.error(`${command}: ${(error as Error).message}\n${shortUsage}`);
    return 2;
  }
  if ((parsed.values as Record<string, unknown>).help === true) {
    console.log(usage);
    return 0;
  }
  const wanted = expect.positionals;
  const given = (parsed.positionals as string[] | undefined)?.length ?? 0;
  if (wanted && given !== wanted.count) {
    console.error(`${command}: give exactly ${wanted.count === 1 ? "one" : wanted.count} ${wanted.what} (got ${given})\n${shortUsage}`);
    return 2;
  }
  return parsed;
}
