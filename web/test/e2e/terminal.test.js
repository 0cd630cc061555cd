// A browser and the terminal client (driven in a real terminal through tmux) chat in one room.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { ChatServerProcess, java, REPO } from './support/server.js';
import { closePages, join, launch, openPage, say } from './support/browser.js';
import { until } from './support/wait.js';

const CLIENT_JAR = joinPath(REPO, 'client/target/my-chat-client.jar');
const socket = `mychat-web-${process.pid}`; // a tmux server of our own, beside anyone else's

function tmux(...args) {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

let server;
let browser;

before(async () => {
  if (!existsSync(CLIENT_JAR)) throw new Error(`${CLIENT_JAR} is missing: build it first (./run test)`);
  server = await new ChatServerProcess().start();
  browser = await launch();
});

after(async () => {
  try {
    tmux('kill-server');
  } catch {
    // no session was started
  }
  await closePages();
  await browser?.close();
  await server?.close();
});

test('a browser user and a terminal user see each other join and talk', async () => {
  const page = await openPage(browser, server.url);
  await join(page, 'webby', 'mixed');

  tmux('new-session', '-d', '-s', 'term', '-x', '100', '-y', '30', 'env', 'TERM=screen-256color', 'LANG=C.UTF-8',
    java(), '--enable-native-access=ALL-UNNAMED', '-jar', CLIENT_JAR, `ws://127.0.0.1:${server.port}`,
    '--nick', 'termy', '--room', 'mixed');
  const screen = () => tmux('capture-pane', '-p', '-t', 'term');

  await page.getByRole('log').getByText('termy joined.').waitFor({ timeout: 20000 });
  await until(() => screen().includes('webby'), { what: 'the terminal to show webby' });

  await say(page, 'hello from the browser');
  await until(() => screen().includes('hello from the browser'), { what: 'the browser line in the terminal' });

  tmux('send-keys', '-t', 'term', '-l', 'hello from the terminal');
  tmux('send-keys', '-t', 'term', 'Enter');
  await page.getByRole('log').getByText('hello from the terminal').waitFor();
  const line = page.getByRole('log').locator('.msg', { hasText: 'hello from the terminal' });
  assert.equal(await line.locator('.nick').textContent(), 'termy');

  tmux('send-keys', '-t', 'term', 'Escape');
  await page.getByRole('log').getByText('termy left.').waitFor();
});
