// The server restarts under a page: the page reconnects by itself, resumes with `since`, resends what it had not
// had confirmed, and ends with every message exactly once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './support/fixture.js';
import { join, openPage, say } from './support/browser.js';

const ctx = serverAndBrowser();

test('after a server restart the page reconnects and loses nothing, doubles nothing', async () => {
  const alice = await openPage(ctx.browser, ctx.server.url);
  const bob = await openPage(ctx.browser, ctx.server.url);
  await join(alice, 'alice', 'restart');
  await join(bob, 'bob', 'restart');
  await say(bob, 'before the restart');
  await alice.getByRole('log').getByText('before the restart').waitFor();

  await ctx.server.stop();
  await alice.getByRole('log').getByText('Connection lost; reconnecting.').waitFor();
  await say(alice, 'typed while the server was down');
  await alice.locator('#log .msg.pending', { hasText: 'typed while the server was down' }).waitFor();
  await ctx.server.start();

  await bob.getByRole('log').getByText('Back in restart.').waitFor({ timeout: 20000 });
  await say(bob, 'after the restart');
  for (const page of [alice, bob]) {
    await page.getByRole('log').locator('.msg:not(.pending)', { hasText: 'typed while the server was down' })
      .waitFor({ timeout: 20000 });
    await page.getByRole('log').locator('.msg:not(.pending)', { hasText: 'after the restart' })
      .waitFor({ timeout: 20000 });
    const texts = await page.locator('#log .msg .text').allTextContents();
    assert.deepEqual([...texts].sort(),
      ['after the restart', 'before the restart', 'typed while the server was down'],
      `${texts.join(' | ')}`);
  }
  assert.equal(await alice.locator('#log .pending').count(), 0);
  assert.deepEqual([...alice.problems, ...bob.problems].filter((p) => !p.includes('WebSocket')), []);
});
