#!/usr/bin/perl

# The hostile-input corpus (../shared/hostile, manifest.json) through nginx:
# every case served static (from a root directory) and proxied (with the
# manifest's serve_with headers), each answered within a bound with an
# outcome the manifest allows, and no worker lost on the way.
#
#   transform              a reader page: 200, text/html; charset=utf-8,
#                          valid UTF-8, no script, $reader_status "applied"
#   reject / passthrough   the original bytes and coding, $reader_status one
#                          of the documented refusal words
#
# A not_article verdict where the manifest wants only a transform is a
# documented deviation (pages of nothing but links are served as the
# original; docs/hostile.md), asserted as such, as in test_hostile.
#
# Environment: HOSTILE_DIR (default ../shared/hostile), HOSTILE_NGINX_BOUND
# (seconds per request, default 5), HOSTILE_NGINX_REPORT=FILE (writes the
# per-case table in Markdown, for docs/hostile.md).

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../lib";

use Encode qw();
use JSON::PP qw(decode_json);
use Test::More;
use Time::HiRes qw(time);
use ReaderFaults;
use ReaderTest;

my $corpus = $ENV{HOSTILE_DIR} // ReaderTest->root . '/../shared/hostile';

plan(skip_all => "no hostile corpus at $corpus (../shared absent)")
    unless -f "$corpus/manifest.json";

my $bound = $ENV{HOSTILE_NGINX_BOUND} // 5;
my $manifest = decode_json(ReaderTest->read_file("$corpus/manifest.json"));
my @cases = @{ $manifest->{cases} };

# what the module may say when it sends the original back
my %refusal = map { $_ => 1 }
    qw(not_article too_large undecodable encoded inflate_failed);

my $t = ReaderTest->new;
my $site = ReaderTest->root . '/docs/examples/site';

$t->write_file('html/live.html', $t->read_file("$site/blog/tide-clock.html"));

for my $c (@cases) {
    $t->write_file("html/h/$c->{file}",
                   $t->read_file("$corpus/$c->{file}"));
}

my @upstream = ReaderFaults::start_upstream(port => $t->port(1),
                                            root => $t->dir . '/html/h',
                                            children => 2);

# nginx has no deflate_static: a pre-compressed .deflate file gets its
# Content-Encoding from add_header, as a plain header

$t->run(<<'EOF');
    server {
        listen 127.0.0.1:%%PORT_0%%;
        root %%DIR%%/html;

        reader on;

        location /static/ {
            alias %%DIR%%/html/h/;
        }

        location /static-gz/ {
            alias %%DIR%%/html/h/;
            gzip_static always;
            charset utf-8;
        }

        location /static-deflate/ {
            alias %%DIR%%/html/h/;
            types { text/html deflate; }
            charset utf-8;
            add_header Content-Encoding deflate;
        }

        location /proxy/ {
            proxy_pass http://127.0.0.1:%%PORT_1%%/;
        }
    }
EOF

my @rows;
my $seen = 0;

for my $c (@cases) {
    my $original = $t->read_file("html/h/$c->{file}");
    my %allows = map { $_ => 1 } @{ $c->{expect} };
    my $sw = $c->{serve_with};
    my $ce = $sw->{'Content-Encoding'} // '';
    my @row = ($c->{name}, join(', ', grep { $_ ne 'bounded' }
                                     @{ $c->{expect} }));

    my $static = $c->{file} =~ /^(.*)\.gz$/ ? "/static-gz/$1"
               : $c->{file} =~ /\.deflate$/ ? "/static-deflate/$c->{file}"
               : "/static/$c->{file}";

    my $proxied = "/proxy/$c->{file}?m=raw&ct=" . esc($sw->{'Content-Type'})
                  . ($ce ? "&ce=$ce" : '');

    for my $mode (['static', $static], ['proxied', $proxied]) {
        my ($how, $uri) = @$mode;
        my $name = "$c->{name} ($how)";

        my $start = time;
        my $r = $t->get($uri, 'Accept-Encoding' => 'gzip');
        my $ms = (time - $start) * 1000;
        my ($status, $rs, $rt) = @{ $t->logged($uri) };
        $rs //= '';

        is($r->{status}, 200, "$name: 200");
        ok($ms <= $bound * 1000,
           sprintf('%s: answered in %.0f ms (bound %d s)', $name, $ms,
                   $bound));

        my $outcome = check($name, $r, $rs, $original, $ce, \%allows);
        push @row, $outcome, $rs, sprintf('%.0f', $ms),
            defined $rt ? $rt : '';

        # no worker lost, and the next request is served
        my @log = split /^/m, $t->read_file('logs/error.log');
        my ($crash) = grep { /exited on signal/ } @log[$seen .. $#log];
        ok(!$crash, "$name: no worker exited on a signal")
            or diag($crash);
        $seen = @log;

        $r = $t->get("/live.html?after=$c->{name}-$how");
        is($t->logged("/live.html?after=$c->{name}-$how")->[1], 'applied',
           "$name: the next page is served");
    }

    push @rows, \@row;
}

is($t->stop, '', 'no alert, crit or emerg in error.log');
ReaderFaults::stop(@upstream);

report($ENV{HOSTILE_NGINX_REPORT}) if $ENV{HOSTILE_NGINX_REPORT};

done_testing;


# asserts the response against the case's outcomes; returns "transform" or
# "pass-through"

sub check {
    my ($name, $r, $rs, $original, $ce, $allows) = @_;

    if ($rs eq 'applied') {
        my $page = $t->body($r);

        ok($allows->{transform}, "$name: a transform is allowed");
        is($r->{headers}{'content-type'}, 'text/html; charset=utf-8',
           "$name: reader page type");
        ok(eval { Encode::decode('UTF-8', my $copy = $page,
                                 Encode::FB_CROAK); 1 },
           "$name: valid UTF-8");
        like($page, qr/^<!DOCTYPE html>/i, "$name: a whole page");
        unlike($page, qr/<script\b|<[a-z][^>]*\son[a-z]+\s*=/i,
               "$name: no script, no event handler");

        return 'transform';
    }

    ok($r->{content} eq $original, "$name: the original bytes")
        or diag(sprintf '%d bytes, want %d', length $r->{content},
                length $original);
    is($r->{headers}{'content-encoding'} // '', $ce,
       "$name: the original coding");
    ok($refusal{$rs}, "$name: \$reader_status \"$rs\" is a refusal word");

    # pages of nothing but links are not articles: served as the original,
    # a documented deviation from the manifest (docs/hostile.md)
    ok($allows->{reject} || $allows->{passthrough} || $rs eq 'not_article',
       "$name: a pass-through is allowed"
       . ($allows->{reject} || $allows->{passthrough}
          ? '' : ' (not an article: documented deviation)'));

    return 'pass-through';
}


sub esc {
    my ($s) = @_;
    $s =~ s/([^A-Za-z0-9\/._-])/sprintf '%%%02X', ord $1/ge;
    return $s;
}


sub report {
    my ($file) = @_;

    open my $fh, '>', $file or die "$file: $!";

    print $fh "| case | manifest allows | static | \$reader_status | ms"
        . " | engine ms | proxied | \$reader_status | ms | engine ms |\n"
        . "| --- | --- | --- | --- | ---: | ---: | --- | --- | ---: | ---: |\n";
    print $fh '| ', join(' | ', @$_), " |\n" for @rows;

    close $fh;
}
