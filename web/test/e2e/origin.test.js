// The server's own page is let in whatever CHAT_ALLOWED_ORIGINS says (other origins' refusal: OriginCheckTest).

import { test } from 'node:test';
import { serverAndBrowser } from './support/fixture.js';
import { join, openPage } from './support/browser.js';

const ctx = serverAndBrowser({ CHAT_ALLOWED_ORIGINS: 'https://chat.example.com' });

test("the server's own page connects although its origin is not in the allowed list", async () => {
  const page = await openPage(ctx.browser, ctx.server.url);
  await join(page, 'alice', 'lobby');
});
