import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { RelaySession, type RelayContext } from './relay-session.js';

/** Frames larger than this are refused; an SDP offer is a few kilobytes. */
const MAX_FRAME_BYTES = 256 * 1024;

/**
 * The relay WebSocket on the same port as the REST API: any upgrade request (the SDK connects to the
 * bare `ws://host:port`, no path) becomes a relay session.
 */
export class RelayServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly sessions = new Set<RelaySession>();
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const session = new RelaySession(ws, this.ctx);
      this.sessions.add(session);
      ws.on('close', () => this.sessions.delete(session));
      ws.on('error', (error) => this.ctx.logger.debug({ err: error }, 'relay socket error'));
    });
  };

  constructor(
    private readonly server: Server,
    private readonly ctx: RelayContext
  ) {
    server.on('upgrade', this.onUpgrade);
  }

  close(): void {
    this.server.off('upgrade', this.onUpgrade);
    for (const session of this.sessions) session.shutdown();
    for (const session of this.ctx.detached.values()) session.shutdown();
    this.ctx.detached.clear();
    this.ctx.online.clear();
    this.sessions.clear();
    this.wss.close();
  }
}
