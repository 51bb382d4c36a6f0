/* SHA-256, templates (validation, CSP, expansion), the built-in reader
 * page, which tidy must find free of errors, and reader_template_gzip. */

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "render_fixture.h"
#include "tap.h"


#define CSP_HEAD  "default-src 'none'; img-src http: https: data:; style-src "
#define CSP_TAIL  "; media-src http: https:; base-uri 'none'; " \
                  "form-action 'none'; frame-ancestors 'self'"


static void
sha(const char *data, size_t len, const char *want, const char *name)
{
    unsigned char  d[32];
    char           hex[65];
    size_t         i;

    rd_sha256(data, len, d);
    for (i = 0; i < 32; i++) {
        snprintf(hex + i * 2, 3, "%02x", d[i]);
    }
    is_str(hex, want, name);
}


static void
test_sha256(void)
{
    char  a[1000];

    memset(a, 'a', sizeof(a));

    sha("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256 of nothing");
    sha("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha256 abc");
    sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        "sha256 of 56 bytes (two final blocks)");
    sha(a, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
        "sha256 of 55 bytes (one final block)");
    sha(a, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        "sha256 of one block");
    sha(a, 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
        "sha256 of 119 bytes");
    sha(a, 1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
        "sha256 of 1000 bytes");
}


static void
bad(const char *text, const char *want, const char *name)
{
    const char         *err = NULL;
    reader_template_t  *t = reader_template_compile(text, strlen(text), &err);

    ok(t == NULL && err && strstr(err, want), "refused: %s (%s)", name,
       err ? err : "accepted");
    reader_template_free(t);
}


static void
test_compile(void)
{
    static const char   two[] =
        "<html><head><style>p{color:red}</style><STYLE media=\"print\">a{}"
        "</STYLE></head><body>{{ content }}</body></html>";
    static const char   none[] = "<p>{{content}}</p>";
    static const char   quoted[] =
        "<p data-style=1 title=\"a style = b\" alt='c style=d'>{{content}}</p>";

    reader_template_t  *t;
    const char         *err = NULL;

    t = reader_template_compile(NULL, 0, &err);
    ok(t != NULL, "the built-in template compiles (%s)", err ? err : "");
    is_str(t ? reader_template_csp(t) : NULL, reader_template_csp(NULL),
           "the built-in CSP constant is the hash of the built-in style");
    reader_template_free(t);

    t = reader_template_compile(two, sizeof(two) - 1, &err);
    is_str(t ? reader_template_csp(t) : err,
           CSP_HEAD "'sha256-p0bF+un5yUb9MBO6xRb8kPHlY2BdpHVtLiFkDrZPF64='"
           " 'sha256-X1RutGBrXCt9KkSaXMK7tHftWiRscFHOhxsS8tv8hBk='" CSP_TAIL,
           "the CSP hashes every <style>");
    reader_template_free(t);

    t = reader_template_compile(none, sizeof(none) - 1, &err);
    is_str(t ? reader_template_csp(t) : err, CSP_HEAD "'none'" CSP_TAIL,
           "no <style>: style-src 'none'");
    reader_template_free(t);

    bad("<p>{{titel}}{{content}}</p>", "unknown", "an unknown placeholder");
    bad("<p>{{content}}{{title</p>", "unknown or unclosed",
        "an unclosed placeholder");
    bad("<p>{{content}}</p><ScRiPt src=x></script>", "<script>", "script");
    bad("<style>h1{{{title}}}</style>{{content}}", "inside <style>",
        "a placeholder inside <style>");
    bad("<style>p{}", "not closed", "an unclosed <style>");
    bad("<p>{{title}}</p>", "no {{content}}", "no content");
    bad("<a href={{url}}>x</a>{{content}}", "quoted attribute",
        "an unquoted attribute value");
    bad("<p {{title}}>{{content}}</p>", "quoted attribute", "a bare placeholder in a tag");
    bad("<p style=\"color:red\">{{content}}</p>", "style attribute",
        "a style attribute the CSP would block");
    t = reader_template_compile("<p>a\0b{{content}}</p>", 20, &err);
    ok(t == NULL && err && strstr(err, "NUL"), "refused: a NUL byte");
    reader_template_free(t);

    t = reader_template_compile(quoted, sizeof(quoted) - 1, &err);
    ok(t != NULL, "style inside a value or another name is fine (%s)",
       t ? "" : err);
    reader_template_free(t);
}


