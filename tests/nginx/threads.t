#!/usr/bin/perl

# reader_thread_pool: while one worker transforms a 4 MB page, a small
# request on the same worker is answered before the transform ends; without
# the pool the same request waits for it (the stall the pool removes).  The
# order is checked, not durations: the small request is sent once the
# worker has spent CPU time on the big page, and when its answer is
# complete, the big response either has not begun (pool) or has (no pool).
# Also: the page is the one the worker makes, proxied responses and the
# cache go through the pool, and a client that leaves mid-transform.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../lib";

use IO::Select;
use IO::Socket::INET;
use POSIX qw(sysconf _SC_CLK_TCK);
use Test::More;
use Time::HiRes qw(sleep time);
use ReaderBackend;
use ReaderTest;

my $t = ReaderTest->new;
my $site = ReaderTest->root . '/docs/examples/site';

# an article of 4 MB: about 20,000 paragraphs of prose

my $big = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    . '<title>The long tide</title></head><body><header><nav>'
    . '<a href="/">Home</a> <a href="/news/">News</a></nav></header>'
    . '<article><h1>The long tide</h1>';
for (my $i = 1; length $big < 4_000_000; $i++) {
    $big .= "<p>Paragraph $i of the long account: the river rose along the"
        . " harbour wall, and the town counted the steps it covered, one"
        . " by one, while <a href=\"/notes/$i\">the keeper's notes</a> grew"
        . " longer and the lamps stayed lit until morning.</p>\n";
}
$big .= '</article><footer>Harbour Gazette</footer></body></html>';

$t->write_file('html/big.html', $big);
$t->write_file('html/small.txt', "small\n");
$t->write_file('html/a.html',
               $t->read_file("$site/blog/tide-clock.html"));

my $backend = ReaderBackend::start(port => $t->port(1),
                                   root => $t->dir . '/html');

$t->run(<<'EOF');
    log_format timing '$request_uri $status $reader_cache_status '
                      '"$reader_status" "$reader_time"';

    server {
        listen 127.0.0.1:%%PORT_0%%;
        root %%DIR%%/html;

        access_log %%DIR%%/logs/timing.log timing;

        location /pool/ {
            rewrite ^/pool(/.*)$ $1 break;
            reader on;
            reader_thread_pool default;
        }

        location /inline/ {
            rewrite ^/inline(/.*)$ $1 break;
            reader on;
        }

        location /cached/ {
            rewrite ^/cached(/.*)$ $1 break;
            reader on;
            reader_thread_pool default;
            reader_cache zone=pages:1m;
        }

        location /proxied/ {
            reader on;
            reader_thread_pool default;
            proxy_pass http://127.0.0.1:%%PORT_1%%/;
        }
    }
EOF

my $tick = sysconf(_SC_CLK_TCK) || 100;

# CPU seconds the worker spends on the big page before the small request
# goes: past reading the file, well before the engine ends (~0.2 s here)

my $busy = 0.03;

my $worker = do {
    my $master = $t->{pid};
    my ($pid) = split ' ',
        $t->read_file("/proc/$master/task/$master/children");
    $pid;
};

ok($worker, "the worker process ($worker)") or BAIL_OUT('no worker');

# CPU seconds of the worker, every thread included (dies with the worker:
# a crash must not look like an idle worker)

sub cpu {
    my ($stat) = $t->read_file("/proc/$worker/stat") =~ /\) (.*)/
        or die "the worker $worker is gone\n";
    my @f = split ' ', $stat;
    return ($f[11] + $f[12]) / $tick;
}

# waits until the worker has spent $busy CPU seconds since $cpu0, or s
# (the big response) is readable, for at most 60 s; true when busy

sub wait_busy {
    my ($cpu0, $s) = @_;

    my $deadline = time + 60;

    while (cpu() - $cpu0 < $busy && !readable($s) && time < $deadline) {
        sleep 0.01;
    }

    return !readable($s) && cpu() - $cpu0 >= $busy;
}

sub send_request {
    my ($uri) = @_;

    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1:' . $t->port(0))
        or die "connect: $!";
    print $s "GET $uri HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        . "Accept-Encoding: gzip\r\n\r\n";
    return $s;
}

sub read_all {
    my ($s) = @_;

    local $SIG{ALRM} = sub { die "response timed out\n" };
    alarm 120;
    my $data = '';
    while (sysread($s, $data, 65536, length $data)) { }
    alarm 0;
    close $s;

    return $data;
}

sub readable {
    my ($s) = @_;
    return IO::Select->new($s)->can_read(0) ? 1 : 0;
}

