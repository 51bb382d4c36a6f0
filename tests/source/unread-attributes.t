#!/usr/bin/perl

# The pre-scan drops the attributes of its rd_ps_unread table before the
# tree is built, on the claim that no stage reads them and the output never
# carries them.  That claim, checked: no other file of src/ names one of
# them as a string.  A stage that starts reading one must take it out of
# the table.

use strict;
use warnings;

use File::Basename qw(dirname);
use Test::More;

my $root = dirname(__FILE__) . '/../..';


sub slurp {
    my ($file) = @_;
    open(my $fh, '<', $file) or die "$file: $!\n";
    local $/;
    return scalar <$fh>;
}


my ($table) = slurp("$root/src/prescan.c")
    =~ /rd_ps_unread\[\]\[\d+\] = \{(.*?)\n\};/s;
ok(defined $table, 'the rd_ps_unread table is found in prescan.c')
    or BAIL_OUT('no rd_ps_unread table');

my @names = $table =~ /"([a-z-]+)"/g;
ok(@names >= 20, scalar(@names) . ' names in the table');

my %code;
for my $file (grep { !/prescan\.c$/ } glob("$root/src/*.c")) {
    $code{$file} = slurp($file);
}

for my $name (@names) {
    my @readers = grep { index($code{$_}, "\"$name\"") >= 0 } sort keys %code;
    ok(!@readers, "$name: read nowhere else")
        or diag("named in " . join(', ', map { s{.*/}{}r } @readers));
}

done_testing();
