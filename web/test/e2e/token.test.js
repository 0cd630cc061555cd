// A server that requires tokens: the page takes one from ?token= or pasted, shows whom it names, and chats as
// that user.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { serverAndBrowser } from './support/fixture.js';
import { openPage, say } from './support/browser.js';

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes';

function token(claims) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = { exp: Math.floor(Date.now() / 1000) + 600, ...claims };
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}

const ctx = serverAndBrowser({ CHAT_JWT_SECRET: SECRET });

test('a token in the address or pasted signs the page in as the user it names', async () => {
  const alice = await openPage(ctx.browser, `${ctx.server.url}?token=${token({ sub: 'u-1', nick: 'alice' })}`);
  await alice.getByText('Signed in as alice').waitFor();
  assert.equal(await alice.getByLabel('Nick').inputValue(), 'alice');
  await alice.getByLabel('Room').fill('secure');
  await alice.getByRole('button', { name: 'Join' }).click();
  await alice.getByRole('log').getByText('You joined secure as alice.').waitFor();

  const bob = await openPage(ctx.browser, ctx.server.url);
  await bob.getByText('Have a token?').click();
  await bob.getByLabel('Token').fill(token({ sub: 'bob' }));
  await bob.getByText('Signed in as bob').waitFor();
  await bob.getByLabel('Room').fill('secure');
  await bob.getByRole('button', { name: 'Join' }).click();
  await bob.getByRole('log').getByText('You joined secure as bob.').waitFor();
  await say(bob, 'hello @alice');
  const line = alice.getByRole('log').locator('.msg.mention', { hasText: 'hello @alice' });
  await line.waitFor();
  assert.equal(await line.locator('.nick').textContent(), 'bob');
});

test('without a token the page says it cannot get in, and how to fix it', async () => {
  const page = await openPage(ctx.browser, ctx.server.url);
  await page.getByLabel('Nick').fill('mallory');
  await page.getByLabel('Room').fill('secure');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('log').getByText(/if it needs a token, add one/).waitFor();
});

test('a token given in the address leaves the address bar', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}?token=${token({ sub: 'carol' })}&room=secure`);
  await page.getByText('Signed in as carol').waitFor();
  assert.equal(new URL(page.url()).search, '?room=secure');
  assert.equal(await page.getByLabel('Room').inputValue(), 'secure');
});
