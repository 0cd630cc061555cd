// Draws one room's timeline into the message log. Nodes are made once per entry and kept, and the log is
// brought in line with the timeline by inserting and removing only what changed, so the ARIA live log announces
// new lines only. Every text from the network goes in as a text node, never as HTML.

import { formatTime } from '../lib/clock.js';
import { linkify } from '../lib/linkify.js';
import { nickColorIndex } from '../lib/nickColor.js';

const nodes = new WeakMap(); // entry -> element

/** Makes the log show `entries` then `pending` (our unconfirmed lines, by cid). */
export function renderLog(log, entries, pending, nick, now) {
  const wanted = entries.map((entry) => nodeFor(entry, now));
  for (const p of pending) wanted.push(pendingNode(p, nick, now));
  let child = log.firstElementChild;
  for (const node of wanted) {
    if (node === child) {
      child = child.nextElementSibling;
    } else {
      log.insertBefore(node, child);
    }
  }
  while (child) {
    const next = child.nextElementSibling;
    child.remove();
    child = next;
  }
}

function nodeFor(entry, now) {
  let node = nodes.get(entry);
  if (!node) {
    node = entry.kind === 'message' ? messageNode(entry, now) : localNode(entry, now);
    nodes.set(entry, node);
  }
  return node;
}

const pendingNodes = new Map(); // cid -> element, dropped once confirmed

function pendingNode(p, nick, now) {
  let node = pendingNodes.get(p.cid);
  if (!node) {
    node = messageNode({ from: nick, text: p.text, ts: now, own: true }, now);
    node.classList.add('pending');
    const mark = document.createElement('span');
    mark.className = 'pending-mark';
    mark.textContent = 'sending…';
    node.append(mark);
    pendingNodes.set(p.cid, node);
  }
  return node;
}

/** Forgets the nodes of lines that are no longer pending. */
export function prunePending(pending) {
  const live = new Set(pending.map((p) => p.cid));
  for (const cid of pendingNodes.keys()) if (!live.has(cid)) pendingNodes.delete(cid);
}

function messageNode(entry, now) {
  const node = document.createElement('p');
  node.className = entry.own ? 'msg own' : entry.mention ? 'msg mention' : 'msg';
  if (entry.id !== undefined) node.dataset.id = String(entry.id);
  const time = document.createElement('time');
  time.dateTime = new Date(entry.ts).toISOString();
  time.textContent = formatTime(entry.ts, now);
  const from = document.createElement('span');
  from.className = `nick nick-c${nickColorIndex(entry.from)}`;
  from.textContent = entry.from;
  const text = document.createElement('span');
  text.className = 'text';
  for (const part of linkify(entry.text)) {
    if (part.href) {
      const a = document.createElement('a');
      a.href = part.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = part.text;
      text.append(a);
    } else {
      text.append(part.text);
    }
  }
  node.append(time, ' ', from, ' ', text);
  if (entry.own) {
    const you = document.createElement('span');
    you.className = 'visually-hidden';
    you.textContent = ' (you)';
    from.append(you);
  }
  return node;
}

function localNode(entry, now) {
  const node = document.createElement('p');
  node.className = `local ${entry.kind}`;
  const time = document.createElement('time');
  time.dateTime = new Date(entry.ts).toISOString();
  time.textContent = formatTime(entry.ts, now);
  node.append(time, ' ', entry.text);
  return node;
}
