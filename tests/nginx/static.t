#!/usr/bin/perl

# Static files: untouched unless asked; the reader page and its headers;
# gzip negotiation; fail-open cases (not an article, too large, types).

use strict;
use warnings;
use utf8;

use FindBin;
use lib "$FindBin::Bin/../lib";

use File::Copy qw(copy);
use Test::More;
use ReaderTest;

my $t = ReaderTest->new;
my $site = ReaderTest->root . '/docs/examples/site';

for my $f (qw(index.html news/index.html news/night-shelf.html
              blog/tide-clock.html images/tide-clock.svg))
{
    $t->write_file("html/$f", $t->read_file("$site/$f"));
}

$t->write_file('html/notes.txt', "plain text, not html\n");
$t->write_file('html/empty.html', '');
srand(7);
$t->write_file('html/binary.html', join '', map { chr int rand 256 } 1 .. 4000);

$t->run(<<'EOF');
    server {
        listen 127.0.0.1:%%PORT_0%%;
        root %%DIR%%/html;

        reader $arg_reader;

        location /read/ {
            rewrite ^/read(/.*)$ $1 break;
            reader on;
        }

        location /small/ {
            rewrite ^/small(/.*)$ $1 break;
            reader on;
            reader_max_size 2k;
        }

        location /nogzip/ {
            rewrite ^/nogzip(/.*)$ $1 break;
            reader on;
            reader_gzip off;
        }

        location /level/ {
            rewrite ^/level(/.*)$ $1 break;
            reader on;
            reader_gzip_level 1;
        }

        location /alltypes/ {
            rewrite ^/alltypes(/.*)$ $1 break;
            reader on;
            reader_types text/plain;
        }

        location /off/ {
            rewrite ^/off(/.*)$ $1 break;
            reader off;
        }

        location /vary/ {
            rewrite ^/vary(/.*)$ $1 break;
            reader on;
            gzip_vary on;
        }

        location /hostile/ {
            rewrite ^/hostile(/.*)$ $1 break;
            reader on;
            add_header Content-Security-Policy "script-src *";
            add_header Link "</evil.js>; rel=preload";
        }
    }
EOF

my $article = '/blog/tide-clock.html';
my $orig = $t->read_file("html$article");

# --- pass-through ------------------------------------------------------

my $r = $t->get($article);
is($r->{status}, 200, 'original: 200');
is($r->{content}, $orig, 'original: bytes unchanged without ?reader');
is($r->{headers}{'content-length'}, length $orig, 'original: length');
ok(!defined $r->{headers}{'content-security-policy'}, 'original: no CSP');
is($t->logged($article)->[1], '-', 'original: $reader_status empty');

$r = $t->get("$article?reader=0");
is($r->{content}, $orig, '?reader=0: off');
$r = $t->get("$article?reader=off");
is($r->{content}, $orig, '?reader=off: off');
$r = $t->get("/off$article?reader=1");
is($r->{content}, $orig, 'reader off in the location wins over the server');

$r = $t->get('/notes.txt?reader=1');
is($r->{content}, "plain text, not html\n", 'text/plain: untouched');
is($t->logged('/notes.txt?reader=1')->[1], '-', 'text/plain: not looked at');

$r = $t->get('/images/tide-clock.svg?reader=1');
is($r->{content}, $t->read_file('html/images/tide-clock.svg'),
   'image: untouched');

$r = $t->get('/missing.html?reader=1');
is($r->{status}, 404, '404: passed through');
like($r->{content}, qr/404 Not Found/, '404: nginx error page');

$r = $t->get('/empty.html?reader=1');
is($r->{status}, 200, 'empty body: 200');
is($r->{content}, '', 'empty body: empty');

# --- the reader page -------------------------------------------------------

$r = $t->get("$article?reader=1");
is($r->{status}, 200, 'reader: 200');
is($r->{headers}{'content-type'}, 'text/html; charset=utf-8',
   'reader: Content-Type');
ok(!defined $r->{headers}{'content-encoding'},
   'reader: identity without Accept-Encoding');
is($r->{headers}{'content-length'}, length $r->{content},
   'reader: exact Content-Length');
isnt($r->{content}, $orig, 'reader: the page differs from the original');
unlike($r->{content}, qr/<script|analyticsQueue|onclick/i, 'reader: no script');
like($r->{content}, qr/lead weight on the pendulum/, 'reader: article text');
unlike($r->{content}, qr/Most read|Newsletter|All rights reserved/,
       'reader: boilerplate gone');
ok(length $r->{headers}{'content-security-policy'}, 'reader: CSP');
unlike($r->{headers}{'content-security-policy'}, qr/script-src[^;]*\*/,
       'reader: CSP allows no script');
is($r->{headers}{'x-content-type-options'}, 'nosniff', 'reader: nosniff');
is($r->{headers}{'referrer-policy'}, 'no-referrer', 'reader: Referrer-Policy');
is($r->{headers}{'x-robots-tag'}, 'noindex', 'reader: X-Robots-Tag');
my $port = $t->port(0);
is($r->{headers}{link},
   "<http://127.0.0.1:$port$article>; rel=\"canonical\"",
   'reader: Link canonical to the original');
like($r->{headers}{etag}, qr{^W/"[0-9a-f]{32}"$}, 'reader: weak ETag');
ok(defined $r->{headers}{'last-modified'}, 'reader: Last-Modified kept');
ok(!defined $r->{headers}{'accept-ranges'}, 'reader: no Accept-Ranges');
is(join(',', ReaderTest::header_list($r, 'vary')), 'Accept-Encoding',
   'reader: Vary: Accept-Encoding once');

