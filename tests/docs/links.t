#!/usr/bin/perl

# Relative links in README.md and docs/**/*.md: the file exists, and an
# anchor (#name) names a heading of the target, in GitHub's slug form.

use strict;
use warnings;

use File::Basename qw(dirname);
use File::Find qw(find);
use Test::More;

my $root = dirname(__FILE__) . '/../..';

my @files = grep { -f } "$root/README.md";
find(sub { push @files, $File::Find::name if /\.md$/ }, "$root/docs")
    if -d "$root/docs";
plan(skip_all => 'no markdown files') unless @files;


sub slurp {
    my ($file) = @_;
    open(my $fh, '<', $file) or die "$file: $!\n";
    local $/;
    return scalar <$fh>;
}


# GitHub's anchors: lower case, punctuation but - and _ removed, spaces
# to hyphens, repeats numbered
my %anchors;

sub anchors {
    my ($file) = @_;

    return $anchors{$file} //= do {
        my (%seen, %set);
        my $fence = 0;

        for my $line (split /\n/, slurp($file)) {
            $fence = !$fence, next if $line =~ /^\s*```/;
            next if $fence || $line !~ /^#{1,6}\s+(.*?)\s*#*\s*$/;

            my $slug = lc $1;
            $slug =~ s/[^\w\- ]//g;
            $slug =~ tr/ /-/;
            my $n = $seen{$slug}++;
            $set{$n ? "$slug-$n" : $slug} = 1;
        }

        \%set;
    };
}


for my $file (sort @files) {
    my $rel = $file =~ s{^\Q$root\E/}{}r;
    my $text = slurp($file);

    $text =~ s/^\s*```.*?^\s*```//gms;      # no links in code blocks
    $text =~ s/`[^`\n]*`//g;

    while ($text =~ /\]\(([^)\s]+)\)/g) {
        my $link = $1;
        next if $link =~ m{^[a-z][a-z0-9+.-]*:}i;  # http:, mailto:

        my ($path, $anchor) = split /#/, $link, 2;
        my $target = $path eq '' ? $file : dirname($file) . "/$path";

        if (!ok(-e $target, "$rel: $link exists")) {
            next;
        }

        next unless defined $anchor && $target =~ /\.md$/;
        ok(anchors($target)->{$anchor}, "$rel: #$anchor is a heading of "
           . ($path eq '' ? 'the page' : $path));
    }
}

done_testing();
