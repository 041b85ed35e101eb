import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** Debian's PulseAudio (`.ci/run` installs it); PULSEAUDIO_PATH overrides it. */
export const PULSEAUDIO_PATH = process.env.PULSEAUDIO_PATH ?? '/usr/bin/pulseaudio';

const run = promisify(execFile);

export interface PulseMicrophone {
  /** PulseAudio's source name, for `unplug()`. */
  name: string;
  /** What the browser lists as the device's label. */
  label: string;
  /** The tone it "hears", in Hz. */
  frequency: number;
}

export interface PulseAudioOptions {
  /** The microphones, in order; the first is the system default. */
  microphones: PulseMicrophone[];
  /** The label of the one speaker (a null sink: timed like a sound card, plays nowhere). */
  speaker: string;
}

export interface PulseAudio {
  /** For the browser's environment: `PULSE_SERVER`. */
  readonly server: string;
  /** Removes a microphone as an unplugged headset goes: the browser sees `devicechange` and its tracks end. */
  unplug(name: string): Promise<void>;
  stop(): void;
}

/**
 * A private PulseAudio server with real (virtual) audio devices, for a browser that reads the system's devices
 * rather than fakes of its own: Firefox with `media.navigator.streams.fake` off lists its sources as microphones
 * (each a sine tone, `module-sine-source`) and its sink as a speaker, and sees them go away when a module is
 * unloaded (docs/adr/0135). Its own folder and unix socket per call (no TCP, anonymous auth on that socket
 * only), so a user's own sound server is never touched; stopped with `stop()` or the process.
 */
export async function startPulseAudio(options: PulseAudioOptions): Promise<PulseAudio> {
  if (!existsSync(PULSEAUDIO_PATH)) throw new Error(`${PULSEAUDIO_PATH} is missing: install Debian's pulseaudio (.ci/run does)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-pulse-'));
  const socket = path.join(dir, 'native');
  const server = `unix:${socket}`;
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, PULSE_RUNTIME_PATH: dir, XDG_CONFIG_HOME: dir };
  const args = ['-n', '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no', '--system=no', '--realtime=no', '--high-priority=no'];
  args.push('-L', `module-native-protocol-unix socket=${socket} auth-anonymous=1`);
  const daemon = spawn(PULSEAUDIO_PATH, args, { stdio: 'ignore', env });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    daemon.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', stop);
  for (let waited = 0; !existsSync(socket); waited += 50) {
    if (waited > 10_000 || daemon.exitCode !== null) {
      stop();
      throw new Error('PulseAudio did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pactl = async (...command: string[]) => (await run('pactl', command, { env: { ...process.env, PULSE_SERVER: server } })).stdout.trim();
  const modules = new Map<string, string>();
  // One module argument: the property list in double quotes, the label in single ones (PulseAudio's modargs).
  const described = (label: string) => `"device.description='${label.replace(/['"]/g, '')}'"`;
  try {
    await pactl('load-module', 'module-null-sink', 'sink_name=speaker', `sink_properties=${described(options.speaker)}`);
    for (const mic of options.microphones) {
      const args = [`source_name=${mic.name}`, `frequency=${mic.frequency}`, `source_properties=${described(mic.label)}`];
      modules.set(mic.name, await pactl('load-module', 'module-sine-source', ...args));
    }
    if (options.microphones[0]) await pactl('set-default-source', options.microphones[0].name);
  } catch (error) {
    stop();
    throw error;
  }
  return {
    server,
    async unplug(name) {
      const index = modules.get(name);
      if (index === undefined) throw new Error(`no microphone ${name}`);
      await pactl('unload-module', index);
      modules.delete(name);
    },
    stop
  };
}
