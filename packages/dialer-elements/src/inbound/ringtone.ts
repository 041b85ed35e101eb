// The ring of an incoming call. `ringtone` on the widget: empty for the built-in tone (synthesised, so the
// host has no file to serve), a URL of an audio file to play in a loop instead, or `off` for silence.
// Browsers let a page make sound only after the person interacted with it (autoplay rules): until then the
// ring is silent (the panel still shows and is announced), and nothing is thrown or logged.

/** Starts ringing; the function returned stops it. */
export function startRingtone(source: string): () => void {
  if (source === 'off' || source === 'none') return () => undefined;
  // No interaction yet: no sound can start, and an AudioContext created now would only log a warning.
  if (globalThis.navigator?.userActivation && !navigator.userActivation.hasBeenActive) return () => undefined;
  return source ? playFile(source) : playTone();
}

function playFile(url: string): () => void {
  const audio = new Audio(url);
  audio.loop = true;
  // Blocked (autoplay) or the file cannot be played: the visual ring is enough.
  audio.play().catch(() => undefined);
  return () => {
    audio.pause();
    audio.src = '';
  };
}

/** The North American ring: 440 + 480 Hz, two seconds on, four off. */
function playTone(): () => void {
  const Context = globalThis.AudioContext;
  if (!Context) return () => undefined;
  const context = new Context();
  const burst = () => {
    const gain = context.createGain();
    gain.gain.value = 0.1;
    gain.connect(context.destination);
    for (const frequency of [440, 480]) {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start();
      oscillator.stop(context.currentTime + 2);
    }
  };
  burst();
  const timer = setInterval(burst, 6_000);
  return () => {
    clearInterval(timer);
    void context.close().catch(() => undefined);
  };
}
