// Splits message text into plain runs and web links, so the page can show both as text nodes and <a> elements
// (never as HTML). Only http and https links are recognised; trailing punctuation stays outside the link.

const LINK = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING = '.,;:!?\'")]}';

/** @returns {Array<{text: string, href?: string}>} */
export function linkify(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const url = trimTrailing(match[0]);
    if (url.length <= 'https://'.length) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: url, href: url });
    last = match.index + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Drops punctuation that ends a sentence rather than the link; a ")" closing a "(" in the link stays. */
function trimTrailing(url) {
  let end = url.length;
  while (end > 0 && TRAILING.includes(url[end - 1])) {
    const head = url.slice(0, end);
    if (url[end - 1] === ')' && head.split('(').length > head.split(')').length - 1) break;
    end--;
  }
  return url.slice(0, end);
}
