import t from 'tap';
import { startTcpFaultProxy, targetOf, type TcpFaultProxy } from '@sw-dialer/test-support/tcp-fault-proxy';
import { startStack, type StackOptions } from '../start-stack.js';

type Link = keyof NonNullable<StackOptions['links']>;

/**
 * The whole stack with one of its links (the database, SignalWire's REST API, the relay WebSocket) run
 * through a TCP fault proxy the test cuts and restores (docs/adr/0041). Both are torn down with the test
 * file: the stack first, then the proxy, put back to passing traffic in case a failed test left it cut.
 */
export async function startStackThroughProxy(link: Link, options: Omit<StackOptions, 'links'> = {}) {
  let started: TcpFaultProxy | undefined;
  const through = async (url: string) => {
    started = await startTcpFaultProxy({ target: targetOf(url) });
    return started.rewrite(url);
  };
  const stack = await startStack({ ...options, links: { [link]: through } });
  t.teardown(() => stack.stop());
  const proxy = started as TcpFaultProxy;
  t.teardown(async () => {
    if (proxy.mode !== 'pass') await proxy.restore();
  });
  t.teardown(() => proxy.close());
  return { stack, proxy };
}
