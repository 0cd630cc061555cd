// Debian's Chromium driven by playwright-core (which downloads no browser of its own).

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './server.js';

export const SCREENSHOTS = path.join(REPO, 'web/target/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

const opened = [];

/** Closes every context opened since the last call (each test's pages, whatever became of the test). */
export async function closePages() {
  await Promise.all(opened.splice(0).map((context) => context.close().catch(() => {})));
}

/**
 * A page in a fresh browser context (its own storage; `options` are Playwright's context options), with every
 * page error and console error collected: a test fails when script it did not expect ran or broke.
 */
export async function openPage(browser, url, viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  opened.push(context);
  const page = await context.newPage();
  page.problems = [];
  page.dialogs = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', async (dialog) => {
    page.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(url);
  return page;
}

/** Joins `room` as `nick` through the form, as a user does, and waits until the room says so. */
export async function join(page, nick, room) {
  await page.getByLabel('Nick').fill(nick);
  await page.getByLabel('Room').fill(room);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('log').getByText(`You joined ${room} as ${nick}.`).waitFor();
}

/** Types a line into the message box and presses Enter. */
export async function say(page, text) {
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
