import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PresenceBoard } from './presence-board.js';
import type { WirePresence } from './wire-types.js';

/**
 * `GET /v1/presence/stream?numbers=`: Server-Sent Events, one `presence` event per change of a
 * subscribed number, a comment line as heartbeat. The subscription is registered before the headers
 * are sent, so a client that has seen the response headers will not miss a change made after that.
 */
export class PresenceStreams {
  private readonly open = new Set<FastifyReply>();
  private nextEventId = 1;

  constructor(
    private readonly board: PresenceBoard,
    private readonly heartbeatMs: number
  ) {}

  get count(): number {
    return this.open.size;
  }

  serve(request: FastifyRequest, reply: FastifyReply, numbers: readonly string[]): void {
    const wanted = new Set(numbers);
    reply.hijack();
    const raw = reply.raw;
    const write = (chunk: string) => {
      if (!raw.writableEnded) raw.write(chunk);
    };
    const stopListening = this.board.onChange((presence: WirePresence) => {
      if (!wanted.has(presence.number)) return;
      write(`event: presence\nid: ${this.nextEventId++}\ndata: ${JSON.stringify(presence)}\n\n`);
    });
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), this.heartbeatMs);
    heartbeat.unref();
    this.open.add(reply);

    const cleanUp = () => {
      stopListening();
      clearInterval(heartbeat);
      this.open.delete(reply);
    };
    request.raw.once('close', cleanUp);
    raw.once('close', cleanUp);

    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no'
    });
    // A first comment flushes the headers through any buffering proxy.
    write(': connected\n\n');
  }

  /** Ends every open stream: the emulator going down, or closing. */
  endAll(): void {
    for (const reply of this.open) reply.raw.end();
    this.open.clear();
  }
}
