#!/usr/bin/perl

# Reader pages over HTTP/2 (cleartext, prior knowledge): each page, inline
# and through the thread pool, static and proxied, is the page HTTP/1.1
# gets (curl); 64 streams multiplexed on one connection with the big page
# in the pool among small ones all succeed (h2load, from nghttp2-client);
# a client that resets its stream mid-transform leaves no alert behind.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../lib";

use IO::Uncompress::Gunzip qw(gunzip $GunzipError);
use Test::More;
use Time::HiRes qw(sleep);
use ReaderBackend;
use ReaderTest;

my ($curl, $h2load) = map { my $p = `command -v $_ 2>/dev/null`; chomp $p; $p }
    qw(curl h2load);
plan skip_all => 'curl and h2load (nghttp2-client) are needed'
    unless $curl && $h2load;

my $t = ReaderTest->new;
plan skip_all => 'nginx is built without the HTTP/2 module'
    unless `$t->{nginx} -V 2>&1` =~ /--with-http_v2_module/;
my $site = ReaderTest->root . '/docs/examples/site';

my $big = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    . '<title>The long tide</title></head><body><article><h1>The long tide'
    . '</h1>';
for (my $i = 1; length $big < 1_000_000; $i++) {
    $big .= "<p>Paragraph $i: the river rose along the harbour wall, and"
        . " the town counted the steps it covered, one by one, while the"
        . " lamps stayed lit until morning.</p>\n";
}
$big .= '</article></body></html>';

$t->write_file('html/big.html', $big);
$t->write_file('html/small.txt', "small\n");
$t->write_file('html/a.html', $t->read_file("$site/blog/tide-clock.html"));

my $backend = ReaderBackend::start(port => $t->port(1),
                                   root => $t->dir . '/html');

$t->run(<<'EOF');
    log_format h2 '$request_uri $status "$reader_status" "$reader_time" '
                  '$server_protocol';

    server {
        listen 127.0.0.1:%%PORT_0%%;
        listen 127.0.0.1:%%PORT_2%% http2;
        root %%DIR%%/html;

        access_log %%DIR%%/logs/h2.log h2;

        # one page URL for both ports, so both protocols make the same page
        reader_url http://example.org$uri;

        location /pool/ {
            rewrite ^/pool(/.*)$ $1 break;
            reader on;
            reader_thread_pool default;
        }

        location /inline/ {
            rewrite ^/inline(/.*)$ $1 break;
            reader on;
        }

        location /proxied/ {
            reader on;
            reader_thread_pool default;
            proxy_pass http://127.0.0.1:%%PORT_1%%/;
        }
    }
EOF

my $h2 = 'http://127.0.0.1:' . $t->port(2);
my $dir = $t->dir;

# the decoded body of an HTTP/1.1 request, to compare the streams with

sub reference {
    my ($path) = @_;
    return $t->body($t->get($path, 'Accept-Encoding' => 'gzip'));
}

# one request over HTTP/2 (curl cannot reuse a prior-knowledge connection
# reliably, so one connection each): [http_version, status,
# content-encoding, decoded body]

sub fetch_h2 {
    my ($path) = @_;

    open my $fh, '-|', $curl, '-s', '--http2-prior-knowledge',
        '-H', 'Accept-Encoding: gzip', '--max-time', '60',
        '-o', "$dir/h2.out", '-w',
        '%{http_version}\t%{http_code}\t%header{content-encoding}',
        "$h2$path"
        or die "curl: $!";
    my ($ver, $status, $ce) = split /\t/, do { local $/; <$fh> };
    close $fh;

    my $body = $t->read_file("$dir/h2.out");
    my $plain = $body;

    if (($ce // '') eq 'gzip') {
        gunzip(\$body => \$plain) or $plain = "gunzip: $GunzipError";
    }

    return [$ver // '', $status // 0, $ce // '', $plain];
}

my @paths = ('/pool/big.html', '/pool/a.html', '/inline/a.html',
             '/proxied/a.html', '/small.txt', '/pool/small.txt');

for my $p (@paths) {
    my $want = reference($p);
    my ($ver, $status, $ce, $body) = @{ fetch_h2($p) };

    is($ver, '2', "$p: HTTP/2");
    is($status, 200, "$p: 200");
    ok($body eq $want, "$p: the same page as over HTTP/1.1")
        or diag(length($body) . ' vs ' . length($want) . ' bytes');
    is($ce, 'gzip', "$p: gzip") if $p =~ /\.html$/;
    ok(index($want, '<p>Paragraph 6000: ') >= 0 && $want =~ /^<!DOCTYPE html>/,
       'the big page is the reader page') if $p =~ /big/;
}

# many streams at once on one connection: the big page in the pool while
# small pages and static files share the connection

sub applied_h2 {
    return scalar grep { m{^/(pool|inline|proxied)/\S+\.html\?m=1 200 "applied".* HTTP/2\.0$} }
        split /\n/, $t->read_file('logs/h2.log');
}

my @urls = map { "$h2$_?m=1" } qw(/pool/big.html /pool/a.html /inline/a.html
    /proxied/a.html /small.txt /pool/small.txt /pool/a.html /small.txt);
my $out = `$h2load -c 1 -m 16 -n 64 -H 'Accept-Encoding: gzip' @urls 2>&1`;

like($out, qr/^requests: 64 total, 64 started, 64 done, 64 succeeded, 0 failed, 0 errored, 0 timeout$/m,
     'h2load: 64 streams on one connection, all succeeded')
    or diag($out);
like($out, qr/^status codes: 64 2xx,/m, 'h2load: all 200');

# the log line is written just after the last frame: wait for it
for (1 .. 250) { last if applied_h2() >= 40; sleep 0.02; }
is(applied_h2(), 40, 'h2load: 40 reader pages applied');

# a client that resets its stream while the big page is in the pool: the
# worker keeps serving

system($curl, '-s', '--http2-prior-knowledge', '--max-time', '0.05',
       '-o', '/dev/null', "$h2/pool/big.html?gone=1");
is(fetch_h2('/pool/a.html?after=1')->[1], 200, 'after a reset stream: 200');

ReaderBackend::stop($backend);
undef $backend;
is($t->stop, '', 'no alert, crit or emerg in error.log');

done_testing();
