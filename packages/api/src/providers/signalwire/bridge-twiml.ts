/** Escapes text for an XML attribute or element (the numbers are E.164 already; this is belt and braces). */
const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What SignalWire runs once the agent answers their phone: dial the customer, showing our number. */
export function bridgeTwiml(fromNumber: string, customerNumber: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="${xml(fromNumber)}">${xml(customerNumber)}</Dial></Response>`;
}
