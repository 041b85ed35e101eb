import { randomUUID } from 'node:crypto';
import t from 'tap';
import { RtpHeader, RtpPacket } from 'werift';
import { startSignalWireEmulatorInWorker } from '../src/signalwire/index.js';
import { ToneGenerator } from '../src/signalwire/tone.js';
import { connectParams, RelayClient, vertoRequest } from './fixtures/relay-client.js';
import { API_TOKEN, basicAuth, controlCall, mintToken, PROJECT_ID, setScenario, waitFor } from './fixtures/signalwire-helpers.js';
import { makeOffer } from './fixtures/werift-offer.js';

/**
 * The emulator in a worker thread answers as it does in-process: REST, control API, relay, and real media
 * (ICE, DTLS, SRTP) both ways. Two calls at once share the far end's one frame clock; each gets its own
 * sequence of the tone, 50 frames a second.
 */
const logged: Array<{ level: string; msg?: string }> = [];
const spy = (level: string) => (_obj: object, msg?: string) => logged.push({ level, ...(msg === undefined ? {} : { msg }) });
const emulator = await startSignalWireEmulatorInWorker({
  projectId: PROJECT_ID,
  apiToken: API_TOKEN,
  logger: { debug: () => undefined, info: spy('info'), warn: spy('warn'), error: spy('error') }
});
t.teardown(() => emulator.close());

async function answeredCall(to: string) {
  const offer = await makeOffer();
  const received: RtpPacket[] = [];
  offer.pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => received.push(rtp)));
  const client = await RelayClient.open(emulator.wsUrl);
  const { token } = await mintToken(emulator);
  await client.request('signalwire.connect', connectParams(token));
  const callId = randomUUID();
  await client.request('webrtc.verto', vertoRequest('verto.invite', callId, { sdp: offer.sdp }, to).params);
  const media = await client.next((f) => f.params?.['params']?.method === 'verto.media');
  await offer.pc.setRemoteDescription({ type: 'answer', sdp: media.params?.['params']?.params?.sdp });
  await client.event('call.joined');
  return { offer, received, client, callId };
}

t.test('two answered calls with media through the worker thread', async (t) => {
  await setScenario(emulator, '+12025550100', { outcome: 'answer', ringMs: 100 });
  await setScenario(emulator, '+12025550107', { outcome: 'answer', ringMs: 100 });
  const calls = await Promise.all([answeredCall('+12025550100'), answeredCall('+12025550107')]);
  t.teardown(async () => {
    for (const call of calls) {
      await call.client.close();
      await call.offer.close();
    }
  });
  await waitFor('media to connect', () => (calls.every((call) => call.offer.pc.connectionState === 'connected') ? true : undefined));
  // Our side talks too: the far end counts what it receives.
  let sequenceNumber = 1;
  const talking = setInterval(() => {
    for (const call of calls)
      call.offer.track.writeRtp(new RtpPacket(new RtpHeader({ payloadType: 0, sequenceNumber, timestamp: sequenceNumber * 160 }), Buffer.alloc(160, 0xff)));
    sequenceNumber++;
  }, 20);
  t.teardown(() => clearInterval(talking));
  const counted = calls.map((call) => call.received.length);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  calls.forEach((call, i) => {
    const frames = call.received.length - (counted[i] as number);
    t.ok(frames >= 35 && frames <= 65, `call ${i + 1}: about 50 frames in a second (${frames})`);
    const recent = call.received.slice(-10);
    t.ok(
      recent.every((rtp) => rtp.header.payloadType === 0 && rtp.payload.length === 160),
      'PCMU, 20 ms each'
    );
    t.ok(
      recent.every((rtp, k) => k === 0 || rtp.header.sequenceNumber === (((recent[k - 1] as RtpPacket).header.sequenceNumber + 1) & 0xffff)),
      'consecutive sequence numbers'
    );
  });
  // Once answered the far end plays the 425 Hz tone: the same bytes as the generator's talk frames.
  const talk = new ToneGenerator();
  const frames = [talk.nextFrame('talk'), talk.nextFrame('talk')];
  t.ok(
    calls.every((call) => call.received.slice(-4).every((rtp) => frames.some((frame) => frame.equals(rtp.payload)))),
    'the tone'
  );

  for (const call of calls) {
    const bye = await call.client.request('webrtc.verto', vertoRequest('verto.bye', call.callId).params);
    t.equal(bye.result?.result?.result?.cause, 'NORMAL_CLEARING');
    const record = await controlCall(emulator, call.callId);
    t.match(record, { state: 'ended', hangupBy: 'caller' });
    t.ok((record?.rtpPacketsReceived ?? 0) > 20, `the far end received our RTP (${record?.rtpPacketsReceived})`);
  }
});

t.test("the thread's log lines reach the host's logger", async (t) => {
  // A Compatibility call whose status callback nobody answers: the emulator warns.
  const response = await fetch(`${emulator.url}/api/laml/2010-04-01/Accounts/${PROJECT_ID}/Calls.json`, {
    method: 'POST',
    headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ To: '+12025550101', From: '+12025550199', Url: 'https://x.test', StatusCallback: 'http://127.0.0.1:1/status' }).toString()
  });
  t.equal(response.status, 201);
  await waitFor('the warning', () => logged.find((line) => line.level === 'warn' && line.msg === 'status callback failed'));
  t.pass('warned through the host logger');
});

t.test('close ends the thread; a second close is harmless', async (t) => {
  await emulator.close();
  await emulator.close();
  await t.rejects(fetch(`${emulator.url}/__emulator/calls`), 'nothing listens any more');
});
