#!/usr/bin/perl

# Conditional requests against the reader validator, HEAD, reader_bypass,
# and the variables, for static files and proxied responses.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../lib";

use POSIX qw(strftime);
use Test::More;
use ReaderBackend;
use ReaderTest;

my $t = ReaderTest->new;
my $site = ReaderTest->root . '/docs/examples/site';

$t->write_file('html/blog/tide-clock.html',
               $t->read_file("$site/blog/tide-clock.html"));
utime 1700000000, 1700000000, $t->dir . '/html/blog/tide-clock.html';

my $backend = ReaderBackend::start(port => $t->port(1),
                                   root => $t->dir . '/html');

$t->run(<<'EOF');
    server {
        listen 127.0.0.1:%%PORT_0%%;
        root %%DIR%%/html;

        reader $arg_reader;
        reader_bypass $arg_raw $cookie_noreader;

        location /p/ {
            reader on;
            proxy_pass http://127.0.0.1:%%PORT_1%%/;
        }
    }
EOF

my $u = '/blog/tide-clock.html?reader=1';
my $lm = strftime('%a, %d %b %Y %H:%M:%S GMT', gmtime 1700000000);
my $older = strftime('%a, %d %b %Y %H:%M:%S GMT', gmtime 1600000000);

my $r = $t->get($u);
is($r->{status}, 200, 'static: 200');
my $etag = $r->{headers}{etag};
like($etag, qr{^W/"[0-9a-f]{32}"$}, 'static: weak ETag');
is($r->{headers}{'last-modified'}, $lm, 'static: Last-Modified kept');
my $len = $r->{headers}{'content-length'};
isnt($etag, $t->get('/blog/tide-clock.html')->{headers}{etag},
     'static: the reader ETag is not the file\'s');

# --- If-None-Match -----------------------------------------------------------

sub cond {
    my ($url, $name, %h) = @_;
    my $res = $t->get($url, %h);
    return ($res, $t->logged($url));
}

my ($c, $log) = cond($u, 'inm', 'If-None-Match' => $etag);
is($c->{status}, 304, 'If-None-Match reader ETag: 304');
like($t->raw("GET $u HTTP/1.1\nHost: 127.0.0.1:" . $t->port(0) . "\nIf-None-Match: $etag\n"),
     qr{^HTTP/1.1 304 .*\r\n\r\n\z}s, '304: no body bytes');
is($c->{headers}{etag}, $etag, '304: the reader ETag');
is(join(',', ReaderTest::header_list($c, 'vary')), 'Accept-Encoding',
   '304: Vary');
is($log->[1], 'not_modified', '304: $reader_status not_modified');
is($log->[2], '-', '304: the engine did not run ($reader_time empty)');

(my $opaque = $etag) =~ s{^W/}{};
($c) = cond($u, 'strong', 'If-None-Match' => $opaque);
is($c->{status}, 304, 'If-None-Match without W/: weak comparison, 304');

($c) = cond($u, 'list', 'If-None-Match' => "\"abc\", $etag , W/\"x\"");
is($c->{status}, 304, 'If-None-Match list: 304');

($c, $log) = cond($u, 'other', 'If-None-Match' => 'W/"0123"');
is($c->{status}, 200, 'If-None-Match other: 200');
is($log->[1], 'applied', 'If-None-Match other: applied');

($c) = cond($u, 'star', 'If-None-Match' => '*');
is($c->{status}, 304, 'If-None-Match *: 304');

($c) = cond($u, 'ims+inm', 'If-None-Match' => 'W/"0123"',
            'If-Modified-Since' => $lm);
is($c->{status}, 200, 'If-None-Match wins over If-Modified-Since');

# --- If-Modified-Since (nginx answers it: Last-Modified is kept) ------------

($c) = cond($u, 'ims', 'If-Modified-Since' => $lm);
is($c->{status}, 304, 'If-Modified-Since equal: 304');

($c) = cond($u, 'ims-old', 'If-Modified-Since' => $older);
is($c->{status}, 200, 'If-Modified-Since older: 200');

