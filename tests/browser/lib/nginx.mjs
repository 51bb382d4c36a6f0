// nginx with the reader module for the oracle's nginx mode: a temporary
// prefix, a port chosen by binding port 0, static files under html/, and
// `reader on` for the whole server.  stop() returns the [alert]/[crit]/
// [emerg] lines of the error log (none expected).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './browser.mjs';

export const MODULE = process.env.READER_MODULE || path.join(ROOT, 'build/ngx_http_reader_filter_module.so');
export const NGINX = process.env.NGINX_BINARY || '/usr/sbin/nginx';

export function haveNginx() {
    return fs.existsSync(MODULE) && fs.existsSync(NGINX);
}

function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const port = s.address().port;
            s.close(() => resolve(port));
        });
    });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// files: { '/n/0/a.html': Buffer|string, ... } written under html/.
export async function startNginx(files) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-xss-nginx-'));
    const port = await freePort();

    // Workers run as nobody when started as root.
    fs.chmodSync(dir, 0o755);
    for (const [p, body] of Object.entries(files)) {
        const f = path.join(dir, 'html', p);
        fs.mkdirSync(path.dirname(f), { recursive: true, mode: 0o755 });
        fs.writeFileSync(f, body, { mode: 0o644 });
    }
    for (const d of ['conf', 'logs', 'tmp']) {
        fs.mkdirSync(path.join(dir, d), { mode: 0o755 });
    }
    fs.chmodSync(path.join(dir, 'html'), 0o755);
    // A copy: `make module` rewrites the .so in place, which crashes every
    // worker an nginx that has it mapped forks afterwards.
    fs.copyFileSync(MODULE, path.join(dir, 'module.so'));
    fs.writeFileSync(path.join(dir, 'conf/nginx.conf'), `load_module ${dir}/module.so;
daemon off;
master_process on;
worker_processes 1;
pid ${dir}/logs/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 256; }
http {
    client_body_temp_path ${dir}/tmp/body;
    proxy_temp_path ${dir}/tmp/proxy;
    fastcgi_temp_path ${dir}/tmp/fastcgi;
    uwsgi_temp_path ${dir}/tmp/uwsgi;
    scgi_temp_path ${dir}/tmp/scgi;
    types { text/html html; image/png png; }
    default_type application/octet-stream;
    access_log off;
    server {
        listen 127.0.0.1:${port};
        root ${dir}/html;
        reader on;
    }
}
`);

    const child = spawn(NGINX, ['-p', dir + '/', '-c', 'conf/nginx.conf', '-e', dir + '/logs/error.log'],
        { stdio: ['ignore', 'ignore', 'pipe'] });
    let exited = false;
    let stderr = '';
    child.stderr.on('data', (d) => {
        stderr += d;
    });
    child.on('exit', () => {
        exited = true;
    });

    const up = async () => {
        for (let i = 0; i < 200 && !exited; i++) {
            const ok = await new Promise((r) => {
                const c = net.connect(port, '127.0.0.1', () => {
                    c.end();
                    r(true);
                });
                c.on('error', () => r(false));
            });
            if (ok) {
                return true;
            }
            await sleep(50);
        }
        return false;
    };
    if (!(await up())) {
        child.kill('SIGKILL');
        throw new Error('nginx did not start: ' + stderr +
            fs.readFileSync(path.join(dir, 'logs/error.log'), 'utf8'));
    }

    return {
        origin: 'http://127.0.0.1:' + port,
        async stop() {
            if (!exited) {
                child.kill('SIGQUIT');
                for (let i = 0; i < 200 && !exited; i++) {
                    await sleep(50);
                }
                if (!exited) {
                    child.kill('SIGKILL');
                }
            }
            const log = fs.readFileSync(path.join(dir, 'logs/error.log'), 'utf8');
            fs.rmSync(dir, { recursive: true, force: true });
            return log.split('\n').filter((l) => /\[(alert|crit|emerg)\]/.test(l));
        },
    };
}
