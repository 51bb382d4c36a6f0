// make screenshots: PNGs of the fixture articles' reader pages, at 360 and
// 1280 px, light and dark, in build/screenshots/<page>-<width>-<scheme>.png.

import fs from 'node:fs';
import path from 'node:path';
import { launch, ROOT } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { haveExtract, EXTRACT } from './lib/reader.mjs';
import { PAGES, VIEWPORTS, SCHEMES, serveReaderPages, openReaderPage } from './lib/pages.mjs';

const OUT = path.join(ROOT, 'build/screenshots');

if (!haveExtract()) {
    console.error('FAIL: ' + EXTRACT + ' is missing: run make first');
    process.exit(1);
}

const browser = await launch();
const server = await startServer();
const served = await serveReaderPages(server);
let failed = 0;

fs.mkdirSync(OUT, { recursive: true });
for (const p of PAGES) {
    if (served[p.name].error) {
        console.log(p.name + ': no reader page (' + served[p.name].error + ')');
        failed++;
        continue;
    }
    for (const vp of VIEWPORTS) {
        for (const scheme of SCHEMES) {
            const ctx = await browser.newContext({ viewport: vp, colorScheme: scheme });
            const page = await ctx.newPage();
            const file = path.join(OUT, p.name + '-' + vp.width + '-' + scheme + '.png');
            await openReaderPage(page, served[p.name].url);
            await page.screenshot({ path: file, fullPage: true });
            await ctx.close();
            console.log(path.relative(ROOT, file));
        }
    }
}
await browser.close();
await server.close();
process.exit(failed ? 1 : 0);
