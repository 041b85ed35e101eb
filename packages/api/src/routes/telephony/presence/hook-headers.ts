import type { OutgoingHttpHeaders } from 'node:http';

/**
 * Headers the hooks set before the hijack (security headers, CORS, rate limit) must still reach the browser;
 * the stream's own, written after them, take precedence (its cache-control over the API's `no-store`).
 */
export function hookHeaders(headers: Record<string, unknown>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  // A list stays a list (one header line per value, as `set-cookie` needs), not one comma-joined string.
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) out[name] = value.map(String);
    else if (value !== undefined) out[name] = typeof value === 'number' ? value : String(value);
  }
  return out;
}
