import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mentions, Timeline, MAX_ENTRIES } from '../../src/lib/timeline.js';

const msg = (id, extra = {}) => ({ id, from: 'bob', text: `m${id}`, ts: 1000 + id, ...extra });
const ids = (t) => t.entries.filter((e) => e.kind === 'message').map((e) => e.id);

test('messages keep id order and appear once, however they arrive', () => {
  const t = new Timeline('lobby');
  for (const id of [5, 6, 7]) t.addMessage(msg(id, { history: true }));
  assert.equal(t.addMessage(msg(6)), false, 'a duplicate is refused');
  t.addOlderPage([msg(2, { history: true }), msg(3, { history: true }), msg(4, { history: true })], true);
  t.addMessage(msg(8));
  assert.deepEqual(ids(t), [2, 3, 4, 5, 6, 7, 8]);
  assert.equal(t.lastId, 8);
  assert.equal(t.firstId, 2);
});

test('a resumed replay continues after the local lines, an older page goes above them', () => {
  const t = new Timeline('lobby');
  t.addMessage(msg(10));
  t.addLocal('info', 'Back in lobby.', 0);
  t.addMessage(msg(11, { history: true }));
  t.addOlderPage([msg(9, { history: true })], false);
  assert.deepEqual(t.entries.map((e) => e.kind === 'message' ? e.id : e.text), [9, 10, 'Back in lobby.', 11]);
  assert.equal(t.moreBefore, false);
});

test('live messages from others count as unread and mentions; own, replayed and watched ones do not', () => {
  const t = new Timeline('lobby');
  t.addMessage(msg(1), { counted: true });
  t.addMessage(msg(2), { counted: true, mention: true });
  t.addMessage(msg(3, { from: 'me' }), { counted: true, own: true });
  t.addMessage(msg(4));
  assert.equal(t.unread, 2);
  assert.equal(t.mentions, 1);
  t.markRead();
  assert.equal(t.unread, 0);
  assert.equal(t.mentions, 0);
});

test('a deleted message disappears', () => {
  const t = new Timeline('lobby');
  [1, 2, 3].forEach((id) => t.addMessage(msg(id)));
  t.removeMessage(2);
  assert.deepEqual(ids(t), [1, 3]);
});

test('members stay sorted; someone typing is shown for five seconds or until their message', () => {
  const t = new Timeline('lobby');
  t.setMembers(['zoe', 'alice']);
  t.memberJoined('bob');
  t.memberJoined('bob');
  assert.deepEqual(t.members, ['alice', 'bob', 'zoe']);
  t.typing('bob', 0);
  t.typing('zoe', 1000);
  assert.deepEqual(t.typingAt(4000), ['bob', 'zoe']);
  assert.deepEqual(t.typingAt(5500), ['zoe']);
  t.addMessage(msg(1, { from: 'zoe' }));
  assert.deepEqual(t.typingAt(5500), []);
  t.memberLeft('zoe');
  assert.deepEqual(t.members, ['alice', 'bob']);
});

test(`the timeline holds at most ${MAX_ENTRIES} entries and then knows older ones exist`, () => {
  const t = new Timeline('lobby');
  for (let id = 1; id <= MAX_ENTRIES + 10; id++) t.addMessage(msg(id));
  t.moreBefore = false;
  t.addMessage(msg(MAX_ENTRIES + 11));
  assert.equal(t.entries.length, MAX_ENTRIES);
  assert.equal(t.firstId, 12);
  assert.equal(t.moreBefore, true);
});

test('a mention is the nick as a word, with or without @, in any case', () => {
  assert.ok(mentions('hi @alice!', 'alice'));
  assert.ok(mentions('Alice: look', 'alice'));
  assert.ok(!mentions('malice aforethought', 'alice'));
  assert.ok(!mentions('alicebob', 'alice'));
  assert.ok(mentions('ping a.b', 'a.b'));
  assert.ok(!mentions('ping axb', 'a.b'));
});

test('an older page goes above the lines of the join that replayed the newer ones', () => {
  const t = new Timeline('lobby');
  t.addLocal('info', 'You joined lobby as alice.', 0);
  t.addMessage(msg(71, { history: true }));
  t.addOlderPage([msg(21, { history: true }), msg(22, { history: true })], true);
  assert.deepEqual(t.entries.map((e) => e.kind === 'message' ? e.id : e.text),
    [21, 22, 'You joined lobby as alice.', 71]);
});
