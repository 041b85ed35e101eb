// @signalwire/js and @signalwire/core ship as one pre-bundled ESM file each. Their top-level statements
// that build the Video, Chat and PubSub namespaces (`__export(ns, {...})`, `var X = extendComponent(...)`,
// `var a = createAction(...)`) are calls, so esbuild must assume they have side effects and keeps them,
// and with them everything they reach, although the widget only calls `SignalWire()` (the Call Fabric
// client). This plugin marks those calls `/* @__PURE__ */` (they only define objects and methods on the
// classes they are given), so that what the widget does not reach is dropped (docs/adr/0080).
import { readFile } from 'node:fs/promises';

/** The pre-bundled files, and the top-level calls in them that only build values. */
const FILES = /[\\/]@signalwire[\\/](js|core)[\\/]dist[\\/]index\.esm\.js$/;
// `var ns = {}; __export(ns, {...getters});` becomes one declaration whose value is built by a pure call: a
// bare call statement marked pure would be dropped even when the namespace is used.
const NAMESPACE = /^var ([\w$]+) = \{\};\n__export\(\1, \{/gm;
const PURE_INITIALISER =
  /^(var [\w$]+ = )((?:actions\.createAction|createAction|toInternalEventName|toSyntheticEvent|createRoomMethod|createRoomMetaMethod|createRoomMemberMethod|createChatMethod|createChatMemberMethod|buildVertoRPCMessage|createDestroyableSlice|toExternalJSON|Object\.keys|GLOBAL_VIDEO_EVENTS\.map)\()/gm;

// `var XApi = extendComponent(XConnection, { method: Rooms.method, ... });`: the arguments read properties of
// core's namespace objects, which esbuild must keep even in a pure call, and they keep every room method.
// Wrapped in an arrow called at once (and marked pure), the arguments are only read when the value is used.
const EXTENDED = /^(var [\w$]+ = )(extendComponent\d*\(\s*[\w$]+,\s*\{\n[^;]*?^\s*\}\s*\));$/gm;

// `var PubSubMessage = PubSub.PubSubMessage;`: reading a property of a namespace object may run a getter, so
// esbuild keeps it, and the whole namespace with it; read in a pure arrow, it goes when unused.
const ALIAS = /^(var [\w$]+ = )([A-Z][\w$]*\.[A-Z][\w$]*);$/gm;

/** The source with its value-building top-level calls marked pure. */
export function markSignalWirePure(source) {
  return source
    .replace(NAMESPACE, 'var $1 = /* @__PURE__ */ ((all) => {\n  const namespace = {};\n  __export(namespace, all);\n  return namespace;\n})({')
    .replace(PURE_INITIALISER, '$1/* @__PURE__ */ $2')
    .replace(EXTENDED, '$1/* @__PURE__ */ (() => $2)();')
    .replace(ALIAS, '$1/* @__PURE__ */ (() => $2)();');
}

export const signalWirePure = {
  name: 'signalwire-pure',
  setup(builder) {
    builder.onLoad({ filter: FILES }, async (args) => ({ contents: markSignalWirePure(await readFile(args.path, 'utf8')), loader: 'js' }));
  }
};