# --- HEAD on a static file: the engine runs, same headers as GET ----------

my $h = $t->head($u);
is($h->{status}, 200, 'HEAD static: 200');
like($t->raw("HEAD $u HTTP/1.1\nHost: x\n"),
     qr{^HTTP/1.1 200 .*\r\n\r\n\z}s, 'HEAD static: no body bytes');
is($h->{headers}{'content-length'}, $len, 'HEAD static: GET\'s length');
is($h->{headers}{etag}, $etag, 'HEAD static: GET\'s ETag');
is($h->{headers}{'content-type'}, 'text/html; charset=utf-8',
   'HEAD static: Content-Type');
is($t->logged($u)->[1], 'applied', 'HEAD static: applied');

my $gz = $t->get($u, 'Accept-Encoding' => 'gzip');
$h = $t->head($u, 'Accept-Encoding' => 'gzip');
is($h->{headers}{'content-length'}, $gz->{headers}{'content-length'},
   'HEAD static gzip: GET\'s length');
is($h->{headers}{'content-encoding'}, $gz->{headers}{'content-encoding'},
   'HEAD static gzip: GET\'s coding');

# HEAD on a page that fails open: the original headers, still no body
$t->write_file('html/list.html', $t->read_file("$site/news/index.html"));
like($t->raw("HEAD /list.html?reader=1 HTTP/1.1\nHost: x\n"),
     qr{^HTTP/1.1 200 .*Content-Length: \d+\r\n.*\r\n\r\n\z}s,
     'HEAD fail-open: original headers, no body bytes');

$h = $t->head('/blog/tide-clock.html');
is($h->{headers}{'content-length'},
   length $t->read_file('html/blog/tide-clock.html'),
   'HEAD without reader: the file\'s length');

# --- reader_bypass ------------------------------------------------------------

my $orig = $t->read_file('html/blog/tide-clock.html');

$r = $t->get("$u&raw=1");
is($r->{content}, $orig, 'bypass by argument: original');
is($t->logged("$u&raw=1")->[1], 'bypass', 'bypass: $reader_status bypass');
is($t->logged("$u&raw=1")->[2], '-', 'bypass: no $reader_time');

$r = $t->get("$u&raw=0");
is($t->logged("$u&raw=0")->[1], 'applied', 'raw=0 is no bypass');

$r = $t->get("$u&c=1", Cookie => 'noreader=1');
is($r->{content}, $orig, 'bypass by cookie: original');

$r = $t->get("$u&c=0", Cookie => 'noreader=0');
is($t->logged("$u&c=0")->[1], 'applied', 'cookie 0 is no bypass');

# --- proxied: nginx's not_modified filter is off for non-cached upstreams ---

my $p = '/p/blog/tide-clock.html';

$r = $t->get($p);
my $petag = $r->{headers}{etag};
like($petag, qr{^W/"[0-9a-f]{32}"$}, 'proxied: weak ETag');
my $plm = $r->{headers}{'last-modified'};
ok(defined $plm, 'proxied: Last-Modified kept');

($c, $log) = cond($p, 'p-inm', 'If-None-Match' => $petag);
is($c->{status}, 304, 'proxied If-None-Match: 304');
is($log->[1], 'not_modified', 'proxied If-None-Match: not_modified');

($c, $log) = cond($p, 'p-ims', 'If-Modified-Since' => $plm);
is($c->{status}, 304, 'proxied If-Modified-Since: 304 by the module');
is($log->[1], 'not_modified', 'proxied If-Modified-Since: not_modified');

($c) = cond($p, 'p-ims-old', 'If-Modified-Since' => $older);
is($c->{status}, 200, 'proxied If-Modified-Since older: 200');

my $nv = "$p?novalidator=1";
$r = $t->get($nv);
ok(!defined $r->{headers}{etag}, 'upstream without validators: no ETag');
($c) = cond($nv, 'nv', 'If-None-Match' => $petag);
is($c->{status}, 200, 'upstream without validators: no 304');

is($t->stop, '', 'no alert, crit or emerg in error.log');
ReaderBackend::stop($backend);

done_testing;
