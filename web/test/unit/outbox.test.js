import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox, WINDOW } from '../../src/lib/outbox.js';

function sendAll(outbox, now) {
  const sent = [];
  for (let next = outbox.next(now); next?.send; next = outbox.next(now)) {
    outbox.sent(next.send.cid, now);
    sent.push(next.send.text);
  }
  return sent;
}

test('lines go out in the order typed, each with its own cid', () => {
  const outbox = new Outbox('tab');
  const a = outbox.add('one');
  const b = outbox.add('two');
  assert.notEqual(a.cid, b.cid);
  assert.match(a.cid, /^tab-/);
  assert.deepEqual(sendAll(outbox, 0), ['one']);
  outbox.confirm(a.cid);
  assert.deepEqual(sendAll(outbox, 0), ['two']);
});

test(`at most ${WINDOW} lines wait for confirmation at once`, () => {
  const outbox = new Outbox('t');
  const items = Array.from({ length: WINDOW + 3 }, (_, i) => outbox.add(`line ${i}`));
  assert.equal(sendAll(outbox, 0).length, WINDOW);
  assert.equal(outbox.next(0), null);
  assert.ok(outbox.confirm(items[0].cid));
  assert.deepEqual(sendAll(outbox, 0), [`line ${WINDOW}`]);
});

test('rate_limited pauses for retry_after_ms, resends the line, and paces the rest', () => {
  const outbox = new Outbox('t');
  const items = ['a', 'b', 'c'].map((t) => outbox.add(t));
  assert.deepEqual(sendAll(outbox, 1000), ['a']);
  outbox.refused(250, 1000);
  assert.deepEqual(outbox.next(1100), { waitMs: 150 });
  const again = outbox.next(1250).send;
  assert.equal(again.cid, items[0].cid, 'a resend keeps its cid');
  outbox.sent(again.cid, 1250);
  assert.ok(outbox.confirm(items[0].cid));
  assert.deepEqual(outbox.next(1300), { waitMs: 200 }, 'the next line waits the pace the server asked for');
  assert.equal(outbox.next(1500).send.text, 'b', 'lines keep the order typed');
});

test('the pace returns to normal once everything is confirmed', () => {
  const outbox = new Outbox('t');
  const a = outbox.add('a');
  sendAll(outbox, 0);
  outbox.refused(500, 0);
  sendAll(outbox, 500);
  outbox.confirm(a.cid);
  const b = outbox.add('b');
  assert.deepEqual(sendAll(outbox, 600), ['b']);
  outbox.confirm(b.cid);
  outbox.add('c');
  assert.deepEqual(sendAll(outbox, 601), ['c'], 'no pause once the queue had emptied');
});

test('after a lost connection every unconfirmed line is sent again with the same cid', () => {
  const outbox = new Outbox('t');
  const a = outbox.add('a');
  sendAll(outbox, 0);
  outbox.disconnected();
  const again = outbox.next(10).send;
  assert.equal(again.cid, a.cid);
  assert.deepEqual(outbox.pending, [{ cid: a.cid, text: 'a' }]);
});

test('a confirmation that is not ours changes nothing', () => {
  const outbox = new Outbox('t');
  outbox.add('a');
  assert.equal(outbox.confirm('someone-else-1'), false);
  assert.equal(outbox.confirm(undefined), false);
  assert.equal(outbox.size, 1);
});

test('a line refused for good is dropped and returned', () => {
  const outbox = new Outbox('t');
  outbox.add('first');
  outbox.add('second');
  sendAll(outbox, 0);
  assert.equal(outbox.pending.length, 2);
  assert.equal(outbox.rejectOldestSent().text, 'first');
  assert.deepEqual(outbox.pending.map((p) => p.text), ['second']);
});
