// The list of rooms (with unread counts and mention marks) and the member list.

import { nickColorIndex } from '../lib/nickColor.js';

/**
 * @param rooms   `[{ name, unread, mentions, state, active }]`
 * @param actions `{ show(name), leave(name) }`
 */
export function renderRoomList(list, rooms, actions) {
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const refocus = focused && { room: focused.dataset.room, role: focused.dataset.role };
  const items = rooms.map((room) => {
    const item = document.createElement('li');
    item.className = room.active ? 'room active' : 'room';
    const show = document.createElement('button');
    show.type = 'button';
    show.className = 'room-button';
    show.dataset.room = room.name;
    show.dataset.role = 'show';
    if (room.active) show.setAttribute('aria-current', 'true');
    const name = document.createElement('span');
    name.className = 'room-name';
    name.textContent = room.name;
    show.append(name);
    const words = [room.name];
    if (room.state !== 'joined') {
      const state = document.createElement('span');
      state.className = 'room-state';
      state.textContent = room.state === 'stopped' ? 'out' : '…';
      state.title = room.state === 'stopped' ? 'not in this room' : 'connecting';
      show.append(state);
      words.push(room.state === 'stopped' ? 'not in this room' : 'connecting');
    }
    if (room.mentions > 0) {
      const mark = document.createElement('span');
      mark.className = 'mention-mark';
      mark.textContent = '@';
      show.append(mark);
      words.push(`${room.mentions} mention${room.mentions === 1 ? '' : 's'}`);
    }
    if (room.unread > 0) {
      const badge = document.createElement('span');
      badge.className = 'unread';
      badge.textContent = room.unread > 99 ? '99+' : String(room.unread);
      show.append(badge);
      words.push(`${room.unread} unread`);
    }
    show.setAttribute('aria-label', words.join(', '));
    show.addEventListener('click', () => actions.show(room.name));
    const leave = document.createElement('button');
    leave.type = 'button';
    leave.className = 'leave';
    leave.dataset.room = room.name;
    leave.dataset.role = 'leave';
    leave.textContent = '×';
    leave.setAttribute('aria-label', `Leave ${room.name}`);
    leave.title = `Leave ${room.name}`;
    leave.addEventListener('click', () => actions.leave(room.name));
    item.append(show, leave);
    return item;
  });
  list.replaceChildren(...items);
  if (refocus) {
    const again = [...list.querySelectorAll('button')]
      .find((b) => b.dataset.room === refocus.room && b.dataset.role === refocus.role);
    again?.focus();
  }
}

export function renderMembers(list, title, members, me) {
  title.textContent = `Members (${members.length})`;
  list.replaceChildren(...members.map((nick) => {
    const item = document.createElement('li');
    const name = document.createElement('span');
    name.className = `nick nick-c${nickColorIndex(nick)}`;
    name.textContent = nick === me ? `${nick} (you)` : nick;
    item.append(name);
    return item;
  }));
}
