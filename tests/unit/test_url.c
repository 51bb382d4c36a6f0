/* URL resolution (RFC 3986 section 5.4 and browser leniencies), the scheme
 * allow-list, and <base href>. */

#include <stdlib.h>

#include "internal.h"
#include "tap.h"


static rd_arena_t  arena;


static void
resolve(const char *base, const char *ref, const char *want)
{
    char    name[256];
    size_t  i;

    snprintf(name, sizeof(name), "resolve '%s' against %s", ref,
             base ? base : "NULL");
    for (i = 0; name[i]; i++) {
        if ((unsigned char) name[i] < 0x20) {
            name[i] = '?';          /* one TAP line per test */
        }
    }
    is_str(rd_url_resolve(&arena, base, ref), want, name);
}


static void
allowed(const char *url, int is_image, int want)
{
    char    shown[128];
    size_t  i;

    for (i = 0; url[i] && i + 1 < sizeof(shown); i++) {
        shown[i] = (unsigned char) url[i] < 0x20 ? '?' : url[i];
    }
    shown[i] = '\0';

    ok(rd_url_allowed(url, is_image) == want, "%s %s%s",
       want ? "allows" : "refuses", shown, is_image ? " (image)" : "");
}


static void
base_of(const char *page, const char *url, const char *want)
{
    reader_options_t   opt;
    reader_result_t   *r;

    reader_options_init(&opt);
    opt.url = url;
    r = reader_extract((const unsigned char *) page, strlen(page), &opt);
    is_str(r->base_url, want, page);

    /* again without the parsed markup (freed by now): the tree walk */
    r->base_url = r->opt.url;
    rd_url_base(r);
    is_str(r->base_url, want, "the same from the tree");
    reader_result_free(r);
}


