#!/usr/bin/env node
// The XSS execution oracle (docs/security.md).
//
// Each payload of ../shared/security/xss-vectors.jsonl is embedded in an
// ordinary article page and probed in Chromium twice:
//   raw     the page itself, unsanitized: proves the oracle sees execution
//   cli     the reader page build/reader-extract makes of it
//   nginx   the page nginx with build/ngx_http_reader_filter_module.so
//           serves for it (skipped, with a note, when the module is absent)
// Exit 1 when any payload executes (or requests, or leaves forbidden markup)
// through the reader page, when the raw run flags fewer payloads than the
// floor, or when the oracle's own controls fail.
//
//   node xss-oracle.mjs [--every N] [--ids a,b] [--concurrency N]
//        [--raw-floor N] [--modes raw,cli,nginx] [--vectors FILE]
//        [--label NAME] [--selftest-only] [--fail-on-markup]

import fs from 'node:fs';
import path from 'node:path';
import { launch, ROOT, skip } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { articlePage, ARTICLE_MARKER } from './lib/article.mjs';
import { extractHtml, haveExtract, EXTRACT } from './lib/reader.mjs';
import { haveNginx, startNginx, MODULE } from './lib/nginx.mjs';
import { openSession, probe, classifyCsp, EXEC_KINDS } from './lib/probe.mjs';

const REFERENCE_TOTAL = 534;     // payloads in the shared file
const REFERENCE_FLOOR = 200;     // raw executions required of all of them

