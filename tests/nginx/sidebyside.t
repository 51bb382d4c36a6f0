#!/usr/bin/perl

# The module among nginx's own filters: it runs after SSI and sub_filter
# (it sees their output) and before gzip; proxy_cache stores the upstream's
# bytes and the reader page is made on every hit.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../lib";

use Test::More;
use ReaderBackend;
use ReaderTest;

my $t = ReaderTest->new;
my $site = ReaderTest->root . '/docs/examples/site';
my $article = $t->read_file("$site/blog/tide-clock.html");

$t->write_file('html/blog/tide-clock.html', $article);
$t->write_file('html/news/index.html', $t->read_file("$site/news/index.html"));

# an SSI page whose story comes from two included files

my ($head, $story, $tail) =
    $article =~ m{^(.*<div class="entry-content">)(.*?)(</div>\s*<div class="entry-tags">.*)$}s
    or die 'cannot split the sample article';
my @p = $story =~ m{(<p>.*?</p>)}gs;
$t->write_file('html/ssi/part1.html', join "\n", @p[0 .. 3]);
$t->write_file('html/ssi/part2.html', join "\n", @p[4 .. $#p]);
$t->write_file('html/ssi/page.html', $head
               . '<!--# include virtual="/ssi/part1.html" -->'
               . "\n<!--# echo var=\"reader_ssi_marker\" default=\"\" -->\n"
               . '<!--# include virtual="/ssi/part2.html" -->' . $tail);

my $backend = ReaderBackend::start(port => $t->port(1),
                                   root => $t->dir . '/html');

$t->run(<<'EOF');
    proxy_cache_path %%DIR%%/cache keys_zone=rc:1m;

    server {
        listen 127.0.0.1:%%PORT_0%%;
        root %%DIR%%/html;

        location /ssi/ {
            ssi on;
            reader $arg_reader;
        }

        location /sub/ {
            rewrite ^/sub(/.*)$ $1 break;
            sub_filter 'Edith Rowe' 'Mrs Edith Rowe-Substituted';
            sub_filter_once off;
            reader on;
        }

        location /gz/ {
            rewrite ^/gz(/.*)$ $1 break;
            gzip on;
            gzip_min_length 1;
            reader $arg_reader;
            reader_gzip off;
        }

        location /gzboth/ {
            rewrite ^/gzboth(/.*)$ $1 break;
            gzip on;
            gzip_min_length 1;
            reader on;
        }

        location /cache/ {
            proxy_cache rc;
            proxy_cache_valid 200 1m;
            add_header X-Cache $upstream_cache_status;
            reader on;
            proxy_pass http://127.0.0.1:%%PORT_1%%/;
        }
    }
EOF

my $path = '/blog/tide-clock.html';
my $page = $t->get("/gzboth$path")->{content};
like($page, qr/lead weight on the pendulum/, 'the reader page');

# --- SSI ---------------------------------------------------------------------

my $r = $t->get('/ssi/page.html?reader=1');
is($t->logged('/ssi/page.html?reader=1')->[1], 'applied', 'ssi: applied');
like($r->{content}, qr/lead weight on the pendulum/, 'ssi: included text');
like($r->{content}, qr/right again/, 'ssi: the second include');
unlike($r->{content}, qr/<!--#/, 'ssi: no SSI commands left');
is($r->{headers}{'content-length'}, length $r->{content},
   'ssi: exact Content-Length');

$r = $t->get('/ssi/page.html');
like($r->{content}, qr/lead weight on the pendulum.*<\/div>/s,
     'ssi without reader: the assembled original');

# --- sub_filter ----------------------------------------------------------------

$r = $t->get("/sub$path");
like($r->{content}, qr/Mrs Edith Rowe-Substituted/,
     'sub_filter: the module sees the substituted text');
is($t->logged("/sub$path")->[1], 'applied', 'sub_filter: applied');

# --- gzip ----------------------------------------------------------------------

$r = $t->get("/gz$path?reader=1", 'Accept-Encoding' => 'gzip');
is($r->{headers}{'content-encoding'}, 'gzip',
   'gzip on, reader_gzip off: nginx compresses the page');
is($t->body($r), $page, 'gzip on, reader_gzip off: the page');

$r = $t->get("/gzboth$path", 'Accept-Encoding' => 'gzip');
is($r->{headers}{'content-encoding'}, 'gzip', 'gzip on, reader_gzip on: gzip');
is($r->{headers}{'content-length'}, length $r->{content},
   'gzip on, reader_gzip on: the module\'s length (compressed once)');
is($t->body($r), $page, 'gzip on, reader_gzip on: inflates once to the page');

$r = $t->get('/gz/news/index.html?reader=1', 'Accept-Encoding' => 'gzip');
is($r->{headers}{'content-encoding'}, 'gzip', 'fail open under gzip: gzip');
is($t->body($r), $t->read_file('html/news/index.html'),
   'fail open under gzip: the original bytes');

$r = $t->get("/gz$path", 'Accept-Encoding' => 'gzip');
is($t->body($r), $article, 'gzip without reader: the original');

# --- proxy_cache ---------------------------------------------------------------

for my $q ('m=plain', 'm=gzip') {
    my $u = "/cache$path?$q";
    my $miss = $t->get($u);
    my $hit = $t->get($u);

    is($miss->{headers}{'x-cache'}, 'MISS', "cache $q: MISS first");
    is($hit->{headers}{'x-cache'}, 'HIT', "cache $q: then HIT");
    is($t->logged($u)->[1], 'applied', "cache $q: applied on the hit");
    like($hit->{content}, qr/lead weight on the pendulum/, "cache $q: page");
    is($hit->{content}, $miss->{content}, "cache $q: HIT equals MISS");

    my $c = $t->get($u, 'If-None-Match' => $hit->{headers}{etag});
    is($c->{status}, 304, "cache $q: If-None-Match reader ETag on a hit: 304");
}

is($t->stop, '', 'no alert, crit or emerg in error.log');
ReaderBackend::stop($backend);

done_testing;
