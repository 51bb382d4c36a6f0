#!/usr/bin/perl

# docs/directives.md against the module's sources: every directive of the
# ngx_command_t table has a section with its Syntax and the contexts its
# flags allow, every variable of the ngx_http_variable_t table is
# described, and the document names nothing the module does not have.

use strict;
use warnings;

use FindBin;
use Test::More;

my $root = "$FindBin::Bin/../..";

sub slurp {
    my ($path) = @_;
    open my $fh, '<', $path or die "$path: $!";
    local $/;
    return <$fh>;
}

my $src = join '', map { slurp($_) } glob "$root/ngx_module/*.c";
my $doc = slurp("$root/docs/directives.md");

# the sources: { ngx_string("name"), FLAGS, ... } in a commands table

my ($table) = $src =~ /ngx_command_t\s+\w+\[\]\s*=\s*\{(.*?)ngx_null_command/s;
ok($table, 'the ngx_command_t table is found');

my %context = (NGX_HTTP_MAIN_CONF => 'http', NGX_HTTP_SRV_CONF => 'server',
               NGX_HTTP_LOC_CONF => 'location',
               NGX_HTTP_LIF_CONF => 'if in location');
my %code;

while ($table =~ /\{\s*ngx_string\("([\w]+)"\),\s*([^,]+),/g) {
    my ($name, $flags) = ($1, $2);
    $code{$name} = join ', ', map { $context{$_} // () }
        grep { $context{$_} } split /[\s|]+/, $flags;
}

cmp_ok(scalar keys %code, '>=', 9, 'directives in the table: '
       . join(' ', sort keys %code));

# the document: ### name, then an indented Syntax/Default/Context block

my %section;

while ($doc =~ /^### (\S+)\n\n((?:    .*\n)+)/mg) {
    $section{$1} = $2;
}

for my $name (sort keys %code) {
    my $s = $section{$name};
    ok($s, "$name: documented") or next;
    like($s, qr/^    Syntax:  \Q$name\E[ ;]/m, "$name: Syntax");
    like($s, qr/^    Default: /m, "$name: Default");
    my ($ctx) = $s =~ /^    Context: (.*)$/m;
    is($ctx, $code{$name}, "$name: Context is what the flags allow");
}

for my $name (sort keys %section) {
    ok($code{$name}, "$name: documented and in the module");
}

# variables

my ($vars) = $src =~ /ngx_http_variable_t\s+\w+\[\]\s*=\s*\{(.*?)ngx_http_null_variable/s;
my @vars = $vars =~ /ngx_string\("(\w+)"\)/g;
cmp_ok(scalar @vars, '>=', 3, "variables in the table: @vars");

my ($vdoc) = $doc =~ /^## Embedded Variables\n(.*)/ms;
my %described = map { $_ => 1 } $vdoc =~ /^`\$(\w+)`$/mg;

my %in_code = map { $_ => 1 } @vars;

ok($described{$_}, "\$$_: described") for @vars;
ok($in_code{$_}, "\$$_: described and in the module") for sort keys %described;

done_testing;
