// Call quality from a real browser's statistics: two peer connections in this page send the fake
// microphone's audio over loopback, and the readings come from the receiver's getStats() exactly as
// they do from the SignalWire SDK's peer connection (reached through the transport, as in a call).
import { expect } from '@open-wc/testing';
import { until } from '../../test/browser/helpers.js';
import { createSignalWireTransport, type SignalWireSdk } from '../transport/signalwire.js';
import { readQuality, type QualityCounters } from './call-quality.js';

async function loopback() {
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  sender.addEventListener('icecandidate', (e) => e.candidate && void receiver.addIceCandidate(e.candidate));
  receiver.addEventListener('icecandidate', (e) => e.candidate && void sender.addIceCandidate(e.candidate));
  const microphone = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  for (const track of microphone.getTracks()) sender.addTrack(track, microphone);
  await sender.setLocalDescription(await sender.createOffer());
  await receiver.setRemoteDescription(sender.localDescription!);
  await receiver.setLocalDescription(await receiver.createAnswer());
  await sender.setRemoteDescription(receiver.localDescription!);
  return {
    receiver,
    close() {
      for (const track of microphone.getTracks()) track.stop();
      sender.close();
      receiver.close();
    }
  };
}

describe('call quality from real WebRTC statistics', () => {
  it('reads jitter, loss and round trip of a live connection through the transport; nothing without WebRTC', async function () {
    this.timeout(30_000);
    if (typeof RTCPeerConnection !== 'function') {
      // WebKitGTK here: no peer connection, so the transport has no stats to give and nothing is read.
      const transport = createSignalWireTransport();
      const call = transport.dial({ number: '+12025550100', token: { token: 't', expiresAt: '2030-01-01T00:00:00Z' } }, () => undefined);
      expect(transport.supported()).to.equal(false);
      expect(await call.getStats!()).to.equal(null);
      return;
    }
    const pair = await loopback();
    try {
      // The SDK's call object as the transport sees it, with this page's receiving connection as its peer.
      const handlers = new Map<string, () => void>();
      const sdkCall = {
        peer: { instance: pair.receiver },
        start: () => new Promise(() => {}),
        hangup: async () => undefined,
        sendDigits: async () => undefined,
        hold: async () => undefined,
        unhold: async () => undefined,
        audioMute: async () => undefined,
        audioUnmute: async () => undefined,
        on: (event: string, handler: () => void) => void handlers.set(event, handler)
      };
      const sdk: SignalWireSdk = {
        SignalWire: async () => ({ dial: async () => sdkCall, updateToken: async () => undefined, disconnect: async () => undefined })
      };
      const transport = createSignalWireTransport({ loadSdk: async () => sdk });
      const call = transport.dial({ number: '+12025550100', token: { token: 't', expiresAt: '2030-01-01T00:00:00Z' } }, () => undefined);
      await until(() => handlers.has('active'), 'the SDK call', 10_000);
      handlers.get('active')!();

      let counters: QualityCounters | undefined;
      let reading: ReturnType<typeof readQuality> = null;
      // Audio first, then a measured round trip (STUN consent checks or RTCP, a few seconds in): read as
      // the session actor does, on an interval, until both are there.
      const deadline = performance.now() + 25_000;
      while (performance.now() < deadline) {
        const report = await call.getStats!();
        const next = report && readQuality(report, counters);
        if (next) {
          reading = next;
          counters = next.counters;
          if (next.quality.rttMs !== null) break;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(reading, 'audio arrived').to.not.equal(null);
      expect(reading!.quality.rttMs, 'a round trip was measured').to.not.equal(null);
      const { quality } = reading!;
      expect(quality.jitterMs).to.be.within(0, 100);
      expect(quality.packetLossPct).to.be.within(0, 5, 'loopback loses (almost) nothing');
      expect(quality.rttMs!).to.be.within(0, 200);
      expect(quality.mos).to.be.within(4, 4.5, 'a loopback call is a good call');
      expect(counters!.received).to.be.greaterThan(0);
    } finally {
      pair.close();
    }
  });
});
