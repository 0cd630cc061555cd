// Two people chat in browsers against a real server (the built jar) with its default limits.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatServerProcess } from './support/server.js';
import { until } from './support/wait.js';
import { closePages, join, launch, openPage, say, screenshot } from './support/browser.js';

describe('chatting in the browser', () => {
  let server;
  let browser;

  before(async () => {
    server = await new ChatServerProcess().start();
    browser = await launch();
  });

  afterEach(closePages);

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the server's start-up log says where to open the page", async () => {
    const line = `web client: open http://127.0.0.1:${server.port}/ in a browser`;
    await until(() => server.output.includes(line), { what: line, timeoutMs: 5000 });
  });

  test('two people see each other join, talk and leave', async () => {
    const alice = await openPage(browser, server.url);
    const bob = await openPage(browser, server.url);
    await join(alice, 'alice', 'pair');
    await join(bob, 'bob', 'pair');
    const aliceLog = alice.getByRole('log');
    const bobLog = bob.getByRole('log');
    await aliceLog.getByText('bob joined.').waitFor();
    await say(alice, 'hello bob');
    await bobLog.getByText('hello bob').waitFor();
    await say(bob, 'hi alice');
    await aliceLog.getByText('hi alice').waitFor();
    assert.deepEqual(await alice.locator('#member-list li').allTextContents(), ['alice (you)', 'bob']);
    const own = aliceLog.locator('.msg.own', { hasText: 'hello bob' });
    await own.waitFor();
    assert.equal(await own.locator('.pending').count(), 0);
    await bob.getByRole('button', { name: 'Leave pair' }).click();
    await aliceLog.getByText('bob left.').waitFor();
    assert.deepEqual(await alice.locator('#member-list li').allTextContents(), ['alice (you)']);
    assert.deepEqual([...alice.problems, ...bob.problems], []);
  });

  test('a message that looks like HTML is shown as text and runs nothing', async () => {
    const alice = await openPage(browser, server.url);
    const bob = await openPage(browser, server.url);
    await join(alice, 'alice', 'xss');
    await join(bob, 'bob', 'xss');
    const attack = '<img src=x onerror=alert(1)>';
    await say(alice, attack);
    await say(alice, 'see https://example.com/page.');
    for (const page of [alice, bob]) {
      const line = page.getByRole('log').locator('.msg', { hasText: attack });
      await line.waitFor();
      assert.equal(await line.locator('.text').textContent(), attack);
      assert.equal(await page.locator('#log img').count(), 0);
      const link = page.getByRole('link', { name: 'https://example.com/page' });
      await link.waitFor();
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
      assert.deepEqual(page.dialogs, []);
      assert.deepEqual(page.problems, []);
    }
  });

  test('forty fast lines all arrive exactly once, in order, paced to the server limit', async () => {
    const alice = await openPage(browser, server.url);
    const bob = await openPage(browser, server.url);
    await join(alice, 'alice', 'burst');
    await join(bob, 'bob', 'burst');
    const lines = Array.from({ length: 40 }, (_, i) => `line ${String(i + 1).padStart(2, '0')}`);
    for (const line of lines) await say(alice, line);
    for (const page of [alice, bob]) {
      await page.getByRole('log').locator('.msg:not(.pending)', { hasText: 'line 40' }).waitFor({ timeout: 20000 });
      const texts = await page.locator('#log .msg .text').allTextContents();
      assert.deepEqual(texts, lines);
    }
    assert.equal(await alice.locator('#log .pending').count(), 0);
    assert.equal(await alice.locator('#log .local.error').count(), 0);
  });

  test('several rooms: unread counts and mention marks for the rooms not shown', async () => {
    const alice = await openPage(browser, server.url);
    const bob = await openPage(browser, server.url);
    await join(alice, 'alice', 'one');
    await join(alice, 'alice', 'two');
    await join(bob, 'bob', 'one');
    await say(bob, 'news for everyone');
    await say(bob, 'and @alice in particular');
    const one = alice.getByRole('button', { name: /^one,/ });
    await alice.getByRole('button', { name: 'one, 1 mention, 2 unread' }).waitFor();
    await one.click();
    await alice.getByRole('log').getByText('and @alice in particular').waitFor();
    await alice.getByRole('button', { name: 'one', exact: true }).waitFor();
  });

  test('history pages load while scrolling up', async () => {
    const bob = await openPage(browser, server.url);
    await join(bob, 'bob', 'long');
    for (let i = 1; i <= 120; i++) await say(bob, `old ${i}`);
    await bob.getByRole('log').locator('.msg:not(.pending)', { hasText: 'old 120' }).waitFor({ timeout: 30000 });
    const alice = await openPage(browser, server.url);
    await join(alice, 'alice', 'long');
    await alice.getByRole('log').getByText('old 120').waitFor();
    assert.equal(await alice.locator('#log .msg').count(), 50, 'the server replays its newest 50 on join');
    for (let i = 0; i < 10 && await alice.locator('#log .msg').count() < 120; i++) {
      await alice.locator('#log').evaluate((log) => { log.scrollTop = 0; });
      await alice.locator('#log .msg').nth(0).waitFor();
      await alice.waitForFunction((n) => document.querySelectorAll('#log .msg').length > n,
        await alice.locator('#log .msg').count(), { timeout: 5000 }).catch(() => {});
    }
    const texts = await alice.locator('#log .msg .text').allTextContents();
    assert.deepEqual(texts, Array.from({ length: 120 }, (_, i) => `old ${i + 1}`));
  });

  test('the page works from the keyboard alone', async () => {
    const alice = await openPage(browser, server.url);
    await alice.keyboard.type('kay');
    await alice.keyboard.press('Tab');
    await alice.keyboard.press('Control+A');
    await alice.keyboard.type('keys');
    await alice.keyboard.press('Enter');
    await alice.getByRole('log').getByText('You joined keys as kay.').waitFor();
    await alice.keyboard.type('typed without a mouse');
    await alice.keyboard.press('Enter');
    await alice.getByRole('log').locator('.msg:not(.pending)', { hasText: 'typed without a mouse' }).waitFor();
    assert.deepEqual(alice.problems, []);
  });

  test('the first view needs one round of requests after the page, and is usable quickly', async (t) => {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const page = await openPage(browser, server.url);
      const { ready, scripts, preloaded } = await page.evaluate(() => ({
        ready: performance.getEntriesByName('mychat-ready')[0]?.startTime,
        scripts: performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname)
          .filter((path) => path.endsWith('.js')),
        preloaded: [...document.querySelectorAll('link[rel=modulepreload], script[type=module]')]
          .map((e) => new URL(e.href ?? e.src).pathname),
      }));
      // Every module is named in index.html, so the browser asks for all at once, not one import level at a time.
      assert.deepEqual([...scripts].sort(), [...preloaded].sort());
      times.push(ready);
      await page.context().close();
    }
    const best = Math.min(...times);
    t.diagnostic(`first view usable after ${times.map(Math.round).join(', ')} ms (best ${Math.round(best)})`);
    // The goal is 200 ms on loopback; the bound is looser so that a busy machine does not fail the build.
    assert.ok(best < 1000, `first view usable after ${times.map(Math.round).join(', ')} ms`);
  });

  for (const [name, viewport] of [['narrow-375x700', { width: 375, height: 700 }],
    ['desktop-1280x800', { width: 1280, height: 800 }]]) {
    test(`usable in a ${name} viewport (screenshot kept)`, async () => {
      const bob = await openPage(browser, server.url);
      await join(bob, 'bob', `look-${name}`);
      const page = await openPage(browser, server.url, viewport);
      await join(page, 'alice', `look-${name}`);
      await join(page, 'alice', 'elsewhere');
      await page.getByRole('button', { name: `look-${name}`, exact: true }).click();
      await say(bob, 'a line from bob with a link https://example.com/docs');
      await say(page, 'and one from me');
      await page.getByRole('log').locator('.msg:not(.pending)', { hasText: 'and one from me' }).waitFor();
      for (const field of ['Nick', 'Room', 'Message']) assert.ok(await page.getByLabel(field).isVisible(), field);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the window`);
      await screenshot(page, name);
    });
  }
});
