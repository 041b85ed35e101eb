/**
 * A text/event-stream parser (the WHATWG "event stream interpretation"): enough for a server-to-server
 * subscription, without an EventSource polyfill. Comments are surfaced because they are heartbeats.
 */
export type SseMessage = { type: 'event'; event: string; data: string; id?: string } | { type: 'comment'; text: string };

export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;

  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.search(/\r\n|\r|\n/)) !== -1) {
      // A CR at the end of a chunk may be the first half of a CRLF split across chunks: wait for more.
      if (buffer[newline] === '\r' && newline === buffer.length - 1) break;
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        // A blank line dispatches the event gathered so far; one with no data is ignored by the spec.
        if (data.length > 0) yield { type: 'event', event: event || 'message', data: data.join('\n'), ...(id === undefined ? {} : { id }) };
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) {
        yield { type: 'comment', text: line.slice(1).trimStart() };
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
      // `retry` and unknown fields are ignored: reconnection policy is ours.
    }
  }
}
