import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * The command blocks of the README, docs/api.md and docs/sdk-setup.md that are marked runnable, run as a
 * reader would paste them (bash, from the repository's root), so that the docs stay true. The marker is an
 * HTML comment on the line before the fence (docs/adr/0058):
 *
 *   <!-- runnable -->                 the block runs to completion and exits 0 within a minute;
 *   <!-- runnable: serves /PATH -->   the block starts a server and keeps running: it must answer
 *                                     `GET http://127.0.0.1:$PORT/PATH` with 200, then it is stopped.
 *
 * Each block gets `PORT` (a free port), `HOST=127.0.0.1` and `PGLITE_DATA_DIR` (a temporary folder), so it
 * touches neither the working tree's `.data/` nor a port someone else uses. Only blocks that are safe and
 * fast are marked: no `pnpm test` (this suite), no network beyond loopback.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DOCS = ['README.md', 'docs/api.md', 'docs/sdk-setup.md'];
const RUN_WITHIN_MS = 60_000;
const SERVE_WITHIN_MS = 90_000;

interface Block {
  file: string;
  line: number;
  serves?: string;
  script: string;
}

/** Marked blocks of one file; a marker that is not followed by a fence is an error in the docs. */
function markedBlocks(file: string, text: string): { blocks: Block[]; strays: number[] } {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  const strays: number[] = [];
  lines.forEach((line, index) => {
    const marker = /^<!--\s*runnable(?::\s*serves\s+(\/\S*))?\s*-->\s*$/.exec(line.trim());
    if (!marker) {
      if (/^\s*<!--\s*runnable/.test(line)) strays.push(index + 1);
      return;
    }
    let at = index + 1;
    while (at < lines.length && lines[at]!.trim() === '') at++;
    if (!/^```(sh|bash)\s*$/.test(lines[at] ?? '')) {
      strays.push(index + 1);
      return;
    }
    const end = lines.findIndex((candidate, i) => i > at && candidate.startsWith('```'));
    if (end === -1) {
      strays.push(index + 1);
      return;
    }
    blocks.push({ file, line: at + 1, ...(marker[1] ? { serves: marker[1] } : {}), script: lines.slice(at + 1, end).join('\n') });
  });
  return { blocks, strays };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs `script` in a process group of its own; `stop()` ends the whole group (pnpm, tsx, node). */
function start(script: string, env: NodeJS.ProcessEnv) {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // The group is gone already.
    }
  };
  return {
    output: () => output,
    exited,
    async stop() {
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
}

const all: Block[] = [];
for (const file of DOCS) {
  const { blocks, strays } = markedBlocks(file, await readFile(path.join(root, file), 'utf8'));
  t.same(strays, [], `${file}: every runnable marker stands right before a sh fence`);
  all.push(...blocks);
}
t.ok(all.length > 0, 'some blocks are marked runnable');

for (const block of all) {
  t.test(`${block.file}:${block.line}${block.serves ? ` serves ${block.serves}` : ''}`, async (t) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sw-docs-command-'));
    t.teardown(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PGLITE_DATA_DIR: dataDir };
    const run = start(block.script, env);
    t.teardown(() => run.stop());
    if (!block.serves) {
      const code = await Promise.race([run.exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), RUN_WITHIN_MS).unref())]);
      t.equal(code, 0, `exits 0 within ${RUN_WITHIN_MS / 1000} s; output: ${run.output().slice(-2000)}`);
      return;
    }
    const url = `http://127.0.0.1:${port}${block.serves}`;
    const deadline = Date.now() + SERVE_WITHIN_MS;
    let status = 0;
    let exitedEarly = false;
    void run.exited.then(() => (exitedEarly = true));
    while (Date.now() < deadline && !exitedEarly) {
      status = await fetch(url).then(
        (response) => response.status,
        () => 0
      );
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    t.equal(status, 200, `GET ${block.serves} answers 200 within ${SERVE_WITHIN_MS / 1000} s; output: ${run.output().slice(-2000)}`);
  });
}
