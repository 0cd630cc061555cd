// The Typing extension: a page that types tells the others, who show it; with its switch off it sends none.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './support/fixture.js';
import { join, openPage, say } from './support/browser.js';

const ctx = serverAndBrowser();

/** A page with the Typing switch (features.js) set on or off, whatever its default. */
async function pageWithTyping(on = true) {
  const page = await openPage(ctx.browser, 'about:blank');
  await page.route('**/features.js', (route) => route.fulfill({
    contentType: 'text/javascript', body: `export const SEND_TYPING = ${on};\n`,
  }));
  await page.goto(ctx.server.url);
  return page;
}

test('someone typing is shown to the others, and no longer once their line arrives', async () => {
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
