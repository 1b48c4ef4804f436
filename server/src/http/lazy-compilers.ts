/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses), each route's function built on
 * its first use instead of at start-up. Compiling the ~60 route schemas eagerly took ~400 ms of every cold start, most
 * of it for routes a given process may never serve (OGC, docs, coverage on a tile server). The functions are the same
 * as Fastify's defaults; only the moment they are built moves. A schema that cannot compile therefore fails on its
 * route's first request (a 500) rather than at boot, which is why every route is exercised by the integration tests.
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
      // Fastify reads the errors of a failed validation from the function it was given, as Ajv leaves them there.
      const lazy = ((data: unknown) => {
        validate ??= compile(route);
        const result = validate(data);
        (lazy as { errors?: unknown }).errors = (validate as { errors?: unknown }).errors;
        return result;
      }) as ReturnType<typeof compile>;
      return lazy;
    };
  }) as ValidatorFactory;
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
