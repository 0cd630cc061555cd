// The server and the browser that the tests of one file share: started before them, closed after them.

import { after, before } from 'node:test';
import { ChatServerProcess } from './server.js';
import { closePages, launch } from './browser.js';

/**
 * Registers the hooks that start a server (the built jar, with these CHAT_ variables) and a browser before the
 * tests of the enclosing file or suite, and close both after them; `ctx.server` and `ctx.browser` hold them.
 */
export function serverAndBrowser(env = {}) {
  const ctx = { server: undefined, browser: undefined };
  before(async () => {
    ctx.server = await new ChatServerProcess(env).start();
    ctx.browser = await launch();
  });
  after(async () => {
    await closePages();
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}
