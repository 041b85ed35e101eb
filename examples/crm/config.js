// Where the CRM's telephony API lives. examples/serve.mjs rewrites this origin when the demo's API runs
// on another port (PORT=... pnpm start, or the end-to-end tests' free ports).
export const API_ORIGIN = 'http://127.0.0.1:3000';
