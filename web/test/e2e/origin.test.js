// The server's own page is let in whatever CHAT_ALLOWED_ORIGINS says (other origins' refusal: OriginCheckTest).

import { after, before, test } from 'node:test';
import { ChatServerProcess } from './support/server.js';
import { closePages, join, launch, openPage } from './support/browser.js';

let server;
let browser;

before(async () => {
  server = await new ChatServerProcess({ CHAT_ALLOWED_ORIGINS: 'https://chat.example.com' }).start();
  browser = await launch();
});

after(async () => {
  await closePages();
  await browser?.close();
  await server?.close();
});

test("the server's own page connects although its origin is not in the allowed list", async () => {
  const page = await openPage(browser, server.url);
  await join(page, 'alice', 'lobby');
});
