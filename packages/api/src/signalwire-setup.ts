/** `pnpm signalwire:setup`: see tools/signalwire-setup.ts and docs/sdk-setup.md. */
import { runSignalWireSetup } from './tools/signalwire-setup.js';

process.exitCode = await runSignalWireSetup(process.env, (line) => process.stdout.write(`${line}\n`));