sub body_of {
    my ($raw) = @_;
    my ($head, $body) = split /\r\n\r\n/, $raw, 2;
    my $r = { content => $body, headers => {} };
    $r->{headers}{lc $1} = $2 while $head =~ /^([\w-]+): (.*?)\r?$/mg;
    ($r->{status}) = $head =~ m{^HTTP/1\.\d (\d+)};
    return $r;
}

# sends the big page to loc; once the worker has spent $busy CPU seconds on
# it, a small static request; returns what was seen

sub race {
    my ($loc) = @_;
    my %o;

    my $cpu0 = cpu();
    my $bs = send_request("/$loc/big.html");

    $o{busy} = wait_busy($cpu0, $bs);
    $o{sent} = time;

    my $small = read_all(send_request('/small.txt'));

    $o{small_done} = time;
    $o{big_pending} = !readable($bs);
    $o{small} = body_of($small);

    $o{big} = body_of(read_all($bs));
    $o{big_done} = time;

    diag(sprintf "%s: small answered in %.3f s, big answered %.3f s after "
         . "the small was sent", $loc, $o{small_done} - $o{sent},
         $o{big_done} - $o{sent});

    return \%o;
}

# the fields of the last timing.log line for uri, once there are $n of them

sub timing {
    my ($uri, $n) = @_;

    for (1 .. 250) {
        my @lines = grep { index($_, "$uri ") == 0 }
            split /\n/, $t->read_file('logs/timing.log');
        return [split / /, $lines[-1]] if @lines >= ($n // 1);
        sleep 0.02;
    }

    return [];
}

# --- the pool: the small request does not wait --------------------------------

my $pool = race('pool');
ok($pool->{busy}, 'pool: the small request was sent mid-transform');
is($pool->{small}{content}, "small\n", 'pool: the small response');
ok($pool->{big_pending},
   'pool: the small response is complete while the big one is pending');
is($pool->{big}{status}, 200, 'pool: big: 200');
is($pool->{big}{headers}{'content-encoding'}, 'gzip', 'pool: big: gzip');
is(length $pool->{big}{content}, $pool->{big}{headers}{'content-length'},
   'pool: big: exact length');
is(timing('/pool/big.html')->[3], '"applied"', 'pool: big: applied');
diag('pool: $reader_time of the big page ' . timing('/pool/big.html')->[4]);

# --- no pool: the same request waits --------------------------------------------

my $inline = race('inline');
ok($inline->{busy}, 'no pool: the small request was sent mid-transform');
is($inline->{small}{content}, "small\n", 'no pool: the small response');
ok(!$inline->{big_pending},
   'no pool: the small response waits for the big one (the stall)');
is($inline->{big}{status}, 200, 'no pool: big: 200');
is($inline->{big}{content}, $pool->{big}{content},
   'the pool makes the page the worker makes');

# --- proxied, and the cache, through the pool ------------------------------------

my $r = $t->get('/proxied/a.html?m=chunked', 'Accept-Encoding' => 'gzip');
is($r->{status}, 200, 'proxied through the pool: 200');
like($t->body($r), qr/lead weight on the pendulum/,
     'proxied through the pool: the page');
is(timing('/proxied/a.html?m=chunked')->[3], '"applied"',
   'proxied through the pool: applied');

$r = $t->get('/cached/a.html', 'Accept-Encoding' => 'gzip');
is(timing('/cached/a.html')->[2], 'MISS', 'pool and cache: MISS');
my $again = $t->get('/cached/a.html', 'Accept-Encoding' => 'gzip');
is(timing('/cached/a.html', 2)->[2], 'HIT', 'pool and cache: HIT');
is($again->{content}, $r->{content}, 'pool and cache: the same bytes');

# --- a client that leaves while its page is in the pool ---------------------------

my $cpu0 = cpu();
my $gone = send_request('/pool/big.html?gone=1');
ok(wait_busy($cpu0, $gone), 'client gone mid-transform: it was mid-transform');
close $gone;

my $after = $t->get('/small.txt');
is($after->{content}, "small\n", 'client gone mid-transform: serving goes on');
my $deadline = time + 120;
sleep 0.1 while time < $deadline && !@{timing('/pool/big.html?gone=1')};
like(join(' ', @{timing('/pool/big.html?gone=1')}), qr/^\S+ (200|499) /,
     'client gone mid-transform: the request ends');

ReaderBackend::stop($backend);
undef $backend;
is($t->stop, '', 'no alert, crit or emerg in error.log');

done_testing;
