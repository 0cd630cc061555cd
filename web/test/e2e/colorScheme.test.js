// Light and dark follow the system setting.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatServerProcess } from './support/server.js';
import { closePages, join, launch, openPage, say, screenshot } from './support/browser.js';

let server;
let browser;

before(async () => {
  server = await new ChatServerProcess().start();
  browser = await launch();
});

after(async () => {
  await closePages();
  await browser?.close();
  await server?.close();
});

test('the page is dark when the system is dark and light when it is light (screenshot kept)', async () => {
  const backgrounds = {};
  for (const colorScheme of ['light', 'dark']) {
    const page = await openPage(browser, server.url, { width: 1280, height: 800 }, { colorScheme });
    await join(page, colorScheme, `scheme-${colorScheme}`);
    await say(page, `a line in ${colorScheme} mode`);
    await page.getByRole('log').locator('.msg:not(.pending)', { hasText: `in ${colorScheme} mode` }).waitFor();
    backgrounds[colorScheme] = await page.evaluate(() => {
      const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
      return (r + g + b) / 3;
    });
    if (colorScheme === 'dark') await screenshot(page, 'desktop-dark');
  }
  assert.ok(backgrounds.light > 200, `light background ${backgrounds.light}`);
  assert.ok(backgrounds.dark < 60, `dark background ${backgrounds.dark}`);
});
