#!/usr/bin/perl

# reader_url: the page URL the engine resolves links against, names as
# canonical and the cache keys on.  https behind a TLS-terminating proxy;
# the request's own URL without it; values that are not absolute http(s)
# URLs fall back to it with one warning; bytes that cannot appear in a URL
# are percent-encoded; inheritance and "" to switch it off; the cache keeps
# pages of two page URLs apart; constant values checked by nginx -t.

use strict;
use warnings;
use utf8;

use FindBin;
use lib "$FindBin::Bin/../lib";

use Test::More;
use ReaderTest;

my $t = ReaderTest->new;

my $story = <<'EOF';
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>The lighthouse keeper's ledger</title></head>
<body>
<nav><a href="/">Home</a> <a href="/archive/">Archive</a></nav>
<article>
<h1>The lighthouse keeper's ledger</h1>
<p>For forty winters the keeper wrote one line a night in a green ledger:
the wind, the state of the lamp, and whatever ship passed close enough to
read her name. The entries are short, but together they describe a coast
that has since changed beyond recognition.</p>
<figure><img src="figures/ledger.png" alt="An open ledger on a desk"
width="600" height="400"><figcaption>The ledger, open at the winter of the
great storm.</figcaption></figure>
<p>Most nights say little more than "lamp trimmed, wind west, nothing
seen". Yet the pattern of those plain lines shows how the shipping lanes
moved, how the harbour silted up, and how the fishing fleet shrank from
dozens of boats to a handful within a single generation.</p>
<p>The keeper's handwriting changes too. In the early years it is careful
and upright; by the end it leans hard to the right, and the ink is thinner,
as if he had begun to ration it along with the paraffin for the lamp and
the coal for the stove.</p>
<p>Historians at the county archive have now transcribed every page. Their
<a href="notes/method.html">notes on the method</a> explain how they dated
the undated entries by matching storms to the records of the weather
station across the bay.</p>
<p>The ledger itself will go on display next spring, in a glass case beside
the lamp it describes, so that visitors can read the last entry for
themselves: "Light handed over. Wind south. All well."</p>
</article>
<footer>Copyright the county museum.</footer>
</body></html>
EOF

for my $dir (qw(plain tls fwd arg cached)) {
    $t->write_file("html/$dir/story.html", $story);
}

$t->write_file('html/tls/two words.html', $story);
$t->write_file("html/tls/caf\xc3\xa9.html", $story);

# the access log's third field is $reader_cache_status here, for logged()

$t->run(<<'EOF');
    log_format url '$request_uri $status "$reader_status" '
                   '"$reader_cache_status"';

    server {
        listen 127.0.0.1:%%PORT_0%%;
        root %%DIR%%/html;
        access_log %%DIR%%/logs/access.log url;

        reader on;

        location /tls/ {
            reader_url https://$host$uri;
        }

        location /fwd/ {
            reader_url $http_x_forwarded_proto://$http_host$uri;
        }

        location /arg/ {
            reader_url $arg_u;
        }

        location /cached/ {
            reader_url $arg_u;
            reader_cache zone=url:1m;
        }
    }

    server {
        listen 127.0.0.1:%%PORT_1%%;
        root %%DIR%%/html;
        access_log %%DIR%%/logs/access.log url;

        reader on;
        reader_url https://$host$uri;

        location /plain/ {
            reader_url "";
        }
    }
EOF

my $port = $t->port(0);

# the canonical link of the page, its Link header and the image's src

