// The reader pages of the fixture articles in tests/fixtures/pages/, served
// by the test server, and the layout measurements the page tests and the
// screenshots share.

import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './browser.mjs';
import { extractHtml } from './reader.mjs';

export const FIXTURES = path.join(ROOT, 'tests/fixtures/pages');

export const PAGES = [
    { name: 'en', lang: 'en', dir: 'ltr' },
    { name: 'zh-ruby', lang: 'zh', dir: 'ltr', ruby: true },
    { name: 'ja', lang: 'ja', dir: 'ltr', ruby: true },
    { name: 'ar', lang: 'ar', dir: 'rtl' },
];

export const VIEWPORTS = [
    { width: 360, height: 740 },
    { width: 1280, height: 800 },
];

export const SCHEMES = ['light', 'dark'];

// Extract every fixture and serve its reader page at /pages/<name>.html.
// Returns { name: { url, error } }.
export async function serveReaderPages(server) {
    const out = {};
    for (const p of PAGES) {
        const file = path.join(FIXTURES, p.name + '.html');
        const url = server.origin + '/pages/' + p.name + '.html';
        const ex = await extractHtml(fs.readFileSync(file), url);
        if (ex.ok) {
            server.setDoc('/pages/' + p.name + '.html', ex.html);
            out[p.name] = { url };
        } else {
            out[p.name] = { url, error: ex.why };
        }
    }
    return out;
}

// Load a reader page the way a reader sees it: lazy images below the fold
// are fetched by scrolling to the end, then the view goes back to the top.
export async function openReaderPage(page, url) {
    await page.goto(url, { waitUntil: 'load', timeout: 10000 });
    await page.evaluate(async () => {
        window.scrollTo(0, document.documentElement.scrollHeight);
        await Promise.all([...document.images].map((img) => {
            img.loading = 'eager';
            return img.decode().catch(() => {});
        }));
        window.scrollTo(0, 0);
    });
}

// Runs in the page: the facts the layout tests assert.
export function measure() {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const rect = (el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
    };
    const shown = (el) => {
        const cs = getComputedStyle(el);
        return cs.display !== 'none' && cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0;
    };
    // The colour a text sits on: the first opaque background up the tree.
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const background = (el) => {
        for (let e = el; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) {
                return c.slice(0, 3);
            }
        }
        return [255, 255, 255];
    };
    const lum = (c) => {
        const l = c.map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    };
    const contrast = (a, b) => {
        const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
        return (x + 0.05) / (y + 0.05);
    };

    const h1 = document.querySelector('h1');
    // The first paragraph of the text: skip short lines (bylines, dates).
    const para = [...document.querySelectorAll('p')].find((p) => p.textContent.trim().length >= 40);
    const column = para ? para.parentElement : null;
    const images = [...document.querySelectorAll('img')].map((img) => ({
        src: img.getAttribute('src'), complete: img.complete, natural: img.naturalWidth, ...rect(img),
    }));
    const rubies = [...document.querySelectorAll('ruby')].map((r) => {
        const rt = r.querySelector('rt');
        const base = [...r.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim());
        if (!rt || !base) {
            return null;
        }
        const range = document.createRange();
        range.selectNodeContents(base);
        return { rt: rect(rt), base: rect(range), rtShown: shown(rt) };
    }).filter(Boolean);
    const textColor = para ? rgb(getComputedStyle(para).color).slice(0, 3) : null;
    const bg = para ? background(para) : background(document.body);

    return {
        vw, vh,
        scrollWidth: document.documentElement.scrollWidth,
        lang: document.documentElement.lang,
        dir: document.documentElement.dir || getComputedStyle(para || document.body).direction,
        paraDirection: para ? getComputedStyle(para).direction : null,
        h1: h1 ? { text: h1.textContent.trim(), shown: shown(h1), ...rect(h1) } : null,
        para: para ? { shown: shown(para), ...rect(para) } : null,
        column: column ? rect(column) : null,
        images,
        rubies,
        contrast: textColor ? contrast(textColor, bg) : null,
        bgLuminance: lum(bg),
    };
}
