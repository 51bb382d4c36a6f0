// The execution probe: load a page in Chromium, interact with it, and
// report every sign that something in it ran or left the page.
//
// Signals (see docs/security.md):
//   script   a CSP report-only violation of script-src* that carries a source
//            location, a hooked sink (alert, confirm, prompt, print, open,
//            console.*), a native dialog, an uncaught page error
//   nav      a main-frame navigation that is not the user following an
//            http(s) link: meta refresh, location=..., form GET, reloads
//   form     a form submission (submit/formdata events, form-action reports)
//   popup    a new window that is not a clicked http(s) link
//   request  any request but the page itself, images and the CSP collector
//   timeout  the page did not load or answer within its time budget
// Informational (never counted): link (a clicked http(s) link), image
// requests to other hosts (aborted), location-less CSP reports (Chromium
// checks inline handlers at parse time, even inside inert <template>).

export const EXEC_KINDS = ['script', 'nav', 'form', 'popup', 'timeout'];

// Generic event types dispatched on every element, besides the element's own
// on* attributes.  click is left to the one-at-a-time click pass.
const EVENTS = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup',
    'pointerdown', 'pointerover', 'focus', 'focusin', 'blur', 'focusout',
    'animationstart', 'animationend', 'animationiteration', 'transitionend',
    'load', 'error', 'toggle', 'input', 'change', 'scroll', 'wheel', 'keydown',
    'beforetoggle', 'begin', 'end', 'repeat'];

const MAX_ELEMENTS = 3000;
const POPUP_WAIT_MS = 400;

export function cspReportOnly(reportUri) {
    return ["default-src 'none'", "script-src 'none'", "script-src-elem 'none'",
        "script-src-attr 'none'", "worker-src 'none'", "object-src 'none'",
        "frame-src 'none'", "base-uri 'none'", "form-action 'none'",
        'img-src * data: blob:', "style-src * 'unsafe-inline'",
        'font-src * data:', 'media-src * data: blob:',
        'report-uri ' + reportUri].join('; ');
}

// Runs in the main world of every frame before any of the page's scripts:
// it keeps its own reference to the binding, so a payload that deletes or
// replaces globals later cannot silence it.
const INIT = `(() => {
    const send = window.__xssOracle;
    if (typeof send !== 'function') { return; }
    const str = (a) => { try { return String(a).slice(0, 160); } catch (e) { return '?'; } };
    const rep = (kind, detail) => { try { send(kind, str(detail)); } catch (e) {} };
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
        window[name] = function () { rep('sink', name + '(' + Array.from(arguments).map(str).join(',') + ')'); return null; };
    }
    window.open = function (u) { rep('sink', 'open(' + str(u) + ')'); return null; };
    for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
        console[m] = function () { rep('sink', 'console.' + m + '(' + Array.from(arguments).map(str).join(' ') + ')'); };
    }
    addEventListener('securitypolicyviolation', (e) => {
        try {
            send('csp', JSON.stringify({ d: e.effectiveDirective || e.violatedDirective,
                s: str(e.sourceFile || ''), l: e.lineNumber, b: str(e.blockedURI), x: str(e.sample) }));
        } catch (err) {}
    }, true);
    addEventListener('submit', (e) => { rep('form', 'submit ' + str(e.target && e.target.action)); }, true);
    addEventListener('formdata', (e) => { rep('form', 'formdata ' + str(e.target && e.target.action)); }, true);
})();`;

function stripHash(u) {
    const i = u.indexOf('#');
    return i < 0 ? u : u.slice(0, i);
}

// The CSP rule: only a violation with a source location (a file, or a line
// in the document) is an execution.  Chromium also checks inline handlers
// when it parses them, even inside inert <template> content, and reports
// those with neither: kept as evidence, not counted.
export function classifyCsp(directive, sourceFile, line) {
    const located = Boolean(sourceFile) || line > 0;
    if (/^script-src/.test(directive || '') && located) {
        return 'script';
    }
    if (/^form-action/.test(directive || '') && located) {
        return 'form';
    }
    return 'csp-info';
}

function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(what + ' timed out')), ms);
        }),
    ]);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// In-page helpers, passed to page.evaluate (they run in the page).

