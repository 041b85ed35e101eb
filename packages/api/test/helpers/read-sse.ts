/** Reads a text/event-stream response and hands each `presence` event's data to the waiting test. */
export async function openEventStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: Array<{ at: number; data: unknown }> = [];
  const waiters: Array<() => void> = [];
  let comments = 0;
  const pump = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) comments += 1;
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (block.includes('event: presence') && data) events.push({ at: performance.now(), data: JSON.parse(data.slice(6)) });
          for (const wake of waiters.splice(0)) wake();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    response,
    events,
    comments: () => comments,
    /** Resolves with the first event (from index `from` on) matching `predicate`, or rejects after `timeoutMs`. */
    async waitFor(predicate: (data: any) => boolean, timeoutMs = 3000, from = 0): Promise<{ at: number; data: any }> {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = events.slice(from).find((event) => predicate(event.data));
        if (found) return found;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.data))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      controller.abort();
      await pump;
    }
  };
}
