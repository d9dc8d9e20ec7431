// Finds Chromium for the end-to-end tests. On a contributor's machine without it, the suite is skipped
// with a loud message saying how to install it; under CI=true a missing browser fails the run.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const chromiumPath = CANDIDATES.find((path): path is string => !!path && existsSync(path));

const INSTALL = 'Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium/Chrome binary.';

if (!chromiumPath) {
  if (process.env.CI === 'true') throw new Error(`Chromium is required for the end-to-end tests under CI. ${INSTALL}`);
  console.warn(`\n!!! SKIPPING END-TO-END TESTS: Chromium not found. ${INSTALL}\n`);
}

export const hasChromium = chromiumPath !== undefined;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath!,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
