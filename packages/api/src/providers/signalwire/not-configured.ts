/**
 * The details of the 503 a SignalWire route answers on a server without SignalWire settings: the same
 * shape as an upstream failure's (`upstream`, `reason`), so clients and operators can tell a missing
 * setting, which no retry fixes, from SignalWire failing for a while.
 */
export const NOT_CONFIGURED = { upstream: 'signalwire', reason: 'not-configured' } as const;
