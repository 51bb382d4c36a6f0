#!/usr/bin/perl

# A bounded load test: wrk against nginx on 127.0.0.1, one worker, mixing
# reader pages (static and proxied, every framing and coding), the hostile
# corpus (when ../shared/hostile is there), upstream faults (a reset
# mid-body, truncated and corrupt gzip, a slow trickle, no Content-Length,
# a short body) and, at the same time, clients that close mid-response.
#
# Asserted: every complete response is the reader page or the original
# (tests/load/mix.lua compares each with the bodies recorded before the
# run), no request times out, the worker is never replaced (no exit on a
# signal), no [alert]/[crit]/[emerg] in error.log, and the worker's RSS
# after LOAD_REQUESTS (10,000) responses is within 10% of its RSS after
# the first LOAD_WARMUP (1,000).  Each wrk run stops by itself after at
# most 55 s; at most LOAD_RUNS (6) runs.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../lib";

use JSON::PP qw(decode_json);
use List::Util qw(max);
use Test::More;
use POSIX qw(WNOHANG);
use Time::HiRes qw(sleep time);
use ReaderFaults;
use ReaderTest;

plan(skip_all => 'wrk not installed (apt-get install wrk)')
    unless grep { -x "$_/wrk" } split /:/, $ENV{PATH};

my $warmup = $ENV{LOAD_WARMUP} // 1000;
my $target = $ENV{LOAD_REQUESTS} // 10000;
my $max_runs = $ENV{LOAD_RUNS} // 6;

my $t = ReaderTest->new;
my $root = ReaderTest->root;
my $site = "$root/docs/examples/site";

# --- the pages -------------------------------------------------------------

my @normal = qw(site/blog/tide-clock.html site/news/night-shelf.html
                site/news/index.html fx/en.html fx/ar.html fx/ja.html
                fx/zh-ruby.html);

for my $f (@normal) {
    my $src = $f =~ m{^site/(.*)} ? "$site/$1"
            : "$root/tests/fixtures/pages/" . substr($f, 3);
    $t->write_file("html/$f", $t->read_file($src));
}

my $article = '/p/site/blog/tide-clock.html';

# [weight, path, kind]: kind "page" may be either body, "fault" only the
# original, "never" must not complete
my @mix = ((map { [100, "/$_", 'page'] } @normal),
           (map { [100, "$article?m=$_", 'page'] }
                qw(plain chunked gzip deflate)),
           [50, "$article?m=close", 'page'],
           [50, "$article?m=slow", 'page'],
           [50, "$article?m=truncated", 'fault'],
           [50, "$article?m=corrupt", 'fault'],
           [10, "$article?m=reset", 'never'],
           [10, "$article?m=short", 'never']);

my $corpus = "$root/../shared/hostile";

if (-f "$corpus/manifest.json") {
    my $m = decode_json($t->read_file("$corpus/manifest.json"));

    for my $c (@{ $m->{cases} }) {
        $t->write_file("html/h/$c->{file}",
                       $t->read_file("$corpus/$c->{file}"));

        my $ce = $c->{serve_with}{'Content-Encoding'};
        push @mix, [1, $ce ? "/p/h/$c->{file}?m=raw&ce=$ce"
                           : "/h/$c->{file}", 'page'];
    }

} else {
    diag("no hostile corpus at $corpus: the mix has no hostile pages");
}

# RSS is to show leaks, not glibc's heap policy: with its default dynamic
# thresholds, one 3 MB hostile page moves the mmap threshold up and the
# freed heap stays mapped or not depending on the last requests (RSS seen
# swinging between 13 and 35 MB with no leak).  Fixed thresholds return
# large blocks and the heap's free top at once; nginx is started with them
# (its workers inherit what glibc read at exec).
$ENV{GLIBC_TUNABLES} = 'glibc.malloc.mmap_threshold=131072:'
                     . 'glibc.malloc.trim_threshold=131072';

my @upstream = ReaderFaults::start_upstream(port => $t->port(1),
                                            root => $t->dir . '/html');

$t->run(<<'EOF');
    log_format load '$request_uri $status $request_time $reader_status '
                    '$upstream_status $bytes_sent';

    server {
        listen 127.0.0.1:%%PORT_0%%;
        root %%DIR%%/html;

        access_log %%DIR%%/logs/access.log reader_test;
        access_log %%DIR%%/logs/load.log load;

        reader on;
        add_header X-Uri $request_uri always;

        # a client whose upstream failed mid-body must not wait for
        # send_timeout: short, so a regression shows as slow requests
        send_timeout 2s;

        location /p/ {
            proxy_pass http://127.0.0.1:%%PORT_1%%/;
            proxy_read_timeout 10s;
        }
    }
EOF

# --- the expected bodies: the original, and the reader page nginx gives --

my $list = '';