my $log = $t->logged("$article?reader=1");
is($log->[1], 'applied', 'reader: $reader_status applied');
like($log->[2], qr/^\d+\.\d{3}$/, 'reader: $reader_time in ms with 3 decimals');

my $plain = $r->{content};
my $etag = $r->{headers}{etag};

$r = $t->get("/read$article");
is($r->{content}, $plain, '/read/ prefix: the same page');
is($r->{headers}{link},
   "<http://127.0.0.1:$port$article>; rel=\"canonical\"",
   '/read/ prefix: canonical is the article path');
is($r->{headers}{etag}, $etag, '/read/ prefix: the same validator');

$r = $t->get("$article?reader=1", Range => 'bytes=0-10');
is($r->{status}, 200, 'Range: ignored, whole page');
is($r->{content}, $plain, 'Range: the reader page');

# the Chinese page: GBK in, UTF-8 out, ruby kept, printed once

$r = $t->get('/news/night-shelf.html?reader=1');
is($r->{status}, 200, 'gbk: 200');
is($r->{headers}{'content-type'}, 'text/html; charset=utf-8', 'gbk: utf-8 out');
my $zh = $r->{content};
utf8::decode($zh);
like($zh, qr/夜間自助書架/, 'gbk: decoded text');
like($zh, qr/<ruby>/, 'gbk: ruby kept');
my @twice = $zh =~ /兩位剛下夜班的護士/g;
is(scalar @twice, 1, 'gbk: the story once');
unlike($zh, qr/掃一掃下載|發表評論|正在閱讀/, 'gbk: app block, comments, '
       . 'sticky header gone');

# --- gzip negotiation ------------------------------------------------------

sub gz {
    my ($ae, $path) = @_;
    my $res = $t->get($path // "$article?reader=1", 'Accept-Encoding' => $ae);
    return ($res, $res->{headers}{'content-encoding'} // 'identity');
}

my ($g, $enc) = gz('gzip');
is($enc, 'gzip', 'gzip: Content-Encoding');
is($g->{headers}{'content-length'}, length $g->{content},
   'gzip: exact Content-Length');
is($t->body($g), $plain, 'gzip: inflates to the identity page');
is($g->{headers}{etag}, $etag, 'gzip: same weak ETag');
is(join(',', ReaderTest::header_list($g, 'vary')), 'Accept-Encoding',
   'gzip: Vary once');

is((gz('gzip, deflate, br'))[1], 'gzip', 'list with gzip');
is((gz('br;q=1.0, gzip;q=0.5'))[1], 'gzip', 'gzip;q=0.5');
is((gz('GZIP'))[1], 'gzip', 'upper case');
is((gz('gzip;q=0'))[1], 'identity', 'gzip;q=0 refuses');
is((gz('gzip; q=0.000'))[1], 'identity', 'gzip; q=0.000 refuses');
is((gz('identity'))[1], 'identity', 'identity only');
is((gz('deflate, br'))[1], 'identity', 'no gzip in the list');
is((gz('*'))[1], 'identity', '* is not taken as gzip');

($g, $enc) = gz('gzip', "/nogzip$article");
is($enc, 'identity', 'reader_gzip off: identity');
is($g->{content}, $plain, 'reader_gzip off: the page');

($g, $enc) = gz('gzip', "/level$article");
is($enc, 'gzip', 'reader_gzip_level 1: gzip');
is($t->body($g), $plain, 'reader_gzip_level 1: inflates to the page');

($g) = gz('gzip', "/vary$article");
is(join(',', ReaderTest::header_list($g, 'vary')), 'Accept-Encoding',
   'gzip_vary on: Vary once');

# --- headers the source set are replaced -----------------------------------

$r = $t->get("/hostile$article");
is(join('|', ReaderTest::header_list($r, 'content-security-policy')),
   $g->{headers}{'content-security-policy'}, 'add_header CSP replaced');
is(join('|', ReaderTest::header_list($r, 'link')),
   "<http://127.0.0.1:$port$article>; rel=\"canonical\"",
   'add_header Link replaced');

# --- fail open -------------------------------------------------------------

$r = $t->get('/news/index.html?reader=1');
is($r->{content}, $t->read_file('html/news/index.html'),
   'listing: original bytes');
ok(!defined $r->{headers}{'content-security-policy'}, 'listing: no CSP');
is($t->logged('/news/index.html?reader=1')->[1], 'not_article',
   'listing: not_article');

$r = $t->get('/binary.html?reader=1');
is($r->{content}, $t->read_file('html/binary.html'), 'binary: original bytes');
is($t->logged('/binary.html?reader=1')->[1], 'undecodable',
   'binary: undecodable');

$r = $t->get("/small$article");
is($r->{content}, $orig, 'too large: original bytes');
is($r->{headers}{'content-length'}, length $orig, 'too large: length');
is($t->logged("/small$article")->[1], 'too_large', 'too large: too_large');

$r = $t->get('/alltypes/notes.txt');
is($r->{content}, "plain text, not html\n", 'text/plain in reader_types: '
   . 'original when it is no article');
isnt($t->logged('/alltypes/notes.txt')->[1], '-',
     'text/plain in reader_types: looked at');

# like gzip_types, text/html is always in the list
$r = $t->get("/alltypes$article");
is($r->{headers}{'content-type'}, 'text/html; charset=utf-8',
   'text/html stays in reader_types');

is($t->stop, '', 'no alert, crit or emerg in error.log');

done_testing;
