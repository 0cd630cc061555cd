// Light and dark follow the system setting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './support/fixture.js';
import { join, openPage, say, screenshot } from './support/browser.js';

const ctx = serverAndBrowser();

test('the page is dark when the system is dark and light when it is light (screenshot kept)', async () => {
  const backgrounds = {};
  for (const colorScheme of ['light', 'dark']) {
    const page = await openPage(ctx.browser, ctx.server.url, { width: 1280, height: 800 }, { colorScheme });
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
