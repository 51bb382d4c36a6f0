#!/usr/bin/perl

# The directive reference against the code: the ngx_command_t tables of
# ngx_module/*.c and the "### name" headings of docs/directives.md must name
# the same directives, with the same contexts; the ngx_http_variable_t
# tables and the documented variables the same variables.  Every reader
# directive and variable used in the docs' examples must exist.

use strict;
use warnings;

use File::Basename qw(dirname);
use File::Find qw(find);
use Test::More;

my $root = dirname(__FILE__) . '/../..';

my @sources = glob("$root/ngx_module/*.c");
plan(skip_all => 'no ngx_module/*.c') unless @sources;

my $reference = "$root/docs/directives.md";
plan(skip_all => 'no docs/directives.md') unless -f $reference;


sub slurp {
    my ($file) = @_;
    open(my $fh, '<', $file) or die "$file: $!\n";
    local $/;
    return scalar <$fh>;
}


# --- the code ---------------------------------------------------------------

my %flag_context = (
    NGX_HTTP_MAIN_CONF => 'http',
    NGX_HTTP_SRV_CONF  => 'server',
    NGX_HTTP_LOC_CONF  => 'location',
    NGX_HTTP_LIF_CONF  => 'if in location',
    NGX_HTTP_SIF_CONF  => 'if in server',
    NGX_HTTP_UPS_CONF  => 'upstream',
    NGX_HTTP_LMT_CONF  => 'limit_except',
);
my @context_order = ('http', 'server', 'location', 'if in server',
                     'if in location', 'upstream', 'limit_except');

my (%code_directives, %code_variables);

for my $file (@sources) {
    my $c = slurp($file);
    $c =~ s{/\*.*?\*/}{}gs;

    while ($c =~ /\bngx_command_t\s+\w+\s*\[\s*\]\s*=\s*\{(.*?)ngx_null_command/gs) {
        my $table = $1;

        while ($table =~ /\{\s*ngx_string\("([^"]+)"\)\s*,\s*([^,]+),/g) {
            my ($name, $flags) = ($1, $2);
            my %ctx = map { $flag_context{$_} ? ($flag_context{$_} => 1) : () }
                      $flags =~ /(NGX_\w+)/g;
            $code_directives{$name} = join(', ',
                                           grep { $ctx{$_} } @context_order);
        }
    }

    while ($c =~ /\bngx_http_variable_t\s+\w+\s*\[\s*\]\s*=\s*\{(.*?)ngx_http_null_variable/gs) {
        my $table = $1;
        $code_variables{$1} = 1 while $table =~ /\{\s*ngx_string\("([^"]+)"\)/g;
    }
}

ok(%code_directives, 'ngx_command_t tables found in ngx_module/*.c');
ok(%code_variables, 'ngx_http_variable_t tables found in ngx_module/*.c');


# --- the reference ----------------------------------------------------------

my $doc = slurp($reference);
my (%doc_directives, %doc_variables);
my $section = '';
my $current;

for my $line (split /\n/, $doc) {
    if ($line =~ /^## (.*?)\s*$/) {
        $section = $1;
        undef $current;
        next;
    }

    if ($section eq 'Directives' && $line =~ /^### (\S+)\s*$/) {
        $current = $1;
        $doc_directives{$current} = '';
        next;
    }

    if (defined $current && $line =~ /^\s+Context:\s*(.*?)\s*$/) {
        $doc_directives{$current} = $1;
        next;
    }

    if ($section eq 'Embedded Variables' && $line =~ /^`\$(\w+)`\s*$/) {
        $doc_variables{$1} = 1;
    }
}

ok(%doc_directives, 'directive headings found in docs/directives.md');

is_deeply([sort keys %doc_directives], [sort keys %code_directives],
          'the documented directives are the directives of the code')
    or diag("code: @{[sort keys %code_directives]}\n"
            . "docs: @{[sort keys %doc_directives]}");

for my $name (sort keys %code_directives) {
    next unless exists $doc_directives{$name};
    is($doc_directives{$name}, $code_directives{$name},
       "$name: the documented Context is the code's");
}

is_deeply([sort keys %doc_variables], [sort keys %code_variables],
          'the documented variables are the variables of the code')
    or diag("code: @{[sort keys %code_variables]}\n"
            . "docs: @{[sort keys %doc_variables]}");


# --- the examples -------------------------------------------------------------

# configuration in docs/**/*.md code (indented or fenced) and in
# docs/examples/**/*.conf, README.md included
my @files = ("$root/README.md");
find(sub { push @files, $File::Find::name if /\.(md|conf)$/ },
     "$root/docs");

my %seen;

for my $file (grep { -f } @files) {
    my $text = slurp($file);
    my $rel = $file =~ s{^\Q$root\E/}{}r;

    my $fence = 0;

    for my $line (split /\n/, $text) {
        if ($file =~ /\.md$/) {
            $fence = !$fence, next if $line =~ /^\s*```/;
            next unless $fence || $line =~ /^(?: {4}|\t)/;
        }

        if ($line =~ /^\s*(reader(?:_\w+)?)\s+[^|]*;/) {
            my $d = $1;
            push @{$seen{directive}{$d}}, $rel;
        }

        push @{$seen{variable}{$1}}, $rel while $line =~ /\$(reader_\w+)/g;
    }
}

for my $d (sort keys %{$seen{directive} // {}}) {
    ok(exists $code_directives{$d}, "examples: directive $d exists")
        or diag("used in: @{$seen{directive}{$d}}");
}

for my $v (sort keys %{$seen{variable} // {}}) {
    ok(exists $code_variables{$v}, "examples: variable \$$v exists")
        or diag("used in: @{$seen{variable}{$v}}");
}

done_testing();