// Dispatches the generic events and each element's own on* event types on
// every element (shadow roots included), and focuses each one.
function pageDispatch([events, max]) {
    const all = [];
    const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
            if (all.length >= max) {
                return;
            }
            all.push(el);
            if (el.shadowRoot) {
                walk(el.shadowRoot);
            }
        }
    };
    walk(document);
    for (const el of [window, document, ...all]) {
        const types = new Set(events);
        for (const a of el.getAttributeNames ? el.getAttributeNames() : []) {
            if (/^on/i.test(a) && a.length > 2) {
                types.add(a.slice(2).toLowerCase());
            }
        }
        types.delete('click');
        types.delete('submit');
        for (const t of types) {
            try {
                el.dispatchEvent(new Event(t, { bubbles: false, cancelable: true }));
            } catch (e) { /* keep going */ }
        }
        try {
            if (el.focus) {
                el.focus();
            }
        } catch (e) { /* keep going */ }
    }
    return all.length;
}

const CLICK_KEY = 'xss-oracle-clickables';

// Collects the clickable elements once (kept under a symbol, so the later
// calls address the same elements) and returns how many there are.
function pageListClickables(key) {
    const out = [];
    const sel = 'a, area, button, input, summary, label, select, details, ' +
        '[onclick], [popovertarget], [*|href], form';
    const walk = (root) => {
        for (const el of root.querySelectorAll(sel)) {
            out.push(el);
        }
        for (const el of root.querySelectorAll('*')) {
            if (el.shadowRoot) {
                walk(el.shadowRoot);
            }
        }
    };
    walk(document);
    window[Symbol.for(key)] = out;
    return out.length;
}

function pageClickInfo([key, i]) {
    const el = (window[Symbol.for(key)] || [])[i];
    if (!el) {
        return null;
    }
    let href = el.getAttribute('href') ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    try {
        href = href === null ? null : new URL(href, document.baseURI).href;
    } catch (e) {
        href = null;
    }
    return { tag: el.localName, href, target: el.getAttribute('target') };
}

function pageClick([key, i]) {
    const el = (window[Symbol.for(key)] || [])[i];
    if (!el) {
        return;
    }
    if (el.localName === 'form' && el.requestSubmit) {
        el.requestSubmit();
    } else if (typeof el.click === 'function') {
        el.click();
    } else {
        el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
    }
}

// The static check of the delivered document: markup that the reader page
// must never contain (DESIGN.md: no script, handlers, style attributes,
// forms, <base>, <meta http-equiv>, frames), whether or not it ran.
function pageLatent() {
    const out = [];
    const bodyOnly = new Set(['iframe', 'frame', 'frameset', 'object', 'embed',
        'applet', 'form', 'input', 'button', 'textarea', 'select', 'option',
        'link', 'meta', 'style', 'svg', 'math', 'template', 'noscript', 'portal',
        'fencedframe', 'xmp', 'plaintext', 'noembed', 'noframes', 'dialog',
        'slot', 'isindex', 'keygen', 'video', 'audio', 'source', 'track']);
    const badScheme = /^(javascript|vbscript|livescript|data|blob|filesystem):/;
    const urlAttrs = new Set(['href', 'src', 'srcset', 'action', 'formaction',
        'data', 'poster', 'background', 'cite', 'codebase', 'ping', 'lowsrc',
        'dynsrc', 'xlink:href', 'longdesc', 'usemap', 'manifest', 'icon',
        'values', 'to', 'from', 'by', 'archive', 'classid']);
    const add = (what) => {
        if (out.length < 8) {
            out.push(what.slice(0, 200));
        }
    };
    const scheme = (v) => v.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '').toLowerCase();
    const check = (el, inBody) => {
        const tag = el.localName;
        if (tag === 'script' || tag === 'base' || (tag === 'meta' && el.hasAttribute('http-equiv'))) {
            add('<' + tag + '>');
        } else if (tag === 'link' && !/^\s*canonical\s*$/i.test(el.getAttribute('rel') || '')) {
            add('<link rel=' + el.getAttribute('rel') + '>');
        } else if (inBody && bodyOnly.has(tag)
            && !(tag === 'source' && el.parentElement && el.parentElement.localName === 'picture'))
        {
            // (<picture><source srcset> is an image; its URLs are checked below.)
            add('<' + tag + '> in body');
        }
        for (const a of el.getAttributeNames()) {
            const v = el.getAttribute(a) || '';
            if (/^on/i.test(a) || a === 'srcdoc' || a === 'formaction' || (a === 'style' && inBody)) {
                add(tag + '[' + a + ']');
                continue;
            }
            if (!urlAttrs.has(a)) {
                continue;
            }
            const urls = a === 'srcset' ? v.split(',').map((c) => c.trim().split(/\s+/)[0]) : [v];
            for (const u of urls) {
                if (badScheme.test(scheme(u)) && !(tag === 'img' && /^data:image\//.test(scheme(u)))) {
                    add(tag + '[' + a + '=' + v + ']');
                }
            }
        }
        if (el.shadowRoot) {
            add(tag + ' has a shadow root');
        }
    };
    const walk = (root, inBody) => {
        for (const el of root.querySelectorAll('*')) {
            check(el, inBody || el.closest('body') !== null);
            if (el.shadowRoot) {
                walk(el.shadowRoot, true);
            }
        }
    };
    walk(document, false);
    return out;
}

