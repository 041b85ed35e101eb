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

export class ToneGenerator {
  private sampleIndex = 0;

  /** The next 20 ms of audio for the given mode. */
  nextFrame(mode: ToneMode): Buffer {
    const frame = Buffer.alloc(SAMPLES_PER_FRAME, MULAW_SILENCE);
    for (let i = 0; i < SAMPLES_PER_FRAME; i++) {
      const n = this.sampleIndex++;
      const t = n / SAMPLE_RATE;
      let value = 0;
      if (mode === 'ringback') {
        const inRing = t % 6 < 2;
        value = inRing ? 4000 * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t)) : 0;
      } else if (mode === 'talk') {
        value = 6000 * Math.sin(2 * Math.PI * 425 * t);
      }
      frame[i] = linearToMulaw(value);
    }
    return frame;
  }
}
