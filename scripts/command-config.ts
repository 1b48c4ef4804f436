/** The configuration for a command-line tool, read as the server reads it; an invalid one is said once, in the tool's name. */
import { ConfigError, loadConfig, type Config } from "../server/src/config.ts";

/** The configuration, or undefined after printing "<command>: <what is wrong>" (the caller exits with its usage code). */
export function loadCommandConfig(command: string): Config | undefined {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${command}: ${error.message}`);
    return undefined;
  }
}
