import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { BODY_LIMIT_BYTES } from '../src/app.js';
import { buildTestApp } from './helpers/build-test-app.js';
import { newCallBody } from './helpers/call-bodies.js';

/**
 * Issue 14, item 8: every refusal made by Fastify or Node's HTTP parser, before any route runs, answers in
 * the one error shape with a request id (Fastify's own body before). One test per kind.
 */
const { app, authHeader, logs } = await buildTestApp(t);
const headers = authHeader('refused');
await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address() as AddressInfo;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real request over a socket: the parser's refusals never reach `inject`. */
function send(path: string, extraHeaders: Record<string, string> = {}, method = 'GET', payload?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method, headers: { ...headers, ...extraHeaders } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end(payload);
  });
}

function inShape(t: Test, answer: { status: number; body: string; headers: http.IncomingHttpHeaders }, status: number, code: string, field?: string) {
  t.equal(answer.status, status, 'status');
  const body = JSON.parse(answer.body);
  t.same(Object.keys(body), ['error'], 'one top-level key');
  t.equal(body.error.code, code);
  t.type(body.error.message, 'string');
  t.match(body.error.requestId, /^[0-9a-f-]{36}$/, 'a request id');
  t.equal(answer.headers['x-request-id'], body.error.requestId, 'the same id in the header');
  t.notMatch(answer.body, /FST_|statusCode/, "none of Fastify's own body");
  if (field) t.equal(body.error.details.issues[0].field, field, `names ${field}`);
  return body.error.requestId as string;
}

t.test('431: headers larger than the parser takes', async (t) => {
  const answer = await send('/api/telephony/history', { 'x-padding': 'a'.repeat(20_000) });
  const id = inShape(t, answer, 431, 'VALIDATION_FAILED', 'headers');
  t.ok(
    logs.some((line) => line.includes(id) && line.includes('headers-too-large')),
    'the refusal is logged with its id'
  );
});

t.test('431: a URL larger than the parser takes', async (t) => {
  inShape(t, await send(`/api/telephony/history?number=${'1'.repeat(20_000)}`), 431, 'VALIDATION_FAILED', 'headers');
});

t.test('414: a 300-character path parameter', async (t) => {
  const id = 'a'.repeat(300);
  inShape(t, await send(`/api/telephony/calls/${id}`), 414, 'VALIDATION_FAILED', 'url');
  const injected = await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload: { status: 'ringing' } });
  inShape(t, { status: injected.statusCode, headers: injected.headers as http.IncomingHttpHeaders, body: injected.body }, 414, 'VALIDATION_FAILED', 'url');
});

t.test('a content type other than JSON: 400 naming the body (ADR 2)', async (t) => {
  inShape(t, await send('/api/telephony/calls', { 'content-type': 'text/plain' }, 'POST', 'hello'), 400, 'VALIDATION_FAILED', 'body');
});

t.test('malformed JSON: 400 naming the body', async (t) => {
  inShape(t, await send('/api/telephony/calls', { 'content-type': 'application/json' }, 'POST', '{"number": '), 400, 'VALIDATION_FAILED', 'body');
});

t.test('a body over the limit: 400 naming the body (ADR 2)', async (t) => {
  const payload = JSON.stringify({ ...newCallBody(), padding: 'x'.repeat(BODY_LIMIT_BYTES) });
  inShape(t, await send('/api/telephony/calls', { 'content-type': 'application/json' }, 'POST', payload), 400, 'VALIDATION_FAILED', 'body');
});

t.test('404: no such route, and no such method, in the shape', async (t) => {
  inShape(t, await send('/api/telephony/nothing-here'), 404, 'NOT_FOUND');
  inShape(t, await send(`/api/telephony/calls/${randomUUID()}`, {}, 'DELETE'), 404, 'NOT_FOUND');
  inShape(t, await send(`/api/telephony/calls/${randomUUID()}`), 404, 'NOT_FOUND');
});

t.test('the server still serves after the refusals', async (t) => {
  t.equal((await send('/api/telephony/history')).status, 200);
});