for my $i (0 .. $#mix) {
    my ($w, $path, $kind) = @{ $mix[$i] };
    my ($page, $orig) = ('-', '-');

    if ($kind ne 'never') {
        my $raw = $path =~ m{^/p(/.*)}
                ? $t->get($1, PORT => $t->port(1))->{content}
                : $t->read_file("html$path");
        $orig = $t->write_file("expect/$i.orig", $raw);
    }

    my $r = $t->get($path);

    if ($kind eq 'page' && ($t->logged($path)->[1] // '') eq 'applied') {
        $page = $t->write_file("expect/$i.page", $r->{content});
    }

    $list .= "$w\t$path\t$page\t$orig\n";
}

$t->write_file('expect/list', $list);

ok(-s $t->dir . "/expect/0.page", 'the article is a reader page before the run');

# --- the runs --------------------------------------------------------------

our ($worker) = ReaderFaults::children($t->{pid});
ok($worker, "one worker ($worker)");

my %sum = map { $_ => 0 } qw(responses reader original bad timeout connect);
my ($rss_warm, $rss_end);
my $aborted = 0;
my $runs = 0;

for my $goal ($warmup, $target) {
    while ($sum{responses} < $goal && $runs < $max_runs) {
        run_wrk($goal - $sum{responses});
    }

    my $rss = settled_rss($goal);

    diag(sprintf 'after %d responses (%d runs): worker RSS %s kB',
         $sum{responses}, $runs, $rss // 'gone');

    if ($goal == $warmup) {
        $rss_warm = $rss;

    } else {
        $rss_end = $rss;
    }
}

cmp_ok($sum{responses}, '>=', $target, "$target responses in $runs runs");
is($sum{bad}, 0, 'every response the reader page or the original');
ok($sum{reader} > $sum{responses} / 2, "reader pages: $sum{reader}");
ok($sum{original} > 0, "originals (faults, refusals): $sum{original}");
is($sum{timeout}, 0, 'no request timed out');
is($sum{connect}, 0, 'no connection refused');
ok($aborted > 0, "clients that went away: $aborted");

is_deeply([ReaderFaults::children($t->{pid})], [$worker],
          'the same worker throughout');

ok(defined $rss_warm && defined $rss_end
   && $rss_end <= $rss_warm * 1.10 && $rss_end >= $rss_warm * 0.90,
   sprintf('worker RSS after %d responses (%s kB) within 10%% of after %d'
           . ' (%s kB)', $sum{responses}, $rss_end // '-', $warmup,
           $rss_warm // '-'));

# a failed upstream is no response: the client should learn it at once
my @fault = map { (split ' ')[2] } grep { /m=(reset|short) / }
    split /\n/, $t->read_file('logs/load.log');

cmp_ok(max(@fault, 0), '<', 1,
       'requests whose upstream failed end within 1 s');

my $r = $t->get("$article?m=plain&after=load");
is($t->logged("$article?m=plain&after=load")->[1], 'applied',
   'a reader page after the load');

my $log = $t->read_file('logs/error.log');
my @crash = $log =~ /^(.*exited on signal.*)$/mg;
is(scalar @crash, 0, 'no worker exited on a signal') or diag(@crash);

is($t->stop, '', 'no alert, crit or emerg in error.log');
ReaderFaults::stop(@upstream);

done_testing;


# one wrk run of at most 55 s for `want` responses, with aborting clients
# beside it; adds its counts to %sum

sub run_wrk {
    my ($want) = @_;

    $runs++;

    my $dir = $t->dir;
    my @paths = map { $_->[1] } @mix;
    my $abort = ReaderFaults::start_aborts(port => $t->port(0),
                                           paths => \@paths, count => 300,
                                           seconds => 55, seed => $runs,
                                           report => "$dir/aborts");

    my $threads = 2;
    my $quota = int(($want + $threads - 1) / $threads);
    my $out = "$dir/wrk.$runs.log";
    my $progress = "$dir/progress.$runs.";
    my $start = time;

    my $pid = fork() // die "fork: $!";

    if ($pid == 0) {
        open STDOUT, '>', $out or POSIX::_exit(127);
        open STDERR, '>&', \*STDOUT;
        exec('wrk', '-t', $threads, '-c', 16, '-d', '55s', '--timeout', '10s',
             '-s', "$FindBin::Bin/mix.lua",
             'http://127.0.0.1:' . $t->port(0) . '/',
             '--', "$dir/expect/list", $quota, $progress);
        POSIX::_exit(127);
    }

    # wrk runs for its whole -d even when every thread has its quota: stop
    # it (it prints its results on SIGINT) once the counts add up

    while (waitpid($pid, WNOHANG) == 0) {
        my $n = 0;
        $n += $t->read_file($_) || 0 for glob "$progress*";

        if ($n >= $quota * $threads) {
            kill 'INT', $pid;
            waitpid($pid, 0);
            last;
        }

        sleep 0.2;
    }

    kill 'TERM', $abort;
    waitpid($abort, 0);
    $aborted += $t->read_file('aborts') || 0;

    my $text = $t->read_file($out);
    my %got = $text =~ /(responses|reader|original|bad)=(\d+)/g;
    my ($connect, $timeout) =
        $text =~ /connect (\d+), read \d+, write \d+, timeout (\d+)/;

    $sum{$_} += $got{$_} // 0 for qw(responses reader original bad);
    $sum{connect} += $connect // 0;
    $sum{timeout} += $timeout // 0;

    diag(sprintf "run %d: %.0f s, %s", $runs, time - $start,
         join ' ', map { "$_=" . ($got{$_} // '?') }
             qw(responses reader original bad));
    diag($1) if $text =~ /^((?:  .*\n)+)/m;
    diag($text) unless defined $got{responses};
}


# the worker's RSS at a comparable point: the load over, then the same few
# small pages, so that what the last requests left in the heap is alike

sub settled_rss {
    my ($tag) = @_;

    sleep 1;

    for my $i (1 .. 3) {
        $t->get("/$_?settle=$tag-$i") for @normal;
    }

    return ReaderFaults::rss_kb($worker);
}
