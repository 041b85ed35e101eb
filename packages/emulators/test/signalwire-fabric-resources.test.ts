import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { API_TOKEN, basicAuth, controlCall, mintToken, PROJECT_ID, setScenario, startEmulator, waitFor } from './fixtures/signalwire-helpers.js';
import { connectParams, RelayClient, vertoRequest } from './fixtures/relay-client.js';
import { makeOffer } from './fixtures/werift-offer.js';

const emulator = await startEmulator();
t.teardown(() => emulator.close());

const rest = async (method: string, path: string, body?: unknown, auth = basicAuth()) => {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  });
  return { status: response.status, body: response.status === 204 ? null : ((await response.json()) as any) };
};

/** A stand-in for the API's dial-policy endpoint: answers what `answer` returns and records each request. */
const asked: Array<{ headers: IncomingMessage['headers']; body: any }> = [];
let answer: (body: any) => object = () => ({ decision: 'refuse' });
const policy = createServer((request, response) => {
  let text = '';
  request.on('data', (chunk) => (text += chunk));
  request.on('end', () => {
    const body = JSON.parse(text || '{}');
    asked.push({ headers: request.headers, body });
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(answer(body)));
  });
}).listen(0, '127.0.0.1');
await new Promise((resolve) => policy.once('listening', resolve));
t.teardown(() => policy.close());
const policyUrl = `http://127.0.0.1:${(policy.address() as AddressInfo).port}/dial-policy`;

/** The shape of the shipped script (deploy/signalwire/), pointed at the stand-in. */
const script = (timeout = 20) =>
  JSON.stringify({
    version: '1.0.0',
    sections: {
      main: [
        {
          request: {
            url: policyUrl,
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Dial-Policy-Secret': 'shh' },
            body: { to: '${call.user_variables.to}', ticket: '${call.user_variables.ticket}' },
            save_variables: true
          }
        },
        {
          switch: {
            variable: 'request_response.decision',
            case: { allow: [{ connect: { to: '${request_response.to}', from: '${request_response.from}', timeout, answer_on_bridge: true } }] },
            default: [{ hangup: { reason: 'decline' } }]
          }
        }
      ]
    }
  });

t.test('SWML resources: created, listed, updated, with an address; bad SWML is refused with 422 naming contents', async (t) => {
  const created = await rest('POST', '/api/fabric/resources/swml_scripts', { name: 'crud-test', contents: script() });
  t.equal(created.status, 201);
  t.match(created.body, { id: String, project_id: PROJECT_ID, display_name: 'crud-test', type: 'swml_script', swml_script: { contents: String } });
  const listed = await rest('GET', '/api/fabric/resources/swml_scripts');
  t.ok(listed.body.data.some((entry: any) => entry.id === created.body.id));
  const addresses = await rest('GET', `/api/fabric/resources/${created.body.id}/addresses`);
  t.match(addresses.body.data, [{ id: String, resource_id: created.body.id, name: 'crud-test', channels: { audio: '/public/crud-test?channel=audio' } }]);
  const updated = await rest('PUT', `/api/fabric/resources/swml_scripts/${created.body.id}`, { name: 'crud-test', contents: script(25) });
  t.equal(updated.status, 200);
  t.match(updated.body.swml_script.contents, /"timeout":25/);
  t.equal((await rest('POST', '/api/fabric/resources/swml_scripts', { name: 'crud-test', contents: script() })).status, 422, 'one name, one resource');

  const bad: Array<[string, string, RegExp]> = [
    ['not JSON', 'version: 1.0.0', /not valid JSON SWML/],
    ['no main section', JSON.stringify({ version: '1.0.0', sections: { other: [] } }), /main section/],
    ['unknown method', JSON.stringify({ version: '1.0.0', sections: { main: [{ teleport: {} }] } }), /unknown or unsupported method "teleport"/],
    ['bad hangup reason', JSON.stringify({ version: '1.0.0', sections: { main: [{ hangup: { reason: 'vanish' } }] } }), /hangup/],
    ['request without url', JSON.stringify({ version: '1.0.0', sections: { main: [{ request: { method: 'POST' } }] } }), /request\.url/],
    ['two methods in a step', JSON.stringify({ version: '1.0.0', sections: { main: [{ answer: {}, hangup: {} }] } }), /exactly one method/]
  ];
  for (const [label, contents, message] of bad) {
    const refused = await rest('POST', '/api/fabric/resources/swml_scripts', { name: `bad-${randomUUID()}`, contents });
    t.equal(refused.status, 422, label);
    t.match(refused.body, { errors: [{ type: 'validation_error', code: 'invalid_parameter', attribute: 'contents', message, url: /error-codes/ }] }, label);
  }
  t.equal((await rest('PUT', `/api/fabric/resources/swml_scripts/${created.body.id}`, { contents: '{}' })).status, 422, 'an update is checked too');
  t.equal((await rest('GET', '/api/fabric/resources/swml_scripts', undefined, basicAuth(PROJECT_ID, 'wrong'))).status, 401);
  t.not(API_TOKEN, 'wrong');
});

