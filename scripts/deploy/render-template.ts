/**
 * Fills a configuration template of scripts/deploy/ (${NAME} placeholders; nginx's own $variables are left alone).
 * Used by the scale-out test and the benchmark, and by hand:
 *   LISTEN=80 SERVER_NAME=atlas.example.org … npx tsx scripts/deploy/render-template.ts scripts/deploy/nginx/planner-atlas.conf.template > /etc/nginx/conf.d/planner-atlas.conf
 * A placeholder without a value stops it with the names missing.
 */
import fs from "node:fs";
import path from "node:path";

/** The template with every ${NAME} replaced by values[NAME]; throws naming every placeholder without a value. */
export function renderTemplate(template: string, values: Record<string, string | undefined>): string {
  const missing = new Set<string>();
  const text = template.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) missing.add(name);
    return value ?? "";
  });
  if (missing.size > 0) throw new Error(`the template needs ${[...missing].join(", ")}`);
  return text;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: npx tsx scripts/deploy/render-template.ts <template> > <configuration file>   (values from the environment)");
    process.exit(2);
  }
  try {
    process.stdout.write(renderTemplate(fs.readFileSync(file, "utf8"), process.env));
  } catch (error) {
    console.error(`${file}: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
