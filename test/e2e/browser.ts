// Debian's Chromium driven by playwright-core (never `playwright install`: no browser downloads).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export type { Browser, BrowserContext, Page, Request, Download, Locator } from 'playwright-core';

export const CHROMIUM = '/usr/lib/chromium/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(_root?: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (npm run test:e2e does this through tools/ensure-deps.mjs)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
