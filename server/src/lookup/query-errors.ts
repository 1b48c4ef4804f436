/**
 * Friendlier validation messages for the query parameters of the lookup and coverage routes, used as the routes'
 * schemaErrorFormatter. The error handler in http/problem.ts still builds the problem from the (reworded) issues,
 * so the failing field stays named as the schema names it.
 */
import { ProblemError } from "../http/problem.ts";

interface SchemaIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
}

const DATE_FIELDS = new Set(["/date", "/from", "/to"]);
const DATE_MESSAGE = "must be a real date YYYY-MM-DD between 2000-01-01 and 2100-12-31";

/** Rewords the issues in place (the handler reads them from error.validation) and returns the error to throw. */
export function formatQueryErrors(errors: readonly unknown[]): Error {
  const issues = errors as SchemaIssue[];
  for (const issue of issues) {
    const path = issue.instancePath ?? "";
    if (DATE_FIELDS.has(path) && (issue.keyword === "format" || issue.keyword === "pattern")) {
      issue.message = DATE_MESSAGE;
    } else if (path === "/lat" && (issue.keyword === "maximum" || issue.keyword === "minimum")) {
      // Jincheng is near 112.8E 35.5N: a latitude beyond ±90 is most often a longitude in the wrong place.
      issue.message = `${issue.message ?? "is out of range"} (a latitude: are lon and lat swapped?)`;
    }
  }
  return new Error(issues.map((issue) => `${issue.instancePath ?? ""} ${issue.message ?? "is invalid"}`).join("; "));
}

/** A 400 validation problem about one query parameter, shaped like the schema's own validation problems. */
export function invalidParameter(name: string, message: string): ProblemError {
  return new ProblemError("validation-failed", `querystring.${name} ${message}`, {
    errors: [{ path: `querystring.${name}`, message }],
  });
}
