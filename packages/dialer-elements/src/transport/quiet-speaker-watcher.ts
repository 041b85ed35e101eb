// The SDK (@signalwire/js 3.30 BaseRoomSessionConnection._attachSpeakerTrackListener) starts a speaker
// watcher for each call's audio element and never catches it. Where no labelled audio output is listed
// (Firefox until the page has one to show: headless, no speaker, docs/adr/0086), the watcher rejects with
// this; the call itself is unaffected. Kept off the host page: ours is a capturing listener on window,
// which at the target runs before the page's own (non-capturing) ones.
// Its message: "You must ask the user for permissions before being able to listen for device changes. ...".
const SDK_WATCHER_ERROR = 'before being able to listen for device changes';
let watcherQuieted = false;
/** Installs the listener once per page; called before the SDK builds a call (dialled or answered). */
export function quietSpeakerWatcher(): void {
  if (watcherQuieted) return;
  watcherQuieted = true;
  globalThis.addEventListener?.(
    'unhandledrejection',
    (event) => {
      if (String((event.reason as Error | null)?.message).includes(SDK_WATCHER_ERROR)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
}