static void
test_expand(void)
{
    static const char   text[] =
        "<t>{{title}}|{{ byline }}|{{published}}|{{site_name}}|{{lang}}|"
        "{{dir}}|{{url}}|{{reading_minutes}}|{{reading_time}}|"
        "{{view_original}}|{{reader_view_of}}|{{content}}</t>";

    reader_template_t  *t;
    reader_result_t    *r;
    reader_buf_t        out = { 0 };
    const char         *err;

    t = reader_template_compile(text, sizeof(text) - 1, &err);
    r = fixture("<p>Body <b>text</b></p><script>alert(1)</script>", FIXTURE_URL);

    r->meta.title = "<b>T&amp;\"q\"'s</b>";
    r->meta.published = "2024-05-06";
    r->meta.site_name = "Site";
    r->meta.lang = "he";
    r->meta.dir = "rtl";
    r->meta.url = "https://example.com/a?b=1&c=\"2\"";
    r->meta.reading_minutes = 7;

    if (reader_render(r, READER_FORMAT_HTML, t, &out) != READER_OK) {
        out.len = 0;
    }
    is_str((const char *) out.data,
           "<t>&lt;b&gt;T&amp;amp;&quot;q&quot;&#39;s&lt;/b&gt;||2024-05-06|Site|he|"
           "rtl|https://example.com/a?b=1&amp;c=&quot;2&quot;|7|"
           "\xd7\x96\xd7\x9e\xd7\x9f \xd7\xa7\xd7\xa8\xd7\x99\xd7\x90\xd7\x94: 7 \xd7\x93\xd7\xa7\xd7\xb3|"
           "\xd7\x9c\xd7\xa2\xd7\x9e\xd7\x95\xd7\x93 \xd7\x94\xd7\x9e\xd7\xa7\xd7\x95\xd7\xa8\xd7\x99|"
           "\xd7\xaa\xd7\xa6\xd7\x95\xd7\x92\xd7\xaa \xd7\xa7\xd7\xa8\xd7\x99\xd7\x90\xd7\x94 \xc2\xb7 \xd7\x94\xd7\x9e\xd7\xa7\xd7\x95\xd7\xa8:|"
           "<p>Body <b>text</b></p>\n</t>",
           "placeholders are escaped, content is the sanitized article");
    reader_buf_free(&out);

    r->meta.url = "javascript:alert(1)";
    r->meta.dir = "sideways";
    r->meta.reading_minutes = 0;
    rd_render_page(r, t, &out);
    ok(strstr((const char *) out.data, "|ltr||1|") != NULL,
       "a non-http URL is left out; dir is ltr or rtl; minutes >= 1");
    reader_buf_free(&out);

    reader_result_free(r);
    reader_template_free(t);
}


/* The page's own words follow the article's language. */
static void
test_words(void)
{
    static const struct {
        const char  *lang, *want;
    } cases[] = {
        { "en-GB", "<span>4 min read</span><a href=\"" FIXTURE_URL "\">"
                   "View original</a>" },
        { NULL, "<footer><p>Reader view of <a" },
        { "pt-BR", "<span>4 min read</span>" },
        { "zh-CN", "<span>\xe9\x98\x85\xe8\xaf\xbb\xe7\xba\xa6 4 "
                   "\xe5\x88\x86\xe9\x92\x9f</span>" },
        { "zh", "\xe6\x9f\xa5\xe7\x9c\x8b\xe5\x8e\x9f\xe6\x96\x87</a>" },
        { "zh-Hant-HK", "\xe6\xaa\xa2\xe8\xa6\x96\xe5\x8e\x9f\xe6\x96\x87</a>" },
        { "zh_TW", "<span>\xe9\x96\xb1\xe8\xae\x80\xe7\xb4\x84 4 " },
        { "JA", "<span>4 \xe5\x88\x86\xe3\x81\xa7" },
        { "ko-KR", "<span>4\xeb\xb6\x84 " },
        { "fr", "Voir l\xe2\x80\x99original</a>" },
        { "de-AT", "<span>4 Min. Lesezeit</span>" },
        { "es", "<footer><p>Vista de lectura de <a" },
        { "ar-EG", "\xd8\xb9\xd8\xb1\xd8\xb6 \xd8\xa7\xd9\x84\xd8\xb5\xd9\x81\xd8\xad\xd8\xa9 \xd8\xa7\xd9\x84\xd8\xa3\xd8\xb5\xd9\x84\xd9\x8a\xd8\xa9</a>" }
    };

    reader_result_t  *r;
    reader_buf_t      out = { 0 };
    size_t            i;

    r = fixture("<p>A paragraph of the article.</p>", FIXTURE_URL);
    r->meta.reading_minutes = 4;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        r->meta.lang = cases[i].lang;
        out.len = 0;
        rd_render_page(r, NULL, &out);
        rd_buf_append(&out, "", 1);
        ok(strstr((const char *) out.data, cases[i].want) != NULL,
           "lang %s: the page's words in it", cases[i].lang ? cases[i].lang
                                                             : "(none)");
    }

    reader_buf_free(&out);
    reader_result_free(r);
}