// A session: one browser context and one page, reused for page after page
// (a probe navigates it to about:blank and then to the next page).  The
// handlers below write into session.cur, the state of the current probe,
// and ignore everything while it is null.  A session that timed out is
// closed and replaced, so a page stuck in a loop cannot affect the next.
//   opts: { origin, cspUri, loadMs, settleMs, clickPauseMs, maxClicks, hardMs }
export async function openSession(browser, opts) {
    const ctx = await browser.newContext({
        viewport: { width: 1024, height: 768 },
        serviceWorkers: 'block',
        acceptDownloads: false,
    });
    const session = { ctx, page: null, opts, cur: null };
    const record = (kind, detail) => {
        const cur = session.cur;
        if (cur && cur.signals.length < 200) {
            cur.signals.push({ kind, phase: cur.phase, detail: String(detail).slice(0, 240) });
        }
    };

    await ctx.exposeBinding('__xssOracle', (source, kind, detail) => {
        if (kind === 'csp') {
            let v = {};
            try {
                v = JSON.parse(detail);
            } catch { /* a truncated report: keep it as info */ }
            record(classifyCsp(v.d, v.s, v.l), detail);
        } else {
            record(kind === 'form' ? 'form' : 'script', detail);
        }
    });
    await ctx.addInitScript(INIT);
    await ctx.route('**/*', (route) => routeRequest(session, route, record));

    let pages = 0;
    ctx.on('page', (p) => {
        // The first page is ours (the event comes before newPage returns).
        if (pages++ === 0) {
            return;
        }
        const c = session.cur && session.cur.click;
        if (!(c && c.href && /^https?:/.test(c.href))) {
            record('popup', 'window opened: ' + p.url());
        }
        p.on('dialog', (d) => d.dismiss().catch(() => {}));
        p.close().catch(() => {});
    });

    const page = await ctx.newPage();
    session.page = page;
    page.on('dialog', (d) => {
        record('script', 'dialog ' + d.type() + ': ' + d.message());
        d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => record('script', 'pageerror ' + e.message));
    page.on('framenavigated', (f) => {
        const cur = session.cur;
        if (cur && f === page.mainFrame() && stripHash(f.url()) !== cur.pageUrl
            && cur.phase !== 'unload')
        {
            record('nav', 'committed ' + f.url());
        }
    });
    session.close = () => ctx.close().catch(() => {});
    return session;
}

async function routeRequest(session, route, record) {
    const { page, opts, cur } = session;
    const req = route.request();
    const u = req.url();
    let frame = null;

    try {
        frame = req.frame();
    } catch { /* not a frame's request (a worker's) */ }
    const mainFrame = frame !== null && frame === page.mainFrame();
    const ownPage = frame !== null && frame.page() === page;

    try {
        if (!cur) {
            // Between probes: only about:blank, which is not routed.
            await route.abort();
            return;
        }
        if (req.isNavigationRequest() && mainFrame && stripHash(u) === cur.pageUrl
            && (!cur.docServed || cur.phase === 'reload'))
        {
            cur.docServed = true;
            const resp = await route.fetch({ timeout: opts.loadMs });
            const headers = {};
            for (const [k, v] of Object.entries(resp.headers())) {
                // The sanitizer alone is under test: drop the real CSP (but
                // note it: nginx only sends one with a reader page).  The body
                // comes decoded, so drop its encoding and length too.
                if (/^content-security-policy$/i.test(k)) {
                    cur.csp = v;
                } else if (!/^(content-security-policy|content-encoding|content-length)/i.test(k)) {
                    headers[k] = v;
                }
            }
            headers['content-security-policy-report-only'] = cspReportOnly(opts.cspUri);
            await route.fulfill({ response: resp, headers });
            return;
        }
        if (req.isNavigationRequest() && (mainFrame || !ownPage)) {
            // Answered 204: the browser stays on the page.
            // A link the sweep clicked (its navigation may come late).
            if (/^https?:/.test(u) && req.method() === 'GET' && cur.links.has(stripHash(u))) {
                record('link', u);
            } else {
                record(ownPage ? 'nav' : 'popup', req.method() + ' ' + u);
            }
            await route.fulfill({ status: 204, body: '' });
            return;
        }
        if (req.resourceType() === 'image') {
            if (u.startsWith(opts.origin + '/') || u.startsWith(new URL(cur.pageUrl).origin + '/')) {
                await route.continue();
            } else {
                record('image-elsewhere', u);
                await route.abort();
            }
            return;
        }
        // The report collector, and the browser's own favicon fetch.
        if (u === opts.cspUri || u === new URL('/favicon.ico', cur.pageUrl).href) {
            await route.continue();
            return;
        }
        record('request', req.resourceType() + ' ' + req.method() + ' ' + u);
        await route.abort();
    } catch {
        /* the context closed under us */
    }
}

// Load url in the session's page, sweep it, click through it.  Returns
// { signals, latent, stuck }: stuck means the session must be replaced.
export async function probe(session, url) {
    const { page, opts } = session;
    const cur = {
        pageUrl: stripHash(url), phase: 'load', click: null, links: new Set(), targets: false,
        docServed: false, signals: [],
    };
    let latent = [];
    let stuck = false;

    const run = async () => {
        session.cur = cur;
        try {
            await page.goto(cur.pageUrl, { waitUntil: 'load', timeout: opts.loadMs });
        } catch (e) {
            cur.signals.push({ kind: 'timeout', phase: 'load', detail: 'load: ' + e.message.split('\n')[0] });
            stuck = true;
            return;
        }
        await sleep(opts.settleMs);

        latent = await withTimeout(page.evaluate(pageLatent), opts.loadMs, 'latent scan');

        cur.phase = 'sweep';
        await withTimeout(page.evaluate(pageDispatch, [EVENTS, MAX_ELEMENTS]), opts.loadMs, 'event sweep');
        await sleep(opts.clickPauseMs);

        let n = await withTimeout(page.evaluate(pageListClickables, CLICK_KEY), opts.loadMs, 'click list');
        for (let i = 0; i < Math.min(n, opts.maxClicks); i++) {
            cur.click = await withTimeout(page.evaluate(pageClickInfo, [CLICK_KEY, i]), opts.loadMs, 'click info');
            if (cur.click && cur.click.href && /^https?:/.test(cur.click.href)) {
                cur.links.add(stripHash(cur.click.href));
            }
            cur.targets ||= Boolean(cur.click && cur.click.target);
            await withTimeout(page.evaluate(pageClick, [CLICK_KEY, i]), opts.loadMs, 'click');
            await sleep(opts.clickPauseMs);
            cur.click = null;
            if (stripHash(page.url()) !== cur.pageUrl) {
                // The page was replaced (about:blank, a data: URL...): counted
                // by framenavigated; bring it back for the remaining clicks.
                cur.phase = 'reload';
                await page.goto(cur.pageUrl, { waitUntil: 'load', timeout: opts.loadMs });
                cur.phase = 'sweep';
                n = await page.evaluate(pageListClickables, CLICK_KEY);
            }
        }
    };

    try {
        await withTimeout(run(), opts.hardMs, 'page');
    } catch (e) {
        cur.signals.push({ kind: 'timeout', phase: cur.phase, detail: e.message.split('\n')[0] });
        stuck = true;
    }
    if (!stuck) {
        // Leave the page before the next probe, so nothing of this one
        // (timers, late events) is recorded against the next.
        if (cur.targets) {
            // A window a click opened shows up late: let it, so it is not
            // counted against the next page.
            await sleep(POPUP_WAIT_MS);
        }
        cur.phase = 'unload';
        try {
            await withTimeout(page.goto('about:blank', { timeout: opts.loadMs }), opts.loadMs, 'unload');
        } catch {
            stuck = true;
        }
    }
    session.cur = null;
    return { signals: cur.signals, latent, stuck, csp: cur.csp || null };
}
