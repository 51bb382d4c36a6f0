// Real-browser layout tests of the reader page (node --test): the fixture
// articles of tests/fixtures/pages/ (English; Chinese with ruby; Japanese;
// Arabic, right to left), made into reader pages by build/reader-extract,
// at 360 and 1280 px wide, in light and dark colour schemes.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { haveExtract, EXTRACT } from './lib/reader.mjs';
import { PAGES, VIEWPORTS, SCHEMES, serveReaderPages, openReaderPage, measure } from './lib/pages.mjs';

if (!haveExtract()) {
    console.error('FAIL: ' + EXTRACT + ' is missing: run make first');
    process.exit(1);
}

const browser = await launch();
const server = await startServer();
const served = await serveReaderPages(server);

after(async () => {
    await browser.close();
    await server.close();
});

for (const p of PAGES) {
    test(p.name + ': reader-extract makes a reader page', () => {
        assert.equal(served[p.name].error, undefined);
    });

    for (const vp of VIEWPORTS) {
        for (const scheme of SCHEMES) {
            test(p.name + ' at ' + vp.width + 'px, ' + scheme, async (t) => {
                if (served[p.name].error) {
                    t.skip('no reader page');
                    return;
                }
                const ctx = await browser.newContext({ viewport: vp, colorScheme: scheme });
                const page = await ctx.newPage();
                await openReaderPage(page, served[p.name].url);
                const m = await page.evaluate(measure);
                await ctx.close();

                await t.test('no horizontal overflow', () => {
                    assert.ok(m.scrollWidth <= m.vw,
                        'document is ' + m.scrollWidth + 'px wide in a ' + m.vw + 'px viewport');
                });
                await t.test('the title is visible in the first viewport', () => {
                    assert.ok(m.h1, 'no <h1>');
                    assert.ok(m.h1.shown && m.h1.height > 0, 'the <h1> is hidden');
                    assert.ok(m.h1.top >= 0 && m.h1.top < m.vh, '<h1> top at ' + m.h1.top);
                });
                await t.test('the first paragraph starts in the first viewport', () => {
                    assert.ok(m.para, 'no paragraph of text');
                    assert.ok(m.para.shown, 'the paragraph is hidden');
                    assert.ok(m.para.top < m.vh && m.para.bottom > 0,
                        'first paragraph at ' + m.para.top + '..' + m.para.bottom + ' of ' + m.vh);
                });
                await t.test('images load and stay within the column', () => {
                    assert.ok(m.images.length > 0, 'the article images were dropped');
                    for (const img of m.images) {
                        assert.ok(img.complete && img.natural > 0, img.src + ' did not load');
                        assert.ok(img.left >= m.column.left - 1 && img.right <= m.column.right + 1,
                            img.src + ' spans ' + img.left + '..' + img.right + ', the column ' +
                            m.column.left + '..' + m.column.right);
                    }
                });
                await t.test('the text is readable in the ' + scheme + ' scheme', () => {
                    assert.ok(m.contrast >= 4.5, 'text contrast ' + m.contrast?.toFixed(2) + ' < 4.5');
                    if (scheme === 'dark') {
                        assert.ok(m.bgLuminance < 0.2, 'background luminance ' +
                            m.bgLuminance.toFixed(2) + ' in dark mode');
                    } else {
                        assert.ok(m.bgLuminance > 0.5, 'background luminance ' +
                            m.bgLuminance.toFixed(2) + ' in light mode');
                    }
                });
                await t.test('language and direction are kept', () => {
                    assert.ok(m.lang.toLowerCase().startsWith(p.lang), 'html lang="' + m.lang + '"');
                    assert.equal(m.paraDirection, p.dir);
                });
                if (p.ruby) {
                    await t.test('ruby readings are kept and drawn above their base', () => {
                        assert.ok(m.rubies.length > 0, 'no <ruby> with <rt> left');
                        for (const r of m.rubies) {
                            assert.ok(r.rtShown && r.rt.height > 0, 'an <rt> is hidden');
                            // Above: it ends before the middle of the base text
                            // (an inline <rt> would sit on the base line).
                            assert.ok(r.rt.bottom <= r.base.top + r.base.height / 2,
                                'an <rt> at ' + r.rt.top + '..' + r.rt.bottom + ' is not above its base at ' +
                                r.base.top + '..' + r.base.bottom);
                        }
                    });
                }
            });
        }
    }
}
