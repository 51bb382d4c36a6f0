#!/usr/bin/env node
// The XSS execution oracle (docs/security.md).
//
// Each payload of ../shared/security/xss-vectors.jsonl is embedded in an
// ordinary article page and probed in Chromium twice:
//   raw     the page itself, unsanitized: proves the oracle sees execution
//   reader  the reader page build/reader-extract makes of it (--mode cli),
//           or the page nginx with the module serves (--nginx-url URL)
// Exit 1 when any payload executes (or requests, or leaves forbidden markup)
// through the reader page, when the raw run flags fewer payloads than the
// floor, or when the oracle's own controls fail.
//
//   node xss-oracle.mjs [--every N] [--ids a,b] [--concurrency N]
//        [--raw-floor N] [--modes raw,cli] [--vectors FILE] [--label NAME]
//        [--nginx-url http://127.0.0.1:PORT] [--selftest-only]

import fs from 'node:fs';
import path from 'node:path';
import { launch, ROOT, skip } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { articlePage, ARTICLE_MARKER } from './lib/article.mjs';
import { extractHtml, haveExtract, EXTRACT } from './lib/reader.mjs';
import { openSession, probe, classifyCsp, EXEC_KINDS } from './lib/probe.mjs';

const REFERENCE_TOTAL = 534;     // payloads in the shared file
const REFERENCE_FLOOR = 200;     // raw executions required of all of them

const args = parseArgs(process.argv.slice(2), {
    vectors: path.join(ROOT, '../shared/security/xss-vectors.jsonl'),
    every: '1', ids: '', concurrency: '2', 'raw-floor': '', modes: 'raw,cli',
    label: 'xss', 'nginx-url': '', out: path.join(ROOT, 'build/xss'),
    'selftest-only': false, 'load-ms': '3000', 'settle-ms': '150',
    'click-pause-ms': '50', 'max-clicks': '40', 'hard-ms': '15000',
});

// Controls: what the oracle must catch, and what it must leave alone.
const CONTROLS = [
    { payload: '<img src="/nope.png" onerror="alert(1)">', want: 'script' },
    { payload: '<img src="/nope.png" onerror="document.title=\'x\'">', want: 'script' },
    { payload: '<a href="javascript:document.title=\'y\'">read more</a>', want: 'script' },
    { payload: '<svg onload="void 0"></svg>', want: 'script' },
    { payload: '<div onmouseover="void 0">hover me</div>', want: 'script' },
    { payload: '<input autofocus onfocus="void 0">', want: 'script' },
    { payload: '<iframe srcdoc="<img src=/nope.png onerror=void(0)>"></iframe>', want: 'script' },
    { payload: '<meta http-equiv="refresh" content="0;url=/elsewhere.html">', want: 'nav' },
    { payload: '<form action="/collect" method="post"><input name="q" value="1">' +
        '<button>Send</button></form>', want: 'form' },
    { payload: '<link rel="stylesheet" href="http://collector.invalid/x.css">', want: 'request' },
    // The real CSP header of the served page must be removed for the test.
    { payload: '<img src="/nope.png" onerror="void 0">', want: 'script',
        headers: { 'Content-Security-Policy': "script-src 'none'" } },
    { payload: '<p>Just a paragraph with <b>bold</b> and <i>italic</i> text.</p>', want: null },
    { payload: '&lt;img src=x onerror=alert(1)&gt; as escaped text', want: null },
    { payload: '<template><img src=x onerror=alert(1)></template>', want: null },
    { payload: '<a href="/notes/other.html">a normal link</a>', want: null },
    { payload: '<img src="/img/small.png" alt="a small picture">', want: null },
    { payload: '<a href="#part-two">a link to a fragment</a>', want: null },
];

function parseArgs(argv, defaults) {
    const o = { ...defaults };
    for (let i = 0; i < argv.length; i++) {
        const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
        if (!m || !(m[1] in defaults)) {
            console.error('usage: see the header of xss-oracle.mjs (bad argument ' + argv[i] + ')');
            process.exit(1);
        }
        if (typeof defaults[m[1]] === 'boolean') {
            o[m[1]] = true;
        } else {
            o[m[1]] = m[2] !== undefined ? m[2] : argv[++i];
        }
    }
    return o;
}

function loadVectors(file) {
    if (!fs.existsSync(file)) {
        console.log('SKIP: ' + file + ' is absent (the shared payload corpus)');
        process.exit(0);
    }
    const all = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())
        .map((l) => JSON.parse(l));
    if (args.ids) {
        const want = new Set(args.ids.split(','));
        return all.filter((v) => want.has(v.id));
    }
    const every = Math.max(1, parseInt(args.every, 10));
    return all.filter((_, i) => i % every === 0);
}

