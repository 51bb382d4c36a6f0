#!/usr/bin/perl

# Proxied responses: every framing and content-coding an upstream may use,
# the caps (bombs, oversized streams), broken streams, unbuffered proxying,
# gunzip in front, HEAD, and a client that goes away.

use strict;
use warnings;
use utf8;

use FindBin;
use lib "$FindBin::Bin/../lib";

use IO::Socket::INET;
use Test::More;
use Time::HiRes qw(sleep);
use ReaderBackend;
use ReaderTest;

my $t = ReaderTest->new;
my $site = ReaderTest->root . '/docs/examples/site';

for my $f (qw(news/index.html news/night-shelf.html blog/tide-clock.html)) {
    $t->write_file("html/$f", $t->read_file("$site/$f"));
}

my $backend = ReaderBackend::start(port => $t->port(1),
                                   root => $t->dir . '/html');

$t->run(<<'EOF');
    server {
        listen 127.0.0.1:%%PORT_0%%;

        reader on;
        proxy_http_version 1.1;

        location / {
            proxy_pass http://127.0.0.1:%%PORT_1%%;
        }

        location /small/ {
            reader_max_size 4k;
            proxy_pass http://127.0.0.1:%%PORT_1%%/;
        }

        location /nobuf/ {
            proxy_buffering off;
            proxy_pass http://127.0.0.1:%%PORT_1%%/;
        }

        location /gunzip/ {
            gunzip on;
            proxy_pass http://127.0.0.1:%%PORT_1%%/;
        }
    }
EOF

my $path = '/blog/tide-clock.html';
my $orig = $t->read_file("html$path");

# the reference: the identity response with a length

my $r = $t->get("$path?m=plain");
is($r->{status}, 200, 'plain: 200');
is($t->logged("$path?m=plain")->[1], 'applied', 'plain: applied');
like($r->{content}, qr/lead weight on the pendulum/, 'plain: article text');
is($r->{headers}{'content-length'}, length $r->{content}, 'plain: length');
my $page = $r->{content};
my $etag = $r->{headers}{etag};
like($etag, qr{^W/"[0-9a-f]{32}"$}, 'plain: weak ETag from the upstream ETag');

# every framing and coding gives the same page

for my $q ('m=chunked', 'm=close', 'm=slow', 'm=gzip', 'm=gzip&x=1',
           'm=deflate', 'm=deflate&raw=1', 'm=multi')
{
    my $u = "$path?$q";
    $r = $t->get($u);
    is($r->{status}, 200, "$q: 200");
    is($t->logged($u)->[1], 'applied', "$q: applied");
    ok(!defined $r->{headers}{'content-encoding'},
       "$q: identity to a client without gzip");
    is($r->{content}, $page, "$q: the same reader page");
    is($r->{headers}{'content-length'}, length $r->{content},
       "$q: exact Content-Length");
}

# the upstream gzips, the client takes gzip

$r = $t->get("$path?m=gzip", 'Accept-Encoding' => 'gzip');
is($r->{headers}{'content-encoding'}, 'gzip', 'gzip to gzip: gzip');
is($t->body($r), $page, 'gzip to gzip: the page');
is(join(',', ReaderTest::header_list($r, 'vary')), 'Accept-Encoding',
   'gzip to gzip: one Vary from the module, the upstream\'s replaced');

# the upstream's charset parameter is the decoder's hint

$r = $t->get('/news/night-shelf.html?m=gzip&ct=text/html%3B%20charset%3Dgbk');
my $zh = $r->{content};
utf8::decode($zh);
like($zh, qr/夜間自助書架/, 'gbk upstream: decoded');
is($r->{headers}{'content-type'}, 'text/html; charset=utf-8',
   'gbk upstream: utf-8 out');

# gunzip in front: nginx inflates for a client without gzip

$r = $t->get("/gunzip$path?m=gzip");
is($t->logged("/gunzip$path?m=gzip")->[1], 'applied', 'gunzip on: applied');
like($r->{content}, qr/lead weight on the pendulum/, 'gunzip on: text');

# unbuffered proxying

