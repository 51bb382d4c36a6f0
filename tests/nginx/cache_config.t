#!/usr/bin/perl

# reader_cache and reader_thread_pool in the configuration: contexts, a
# zone declared once and named elsewhere, "off", and bad values refused
# with a clear message.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../lib";

use Test::More;
use ReaderTest;

my $t = ReaderTest->new;

$t->config_ok(<<'EOF', 'both directives in http, server and location');
    reader_cache zone=pages:1m;
    reader_thread_pool default;

    server {
        listen 127.0.0.1:%%PORT_0%%;
        reader_cache zone=pages max_entry=64k;
        reader_thread_pool off;

        location / {
            reader on;
            reader_cache zone=other:64k max_entry=8k;
            reader_thread_pool default;
        }

        location /none/ {
            reader_cache off;
        }
    }
EOF

$t->config_ok('reader_cache zone=pages; server { reader_cache zone=pages:32k; }',
        'a zone named before its size is given');

$t->config_fails('reader_cache zone=pages:16k;', qr/zone "zone=pages:16k" is too small/,
           'a zone under 32k');
$t->config_fails('reader_cache zone=pages:lots;', qr/invalid zone size "zone=pages:lots"/,
           'a zone size that is no size');
$t->config_fails('reader_cache zone=pages;', qr/zero size shared memory zone "pages"/,
           'a zone that is never given a size');
$t->config_fails('reader_cache zone=pages:1m; server { reader_cache zone=pages:2m; }',
           qr/size .* of shared memory zone "pages" conflicts/,
           'one zone with two sizes');
$t->config_fails('reader_cache zone=pages:1m max_entry=0;',
           qr/invalid max_entry "max_entry=0"/, 'max_entry=0');
$t->config_fails('reader_cache zone=pages:1m max_entry=big;',
           qr/invalid max_entry "max_entry=big"/, 'max_entry that is no size');
$t->config_fails('reader_cache zone=pages:1m inactive=1h;',
           qr/invalid parameter "inactive=1h"/, 'an unknown parameter');
$t->config_fails('reader_cache max_entry=1k;',
           qr/"reader_cache" must have "zone" parameter/, 'no zone');
$t->config_fails('reader_cache off max_entry=1k;',
           qr/"reader_cache" directive takes no parameters with "off"/,
           'off with a parameter');
$t->config_fails('reader_cache zone=a:1m; reader_cache zone=b:1m;',
           qr/"reader_cache" directive is duplicate/, 'reader_cache twice');
$t->config_fails('reader_cache zone=a:1m zone=b:1m max_entry=1k max_entry=2k;',
           qr/invalid number of arguments in "reader_cache"/,
           'too many parameters');

$t->config_fails('reader_thread_pool nosuch;', qr/unknown thread pool "nosuch"/,
           'an unknown thread pool');
$t->config_fails('reader_thread_pool default; reader_thread_pool off;',
           qr/"reader_thread_pool" directive is duplicate/,
           'reader_thread_pool twice');
$t->config_fails('reader_thread_pool a b;',
           qr/invalid number of arguments in "reader_thread_pool"/,
           'reader_thread_pool with two values');

# a pool defined in the main context

my ($rc, $out) = $t->test_config(<<"EOF", full => 1);
$t->{load}
thread_pool reader threads=2;
events { }
http {
    reader_thread_pool reader;
    server { listen 127.0.0.1:%%PORT_0%%; }
}
EOF
is($rc, 0, 'a pool from thread_pool') or diag($out);

done_testing;
