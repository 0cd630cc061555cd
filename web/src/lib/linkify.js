// Splits message text into plain runs and web links, so the page can show both as text nodes and <a> elements
// (never as HTML). Only http and https links are recognised; trailing punctuation stays outside the link.

const LINK = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'")\]}]+$/;

/** @returns {Array<{text: string, href?: string}>} */
export function linkify(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    let url = match[0];
    const trailing = url.match(TRAILING);
    if (trailing && !(trailing[0].startsWith(')') && url.includes('('))) url = url.slice(0, -trailing[0].length);
    if (url.length <= 'https://'.length) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: url, href: url });
    last = match.index + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