/** Creates a resource and returns its address path and id. */
async function resource(name: string): Promise<{ path: string; addressId: string }> {
  const created = await rest('POST', '/api/fabric/resources/swml_scripts', { name, contents: script() });
  const [address] = (await rest('GET', `/api/fabric/resources/${created.body.id}/addresses`)).body.data;
  return { path: `/public/${name}`, addressId: address.id };
}

async function guestToken(addressIds: string[]) {
  const response = await rest('POST', '/api/fabric/guests/tokens', { allowed_addresses: addressIds, expire_at: Math.floor(Date.now() / 1000) + 300 });
  if (response.status !== 201) throw new Error(`guest token: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.token as string;
}

async function connect(token: string): Promise<RelayClient> {
  const client = await RelayClient.open(emulator.wsUrl);
  const reply = await client.request('signalwire.connect', connectParams(token));
  if (!reply.result) throw new Error(`connect: ${JSON.stringify(reply.error)}`);
  return client;
}

/** An invite as the SDK sends it, with user variables in the dialog params; resolves with the call's record once it ended. */
async function dial(client: RelayClient, destination: string, userVariables: Record<string, unknown> = {}) {
  const callId = randomUUID();
  const vertoId = randomUUID();
  const reply = await client.request('webrtc.verto', {
    callID: callId,
    message: {
      jsonrpc: '2.0',
      id: vertoId,
      method: 'verto.invite',
      params: { sdp: 'v=0\r\n', dialogParams: { callID: callId, destination_number: destination, userVariables } }
    }
  });
  if (reply.result?.code !== '200') throw new Error(`invite: ${JSON.stringify(reply)}`);
  const bye = await client.next((frame) => frame.params?.['params']?.method === 'verto.bye' && frame.params?.['params']?.params?.callID === callId);
  const record = await waitFor('the record', async () => {
    const call = await controlCall(emulator, callId);
    return call?.state === 'ended' ? call : undefined;
  });
  return { bye: bye.params?.['params']?.params as { cause: string; causeCode: number }, record };
}

t.test('guest tokens: only addresses of the project; they reach their address and nothing else', async (t) => {
  const own = await resource('guest-own');
  const other = await resource('guest-other');
  const unknown = await rest('POST', '/api/fabric/guests/tokens', { allowed_addresses: [randomUUID()] });
  t.equal(unknown.status, 422);
  t.match(unknown.body, { errors: [{ code: 'must_belong_to_project', attribute: 'allowed_addresses' }] });
  t.equal((await rest('POST', '/api/fabric/guests/tokens', { allowed_addresses: [] })).status, 422, 'at least one address');
  t.equal((await rest('POST', '/api/fabric/guests/tokens', { allowed_addresses: ['not-a-uuid'] })).status, 422);

  const client = await connect(await guestToken([own.addressId]));
  t.teardown(() => client.close());
  const toNumber = await dial(client, '+12025550100');
  t.match(toNumber.bye, { cause: 'OUTGOING_CALL_BARRED', causeCode: 52 }, 'a number, dialed directly, is barred');
  t.equal(toNumber.record.answeredAt, null);
  const toOther = await dial(client, `${other.path}?channel=audio`);
  t.match(toOther.bye, { cause: 'OUTGOING_CALL_BARRED' }, 'another address is barred');
  t.match(toOther.record, { address: other.path, swml: 'barred' });
  const toMissing = await dial(client, '/public/no-such-resource');
  t.match(toMissing.bye, { cause: 'OUTGOING_CALL_BARRED' }, 'an address that does not exist is barred too');
  t.equal(asked.length, 0, 'no script ran for any of them');
});

t.test('a space that refuses subscribers the PSTN bars their direct dials, and only those', async (t) => {
  const put = (subscriberPstn: string) =>
    fetch(`${emulator.url}/__emulator/space`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subscriberPstn }) });
  t.equal((await put('sometimes')).status, 400);
  t.equal((await put('refused')).status, 200);
  t.teardown(async () => void (await put('allowed')));
  const client = await connect((await mintToken(emulator)).token);
  t.teardown(() => client.close());
  const barred = await dial(client, '+12025550101');
  t.match(barred.bye, { cause: 'OUTGOING_CALL_BARRED', causeCode: 52 });
  await put('allowed');
  const busy = await dial(client, '+12025550101');
  t.match(busy.bye, { cause: 'USER_BUSY' }, 'allowed again: the scenario table decides');
});

t.test('an address runs its script: the policy request, then connect with caller ID and timeout, or hangup decline', async (t) => {
  const address = await resource('runs-script');
  const client = await connect(await guestToken([address.addressId]));
  t.teardown(() => client.close());

  answer = (body) => ({ decision: 'allow', to: body.to, from: '+12025550199' });
  asked.length = 0;
  const allowed = await dial(client, `${address.path}?channel=audio`, { to: '+12025550101', ticket: 't-1' });
  t.match(
    asked,
    [{ headers: { 'x-dial-policy-secret': 'shh', 'content-type': 'application/json' }, body: { to: '+12025550101', ticket: 't-1' } }],
    'user variables reach the request body'
  );
  t.match(allowed.bye, { cause: 'USER_BUSY', causeCode: 17 }, 'the connected number plays its scenario');
  t.match(allowed.record, { to: '+12025550101', from: '+12025550199', address: address.path, swml: 'request:200 switch:allow connect' });

  answer = () => ({ decision: 'refuse', rule: 'DIAL_REFUSED_NUMBER_TYPES' });
  const refused = await dial(client, address.path, { to: '+19005550100', ticket: 't-1' });
  t.match(refused.bye, { cause: 'CALL_REJECTED', causeCode: 21 }, 'hangup decline reaches the caller as CALL_REJECTED');
  t.match(refused.record, { to: address.path, swml: 'request:200 switch:default hangup:decline', answeredAt: null });

  policy.closeAllConnections();
  answer = () => {
    throw new Error('not reached');
  };
  const unreachable = await rest('POST', '/api/fabric/resources/swml_scripts', {
    name: 'policy-down',
    contents: script().replace(policyUrl, 'http://127.0.0.1:9/nothing-listens')
  });
  const [down] = (await rest('GET', `/api/fabric/resources/${unreachable.body.id}/addresses`)).body.data;
  const downClient = await connect(await guestToken([down.id]));
  t.teardown(() => downClient.close());
  const failedClosed = await dial(downClient, '/public/policy-down', { to: '+12025550100', ticket: 't-1' });
  t.match(failedClosed.bye, { cause: 'CALL_REJECTED' }, 'no answer from the policy: the script takes its default and declines');
  t.match(failedClosed.record.swml, /^request:failed switch:default hangup:decline$/);
});

t.test('a call the script connected behaves like a direct one: ringing, answer, DTMF, hold, mute, caller hang-up', async (t) => {
  const address = await resource('in-call-features');
  await setScenario(emulator, '+12025550140', { outcome: 'answer', ringMs: 200 });
  answer = (body) => ({ decision: 'allow', to: body.to, from: '+12025550199' });
  const offer = await makeOffer();
  const client = await connect(await guestToken([address.addressId]));
  t.teardown(async () => {
    await client.close();
    await offer.close();
  });
  const callId = randomUUID();
  const created = await client.request('webrtc.verto', {
    callID: callId,
    message: {
      jsonrpc: '2.0',
      id: randomUUID(),
      method: 'verto.invite',
      params: { sdp: offer.sdp, dialogParams: { callID: callId, destination_number: address.path, userVariables: { to: '+12025550140', ticket: 't' } } }
    }
  });
  t.equal(created.result?.code, '200');
  await client.next((f) => f.params?.['params']?.method === 'verto.media');
  await waitFor('call.connect connected', () => (client.eventTypes().includes('call.connect:connected') ? true : undefined));
  t.same(
    client.eventTypes().filter((e) => e !== 'signalwire.authorization.state'),
    [
      'call.state:created',
      'call.state:ringing',
      'verto:verto.answer',
      'call.joined',
      'call.connect:connecting',
      'call.state:answered',
      'call.connect:connected'
    ],
    'the same event order as a direct call'
  );
  t.match((await client.request('webrtc.verto', vertoRequest('verto.info', callId, { dtmf: '5*' }).params)).result?.result?.result, { message: 'SENT' });
  t.equal((await client.request('webrtc.verto', vertoRequest('verto.modify', callId, { action: 'hold' }).params)).result?.result?.result?.holdState, 'held');
  t.equal(
    (await client.request('webrtc.verto', vertoRequest('verto.modify', callId, { action: 'unhold' }).params)).result?.result?.result?.holdState,
    'active'
  );
  const target = { call_id: callId, member_id: 'm' };
  t.equal((await client.request('call.mute', { channels: ['audio'], self: target, target })).result?.code, '200');
  const bye = await client.request('webrtc.verto', vertoRequest('verto.bye', callId).params);
  t.match(bye.result?.result?.result, { message: 'CALL ENDED', cause: 'NORMAL_CLEARING', causeCode: 16 });
  t.match(await controlCall(emulator, callId), {
    to: '+12025550140',
    from: '+12025550199',
    address: address.path,
    dtmf: '5*',
    holds: ['hold', 'unhold'],
    mutes: ['mute'],
    hangupBy: 'caller',
    answeredAt: String
  });
});

t.test('the caller hangs up while the script still waits for the policy: the call ends canceled, nothing is connected', async (t) => {
  const address = await resource('slow-policy');
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  answer = (body) => ({ decision: 'allow', to: body.to, from: '+12025550199' });
  const slow = createServer(async (_request, response) => {
    await held;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ decision: 'allow', to: '+12025550100', from: '+12025550199' }));
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => slow.once('listening', resolve));
  t.teardown(() => slow.close());
  const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/dial-policy`;
  const resources = (await rest('GET', '/api/fabric/resources/swml_scripts')).body.data;
  const id = resources.find((entry: any) => entry.display_name === 'slow-policy').id;
  t.equal((await rest('PUT', `/api/fabric/resources/swml_scripts/${id}`, { contents: script().replace(policyUrl, slowUrl) })).status, 200);
  const client = await connect(await guestToken([address.addressId]));
  t.teardown(() => client.close());
  const callId = randomUUID();
  await client.request('webrtc.verto', {
    callID: callId,
    message: {
      jsonrpc: '2.0',
      id: randomUUID(),
      method: 'verto.invite',
      params: { sdp: 'v=0\r\n', dialogParams: { callID: callId, destination_number: address.path, userVariables: { to: '+12025550100' } } }
    }
  });
  const bye = await client.request('webrtc.verto', vertoRequest('verto.bye', callId).params);
  t.match(bye.result?.result?.result, { cause: 'ORIGINATOR_CANCEL' });
  release();
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.match(
    await controlCall(emulator, callId),
    { state: 'ended', cause: 'ORIGINATOR_CANCEL', answeredAt: null, hangupBy: 'caller', to: address.path },
    'the late allow connects nothing'
  );
});

t.test('a fresh guest token for the same address renews the session; one for another address does not', async (t) => {
  const first = await resource('renew-a');
  const second = await resource('renew-b');
  const client = await connect(await guestToken([first.addressId]));
  t.teardown(() => client.close());
  const renewed = await client.request('signalwire.reauthenticate', { authentication: { jwt_token: await guestToken([first.addressId]) } });
  t.ok(renewed.result, 'the widget can updateToken with the next guest token');
  const widened = await client.request('signalwire.reauthenticate', { authentication: { jwt_token: await guestToken([first.addressId, second.addressId]) } });
  t.equal(widened.error?.code, -32002, 'a token for other addresses is another guest');
  const subscriber = await client.request('signalwire.reauthenticate', { authentication: { jwt_token: (await mintToken(emulator)).token } });
  t.equal(subscriber.error?.code, -32002, 'a guest session cannot become a subscriber');
});
