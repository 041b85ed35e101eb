import type { Presence } from '@sw-dialer/shared-types';
import { safeParse } from 'valibot';
import { presenceSchema } from '../api/wire-schemas.js';
import type { ApiClient } from '../api/api-client.js';

export interface PresenceFeedOptions {
  /** Polling interval when the stream is unavailable. */
  pollMs?: number;
  /** Wait before re-opening a stream that closed. */
  reconnectMs?: number;
}

/**
 * Live presence for some numbers: the API's Server-Sent Events stream, and polling `GET /presence` as
 * the fallback when the stream cannot be opened (an old proxy, a 404 from an older API). Returns stop().
 */
export function watchPresence(
  api: Pick<ApiClient, 'presence' | 'presenceStream'>,
  numbers: string[],
  onPresence: (presence: Presence) => void,
  options: PresenceFeedOptions = {}
): () => void {
  const pollMs = options.pollMs ?? 15_000;
  const reconnectMs = options.reconnectMs ?? 3_000;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const poll = async () => {
    if (stopped) return;
    await Promise.all(numbers.map((n) => api.presence(n, controller.signal).then(onPresence, () => undefined)));
    if (!stopped) timer = setTimeout(poll, pollMs);
  };

  const stream = async () => {
    let body: ReadableStream<Uint8Array>;
    try {
      body = await api.presenceStream(numbers, controller.signal);
    } catch {
      if (!stopped) void poll();
      return;
    }
    // A snapshot first, so the indicator is right before the first change arrives.
    void Promise.all(numbers.map((n) => api.presence(n, controller.signal).then(onPresence, () => undefined)));
    try {
      await readEvents(body, (event, data) => {
        if (event !== 'presence') return;
        try {
          const parsed = safeParse(presenceSchema, JSON.parse(data));
          if (parsed.success) onPresence(parsed.output);
        } catch {
          // A malformed event is skipped; the next one carries the full state again.
        }
      });
    } catch {
      // Dropped connection: fall through to reconnect.
    }
    if (!stopped) timer = setTimeout(stream, reconnectMs);
  };

  void stream();
  return () => {
    stopped = true;
    clearTimeout(timer);
    controller.abort();
  };
}

/** Minimal text/event-stream reader: `event:` and `data:` fields, blank line ends an event, `:` comments ignored. */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: string, data: string) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).getReader();
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline: number;
    while ((newline = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(buffer[newline] === '\r' ? newline + 2 : newline + 1);
      if (line === '') {
        if (data.length) onEvent(event, data.join('\n'));
        event = 'message';
        data = [];
      } else if (line.startsWith(':')) {
        continue;
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
    }
  }
}
