// A stable colour per nick: the same nick gets the same of PALETTE_SIZE colours (classes in style.css, tuned for
// light and dark) on every page and every load.

export const PALETTE_SIZE = 12;

/** FNV-1a over the nick's UTF-16 units, folded to a palette slot. */
export function nickColorIndex(nick) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < nick.length; i++) {
    hash ^= nick.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % PALETTE_SIZE;
}
