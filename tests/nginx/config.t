#!/usr/bin/perl

# Directives: contexts, defaults, bad values refused with a clear message,
# reader_template read and checked when the configuration is read; and the
# example configurations in docs/examples pass nginx -t.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../lib";

use Test::More;
use ReaderTest;

my $t = ReaderTest->new;
my $root = ReaderTest->root;

$t->write_file('conf/good.tpl', <<'EOF');
<!DOCTYPE html>
<html lang="{{lang}}"><head><meta charset="utf-8"><title>{{title}}</title>
<style>body{max-width:40em}</style></head>
<body><h1>{{title}}</h1>{{content}}</body></html>
EOF
$t->write_file('conf/nocontent.tpl', '<html><body>{{title}}</body></html>');
$t->write_file('conf/script.tpl',
               '<html><body>{{content}}<script>x()</script></body></html>');
$t->write_file('conf/unknown.tpl',
               '<html><body>{{content}}{{nope}}</body></html>');

$t->config_ok(<<'EOF', 'every directive in http, server and location');
    reader $arg_reader;
    reader_types application/xhtml+xml;
    reader_max_size 1m;
    reader_bypass $cookie_noreader;
    reader_gzip on;
    reader_gzip_level 6;
    reader_template good.tpl;

    server {
        listen 127.0.0.1:%%PORT_0%%;
        reader off;
        reader_types *;
        reader_max_size 512k;
        reader_bypass $arg_raw $http_x_raw;
        reader_gzip off;
        reader_gzip_level 1;
        reader_template %%DIR%%/conf/good.tpl;

        location / {
            reader "$arg_a$arg_b";
            reader_max_size 4m;
            reader_bypass $arg_c;
            reader_bypass $arg_d;
            reader_gzip_level 9;
        }

        location /if {
            if ($arg_x) {
                reader on;
            }
        }
    }
EOF

$t->config_fails('reader_gzip_level 0;', qr/must be between 1 and 9/,
           'reader_gzip_level 0');
$t->config_fails('reader_gzip_level 10;', qr/must be between 1 and 9/,
           'reader_gzip_level 10');
$t->config_fails('reader_gzip maybe;', qr/invalid value "maybe"/,
           'reader_gzip maybe');
$t->config_fails('reader_max_size 4x;', qr/"reader_max_size" directive invalid value/,
           'reader_max_size 4x');
$t->config_fails('reader on off;', qr/invalid number of arguments in "reader"/,
           'reader with two values');
$t->config_fails('reader on; reader off;', qr/"reader" directive is duplicate/,
           'reader twice');
$t->config_fails('reader_bypass;', qr/invalid number of arguments/,
           'reader_bypass without values');
$t->config_fails('reader_template missing.tpl;', qr/missing\.tpl.*No such file/,
           'reader_template missing file');
$t->config_fails('reader_template good.tpl; reader_template good.tpl;',
           qr/"reader_template" directive is duplicate/, 'reader_template twice');
$t->config_fails('reader_template nocontent.tpl;',
           qr/reader_template ".*nocontent\.tpl": .*\{\{content\}\}/,
           'template without {{content}}');
$t->config_fails('reader_template script.tpl;',
           qr/reader_template ".*script\.tpl": .*<script>/,
           'template with <script>');
$t->config_fails('reader_template unknown.tpl;',
           qr/reader_template ".*unknown\.tpl": .*placeholder/,
           'template with an unknown placeholder');

# --- docs/examples -----------------------------------------------------------

my $site = $t->read_file("$root/docs/examples/nginx-site.conf");
$site =~ s/\@MODULE\@/$t->{load} =~ m{^load_module (.*);$} ? $1 : ''/ge;
$site =~ s/^load_module ;$//m;
$site =~ s/\@PREFIX\@/%%DIR%%/g;
$site =~ s/\@LISTEN\@/127.0.0.1:%%PORT_0%%/g;
$site =~ s/\@SITE\@/$root\/docs\/examples\/site/g;
$site =~ s{/dev/stdout}{%%DIR%%/logs/access.log}g;

my ($rc, $out) = $t->test_config($site, full => 1);
is($rc, 0, 'docs/examples/nginx-site.conf passes nginx -t') or diag($out);

for my $name ('nginx-proxy.conf', 'nginx-cache.conf') {
    my $c = $t->read_file("$root/docs/examples/$name");

    # local paths and ports instead of the system's
    $c =~ s/listen 80;/listen 127.0.0.1:%%PORT_0%%;/g;
    $c =~ s{127\.0\.0\.1:3000}{127.0.0.1:%%PORT_1%%}g;
    $c =~ s{/var/log/nginx}{%%DIR%%/logs}g;
    $c =~ s{/var/cache/nginx}{%%DIR%%/tmp}g;
    $c =~ s{/run/}{%%DIR%%/tmp/}g;

    ($rc, $out) = $t->test_config($c);
    is($rc, 0, "docs/examples/$name passes nginx -t") or diag($out);
}

done_testing;