int
main(void)
{
    /* the normal and abnormal examples of RFC 3986 section 5.4 */
    static const char  *rfc[][2] = {
        { "g:h", "g:h" },
        { "g", "http://a/b/c/g" },
        { "./g", "http://a/b/c/g" },
        { "g/", "http://a/b/c/g/" },
        { "/g", "http://a/g" },
        { "//g", "http://g" },
        { "?y", "http://a/b/c/d;p?y" },
        { "g?y", "http://a/b/c/g?y" },
        { "#s", "http://a/b/c/d;p?q#s" },
        { "g#s", "http://a/b/c/g#s" },
        { "g?y#s", "http://a/b/c/g?y#s" },
        { ";x", "http://a/b/c/;x" },
        { "g;x", "http://a/b/c/g;x" },
        { "g;x?y#s", "http://a/b/c/g;x?y#s" },
        { "", "http://a/b/c/d;p?q" },
        { ".", "http://a/b/c/" },
        { "./", "http://a/b/c/" },
        { "..", "http://a/b/" },
        { "../", "http://a/b/" },
        { "../g", "http://a/b/g" },
        { "../..", "http://a/" },
        { "../../", "http://a/" },
        { "../../g", "http://a/g" },
        { "../../../g", "http://a/g" },
        { "../../../../g", "http://a/g" },
        { "/./g", "http://a/g" },
        { "/../g", "http://a/g" },
        { "g.", "http://a/b/c/g." },
        { ".g", "http://a/b/c/.g" },
        { "g..", "http://a/b/c/g.." },
        { "..g", "http://a/b/c/..g" },
        { "./../g", "http://a/b/g" },
        { "./g/.", "http://a/b/c/g/" },
        { "g/./h", "http://a/b/c/g/h" },
        { "g/../h", "http://a/b/c/h" },
        { "g;x=1/./y", "http://a/b/c/g;x=1/y" },
        { "g;x=1/../y", "http://a/b/c/y" },
        { "g?y/./x", "http://a/b/c/g?y/./x" },
        { "g?y/../x", "http://a/b/c/g?y/../x" },
        { "g#s/./x", "http://a/b/c/g#s/./x" },
        { "g#s/../x", "http://a/b/c/g#s/../x" },
        { "http:g", "http:g" }
    };

    static const char  *bad[] = {
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
        "java\nscript:alert(1)", "java\rscript:alert(1)",
        "  javascript:alert(1)", "\x01javascript:alert(1)",
        "java\x03script:alert(1)", "java script:alert(1)",
        "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
        "&#X6a&#X61vascript:alert(1)", "&#0000106;avascript:alert(1)",
        "javascript&colon;alert(1)", "javascript&#58;alert(1)",
        "jav&#x09;ascript:alert(1)", "jav&Tab;ascript:alert(1)",
        "vbscript:msgbox(1)", "VBScript:x", "livescript:x",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd",
        "feed:javascript:alert(1)", "about:blank", "ftp://x/"
    };

    size_t  i;

    for (i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++) {
        resolve("http://a/b/c/d;p?q", rfc[i][0], rfc[i][1]);
    }

    resolve("https://example.com/a/b.html", "  https://x.org/p \n",
            "https://x.org/p");
    resolve("https://example.com/a/b.html", "im\tage\n.png",
            "https://example.com/a/image.png");
    resolve("https://example.com/a/b.html", "\\img\\a.png?x=\\y",
            "https://example.com/img/a.png?x=\\y");
    resolve("https://example.com/a/b.html", "\\\\cdn.example.net\\i.png",
            "https://cdn.example.net/i.png");
    resolve("https://example.com", "x.png", "https://example.com/x.png");
    resolve("https://example.com", "?p=2", "https://example.com?p=2");
    resolve("https://example.com/a/", "//cdn.example.net/./i/../j.png",
            "https://cdn.example.net/j.png");
    resolve("https://example.com/a/", "mailto:a@example.com",
            "mailto:a@example.com");
    resolve("https://example.com/a/", "javascript:alert(1)",
            "javascript:alert(1)");
    resolve("https://example.com/a/", "\x01 javascript:alert(1)",
            "javascript:alert(1)");
    resolve("https://example.com/a/", "\xc2\xa0javascript:alert(1)",
            "https://example.com/a/\xc2\xa0javascript:alert(1)");
    resolve(NULL, "a/../b", "a/../b");
    resolve(NULL, " a b\x01\"<>`' ", "a%20b%01%22%3C%3E%60'");
    resolve("https://example.com/a/", "x.png?a=1 onerror=x//\">",
            "https://example.com/a/x.png?a=1%20onerror=x//%22%3E");
    resolve("mailto:x@example.com", "a/b", "a/b");
    resolve("data:text/html,x", "a/b", "a/b");
    resolve("relative/base", "a", "a");
    resolve("https://example.com/a/b", "../../../../x",
            "https://example.com/x");
    resolve("https://example.com/%E4%B8%AD/", "\xe4\xb8\xad.html",
            "https://example.com/%E4%B8%AD/\xe4\xb8\xad.html");
    resolve("file:///tmp/x.html", "y.html", "file:///tmp/y.html");
    resolve("file:///tmp/x.html", "\\y.html", "file:///tmp/\\y.html");
    resolve("https://user@example.com:8443/a", "b",
            "https://user@example.com:8443/b");
    resolve("https://example.com/a?q#f", "#g", "https://example.com/a?q#g");
    resolve("https://example.com/a", "", "https://example.com/a");
    resolve("https://example.com/a", "/..", "https://example.com/");
    resolve("https://example.com/a", ".", "https://example.com/");
    resolve("https://example.com/a/b/", "c/..", "https://example.com/a/b/");
    resolve("https://example.com/a/b/", "./c/./", "https://example.com/a/b/c/");

    /* the first 18 are refused as links, the rest even as images */
    for (i = 0; i < 18; i++) {
        allowed(bad[i], 0, 0);
    }
    for ( ; i < sizeof(bad) / sizeof(bad[0]); i++) {
        allowed(bad[i], 1, 0);
    }

    allowed("https://example.com/", 0, 1);
    allowed("HTTP://EXAMPLE.COM", 0, 1);
    allowed("mailto:a@example.com", 0, 1);
    allowed("/relative/path:with-colon", 0, 1);
    allowed("", 0, 1);
    allowed("#frag", 0, 1);
    allowed("?q=javascript:x", 0, 1);
    allowed("a-very-long-relative-name-without-any-slash-or-colon.html", 0, 1);
    allowed("a-very-long-name-with-a-colon:x", 0, 0);

    allowed("data:image/png;base64,iVBORw0KGgo=", 1, 1);
    allowed("DATA:Image/JPEG;base64,/9j/4AAQ", 1, 1);
    allowed("data:image/gif,GIF89a", 1, 1);
    allowed("data:image/webp;base64,UklGR", 1, 1);
    allowed("data:image/png;base64,iVBORw0KGgo=", 0, 0);
    allowed("data:image/svg+xml,<svg onload=alert(1)>", 1, 0);
    allowed("data:image/pngx;base64,AA", 1, 0);
    allowed("data:image/png", 1, 0);
    allowed("data:,hello", 1, 0);


    reader_init();
    base_of("<html><head><base href='/sub/dir/'></head><body><p>x</p></body></html>",
            "https://example.com/a/b.html", "https://example.com/sub/dir/");
    base_of("<html><head><base target=_blank><base href='//cdn.example.net/x/'>"
            "</head><body><p>x</p></body></html>",
            "https://example.com/a/b.html", "https://cdn.example.net/x/");
    base_of("<html><head><base href='javascript:alert(1)//'></head>"
            "<body><p>x</p></body></html>",
            "https://example.com/a/b.html", "https://example.com/a/b.html");
    base_of("<html><head><base href='rel/'></head><body><p>x</p></body></html>",
            NULL, NULL);
    base_of("<HTML><HEAD><BASE HREF='/up/'></HEAD><BODY><P>x</P></BODY></HTML>",
            "https://example.com/a/b.html", "https://example.com/up/");
    base_of("<p>text first</p><base\thref='/late/'><p>x</p>",
            "https://example.com/a/b.html", "https://example.com/late/");
    base_of("<head><basefont href='/no/'><base-x href='/no/'></head>"
            "<body><p>base</p></body>",
            "https://example.com/a/b.html", "https://example.com/a/b.html");

    rd_arena_free(&arena);
    return done_testing();
}
