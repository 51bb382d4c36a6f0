#!/usr/bin/perl

# reader_template: the page is built from the file read at configuration
# time, placeholders are escaped, the CSP allows exactly its <style>, and
# the validator changes with the template.  Also: "reader" inside "if".

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../lib";

use Digest::SHA qw(sha256_base64);
use Test::More;
use ReaderTest;

my $t = ReaderTest->new;
my $site = ReaderTest->root . '/docs/examples/site';
my $article = $t->read_file("$site/blog/tide-clock.html");

$t->write_file('html/a.html', $article);

# the same article, with a title that needs escaping

(my $tricky = $article)
    =~ s{<title>[^<]*</title>}{<title>Tides &amp; &lt;b&gt;Times&lt;/b&gt; "quoted"</title>};
$tricky =~ s{<meta property="og:title"[^>]*>}{};
$tricky =~ s{<h1 class="entry-title">[^<]*</h1>}{<h1 class="entry-title">Tides &amp; &lt;b&gt;Times&lt;/b&gt; "quoted"</h1>};
$t->write_file('html/tricky.html', $tricky);

my $style = 'body{max-width:38em;margin:auto}';
$t->write_file('conf/one.tpl', <<"EOF");
<!DOCTYPE html>
<html lang="{{lang}}"><head><meta charset="utf-8"><title>{{title}}</title>
<style>$style</style></head>
<body><h1 class="tpl-one">{{title}}</h1><p class="by">{{byline}}</p>
<main>{{content}}</main><a href="{{url}}">original</a></body></html>
EOF
$t->write_file('conf/two.tpl', <<'EOF');
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{title}}</title></head>
<body class="tpl-two">{{content}}</body></html>
EOF

$t->run(<<'EOF');
    server {
        listen 127.0.0.1:%%PORT_0%%;
        root %%DIR%%/html;

        location / {
            reader on;
        }

        location /one/ {
            rewrite ^/one(/.*)$ $1 break;
            reader on;
            reader_template one.tpl;
        }

        location /two/ {
            rewrite ^/two(/.*)$ $1 break;
            reader on;
            reader_template two.tpl;
        }

        location /if/ {
            alias %%DIR%%/html/;

            if ($arg_mode = reader) {
                reader on;
            }
        }
    }
EOF

my $builtin = $t->get('/a.html');
my $one = $t->get('/one/a.html');
my $two = $t->get('/two/a.html');

is($one->{status}, 200, 'template: 200');
like($one->{content}, qr/<h1 class="tpl-one">/, 'template one: used');
like($one->{content}, qr/lead weight on the pendulum/, 'template one: content');
like($two->{content}, qr/<body class="tpl-two">/, 'template two: used');
unlike($builtin->{content}, qr/tpl-one|tpl-two/, 'built-in: no template');

my $hash = sha256_base64($style);
$hash .= '=' x ((4 - length($hash) % 4) % 4);
like($one->{headers}{'content-security-policy'}, qr/'sha256-\Q$hash\E'/,
     'template one: CSP allows the hash of its <style>');
unlike($one->{headers}{'content-security-policy'}, qr/unsafe-inline/,
       'template one: no unsafe-inline');
isnt($two->{headers}{'content-security-policy'},
     $one->{headers}{'content-security-policy'},
     'template two: its own CSP');

my %etags = map { $_->{headers}{etag} => 1 } $builtin, $one, $two;
is(scalar keys %etags, 3, 'the validator changes with the template');

is($t->get('/one/a.html')->{headers}{etag}, $one->{headers}{etag},
   'the validator is stable');

my $tr = $t->get('/one/tricky.html');
unlike($tr->{content}, qr/<b>Times/, 'title: markup escaped');
like($tr->{content}, qr/Tides &amp; /, 'title: & escaped');

# reader inside if

my $r = $t->get('/if/a.html?mode=reader');
is($r->{headers}{'content-type'}, 'text/html; charset=utf-8',
   'reader on inside if: applied');
$r = $t->get('/if/a.html');
is($r->{content}, $article, 'if not taken: original');

is($t->stop, '', 'no alert, crit or emerg in error.log');

done_testing;
