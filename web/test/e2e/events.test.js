// How the page shows the events of the operator and Typing extensions (Notice, MessageDeleted, Typing, and the
// errors kicked, room_closed, forbidden). The page talks to a real server; a server without those extensions never
// sends them, so the test adds them to the server's stream exactly as PROTOCOL.md words them, through Playwright's
// WebSocket routing, which passes everything else through unchanged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './support/fixture.js';
import { join, openPage, say } from './support/browser.js';

const ctx = serverAndBrowser();

/** A page whose socket goes to the real server; the returned function sends an extra event to the page. */
async function pageWithExtraEvents() {
  const page = await openPage(ctx.browser, 'about:blank');
  let socket = null;
  await page.routeWebSocket(/\/ws/, (ws) => {
    ws.connectToServer(); // everything is passed through in both directions
    socket = ws;
  });
  await page.goto(ctx.server.url);
  return { page, inject: (event) => socket.send(JSON.stringify(event)) };
}

test('notices, deleted messages and typing are shown; unknown events are ignored', async () => {
  const { page, inject } = await pageWithExtraEvents();
  const bob = await openPage(ctx.browser, ctx.server.url);
  await join(page, 'alice', 'ops');
  await join(bob, 'bob', 'ops');
  await say(bob, 'a line to delete');
  await say(bob, 'a line to keep');
  const log = page.getByRole('log');
  await log.getByText('a line to keep').waitFor();
  const id = Number(await log.locator('.msg', { hasText: 'a line to delete' }).getAttribute('data-id'));

  inject({ type: 'Typing', nick: 'bob' });
  await page.getByText('bob is typing…').waitFor();
  inject({ type: 'Notice', room: 'ops', text: 'maintenance at noon', ts: Date.now() });
  await log.locator('.notice', { hasText: 'maintenance at noon' }).waitFor();
  inject({ type: 'MessageDeleted', room: 'ops', id });
  await log.getByText('a line to delete').waitFor({ state: 'detached' });
  inject({ type: 'SomethingNew', detail: 1 });
  await say(page, 'still fine');
  await log.locator('.msg:not(.pending)', { hasText: 'still fine' }).waitFor();
  assert.equal(await log.getByText('a line to keep').count(), 1);
  assert.deepEqual(page.problems, []);
});

for (const [code, reason, words] of [
  ['kicked', 'flooding', /An operator removed you from the server\. \(flooding\)/],
  ['room_closed', 'closed for the night', /An operator closed this room\./],
  ['forbidden', 'not your room', /You may not join this room\. \(not your room\)/],
]) {
  test(`${code} is told in plain words and the page stops using the room`, async () => {
    const { page, inject } = await pageWithExtraEvents();
    await join(page, 'alice', `gone-${code}`);
    inject({ type: 'Error', code, reason });
    await page.getByRole('log').getByText(words).waitFor();
    await page.getByRole('status').getByText(words).waitFor();
    assert.ok(await page.getByLabel('Message').isDisabled());
  });
}
