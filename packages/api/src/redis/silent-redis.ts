/**
 * ioredis bounds for a Redis that accepts TCP connections and never answers (a hung server, a network that
 * drops packets; docs/adr/0043-silent-redis.md). `connectTimeout` covers only the TCP handshake: after it,
 * ioredis waits for the reply to its ready check (INFO) with no limit, and `connect()` waits with it.
 * `socketTimeout` destroys a connection that has owed a reply for that long, so `connect()` rejects, the
 * commands in flight fail, and the retry strategy opens a fresh connection: the client recovers by itself
 * once Redis answers, on a new connection or the old one.
 */
export const SILENT_REDIS_BOUNDS = { connectTimeout: 500, socketTimeout: 1000 } as const;
