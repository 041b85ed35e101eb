// The connected call's link to SignalWire, as the SDK reports it (docs/adr/0110): its relay socket
// (`session.reconnecting`, then `session.connected` once a new socket is authorised: @signalwire/core
// BaseSession._onSocketClose, rootSaga sessionStatusWatcher). Media trouble closes that socket too
// (@signalwire/webrtc RTCPeer.triggerResume calls _closeWSConnection). While the link is down the SDK waits (its
// own give-up, RECONNECTION_ATTEMPT_TIMEOUT, comes about half a minute later); the far end may be long
// gone by then. Its media says when: RTP that went on arriving without the socket was the far end's, and
// when it stops, the relay has dropped the call.

/** How often the far end's media is looked at while the link is down. */
const POLL_MS = 250;
/** Silence after media went on without signalling that means the far end let go (it sends every 20 ms). */
export const FAR_END_SILENCE_MS = 1_000;

type Listen = (event: string, handler: () => void) => unknown;

/** The slice of the SDK's call object watched here. */
export interface LinkCall {
  on: Listen;
  /** The page's session events (BaseComponent.session in @signalwire/core); shared by every call. */
  session?: { on: Listen; off: Listen } | undefined;
  peer?: { instance?: RTCPeerConnection } | undefined;
}

/**
 * Reports the link going down and coming back (`linked(false)`, `linked(true)`), and calls `lost` when,
 * while it is down, the far end's media stops. Returns the unsubscribe. Written small: it is on every
 * call's path (the bundle budget, docs/adr/0080).
 */
export function watchLink(call: LinkCall, linked: (up: boolean) => void, lost: () => void): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  let since = 0;
  const stop = () => (timer = clearInterval(timer) as undefined);
  const poll = () => {
    // When the receiver last delivered a frame from an RTP packet (webrtc-pc RTCRtpSynchronizationSource:
    // the page's clock, performance.timeOrigin + now); audio only, the widget's calls have no video.
    const heard = call.peer?.instance?.getReceivers()[0]?.getSynchronizationSources()[0]?.timestamp ?? 0;
    // Media heard a while after the loss came through without the socket; then silence is the far end's.
    if (heard > since + POLL_MS && Date.now() - heard >= FAR_END_SILENCE_MS) {
      stop();
      lost();
    }
  };
  const down = () => {
    if (timer) return;
    since = Date.now();
    timer = setInterval(poll, POLL_MS);
    linked(false);
  };
  const up = () => timer && (stop(), linked(true));
  // The media's own trouble (RTCPeer.triggerResume) closes the socket too, so the session's events cover both.
  const session = call.session;
  session?.on('session.reconnecting', down);
  session?.on('session.connected', up);
  return () => {
    stop();
    session?.off('session.reconnecting', down);
    session?.off('session.connected', up);
  };
}
