// Reader pages for the browser tests: the page build/reader-extract makes
// from an article, exactly as the module would serve it before gzip.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './browser.mjs';

export const EXTRACT = process.env.READER_EXTRACT || path.join(ROOT, 'build/reader-extract');

let snapshot = null;

export function haveExtract() {
    return fs.existsSync(EXTRACT);
}

// A private copy of the binary, made on first use: a run of hundreds of
// pages must not see `make` relink it halfway (exec fails while it is
// written, and the figures would mix two versions).
function extractBinary() {
    if (!snapshot) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-extract-'));
        snapshot = path.join(dir, 'reader-extract');
        fs.copyFileSync(EXTRACT, snapshot);
        fs.chmodSync(snapshot, 0o755);
        process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    }
    return snapshot;
}

// Run reader-extract --format html --force on html with the page's URL.
// Resolves to { ok, html, why }: ok false when it refused (exit 2), failed,
// crashed or hung (a crash or hang is itself a finding for the caller).
export function extractHtml(html, url, timeoutMs = 10000) {
    return new Promise((resolve) => {
        const child = spawn(extractBinary(), ['--format', 'html', '--force', '--url', url, '-'],
            { stdio: ['pipe', 'pipe', 'pipe'] });
        const out = [];
        const err = [];
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.stdout.on('data', (d) => out.push(d));
        child.stderr.on('data', (d) => err.push(d));
        child.stdin.on('error', () => {});
        child.on('error', (e) => {
            clearTimeout(timer);
            resolve({ ok: false, why: 'cannot run ' + EXTRACT + ': ' + e.message });
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            const stderr = Buffer.concat(err).toString('utf8').trim().split('\n')[0];
            if (code === 0) {
                resolve({ ok: true, html: Buffer.concat(out) });
            } else if (code === 2 || code === 1) {
                resolve({ ok: false, why: 'exit ' + code + ': ' + stderr });
            } else if (code !== null || signal) {
                resolve({ ok: false, crashed: true,
                    why: 'reader-extract died (' + (signal || 'exit ' + code) + ') ' + stderr });
            }
        });
        child.stdin.end(html);
    });
}
