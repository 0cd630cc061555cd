// A real my-chat server for the browser tests: the built jar (server/target/my-chat-server.jar), started on an
// ephemeral loopback port with its own data directory. Its port is read from its start-up line.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const JAR = join(REPO, 'server/target/my-chat-server.jar');
const LISTENING = /listening on [^ ]+:(\d+) /;

export function java() {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java';
}

export class ChatServerProcess {
  #child = null;
  #env;
  dataDir;
  port = 0;

  /** @param env CHAT_* variables beyond the test defaults */
  constructor(env = {}) {
    if (!existsSync(JAR)) throw new Error(`${JAR} is missing: build it first (./run build or ./run test)`);
    this.dataDir = mkdtempSync(join(tmpdir(), 'mychat-web-'));
    this.#env = {
      CHAT_ADDR: '127.0.0.1:0', CHAT_ADMIN_ADDR: 'off', CHAT_DATA_DIR: this.dataDir, CHAT_IO_THREADS: '1',
      ...env,
    };
  }

  /** Starts the server; on a restart, on the same port and data as before. */
  async start() {
    const env = { ...process.env, ...this.#env };
    if (this.port) env.CHAT_ADDR = `127.0.0.1:${this.port}`;
    const child = spawn(java(), ['--enable-native-access=ALL-UNNAMED', '-Xmx256m', '-jar', JAR], {
      env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.output = '';
    this.port = await new Promise((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 30000);
      const read = (chunk) => {
        this.output += chunk;
        const match = this.output.match(LISTENING);
        if (match) {
          clearTimeout(timer);
          resolvePort(Number(match[1]));
        }
      };
      child.stdout.setEncoding('utf8').on('data', read);
      child.stderr.setEncoding('utf8').on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${this.output}`));
      });
    });
    return this;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Stops the process (SIGTERM: the graceful shutdown) and waits for it to exit. */
  async stop() {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
    this.#child = null;
  }

  async close() {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
