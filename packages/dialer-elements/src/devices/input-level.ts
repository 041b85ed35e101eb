// A live level for the microphone chosen in the device settings, so the agent sees it picks up sound
// (issue 21). Its own capture of the device (the call's track stays the SDK's), read through an
// AnalyserNode a few times a second.

/** Starts reading; `onLevel` gets 0..1 about ten times a second. Resolves with the stop. */
export async function watchInputLevel(deviceId: string, onLevel: (level: number) => void): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true, video: false });
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    // RMS, scaled so that speech at a normal distance fills most of the bar.
    onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
  }, 100);
  return () => {
    clearInterval(timer);
    for (const track of stream.getTracks()) track.stop();
    void context.close();
  };
}
