import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';

/** The shipped script (deploy/signalwire/), the one source of what runs inside SignalWire. */
export const SWML_TEMPLATE_URL = new URL('../../../../deploy/signalwire/sw-dialer-pstn.swml.json', import.meta.url);

export interface SwmlSettings {
  policyUrl: string;
  policySecret: string;
  ringTimeoutS: number;
}

/**
 * Fills the template's `{{...}}` placeholders. The ring timeout becomes a JSON number (SWML's `connect.timeout`
 * is an integer); SWML's own `${...}` variables are left for SignalWire to expand at call time.
 */
export async function renderSwmlScript(settings: SwmlSettings, templateUrl: URL = SWML_TEMPLATE_URL): Promise<string> {
  const template = JSON.parse(await readFile(templateUrl, 'utf8')) as unknown;
  const fill = (value: unknown): unknown => {
    if (value === '{{RING_TIMEOUT_S}}') return settings.ringTimeoutS;
    if (typeof value === 'string') return value.replaceAll('{{POLICY_URL}}', settings.policyUrl).replaceAll('{{POLICY_SECRET}}', settings.policySecret);
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item)]));
    return value;
  };
  return `${JSON.stringify(fill(template), null, 2)}\n`;
}

/**
 * Whether the script stored in SignalWire already says what `wanted` says. Compared as JSON when both parse,
 * so a space that reformats what it stores is not "changed" on every run; as text otherwise.
 */
export function sameScript(stored: string | null | undefined, wanted: string): boolean {
  if (stored === null || stored === undefined) return false;
  try {
    return isDeepStrictEqual(JSON.parse(stored), JSON.parse(wanted));
  } catch {
    return stored.trim() === wanted.trim();
  }
}
