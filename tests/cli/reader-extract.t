#!/usr/bin/perl
# The reader-extract contract (DESIGN.md section 2): exit codes, one-line
# reasons on stderr, nothing on stdout for html/text when not extracted,
# json metadata with "article": false even then.

use strict;
use warnings;
use Test::More;
use File::Temp qw(tempfile);

my $tool = $ENV{READER_EXTRACT} || 'build/reader-extract';
plan skip_all => "$tool not built" unless -x $tool;

my $fx = 'tests/fixtures/extract';

# Runs the tool; returns (exit code, stdout, stderr).
sub run {
    my ($args, $stdin) = @_;
    my (undef, $err) = tempfile(UNLINK => 1);
    my $in = defined $stdin ? "< $stdin" : '< /dev/null';
    my $out = `$tool $args $in 2>$err`;
    my $rc = $? >> 8;
    open my $fh, '<', $err or die;
    local $/;
    my $e = <$fh> // '';
    return ($rc, $out, $e);
}

my ($rc, $out, $err) = run("--format text $fx/english-article.html");
is($rc, 0, 'article: exit 0');
like($out, qr/^For eleven years/, 'article: text on stdout');
is($err, '', 'article: nothing on stderr');

($rc, $out, $err) = run("--format html --url https://x.test/a.html $fx/english-article.html");
like($out, qr/^<!DOCTYPE html>/i, 'html: a complete page');
unlike($out, qr/<script/i, 'html: no script');

($rc, $out, $err) = run("--format text $fx/listing.html");
is($rc, 2, 'listing: exit 2');
is($out, '', 'listing: nothing on stdout');
like($err, qr/^reader-extract: .*not_article.*\n\z/, 'listing: one line on stderr');

($rc, $out, $err) = run("--format json $fx/listing.html");
is($rc, 2, 'listing json: exit 2');
like($out, qr/"article": false/, 'listing json: article false');
like($out, qr/"title": "/, 'listing json: metadata kept');

($rc, $out, $err) = run("--format text --force $fx/listing.html");
is($rc, 0, 'listing --force: exit 0');

# a picture post: forced, its text is empty (the picture is all there is)
my (undef, $pic) = tempfile(UNLINK => 1, SUFFIX => '.html');
open my $ph, '>', $pic or die;
print $ph '<html><head><title>Harbour at dusk</title></head><body>'
    . '<div class="post hentry"><h3 class="post-title">'
    . '<a href="/p/dusk.html">Harbour at dusk</a></h3>'
    . '<div class="post-body"><a href="dusk.jpg"><img src="dusk.jpg" alt="">'
    . '</a></div></div><div class="sidebar"><a href="/">Home</a></div>'
    . '</body></html>';
close $ph;

($rc, $out, $err) = run("--format text --force $pic");
is($rc, 0, 'picture post --force: exit 0');
is($out, '', 'picture post --force: empty text');
is($err, '', 'picture post --force: nothing on stderr');

($rc, $out, $err) = run("--max-size 100 --format text $fx/english-article.html");
is($rc, 2, 'max-size: exit 2');
like($err, qr/too_large/, 'max-size: says too_large');

($rc, $out, $err) = run("--format text -", "$fx/english-article.html");
is($rc, 0, 'stdin: exit 0');
like($out, qr/^For eleven years/, 'stdin: same text');

($rc, $out, $err) = run("--format text $fx/no-such-file.html");
is($rc, 1, 'missing file: exit 1');
like($err, qr/no-such-file/, 'missing file: named');

($rc, $out, $err) = run("--format yaml $fx/english-article.html");
is($rc, 1, 'bad format: exit 1');

($rc, $out, $err) = run("--bogus $fx/english-article.html");
is($rc, 1, 'unknown option: exit 1');

($rc, $out, $err) = run("--max-size -5 $fx/english-article.html");
is($rc, 1, 'bad max-size: exit 1');

($rc, $out, $err) = run("--charset no-such-charset --format text $fx/english-article.html");
is($rc, 0, 'unknown charset: still extracted');

done_testing();
