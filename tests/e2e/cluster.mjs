// The cluster on loopback (#17): nats-server with JetStream, SurrealDB's own
// server, app nodes on that one database, and HAProxy in front of them, each
// a real process on a free port. The browser tests import `startCluster`;
// `make cluster` runs this file, which starts one with the demo and waits.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './harness.mjs';

const TOOLS = path.join(os.homedir(), '.cache', 'chats-tools', 'bin');

function program(name, candidates) {
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  return name;
}

async function waitFor(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try { if (await check()) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`cluster: ${what} did not come up in ${timeoutMs / 1000} s`);
}

async function answers(url, status = 200) {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return res.status === status;
}

async function tcpOpen(port) {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** One child process that can be stopped, killed and started again with
 *  the same command (and so the same port and data). */
function service(name, command, args, env, { quiet = false } = {}) {
  let child = null;
  let exited = null;
  const running = () => child && child.exitCode === null && child.signalCode === null;
  // Started again only once it has stopped (a test's `finally` may start a
  // node that its failure left running).
  const start = () => {
    if (running()) return;
    child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', (e) => console.error(`[cluster] ${name}: ${e.message}`));
    for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      from.on('data', (chunk) => { if (!quiet) to.write(`[${name}] ${chunk}`); });
    }
    exited = new Promise((r) => child.once('exit', r));
  };
  start();
  return {
    name,
    start,
    get pid() { return child?.pid; },
    async stop(signal = 'SIGTERM') {
      if (!running()) return;
      child.kill(signal);
      await exited;
    },
    async kill() { await this.stop('SIGKILL'); },
  };
}

function haproxyConfig({ port, nodes, balance }) {
  return `global
  maxconn 4096

defaults
  mode http
  option forwardfor
  option redispatch
  retries 3
  # Only a request that never reached a node is tried on another: a send
  # the node took is answered by it (or retried by the browser with its key).
  retry-on conn-failure
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # Websockets stay open for as long as the tab does.
  timeout tunnel 1h
  timeout http-keep-alive 5s

frontend chats
  bind 127.0.0.1:${port}
  default_backend nodes

backend nodes
  balance ${balance}
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2 maxconn 1000
${nodes.map((n, i) => `  server node${i + 1} 127.0.0.1:${n} check`).join('\n')}
`;
}

/** Starts the whole cluster and resolves when HAProxy has a ready node
 *  behind it. `balance` is HAProxy's (`roundrobin`; `first` sends every new
 *  connection to node 1 while it is up, so a test knows whom to kill). */
export async function startCluster({ nodes: count = 2, balance = 'roundrobin', demo = true, quiet = true, dataDir = mkdtempSync(path.join(os.tmpdir(), 'chats-cluster-')) } = {}) {
  const serverDir = process.env.SERVER_DIR;
  if (!serverDir) throw new Error('SERVER_DIR must point at the dx build (target/dx/chats/debug/web)');
  const started = [];
  try {
    // NATS, with JetStream for the shared state.
    const natsPort = await freePort();
    const nats = service('nats', program('nats-server', ['/usr/sbin/nats-server', '/usr/bin/nats-server']),
      ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', path.join(dataDir, 'nats')], {}, { quiet });
    started.push(nats);
    await waitFor('nats-server', () => tcpOpen(natsPort));

    // SurrealDB's server, on disk so that a restart keeps the data.
    const dbPort = await freePort();
    const db = service('surrealdb', program('surreal', [path.join(TOOLS, 'surreal')]),
      ['start', '--no-banner', '--user', 'root', '--pass', 'root', '--bind', `127.0.0.1:${dbPort}`, `surrealkv://${path.join(dataDir, 'db')}`],
      { SURREAL_LOG: 'warn' }, { quiet });
    started.push(db);
    await waitFor('the SurrealDB server', () => answers(`http://127.0.0.1:${dbPort}/health`));

    // The app nodes: one database, one bus, one files folder, one secrets key.
    const secretsKey = randomBytes(32).toString('hex');
    const filesDir = path.join(dataDir, 'files');
    mkdirSync(filesDir, { recursive: true });
    const nodes = [];
    for (let i = 0; i < count; i += 1) {
      const port = await freePort();
      const node = service(`node${i + 1}`, path.join(serverDir, 'server'), [], {
        IP: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: `ws://127.0.0.1:${dbPort}`,
        DATABASE_USER: 'root',
        DATABASE_PASS: 'root',
        NATS_URL: `nats://127.0.0.1:${natsPort}`,
        FILES_DIR: filesDir,
        SECRETS_KEY: secretsKey,
        TRUST_PROXY: '1',
        RUST_LOG: process.env.RUST_LOG || 'warn',
        DEMO: demo ? '1' : '0',
      }, { quiet: false });
      started.push(node);
      node.port = port;
      node.url = `http://127.0.0.1:${port}`;
      // One after another: the first loads the demo, the others find it.
      await waitFor(`node ${i + 1}`, () => answers(`${node.url}/readyz`));
      nodes.push(node);
    }

    const port = await freePort();
    const configFile = path.join(dataDir, 'haproxy.cfg');
    writeFileSync(configFile, haproxyConfig({ port, nodes: nodes.map((n) => n.port), balance }));
    const haproxy = service('haproxy', program('haproxy', ['/usr/sbin/haproxy']), ['-db', '-f', configFile], {}, { quiet });
    started.push(haproxy);
    const url = `http://127.0.0.1:${port}`;
    await waitFor('HAProxy', () => answers(`${url}/readyz`));

    return {
      url,
      nodes,
      nats,
      db,
      haproxy,
      dataDir,
      /** Waits until node `i` answers ready again (after `start()`). */
      async ready(node) { await waitFor(node.name, () => answers(`${node.url}/readyz`)); },
      async stop() {
        for (const s of [...started].reverse()) await s.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const s of [...started].reverse()) await s.kill();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

// `make cluster`: start one with the demo and keep it until Ctrl-C.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cluster = await startCluster();
  console.log(`
[cluster] ready: ${cluster.url}  (HAProxy in front of ${cluster.nodes.length} nodes)
[cluster] nodes: ${cluster.nodes.map((n) => n.url).join(', ')}
[cluster] sign in as admin@demo.local / demo1234; data in ${cluster.dataDir}
[cluster] Ctrl-C stops every process and removes the data.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[cluster] stopping');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