// Probe every item with n browser sessions in parallel; fn(item, probeUrl)
// returns the item's result.  A session that got stuck is replaced.
async function pool(browser, opts, items, n, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        let session = await openSession(browser, opts);
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], async (url) => {
                const r = await probe(session, url);
                if (r.stuck) {
                    await session.close();
                    session = await openSession(browser, opts);
                }
                return r;
            });
        }
        await session.close();
    };
    await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
    return results;
}

const execOf = (r) => [...new Set(r.signals.filter((s) => EXEC_KINDS.includes(s.kind)).map((s) => s.kind))];
const findingsOf = (r) => [...execOf(r),
    ...(r.signals.some((s) => s.kind === 'request') ? ['request'] : []),
    ...(r.latent.length ? ['latent'] : [])];

async function main() {
    const modes = args.modes.split(',').filter(Boolean);
    const vectors = args['selftest-only'] ? [] : loadVectors(args.vectors);
    const readerMode = args['nginx-url'] ? 'nginx' : (modes.includes('cli') ? 'cli' : null);

    if (readerMode === 'cli' && !haveExtract()) {
        console.error('FAIL: ' + EXTRACT + ' is missing: run make first');
        process.exit(1);
    }

    const browser = await launch();
    const server = await startServer();
    const cspUri = server.origin + '/csp';
    const opts = {
        origin: server.origin, cspUri,
        loadMs: +args['load-ms'], settleMs: +args['settle-ms'],
        clickPauseMs: +args['click-pause-ms'], maxClicks: +args['max-clicks'],
        hardMs: +args['hard-ms'],
    };
    let failed = false;
    const t0 = Date.now();

    // 1. The controls.
    const ctl = await pool(browser, opts, CONTROLS.map((c, i) => [c, i]), +args.concurrency,
        ([c, i], run) => run(server.setDoc('/control/' + i + '/a.html', articlePage(c.payload), c.headers)));
    let ctlBad = 0;
    CONTROLS.forEach((c, i) => {
        // Controls test execution detection: their markup is not judged.
        const found = findingsOf({ signals: ctl[i].signals, latent: [] });
        const good = c.want ? found.includes(c.want) : found.length === 0;
        if (!good) {
            ctlBad++;
            console.log('control failed: ' + c.payload + ' wanted ' + (c.want || 'nothing') +
                ', got ' + JSON.stringify(ctl[i].signals.slice(0, 4)) + ' latent ' +
                JSON.stringify(ctl[i].latent));
        }
    });
    console.log('controls: ' + (CONTROLS.length - ctlBad) + ' of ' + CONTROLS.length +
        ' behave (' + CONTROLS.filter((c) => c.want).length + ' must fire, ' +
        CONTROLS.filter((c) => !c.want).length + ' must stay quiet)');
    failed ||= ctlBad > 0;

    // 2. The payloads.
    const tasks = [];
    vectors.forEach((v, i) => {
        const page = articlePage(v.payload);
        if (modes.includes('raw')) {
            tasks.push({ i, mode: 'raw', page });
        }
        if (readerMode) {
            tasks.push({ i, mode: readerMode, page });
        }
    });
    const results = vectors.map((v) => ({ id: v.id, source: v.source }));
    const times = { raw: 0, cli: 0, nginx: 0 };
    let done = 0;

    await pool(browser, opts, tasks, +args.concurrency, async (t, run) => {
        const started = Date.now();
        const r = results[t.i];
        let url;

        if (t.mode === 'raw') {
            url = server.setDoc('/raw/' + t.i + '/a.html', t.page);
        } else if (t.mode === 'cli') {
            const articleUrl = server.origin + '/t/' + t.i + '/a.html';
            const ex = await extractHtml(t.page, articleUrl);
            r.extract = ex.ok ? 'ok' : ex.why;
            if (!ex.ok) {
                r[t.mode] = { signals: ex.crashed ? [{ kind: 'crash', detail: ex.why }] : [], latent: [] };
                times[t.mode] += Date.now() - started;
                return;
            }
            r.article = ex.html.includes(ARTICLE_MARKER);
            url = server.setDoc('/t/' + t.i + '/a.html', ex.html);
        } else {
            server.setDoc('/n/' + t.i + '/a.html', t.page);
            url = args['nginx-url'].replace(/\/$/, '') + '/n/' + t.i + '/a.html';
        }
        r[t.mode] = await run(url);
        r[t.mode].ms = Date.now() - started;
        server.dropDoc(new URL(url).pathname);
        times[t.mode] += Date.now() - started;
        if (++done % 100 === 0) {
            console.log('  ' + done + '/' + tasks.length + ' pages, ' +
                Math.round((Date.now() - t0) / 1000) + ' s');
        }
    });

    // 3. Late CSP reports (sent by the browser, out of the payload's reach).
    await new Promise((res) => setTimeout(res, 500));
    for (const rep of server.reports) {
        const c = rep['csp-report'] || {};
        const m = /\/(raw|t|n)\/(\d+)\/a\.html/.exec(c['document-uri'] || '');
        const dir = c['effective-directive'] || c['violated-directive'] || '';
        if (!m || classifyCsp(dir, c['source-file'], c['line-number']) !== 'script') {
            continue;
        }
        const mode = { raw: 'raw', t: 'cli', n: 'nginx' }[m[1]];
        const r = results[+m[2]] && results[+m[2]][mode];
        if (r && !r.signals.some((s) => s.kind === 'script')) {
            r.signals.push({ kind: 'script', phase: 'report', detail: JSON.stringify(c).slice(0, 240) });
        }
    }

    if (process.env.XSS_DEBUG_REPORTS) {
        console.log(JSON.stringify(server.reports, null, 1));
    }

    // 4. Figures.
    fs.mkdirSync(args.out, { recursive: true });
    const outFile = path.join(args.out, args.label + '-results.jsonl');
    fs.writeFileSync(outFile, results.map((r) => JSON.stringify(r)).join('\n') + '\n');

    const n = vectors.length;
    const elapsed = (Date.now() - t0) / 1000;
    const summary = (mode) => {
        const kinds = {};
        let exec = 0;
        let any = 0;
        for (const r of results) {
            const f = r[mode] ? findingsOf(r[mode]) : [];
            exec += f.some((k) => EXEC_KINDS.includes(k)) ? 1 : 0;
            any += f.length ? 1 : 0;
            for (const k of f) {
                kinds[k] = (kinds[k] || 0) + 1;
            }
        }
        return { exec, any, kinds };
    };

    if (n) {
        console.log('payloads: ' + n + ' of ' + args.vectors);
    }
    if (n && modes.includes('raw')) {
        const s = summary('raw');
        const floor = args['raw-floor'] !== '' ? +args['raw-floor']
            : Math.floor(REFERENCE_FLOOR * n / REFERENCE_TOTAL);
        console.log('raw: ' + s.exec + '/' + n + ' executed, ' + s.any + ' flagged in all ' +
            JSON.stringify(s.kinds) + ' (floor ' + floor + ') in ' +
            Math.round(times.raw / 1000) + ' page-seconds');
        if (s.exec < floor) {
            console.log('FAIL: the raw run flags fewer payloads than ' + floor + ': the oracle is blind');
            failed = true;
        }
    }
    let bad = [];
    if (n && readerMode) {
        const s = summary(readerMode);
        const refused = results.filter((r) => r.extract && r.extract !== 'ok').length;
        const missing = results.filter((r) => r.article === false).length;
        console.log('reader (' + readerMode + '): ' + s.exec + '/' + n + ' executed, ' + s.any +
            ' with findings ' + JSON.stringify(s.kinds) + ' in ' +
            Math.round(times[readerMode] / 1000) + ' page-seconds' +
            (readerMode === 'cli' ? '; extractor refused ' + refused + ', article text missing from ' +
                missing : ''));
        bad = results.filter((r) => r[readerMode] && findingsOf(r[readerMode]).length);
        for (const r of bad) {
            const m = r[readerMode];
            console.log('  ' + r.id + ': ' + findingsOf(m).join(',') + ' ' +
                JSON.stringify(m.signals.filter((x) => x.kind !== 'link').slice(0, 3)) +
                (m.latent.length ? ' latent ' + JSON.stringify(m.latent.slice(0, 3)) : ''));
        }
        if (readerMode === 'cli' && missing > (n - refused) / 2) {
            console.log('FAIL: most reader pages do not contain the article text: ' +
                'the payloads were not tested (is the HTML renderer a stub?)');
            failed = true;
        }
    }
    console.log('time: ' + elapsed.toFixed(1) + ' s; per-payload results in ' + path.relative(ROOT, outFile));
    failed ||= bad.length > 0;

    await browser.close();
    await server.close();
    // A payload passes when its reader page carried the article and nothing
    // in it ran; it is skipped when the page was refused or lost the article.
    const untested = results.filter((r) => readerMode && !bad.includes(r) &&
        ((r.extract && r.extract !== 'ok') || r.article === false)).length;
    const passed = readerMode ? n - bad.length - untested : 0;
    console.log(args.label + ': ' + passed + ' passed, ' + bad.length + ' failed, ' +
        untested + ' skipped');
    process.exit(failed ? 1 : 0);
}

main().catch((e) => {
    console.error('FAIL: ' + (e && e.stack || e));
    process.exit(1);
});
