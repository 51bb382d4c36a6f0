// Launching Debian's Chromium through playwright-core, and the common
// "skip unless we can" logic of the browser tests.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../../..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic',
    // Nothing may leave the machine, whatever a page asks for.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

// Print why a test cannot run and leave: exit 0 (a skip) on a developer's
// machine, exit 1 under CI (CI=true), where tools/install-browser.sh must
// have provided everything.
export function skip(why) {
    if (process.env.CI === 'true') {
        console.error('FAIL: ' + why + ' (CI must run tools/install-browser.sh)');
        process.exit(1);
    }
    console.log('SKIP: ' + why + ' (run tools/install-browser.sh)');
    process.exit(0);
}

export async function launch() {
    let chromium;

    if (!fs.existsSync(CHROMIUM)) {
        skip(CHROMIUM + ' is not installed');
    }
    try {
        ({ chromium } = await import('playwright-core'));
    } catch {
        skip('playwright-core is not installed in tests/browser');
    }

    // launch() runs Chromium with a fresh temporary --user-data-dir of its
    // own and removes it on close.
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        timeout: 30000,
    });
}
