import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contactsQuerySchema, contactsResponseSchema } from '@sw-dialer/shared-types';

/** Type-ahead (`?query=`) and caller ID (`?number=`), both through SwitchFree's cache; never a 5xx for upstream trouble. */
const contactsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/contacts',
    { config: { action: 'contacts.lookup' }, schema: { querystring: contactsQuerySchema, response: { 200: contactsResponseSchema } } },
    async (request) => {
      const { query, number, limit, cursor } = request.query;
      if (number !== undefined) {
        const { matches, degraded } = await app.switchfree.contacts.matchNumbers([number]);
        return { items: matches[0]?.contacts ?? [], nextCursor: null, degraded };
      }
      return app.switchfree.contacts.search(query as string, { ...(limit ? { limit } : {}), cursor: cursor ?? null });
    }
  );
};

export default contactsRoutes;
