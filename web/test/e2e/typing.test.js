// The Typing extension: a page that types tells the others, who show it. It runs against a server that relays
// Typing; a server without the extension (it answers Typing with bad_request) skips it, saying so.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatServerProcess } from './support/server.js';
import { closePages, join, launch, openPage, say } from './support/browser.js';

let server;
let browser;
let supportsTyping = false;

before(async () => {
  server = await new ChatServerProcess().start();
  browser = await launch();
  const probe = await openPage(browser, server.url);
  supportsTyping = await probe.evaluate(() => new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${location.host}/ws`, 'chat.v1');
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'Join', room: 'typing-probe', nick: 'probe' }));
      ws.send(JSON.stringify({ type: 'Typing' }));
      ws.send(JSON.stringify({ type: 'ListRooms' })); // answered after everything before it (PROTOCOL.md §5)
    };
    ws.onmessage = (event) => {
      const data = JSON.parse(event.data);
      if (data.type === 'Error') { ws.close(); resolve(false); }
      if (data.type === 'RoomList') { ws.close(); resolve(true); }
    };
    ws.onerror = () => reject(new Error('probe connection failed'));
  }));
  await closePages();
});

after(async () => {
  await closePages();
  await browser?.close();
  await server?.close();
});

/** A page with the Typing switch (features.js) set to `on`, whatever its default. */
async function pageWithTyping(on = true) {
  const page = await openPage(browser, 'about:blank');
  await page.route('**/features.js', (route) => route.fulfill({
    contentType: 'text/javascript', body: `export const SEND_TYPING = ${on};\n`,
  }));
  await page.goto(server.url);
  return page;
}

test('someone typing is shown to the others, and no longer once their line arrives', async (t) => {
  if (!supportsTyping) {
    t.skip('this server does not relay Typing (the extension is not in it yet)');
    return;
  }
  const alice = await pageWithTyping();
  const bob = await pageWithTyping();
  await join(alice, 'alice', 'typing');
  await join(bob, 'bob', 'typing');
  await alice.getByLabel('Message').pressSequentially('hel');
  await bob.getByText('alice is typing…').waitFor();
  assert.equal(await alice.getByText('is typing…').count(), 0, 'nobody is shown typing to themselves');
  await alice.getByLabel('Message').pressSequentially('lo');
  await alice.getByLabel('Message').press('Enter');
  await bob.getByRole('log').getByText('hello').waitFor();
  await bob.getByText('alice is typing…').waitFor({ state: 'detached' });
  assert.deepEqual([...alice.problems, ...bob.problems], []);
});

test('with the switch off the page sends no Typing', async () => {
  const alice = await pageWithTyping(false);
  const sent = [];
  alice.on('websocket', (ws) => ws.on('framesent', (frame) => sent.push(String(frame.payload))));
  await join(alice, 'alice', 'quiet');
  await alice.getByLabel('Message').pressSequentially('some typing');
  await say(alice, 'done');
  await alice.getByRole('log').locator('.msg:not(.pending)', { hasText: 'done' }).waitFor();
  assert.deepEqual(sent.filter((f) => f.includes('"Typing"')), []);
});
