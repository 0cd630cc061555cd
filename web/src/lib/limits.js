// The protocol's content rules that the page checks before sending (docs/PROTOCOL.md §4), so a line the server
// would refuse is never queued.

export const MAX_TEXT_BYTES = 2048;
const NAME = /^[^\s\p{Cc}\p{Cf}]+$/u; // no whitespace or control characters; joiners (Cf) are let through below

/** null when `text` may be sent, else the error code the server would answer. */
export function checkText(text) {
  if (new TextEncoder().encode(text).length > MAX_TEXT_BYTES) return 'too_long';
  if (/^[\s\u200b\ufeff]*$/u.test(text)) return 'empty_message';
  return null;
}

function validName(name, maxChars) {
  const chars = [...name];
  return chars.length >= 1 && chars.length <= maxChars && NAME.test(name.replace(/[\u200c\u200d]/g, 'x'));
}

export const validNick = (nick) => validName(nick, 32);
export const validRoom = (room) => validName(room, 64);