$r = $t->get("/nobuf$path?m=slow");
is($t->logged("/nobuf$path?m=slow")->[1], 'applied',
   'proxy_buffering off: applied');
like($r->{content}, qr/lead weight on the pendulum/,
     'proxy_buffering off: text');

# --- fail open -------------------------------------------------------------

sub raw_upstream {
    my ($u) = @_;
    return $t->get($u, PORT => $t->port(1))->{content};
}

for my $q ('m=corrupt', 'm=truncated') {
    my $u = "$path?$q";
    $r = $t->get($u, 'Accept-Encoding' => 'gzip');
    is($r->{status}, 200, "$q: 200");
    is($r->{headers}{'content-encoding'}, 'gzip', "$q: the original coding");
    is($r->{content}, raw_upstream($u), "$q: the original bytes");
    is($t->logged($u)->[1], 'inflate_failed', "$q: inflate_failed");
}

$r = $t->get('/bomb.html?m=bomb&mib=64', 'Accept-Encoding' => 'gzip');
is($r->{status}, 200, 'bomb: 200');
is($r->{content}, raw_upstream('/bomb.html?m=bomb&mib=64'),
   'bomb: the original gzip bytes');
is($t->logged('/bomb.html?m=bomb&mib=64')->[1], 'inflate_failed',
   'bomb: inflate_failed at reader_max_size');

$r = $t->get("$path?m=br", 'Accept-Encoding' => 'br');
is($r->{headers}{'content-encoding'}, 'br', 'br: passed through');
is($r->{content}, $orig, 'br: the original bytes');
is($t->logged("$path?m=br")->[1], 'encoded', 'br: encoded');

# over the cap: known from the header, or found mid-stream (chunked)

$r = $t->get("/small$path?m=plain");
is($r->{content}, $orig, 'too large (length): original bytes');
is($t->logged("/small$path?m=plain")->[1], 'too_large',
   'too large (length): too_large');

$r = $t->get("/small$path?m=chunked");
is($r->{content}, $orig, 'too large (chunked): original bytes');
is($t->logged("/small$path?m=chunked")->[1], 'too_large',
   'too large (chunked): too_large');

$r = $t->get("/small$path?m=gzip");
is($t->logged("/small$path?m=gzip")->[1], 'inflate_failed',
   'small compressed, too large inflated: inflate_failed');
is($r->{content}, raw_upstream("$path?m=gzip"),
   'small compressed, too large inflated: original bytes');

$r = $t->get('/news/index.html?m=chunked');
is($r->{content}, $t->read_file('html/news/index.html'),
   'not an article: original bytes');
is($t->logged('/news/index.html?m=chunked')->[1], 'not_article',
   'not an article: not_article');

# an upstream that closes early: the client must not get a complete page

$r = $t->get("$path?m=short");
ok($r->{status} == 599 || length($r->{content}) < length($orig),
   'short upstream: no complete response');

# --- HEAD --------------------------------------------------------------------

$r = $t->head("$path?m=plain", 'Accept-Encoding' => 'gzip');
is($r->{status}, 200, 'HEAD: 200');
is($r->{headers}{'content-type'}, 'text/html; charset=utf-8',
   'HEAD: reader Content-Type');
ok(!defined $r->{headers}{'content-length'}, 'HEAD: no Content-Length');
is($r->{headers}{'content-encoding'}, 'gzip', 'HEAD: gzip announced');
is($r->{headers}{etag}, $etag, 'HEAD: the reader ETag');
ok(length $r->{headers}{'content-security-policy'}, 'HEAD: CSP');
is($t->logged("$path?m=plain")->[1], 'applied', 'HEAD: applied');

# --- a client that goes away while the body is collected ------------------

for (1 .. 3) {
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1:' . $t->port(0))
        or die "connect: $!";
    print $s "GET $path?m=slow HTTP/1.1\r\nHost: x\r\n\r\n";
    sleep 0.15;
    close $s;
}

sleep 1;
$r = $t->get("$path?m=plain");
is($r->{content}, $page, 'after aborted clients: still serving');

is($t->stop, '', 'no alert, crit or emerg in error.log');
ReaderBackend::stop($backend);

done_testing;
