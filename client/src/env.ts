/**
 * The only reader of import.meta.env. Only VITE_PUBLIC_* variables are read, and nothing secret belongs in them:
 * everything here ends up in the JavaScript sent to every visitor.
 */

function publicString(value: unknown, fallback: string): string {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : fallback;
}

/** Prefix of every API URL; empty means the same origin that served the page (the normal deployment). */
export const API_BASE: string = publicString(import.meta.env.VITE_PUBLIC_API_BASE, "").replace(/\/+$/, "");