sub urls {
    my ($r) = @_;

    my $body = $t->body($r);
    my ($canonical) = $body =~ /<link rel="canonical" href="([^"]*)"/;
    my ($img) = $body =~ /<img src="([^"]*)"/;
    my ($link) = ($r->{headers}{link} // '') =~ /^<([^>]*)>; rel="canonical"$/;

    return [$canonical // '', $link // '', $img // ''];
}

sub page_is {
    my ($path, $base, $name, %h) = @_;

    my $r = $t->get($path, 'Accept-Encoding' => 'gzip', %h);
    my $page = $base =~ s{[^/]*$}{}r;

    is($r->{status}, 200, "$name: 200");
    is_deeply(urls($r), [$base, $base, "${page}figures/ledger.png"],
              "$name: canonical, Link and image on $base");
}

sub warnings {
    return scalar grep { /\[warn\].*reader_url "/ }
        split /^/m, $t->read_file('logs/error.log');
}


# without reader_url: the connection's scheme (http here)

page_is('/plain/story.html', "http://127.0.0.1:$port/plain/story.html",
        'no reader_url');

# reader_url https://$host$uri, as behind a TLS-terminating load balancer

page_is('/tls/story.html', 'https://127.0.0.1/tls/story.html',
        'reader_url https://$host$uri');
is($t->logged('/tls/story.html')->[1], 'applied', 'reader_url: applied');

# $uri is decoded: what cannot appear in a URL is encoded again

page_is('/tls/two%20words.html', 'https://127.0.0.1/tls/two%20words.html',
        'a space in $uri');
page_is('/tls/caf%C3%A9.html', 'https://127.0.0.1/tls/caf%C3%A9.html',
        'UTF-8 in $uri');

# a scheme from a header set by the proxy

page_is('/fwd/story.html', "https://127.0.0.1:$port/fwd/story.html",
        'X-Forwarded-Proto: https', 'X-Forwarded-Proto' => 'https');

is(warnings(), 0, 'no warning for good values');

page_is('/fwd/story.html', "http://127.0.0.1:$port/fwd/story.html",
        'no X-Forwarded-Proto: "://host/uri" falls back');
is(warnings(), 1, 'one warning for the bad value');

# values from the request: used when absolute http(s), else the request's

page_is('/arg/story.html?u=https://example.org/articles/ledger',
        'https://example.org/articles/ledger', 'an absolute https value');
page_is('/arg/story.html?u=HTTP://Example.org/a/b',
        'HTTP://Example.org/a/b', 'the scheme in any case');
page_is('/arg/story.html?u=https://[2001:db8::1]:8443/x',
        'https://[2001:db8::1]:8443/x', 'an IPv6 literal and a port');
page_is('/arg/story.html?u=', "http://127.0.0.1:$port/arg/story.html",
        'an empty value: the request URL');
is(warnings(), 1, 'no warning for an empty value');

my @bad = ('javascript:alert(1)', 'relative/path.html', '/rooted/path',
           '//evil.example/x', 'https://', 'https:///x', 'https://:80/x',
           'ftp://example.org/x', 'https://user@evil.example/',
           'https://ex%0Aample.org/', 'data:text/html,hi', '%20https://a.b/');

for my $u (@bad) {
    my $n = warnings();

    page_is("/arg/story.html?u=$u", "http://127.0.0.1:$port/arg/story.html",
            "bad value '$u'");
    is(warnings(), $n + 1, "bad value '$u': one warning");
}

like($t->read_file('logs/error.log'),
     qr/\[warn\] .*reader: reader_url "javascript:alert\(1\)" is not an absolute http or https URL, using the request's/,
     'the warning names the value');

# raw bytes that cannot be in a URL nor in <...> are percent-encoded

my $raw = $t->raw("GET /arg/story.html?u=https://example.org/\"><b>x HTTP/1.0\n"
                  . "Host: 127.0.0.1:$port\n");
my ($link) = $raw =~ /^Link: (.*?)\r$/m or diag(substr $raw, 0, 400);
is($link, '<https://example.org/%22%3E%3Cb%3Ex>; rel="canonical"',
   'quotes and angle brackets encoded in Link');
unlike($raw, qr/<b>x/, 'and nowhere raw in the response');

# inherited from the server; "" switches it off in a location

my $p1 = $t->port(1);

page_is('/tls/story.html', 'https://127.0.0.1/tls/story.html',
        'inherited from server', PORT => $p1);
page_is('/plain/story.html', "http://127.0.0.1:$p1/plain/story.html",
        'reader_url "" in a location', PORT => $p1);

# the cache keys on the page URL the engine got

my @cached = (['https://a.example/ledger', 'MISS'],
              ['https://b.example/ledger', 'MISS'],
              ['https://a.example/ledger', 'HIT'],
              ['https://b.example/ledger', 'HIT']);

for my $c (@cached) {
    my ($u, $status) = @$c;
    my $path = "/cached/story.html?u=$u";

    page_is($path, $u, "cache $status");
    is($t->logged($path)->[2], $status, "cache: $u is a $status");
}

# the validator covers the page URL: the same file under another page URL
# is another reader page, so a client's copy of one is not the other

my %etag = map {
    $_ => $t->get("/arg/story.html?u=https://$_.example/ledger")
             ->{headers}{etag} // ''
} qw(a b);

like($etag{a}, qr{^W/"[0-9a-f]{32}"$}, 'reader ETag for page URL a');
isnt($etag{a}, $etag{b}, 'another page URL, another ETag');
is($t->get('/arg/story.html?u=https://a.example/ledger',
           'If-None-Match' => $etag{a})->{status},
   304, 'its own ETag: 304');
is($t->get('/arg/story.html?u=https://b.example/ledger',
           'If-None-Match' => $etag{a})->{status},
   200, 'the ETag of page URL a does not revalidate page URL b');

is(warnings(), 1 + @bad, 'one warning per bad request, no more');

is($t->stop, '', 'no alerts, no crashes');


# constant values are checked when the configuration is read

my $c = ReaderTest->new;

for my $v ('ftp://example.org/', 'example.org/x', 'https://', '"/x"') {
    my ($rc, $out) = $c->test_config(
        "server { listen 127.0.0.1:%%PORT_0%%; reader_url $v; }");
    my $shown = $v =~ s/"//gr;

    isnt($rc, 0, "nginx -t: reader_url $v fails");
    like($out, qr/\[emerg\] reader_url "\Q$shown\E" is not an absolute http or https URL/,
         "nginx -t: reader_url $v: the reason");
}

for my $v ('https://example.org', 'http://example.org:8080/a?b#c', '""',
           '$scheme://$host$request_uri')
{
    my ($rc, $out) = $c->test_config(
        "server { listen 127.0.0.1:%%PORT_0%%; reader_url $v; }");

    is($rc, 0, "nginx -t: reader_url $v is accepted") or diag($out);
}

my ($rc, $out) = $c->test_config(
    'server { listen 127.0.0.1:%%PORT_0%%; '
    . 'reader_url https://$host$uri; reader_url https://$host$uri; }');
isnt($rc, 0, 'nginx -t: a second reader_url fails');
like($out, qr/"reader_url" directive is duplicate/, 'is duplicate');

done_testing();