/* tidy knows HTML5 up to 2017: these are its only complaints allowed. */
static int
tidy_line_ok(const char *line)
{
    static const char  *allowed[] = {
        "proprietary attribute \"loading\"",
        "proprietary attribute \"decoding\"",
        "proprietary attribute \"referrerpolicy\"",
        "trimming empty <span>", "trimming empty <time>",
        "trimming empty <p>", "trimming empty <h1>",
        "<source> proprietary attribute \"sizes\""
    };

    size_t  i;

    if (strstr(line, " - Warning: ") == NULL) {
        return 0;
    }
    for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
        if (strstr(line, allowed[i])) {
            return 1;
        }
    }
    return 0;
}


static void
test_page(void)
{
    reader_result_t  *r;
    reader_buf_t      out = { 0 };
    const char       *p, *style, *style_end;
    char             *rich;
    char              path[] = "/tmp/reader-page-XXXXXX", cmd[128], line[512];
    FILE             *f;
    int               fd, status, lines = 0, unexpected = 0;

    rich = slurp_text("tests/fixtures/render/elements.html");
    if (!ok(rich != NULL, "tests/fixtures/render/elements.html read")) {
        return;
    }
    r = fixture(rich, FIXTURE_URL);
    free(rich);
    r->meta.title = "A title & more";
    r->meta.lang = "zh-Hant";
    r->meta.byline = "Jane Doe";
    r->meta.reading_minutes = 3;
    rd_render_page(r, NULL, &out);
    reader_result_free(r);

    p = (const char *) out.data;
    ok(strncmp(p, "<!DOCTYPE html>\n<html lang=\"zh-Hant\" dir=\"ltr\">\n<head>\n"
                  "<meta charset=\"utf-8\">\n", 73) == 0,
       "doctype, html lang/dir, charset first in head");
    ok(strstr(p, "<title>A title &amp; more</title>") != NULL
       && strstr(p, "<h1>A title &amp; more</h1>") != NULL
       && strstr(p, "<p class=\"byline\">Jane Doe</p>") != NULL
       && strstr(p, "<span>\xe9\x96\xb1\xe8\xae\x80\xe7\xb4\x84 3 "
                    "\xe5\x88\x86\xe9\x90\x98</span>") != NULL
       && strstr(p, "<link rel=\"canonical\" href=\"" FIXTURE_URL "\">") != NULL
       && strstr(p, "<meta name=\"robots\" content=\"noindex\">") != NULL,
       "title, byline, reading time, canonical link, noindex");

    style = strstr(p, "<style>");
    style_end = style ? strstr(style, "</style>") : NULL;
    ok(style_end && strstr(style_end, "<style") == NULL
       && strstr(p, "<style") == style,
       "exactly one <style>");
    ok(style_end && style_end - style - 7 < 6144, "the style is under 6 KB (%d)",
       style_end ? (int) (style_end - style - 7) : -1);
    ok(strstr(p, "<script") == NULL && strstr(p, " style=") == NULL,
       "no script, no style attribute");
    ok(style && strstr(style, ":lang(zh)") && strstr(style, "66ch")
       && strstr(style, "36em") && strstr(style, "prefers-color-scheme:dark")
       && strstr(style, "prefers-contrast:more")
       && strstr(style, "prefers-reduced-motion") && strstr(style, "@media print")
       && strstr(style, "text-justify:inter-character")
       && strstr(style, "line-break:strict") && strstr(style, "overflow-x:auto")
       && strstr(style, "margin-inline"),
       "the style covers measure, CJK, themes, contrast, motion, print, scroll");

    if (access("/usr/bin/tidy", X_OK) != 0) {
        printf("# skipped: tidy is not installed (tools/install-deps.sh)\n");
        reader_buf_free(&out);
        return;
    }

    fd = mkstemp(path);
    if (fd < 0 || write(fd, out.data, out.len) != (ssize_t) out.len) {
        ok(0, "temporary file for tidy");
        reader_buf_free(&out);
        return;
    }
    close(fd);
    reader_buf_free(&out);

    snprintf(cmd, sizeof(cmd), "/usr/bin/tidy -errors -q %s 2>&1", path);
    f = popen(cmd, "r");
    while (f && fgets(line, sizeof(line), f)) {
        lines++;
        if (!tidy_line_ok(line)) {
            unexpected++;
            printf("# tidy: %s", line);
        }
    }
    status = f ? pclose(f) : -1;
    unlink(path);

    ok(status != -1 && WEXITSTATUS(status) < 2 && unexpected == 0,
       "tidy: no errors, no warnings but the known ones (%d lines)", lines);
}


