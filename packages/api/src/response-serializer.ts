import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { ResponseSerializationError, serializerCompiler as encodingSerializerCompiler } from 'fastify-type-provider-zod';
import { $ZodType, safeParse } from 'zod/v4/core';

/**
 * Response bodies are checked against their zod schema before they leave (nothing outside the contract is
 * ever sent). fastify-type-provider-zod checks with zod's `encode`, which is there for codecs; none of our
 * response schemas has one, and `parse` (zod's compiled fast path) costs a fifth as much: on the
 * create-call route that difference was several per cent of the request (bench/RESULTS.md).
 */
export const responseSerializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const { schema, method, url } = route as { schema: unknown; method: string; url: string };
  if (!(schema instanceof $ZodType)) return encodingSerializerCompiler(route as never);
  return (data) => {
    const result = safeParse(schema, data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};
