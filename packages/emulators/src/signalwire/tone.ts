/**
 * The far end's audio: G.711 µ-law (PCMU) frames synthesised on the fly, so no codec library or sample
 * file is needed. 20 ms frames at 8 kHz, the RTP packetisation every WebRTC stack accepts for PCMU.
 */
export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
export const SAMPLES_PER_FRAME = (SAMPLE_RATE * FRAME_MS) / 1000;

/** ringback: the North American ring (440 + 480 Hz, 2 s on, 4 s off); talk: a steady 425 Hz; silence while held. */
export type ToneMode = 'ringback' | 'talk' | 'silence';

/** G.711 µ-law companding of one signed 16-bit sample (ITU-T G.711, with the usual 0x84 bias). */
export function linearToMulaw(input: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let sample = Math.max(-32768, Math.min(32767, Math.round(input)));
  const sign = sample < 0 ? 0x80 : 0;
  if (sign) sample = -sample;
  sample = Math.min(sample, CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (sample & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (sample >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

const MULAW_SILENCE = 0xff;

/** The sample at index `n` (counted from the call's first frame) of a mode, before companding. */
function sampleAt(mode: ToneMode, n: number): number {
  const t = n / SAMPLE_RATE;
  if (mode === 'ringback') return t % 6 < 2 ? 4000 * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t)) : 0;
  if (mode === 'talk') return 6000 * Math.sin(2 * Math.PI * 425 * t);
  return 0;
}

/**
 * Frames after which each mode repeats exactly, so a call's audio is a lookup instead of 160 sines and
 * companding every 20 ms per call (with twenty calls at once, the far ends' media share one core).
 * 425 Hz is 17 cycles per 320 samples: two frames. Ringback repeats with its 6 s cadence (440 and 480 Hz
 * both fit whole cycles in 5 frames): 300 frames. Silence is one frame.
 */
const CYCLE_FRAMES: Record<ToneMode, number> = { talk: 2, ringback: 300, silence: 1 };

function framesOf(mode: ToneMode): Buffer[] {
  return Array.from({ length: CYCLE_FRAMES[mode] }, (_, frame) => {
    const payload = Buffer.alloc(SAMPLES_PER_FRAME, MULAW_SILENCE);
    for (let i = 0; i < SAMPLES_PER_FRAME; i++) payload[i] = linearToMulaw(sampleAt(mode, frame * SAMPLES_PER_FRAME + i));
    return payload;
  });
}

let tables: Record<ToneMode, Buffer[]> | undefined;
/** Built on first use, once per process (or worker thread), and shared by every call. */
const frameTables = () => (tables ??= { talk: framesOf('talk'), ringback: framesOf('ringback'), silence: framesOf('silence') });

export class ToneGenerator {
  private frameIndex = 0;

  /**
   * The next 20 ms of audio for the given mode: the frame the call's sample clock has reached, whatever
   * the mode was before (as if every mode were playing all along). Shared and read-only: do not modify it.
   */
  nextFrame(mode: ToneMode): Buffer {
    const frames = frameTables()[mode];
    return frames[this.frameIndex++ % frames.length] as Buffer;
  }
}
