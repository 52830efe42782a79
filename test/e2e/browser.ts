// Debian's Chromium driven by playwright-core (never `playwright install`: no browser downloads).
// playwright-core is a devDependency of portal/ until the root package lists it; resolve it from
// the root first, then from portal/.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Playwright from '../../portal/node_modules/playwright-core/index.js';

export type { Browser, BrowserContext, Page, Request, Download, Locator } from '../../portal/node_modules/playwright-core/index.js';

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

function loadPlaywright(root: string): typeof Playwright {
  for (const from of [join(root, 'package.json'), join(root, 'portal', 'package.json')]) {
    try {
      const req = createRequire(from);
      // A module's own typings describe it; nothing untrusted is parsed here.
      return req(req.resolve('playwright-core')) as typeof Playwright;
    } catch {
      // try the next place
    }
  }
  throw new Error('playwright-core is not installed: run `npm --prefix portal ci` (it is a devDependency of portal/)');
}

export async function launchChromium(root: string): Promise<Playwright.Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (npm run test:e2e does this through tools/ensure-deps.mjs)`);
  }
  const { chromium } = loadPlaywright(root);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