/* reader_template_gzip(in) inflates back to in, as one gzip member. */
static void
gzip_trip(const reader_template_t *t, const char *in, size_t len, int level,
    const char *name)
{
    reader_buf_t  gz = { 0 }, back = { 0 };
    int           same;

    same = reader_template_gzip(t, (const unsigned char *) in, len, level,
                                &gz) == READER_OK
           && gz.len >= 18 && gz.data[0] == 0x1f && gz.data[1] == 0x8b
           && reader_inflate(gz.data, gz.len, len + 1, &back) == READER_OK
           && back.len == len && (len == 0 || memcmp(back.data, in, len) == 0);

    ok(same, "gzip: %s round trip (%zu bytes)", name, len);
    reader_buf_free(&gz);
    reader_buf_free(&back);
}


static void
test_gzip(void)
{
    reader_template_t  *t;
    reader_result_t    *r;
    reader_buf_t        page = { 0 }, plain = { 0 }, gz = { 0 }, odd = { 0 };
    const char         *err;
    char               *text, *p;
    size_t              i, run;

    r = fixture("<h1>A title</h1><p>An article of some length, with words "
                "enough to be one.</p><p>And a second paragraph.</p>",
                FIXTURE_URL);
    reader_render(r, READER_FORMAT_HTML, NULL, &page);

    /* the built-in page: its <style> is spliced in, compressed once */
    gzip_trip(NULL, (const char *) page.data, page.len, 6, "built-in page");
    gzip_trip(NULL, (const char *) page.data, page.len, 1, "level 1");
    gzip_trip(NULL, (const char *) page.data, page.len, 12, "level clamped");

    /* the page compressed whole, as zlib does it (zlib's header and
     * trailer are 12 bytes smaller than gzip's) */
    plain.cap = compressBound(page.len) + 1;
    plain.data = malloc(plain.cap);
    plain.len = plain.cap;
    if (plain.data == NULL
        || compress2(plain.data, &plain.len, page.data, page.len, 6) != Z_OK)
    {
        plain.len = 0;
    }
    plain.len += 12;
    reader_template_gzip(NULL, page.data, page.len, 6, &gz);
    /* three deflate blocks where one would do: a few dozen bytes more */
    ok(gz.len < plain.len + plain.len / 20,
       "gzip: the spliced page is about as small as one compressed whole "
       "(%zu, %zu)", gz.len, plain.len);

    /* the style twice, and its first bytes without the rest before it */
    p = strstr((const char *) page.data, "<style>");
    run = p ? (size_t) (strstr(p, "</style>") - p) : 0;
    rd_buf_append(&odd, p, 40);
    rd_buf_append(&odd, page.data, page.len);
    rd_buf_append(&odd, p, run);
    gzip_trip(NULL, (const char *) odd.data, odd.len, 6,
              "a page with the run's first bytes early, the run twice");
    gzip_trip(NULL, (const char *) page.data, page.len / 2, 6,
              "half a page (the run cut)");
    gzip_trip(NULL, "", 0, 6, "nothing");
    gzip_trip(NULL, "x", 1, 9, "one byte");

    /* a template of its own: the run after a placeholder, and first */
    text = malloc(5000);
    strcpy(text, "<title>{{title}}</title><p>");
    for (i = 0; i < 150; i++) {
        strcat(text, "constant text number ");
        text[strlen(text) - 1] = (char) ('a' + i % 26);
    }
    strcat(text, "</p>{{content}}");
    t = reader_template_compile(text, strlen(text), &err);
    page.len = 0;
    reader_render(r, READER_FORMAT_HTML, t, &page);
    gzip_trip(t, (const char *) page.data, page.len, 6, "own template");
    reader_template_free(t);

    t = reader_template_compile(text + 27, strlen(text + 27), &err);
    page.len = 0;
    reader_render(r, READER_FORMAT_HTML, t, &page);
    gzip_trip(t, (const char *) page.data, page.len, 6,
              "own template, the run first");
    reader_template_free(t);

    free(text);
    reader_buf_free(&page);
    reader_buf_free(&plain);
    reader_buf_free(&gz);
    reader_buf_free(&odd);
    reader_result_free(r);
}


int
main(void)
{
    reader_init();

    test_sha256();
    test_compile();
    test_expand();
    test_page();
    test_words();
    test_gzip();

    return done_testing();
}
