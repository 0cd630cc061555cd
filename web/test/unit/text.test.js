import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkify } from '../../src/lib/linkify.js';
import { nickColorIndex, PALETTE_SIZE } from '../../src/lib/nickColor.js';
import { describeError } from '../../src/lib/errors.js';
import { checkText, validNick, validRoom } from '../../src/lib/limits.js';
import { reconnectDelay } from '../../src/lib/backoff.js';
import { tokenIdentity } from '../../src/lib/token.js';
import { TypingSignal } from '../../src/lib/typingSignal.js';

test('links are found in text; trailing punctuation and other schemes are not links', () => {
  assert.deepEqual(linkify('see https://example.com/a?b=1. ok'), [
    { text: 'see ' }, { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' }, { text: '. ok' },
  ]);
  assert.deepEqual(linkify('javascript:alert(1) and <b>x</b>'), [{ text: 'javascript:alert(1) and <b>x</b>' }]);
  assert.deepEqual(linkify('(https://en.wikipedia.org/wiki/Foo_(bar))').map((p) => p.href).filter(Boolean),
    ['https://en.wikipedia.org/wiki/Foo_(bar)']);
  assert.deepEqual(linkify(''), []);
});

test('a nick always gets the same colour, and nicks spread over the palette', () => {
  assert.equal(nickColorIndex('alice'), nickColorIndex('alice'));
  const used = new Set(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy']
    .map(nickColorIndex));
  assert.ok(used.size >= 5, `only ${used.size} colours for ten nicks`);
  for (const i of used) assert.ok(i >= 0 && i < PALETTE_SIZE);
});

test('errors are told in plain words, with the server reason where it matters', () => {
  assert.match(describeError({ code: 'kicked', reason: 'spam' }), /operator removed you.*\(spam\)/);
  assert.match(describeError({ code: 'room_closed', reason: 'x' }), /closed this room/);
  assert.match(describeError({ code: 'forbidden', reason: 'not for you' }), /may not join/);
  assert.match(describeError({ code: 'lagged', dropped: 1 }), /missed 1 message;/);
  assert.match(describeError({ code: 'something_new', reason: 'why' }), /refused: why/);
});

test('texts and names are checked as the server checks them', () => {
  assert.equal(checkText('hi'), null);
  assert.equal(checkText(' \t\u200b '), 'empty_message');
  assert.equal(checkText('é'.repeat(1024)), null);
  assert.equal(checkText('é'.repeat(1025)), 'too_long');
  assert.ok(validNick('ålice'));
  assert.ok(!validNick('a b'));
  assert.ok(!validNick('x'.repeat(33)));
  assert.ok(!validNick('zero\u200bwidth'));
  assert.ok(validRoom('👩\u200d💻-room'));
  assert.ok(!validRoom(''));
});

test('reconnects wait 1 s, doubling to at most 30 s', () => {
  assert.deepEqual([1, 2, 3, 5, 6, 40].map(reconnectDelay), [1000, 2000, 4000, 16000, 30000, 30000]);
});

test("a token's nick is its nick claim, else its subject", () => {
  const jwt = (claims) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  assert.deepEqual(tokenIdentity(jwt({ sub: 'u1', nick: 'Ålice', exp: 2 })), { nick: 'Ålice', expiresAt: 2000 });
  assert.equal(tokenIdentity(jwt({ sub: 'u1' })).nick, 'u1');
  assert.equal(tokenIdentity('not a token'), null);
});

test('typing is signalled at most every three seconds, and at once after a send', () => {
  const signal = new TypingSignal();
  assert.deepEqual([0, 1000, 2999, 3000].map((t) => signal.keyPressed(t)), [true, false, false, true]);
  signal.reset();
  assert.equal(signal.keyPressed(3100), true);
});
