#!/usr/bin/perl

# Real pages from ../shared/corpus (read in place): the module's reader page
# equals what reader-extract makes of the same bytes and URL, gzipped or not,
# from a static file or through proxy_pass from an upstream that gzips; and
# without ?reader=1 the original bytes come back unchanged.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../lib";

use Cwd qw(abs_path);
use Test::More;
use ReaderBackend;
use ReaderTest;

my $corpus = ReaderTest->root . '/../shared/corpus';
my $extract = $ENV{READER_EXTRACT} // ReaderTest->root . '/build/reader-extract';

plan(skip_all => "no corpus at $corpus (../shared is absent)")
    unless -d $corpus;
plan(skip_all => "$extract not built (run make)") unless -x $extract;

$corpus = abs_path($corpus);

# the first case of each dataset, in name order: a fixed, varied sample

my @cases;
for my $set (sort grep { -d } glob "$corpus/*") {
    my ($first) = sort grep { -f "$_/source.html" } glob "$set/*";
    push @cases, substr($first, length($corpus) + 1) if $first;
}

plan(skip_all => 'no cases in the corpus') unless @cases;

my $t = ReaderTest->new;
my $backend = ReaderBackend::start(port => $t->port(1), root => $corpus);

$t->run(<<"EOF");
    server {
        listen 127.0.0.1:%%PORT_0%%;

        reader \$arg_reader;

        location /static/ {
            alias $corpus/;
        }

        location /proxied/ {
            proxy_pass http://127.0.0.1:%%PORT_1%%/;
        }
    }
EOF

my $base = 'http://127.0.0.1:' . $t->port(0);

# reader-extract's page for a file and URL, or undef when it extracts none

sub expected {
    my ($file, $url) = @_;

    open my $fh, '-|', $extract, '--format', 'html', '--url', $url, $file
        or die "$extract: $!";
    binmode $fh;
    local $/;
    my $out = <$fh>;
    close $fh;

    return $? == 0 ? $out : undef;
}

for my $case (@cases) {
    my $file = "$corpus/$case/source.html";
    my $orig = $t->read_file($file);

    for my $where ('static', 'proxied') {
        my $path = "/$where/$case/source.html";
        my $want = expected($file, "$base$path");
        my $q = $where eq 'proxied' ? '?m=gzip&nocache=1&reader=1' : '?reader=1';

        my $r = $t->get("$path$q", 'Accept-Encoding' => 'gzip');
        is($r->{status}, 200, "$case $where: 200");

        if (defined $want) {
            is($r->{headers}{'content-encoding'}, 'gzip', "$case $where: gzip");
            ok($t->body($r) eq $want,
               "$case $where: equals reader-extract --url $base$path");

        } else {
            is($t->logged("$path$q")->[1], 'not_article',
               "$case $where: not extracted by either");
            ok($t->body($r) eq $orig, "$case $where: the original bytes");
        }
    }

    my $r = $t->get("/static/$case/source.html");
    ok($r->{content} eq $orig, "$case: without ?reader=1, unchanged");

    $r = $t->get("/proxied/$case/source.html?m=gzip", 'Accept-Encoding' => 'gzip');
    ok($t->body($r) eq $orig, "$case proxied: without ?reader=1, unchanged");
}

is($t->stop, '', 'no alert, crit or emerg in error.log');
ReaderBackend::stop($backend);

done_testing;
