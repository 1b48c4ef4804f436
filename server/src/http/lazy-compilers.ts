/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses), each route's function built on
 * its first use instead of at start-up. Compiling the ~60 route schemas eagerly took ~400 ms of every cold start, most
 * of it for routes a given process may never serve (OGC, docs, coverage on a tile server). The functions are the same
 * as Fastify's defaults; only the moment they are built moves. A schema that cannot compile therefore fails on its
 * route's first request (a 500) rather than at boot, which is why every route is exercised by the integration tests.
 *
 * One check is added before Ajv's: a number or integer in the query string or the path must be written in decimal and
 * be finite. Ajv's type coercion takes whatever JavaScript's Number() takes, so `z=0x9`, `lon=0b1110000` or ` 35.5 `
 * would otherwise pass as 9, 112 and 35.5, and `limit=1e400` as Infinity, which no minimum or maximum then stops
 * (Ajv checks the coerced value no further). Ajv's strictNumbers (app.ts) refuses Infinity and NaN everywhere else.
 */
import ValidatorSelector from "@fastify/ajv-compiler";
import SerializerSelector from "@fastify/fast-json-stringify-compiler";

type ValidatorFactory = ReturnType<typeof ValidatorSelector>;
type SerializerFactory = ReturnType<typeof SerializerSelector>;

/** The validator factory of Fastify's `schemaController.compilersFactory.buildValidator`, compiling lazily. */
export function lazyValidatorFactory(): ValidatorFactory {
  const eager = ValidatorSelector();
  return ((externalSchemas, options) => {
    const compile = eager(externalSchemas, options);
    return (route) => {
      let validate: ReturnType<typeof compile> | undefined;
      const numeric = route.httpPart === "querystring" || route.httpPart === "params" ? numericProperties(route.schema) : [];
      // Fastify reads the errors of a failed validation from the function it was given, as Ajv leaves them there.
      const lazy = ((data: unknown) => {
        for (const name of numeric) {
          const value = (data as Record<string, unknown> | null | undefined)?.[name];
          if (typeof value !== "string") continue;
          const wrong = !DECIMAL_NUMBER.test(value) ? "must be a number in decimal notation" : Number.isFinite(Number(value)) ? undefined : "must be a finite number";
          if (wrong === undefined) continue;
          (lazy as { errors?: unknown }).errors = [{ instancePath: `/${name}`, schemaPath: `#/properties/${name}/type`, keyword: "type", params: {}, message: wrong }];
          return false;
        }
        validate ??= compile(route);
        const result = validate(data);
        (lazy as { errors?: unknown }).errors = (validate as { errors?: unknown }).errors;
        return result;
      }) as ReturnType<typeof compile>;
      return lazy;
    };
  }) as ValidatorFactory;
}

/** A number as people and programs write it in a URL: optional sign, digits, optional fraction and exponent. */
export const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The top-level properties of an object schema whose type is number or integer. */
export function numericProperties(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties ?? {};
  return Object.entries(properties)
    .filter(([, property]) => {
      const types = Array.isArray(property?.type) ? property.type : [property?.type];
      return types.includes("number") || types.includes("integer");
    })
    .map(([name]) => name);
}

/** The serializer factory of Fastify's `schemaController.compilersFactory.buildSerializer`, compiling lazily. */
export function lazySerializerFactory(): SerializerFactory {
  const eager = SerializerSelector();
  return ((externalSchemas, options) => {
    const compile = eager(externalSchemas, options);
    return (route) => {
      let serialize: ReturnType<typeof compile> | undefined;
      return ((data: unknown) => (serialize ??= compile(route))(data)) as ReturnType<typeof compile>;
    };
  }) as SerializerFactory;
}