const args = parseArgs(process.argv.slice(2), {
    vectors: path.join(ROOT, '../shared/security/xss-vectors.jsonl'),
    every: '1', ids: '', concurrency: '2', 'raw-floor': '', modes: 'raw,cli,nginx',
    label: 'xss', out: path.join(ROOT, 'build/xss'),
    'selftest-only': false, 'fail-on-markup': false, 'load-ms': '3000', 'settle-ms': '150',
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

// After this many nginx pages in a row that do not load (workers crashing),
// the rest of the nginx mode is not tried: the run fails all the same.
const NGINX_GIVE_UP = 10;

// Where a payload's page is served in each mode: path prefixes, also used
// to map late CSP reports back to their payload.
const PREFIX = { raw: 'raw', cli: 't', nginx: 'n' };

async function main() {
    const modes = args.modes.split(',').filter(Boolean);
    const vectors = args['selftest-only'] ? [] : loadVectors(args.vectors);
    const readerModes = modes.filter((m) => m === 'cli' || m === 'nginx');

    if (readerModes.includes('cli') && !haveExtract()) {
        console.error('FAIL: ' + EXTRACT + ' is missing: run make first');
        process.exit(1);
    }
    if (readerModes.includes('nginx') && !haveNginx()) {
        console.log('nginx mode: skipped, ' + MODULE + ' is not built (make module)');
        readerModes.splice(readerModes.indexOf('nginx'), 1);
    }

    const browser = await launch();
    const server = await startServer();
    const pages = vectors.map((v) => articlePage(v.payload));
    const nginx = readerModes.includes('nginx') && vectors.length
        ? await startNginx(Object.fromEntries(pages.map((p, i) => ['/n/' + i + '/a.html', p])))
        : null;
    const opts = {
        origin: server.origin, cspUri: server.origin + '/csp',
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
                ', got ' + JSON.stringify(ctl[i].signals.slice(0, 4)));
        }
    });
    console.log('controls: ' + (CONTROLS.length - ctlBad) + ' of ' + CONTROLS.length +
        ' behave (' + CONTROLS.filter((c) => c.want).length + ' must fire, ' +
        CONTROLS.filter((c) => !c.want).length + ' must stay quiet)');
    failed ||= ctlBad > 0;

    // 2. The payloads, every mode of one payload one after the other.
    const tasks = [];
    vectors.forEach((v, i) => {
        for (const mode of modes.filter((m) => m === 'raw' || readerModes.includes(m))) {
            tasks.push({ i, mode });
        }
    });
    const results = vectors.map((v) => ({ id: v.id, source: v.source }));
    const times = { raw: 0, cli: 0, nginx: 0 };
    let done = 0;
    let nginxLost = 0;      // nginx pages in a row that did not load

    await pool(browser, opts, tasks, +args.concurrency, async (t, run) => {
        const started = Date.now();
        const r = results[t.i];
        const where = '/' + PREFIX[t.mode] + '/' + t.i + '/a.html';
        let url;

        if (t.mode === 'raw') {
            url = server.setDoc(where, pages[t.i]);
        } else if (t.mode === 'cli') {
            const ex = await extractHtml(pages[t.i], server.origin + where);
            r.extract = ex.ok ? 'ok' : ex.why;
            if (!ex.ok) {
                r.cli = { signals: ex.crashed ? [{ kind: 'crash', detail: ex.why }] : [], latent: [] };
                times.cli += Date.now() - started;
                return;
            }
            r.article = ex.html.includes(ARTICLE_MARKER);
            url = server.setDoc(where, ex.html);
        } else if (nginxLost >= NGINX_GIVE_UP) {
            r.nginx = { signals: [], latent: [], csp: null, skipped: 'nginx stopped answering' };
            return;
        } else {
            url = nginx.origin + where;
        }
        r[t.mode] = await run(url);
        r[t.mode].ms = Date.now() - started;
        if (t.mode === 'nginx') {
            // nginx sends a CSP only with a reader page; without one it
            // passed the original through (fail-open): not a sanitizer test.
            r.applied = Boolean(r.nginx.csp);
            nginxLost = r.nginx.signals.some((x) => x.kind === 'timeout' && x.phase === 'load')
                ? nginxLost + 1 : 0;
        }
        server.dropDoc(where);
        times[t.mode] += Date.now() - started;
        if (++done % 100 === 0) {
            console.log('  ' + done + '/' + tasks.length + ' pages, ' +
                Math.round((Date.now() - t0) / 1000) + ' s');
        }
    });

    // 3. Late CSP reports (sent by the browser, out of the payload's reach).
    await new Promise((res) => setTimeout(res, 500));
    const modeOf = Object.fromEntries(Object.entries(PREFIX).map(([m, p]) => [p, m]));
    for (const rep of server.reports) {
        const c = rep['csp-report'] || {};
        const m = /\/(raw|t|n)\/(\d+)\/a\.html/.exec(c['document-uri'] || '');
        const dir = c['effective-directive'] || c['violated-directive'] || '';
        if (!m || classifyCsp(dir, c['source-file'], c['line-number']) !== 'script') {
            continue;
        }
        const r = results[+m[2]] && results[+m[2]][modeOf[m[1]]];
        if (r && !r.signals.some((s) => s.kind === 'script')) {
            r.signals.push({ kind: 'script', phase: 'report', detail: JSON.stringify(c).slice(0, 240) });
        }
    }
    const alerts = nginx ? await nginx.stop() : [];

    // 4. Figures.
    fs.mkdirSync(args.out, { recursive: true });
    const outFile = path.join(args.out, args.label + '-results.jsonl');
    fs.writeFileSync(outFile, results.map((r) => JSON.stringify(r)).join('\n') + '\n');

    const n = vectors.length;
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
        return { exec, any, kinds, secs: Math.round(times[mode] / 1000) };
    };

    if (n) {
        console.log('payloads: ' + n + ' of ' + args.vectors);
    }
    if (n && modes.includes('raw')) {
        const s = summary('raw');
        // Hand-picked payloads (--ids) have no floor.
        const floor = args['raw-floor'] !== '' ? +args['raw-floor']
            : args.ids ? 0 : Math.floor(REFERENCE_FLOOR * n / REFERENCE_TOTAL);
        console.log('raw: ' + s.exec + '/' + n + ' executed, ' + s.any + ' with any finding ' +
            JSON.stringify(s.kinds) + ' (floor ' + floor + '), ' + s.secs + ' page-seconds');
        if (s.exec < floor) {
            console.log('FAIL: the raw run flags fewer payloads than ' + floor + ': the oracle is blind');
            failed = true;
        }
    }

    // A payload fails when anything ran or left a reader page of any mode
    // (and, with --fail-on-markup, when the page holds forbidden markup that
    // did not run); it is skipped when no mode gave a reader page that
    // carried the article (refused, article lost, nginx passed it through).
    const untested = (r, mode) => (mode === 'cli' && (r.extract !== 'ok' || !r.article))
        || (mode === 'nginx' && !r.applied);
    const failing = (f) => f.some((k) => k !== 'latent' || args['fail-on-markup']);
    const badOf = (r, mode) => r[mode] && !untested(r, mode) && failing(findingsOf(r[mode]))
        || (mode === 'cli' && r.cli && r.cli.signals.some((x) => x.kind === 'crash'));
    const markupOf = (r, mode) => r[mode] && !untested(r, mode) && !badOf(r, mode)
        && r[mode].latent.length > 0;
    let bad = new Set();
    let skipped = 0;
    for (const mode of readerModes) {
        const s = summary(mode);
        const lost = results.filter((r) => untested(r, mode)).length;
        console.log(mode + ': ' + results.filter((r) => badOf(r, mode)).length + '/' + n +
            ' failing, findings ' + JSON.stringify(s.kinds) + ', ' + lost + ' not tested (' +
            (mode === 'cli' ? 'refused or article text lost' : 'passed through, not a reader page') +
            '), ' + s.secs + ' page-seconds');
        for (const r of results.filter((x) => badOf(x, mode) || markupOf(x, mode))) {
            const m = r[mode];
            if (badOf(r, mode)) {
                bad.add(r);
            }
            const sig = m.signals.filter((x) => x.kind !== 'link').slice(0, 3);
            console.log('  ' + mode + ' ' + r.id + (badOf(r, mode) ? ': ' : ' (not failing): ') +
                findingsOf(m).join(',') +
                (sig.length ? ' ' + JSON.stringify(sig) : '') +
                (m.latent.length ? ' markup ' + JSON.stringify(m.latent.slice(0, 3)) : ''));
        }
        if (n && lost > n / 2) {
            console.log('FAIL: most ' + mode + ' pages were not reader pages with the article: ' +
                'the payloads were not tested');
            failed = true;
        }
    }
    if (readerModes.length) {
        skipped = results.filter((r) => !bad.has(r) && readerModes.every((m) => untested(r, m))).length;
    }
    for (const a of alerts) {
        console.log('nginx error log: ' + a);
    }
    failed ||= alerts.length > 0 || bad.size > 0;
    console.log('time: ' + ((Date.now() - t0) / 1000).toFixed(1) + ' s; per-payload results in ' +
        path.relative(ROOT, outFile));

    await browser.close();
    await server.close();
    const tested = readerModes.length ? n : 0;
    console.log(args.label + ': ' + (tested - bad.size - skipped) + ' passed, ' + bad.size +
        ' failed, ' + skipped + ' skipped');
    process.exit(failed ? 1 : 0);
}

main().catch((e) => {
    console.error('FAIL: ' + (e && e.stack || e));
    process.exit(1);
});
