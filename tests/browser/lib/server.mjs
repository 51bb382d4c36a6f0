// A tiny HTTP server on 127.0.0.1 for the browser tests: it serves the pages
// a test registers (raw article pages, reader pages), a few generated PNG
// images, and collects Content-Security-Policy reports POSTed to /csp.
// Anything else is a 404 and is logged, so a test can see stray requests.

import http from 'node:http';
import zlib from 'node:zlib';

const MAX_REPORT = 64 * 1024;

// A solid-colour RGB PNG of w x h pixels with a darker diagonal band, so an
// image that is squeezed or cropped is visible in a screenshot.
export function makePng(w, h) {
    const row = 1 + w * 3;
    const raw = Buffer.alloc(row * h);
    for (let y = 0; y < h; y++) {
        raw[y * row] = 0;
        for (let x = 0; x < w; x++) {
            const band = Math.abs(x * h / w - y) < h / 12;
            const o = y * row + 1 + x * 3;
            raw[o] = band ? 40 : 120;
            raw[o + 1] = band ? 90 : 170;
            raw[o + 2] = band ? 140 : 210;
        }
    }
    const chunk = (type, data) => {
        const len = Buffer.alloc(4);
        const crc = Buffer.alloc(4);
        const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
        len.writeUInt32BE(data.length);
        crc.writeUInt32BE(zlib.crc32(td));
        return Buffer.concat([len, td, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(w, 0);
    ihdr.writeUInt32BE(h, 4);
    ihdr[8] = 8;        /* bit depth */
    ihdr[9] = 2;        /* RGB */
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', ihdr),
        chunk('IDAT', zlib.deflateSync(raw)),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}

export const IMAGES = {
    '/img/wide.png': [1600, 600],
    '/img/small.png': [240, 160],
};

export function startServer() {
    const docs = new Map();
    const images = new Map();
    const reports = [];
    const strays = [];

    const server = http.createServer((req, res) => {
        const path = req.url.split('?')[0];

        if (req.method === 'POST' && path === '/csp') {
            const parts = [];
            let size = 0;
            req.on('data', (d) => {
                size += d.length;
                if (size <= MAX_REPORT) {
                    parts.push(d);
                }
            });
            req.on('end', () => {
                try {
                    reports.push(JSON.parse(Buffer.concat(parts).toString('utf8')));
                } catch {
                    reports.push({ unparsable: true });
                }
                res.writeHead(204);
                res.end();
            });
            return;
        }

        if (docs.has(path)) {
            const d = docs.get(path);
            res.writeHead(200, Object.assign({
                'Content-Type': 'text/html; charset=utf-8',
                'Cache-Control': 'no-store',
            }, d.headers));
            res.end(d.body);
            return;
        }

        if (IMAGES[path]) {
            if (!images.has(path)) {
                images.set(path, makePng(...IMAGES[path]));
            }
            res.writeHead(200, { 'Content-Type': 'image/png' });
            res.end(images.get(path));
            return;
        }

        strays.push(req.method + ' ' + req.url);
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found\n');
    });

    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const origin = 'http://127.0.0.1:' + server.address().port;
            resolve({
                origin,
                reports,
                strays,
                // Register (or replace) the document served at path.
                setDoc(path, body, headers = {}) {
                    docs.set(path, { body, headers });
                    return origin + path;
                },
                dropDoc(path) {
                    docs.delete(path);
                },
                close() {
                    server.closeAllConnections?.();
                    return new Promise((r) => server.close(() => r()));
                },
            });
        });
    });
}
