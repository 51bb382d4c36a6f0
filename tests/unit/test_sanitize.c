/*
 * The sanitizer against hostile markup: libxml2 round-trip differentials,
 * URL obfuscation, dangerous elements and attributes.  Every output is
 * checked by a small independent scanner (allowed tags and attributes,
 * quoted values, URL schemes), then, when ../shared is present, every
 * payload of ../shared/security/xss-vectors.jsonl goes through
 * reader_extract inside an article page, in two places, and every page of
 * ../shared/corpus must give well-formed output that passes the scanner.
 */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>

#include "corpus.h"
#include "render_fixture.h"
#include "tap.h"


#define XSS_VECTORS  "../shared/security/xss-vectors.jsonl"


/* What the serializer may write, listed here independently of it. */
static const char  *safe_tags =
    " a abbr address article audio b bdi bdo blockquote br caption cite code"
    " col colgroup data dd del details dfn div dl dt em figcaption figure h2"
    " h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q rb rp rt rtc"
    " ruby s samp section small source strong sub summary sup table tbody td"
    " tfoot th thead time tr track u ul var video wbr math mi mn mo ms mtext"
    " mrow msup msub msubsup mfrac msqrt mroot mtable mtr mtd mspace"
    " semantics annotation mover munder munderover ";

static const char  *safe_attrs =
    " href title src srcset sizes alt width height loading decoding"
    " referrerpolicy rel lang dir cite datetime value start reversed type"
    " colspan rowspan headers scope abbr span class open controls preload"
    " poster kind srclang label media display mathvariant form fence"
    " separator stretchy largeop lspace rspace linethickness columnspan depth"
    " encoding ";

static const char  *url_attrs = " href src srcset cite poster ";

static const char  *void_tags = " br hr img source track wbr col ";

#define MAX_OPEN  1100


static int
in_words(const char *list, const char *w, size_t n)
{
    char  buf[64];

    if (n == 0 || n + 3 > sizeof(buf)) {
        return 0;
    }
    buf[0] = ' ';
    memcpy(buf + 1, w, n);
    buf[n + 1] = ' ';
    buf[n + 2] = '\0';
    return strstr(list, buf) != NULL;
}


/* A URL attribute value as the browser gets it (our escapes undone). */
static int
url_ok(const char *v, size_t n, char *why, size_t size)
{
    static const char  *refs[][2] = {
        { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
        { "&#39;", "'" }
    };

    char    buf[4096];
    size_t  i, o = 0, k, r;

    for (i = 0; i < n && o + 1 < sizeof(buf); i++) {
        if (v[i] == '&') {
            for (k = 0; k < sizeof(refs) / sizeof(refs[0]); k++) {
                r = strlen(refs[k][0]);
                if (strncmp(v + i, refs[k][0], r) == 0) {
                    break;
                }
            }
            if (k == sizeof(refs) / sizeof(refs[0])) {
                snprintf(why, size, "a character reference in a URL: %.40s", v);
                return 0;
            }
            buf[o++] = refs[k][1][0];
            i += r - 1;
            continue;
        }
        buf[o++] = (char) tolower((unsigned char) v[i]);
    }
    buf[o] = '\0';

    /* everything is resolved against the page URL: absolute or mailto */
    if (strncmp(buf, "https://", 8) == 0 || strncmp(buf, "http://", 7) == 0
        || strncmp(buf, "mailto:", 7) == 0
        || strncmp(buf, "data:image/png", 14) == 0
        || strncmp(buf, "data:image/gif", 14) == 0
        || strncmp(buf, "data:image/jpeg", 15) == 0
        || strncmp(buf, "data:image/webp", 15) == 0
        || strncmp(buf, "data:image/avif", 15) == 0)
    {
        return 1;
    }

    snprintf(why, size, "URL with a bad scheme: %.60s", buf);
    return 0;
}


/*
 * Checks sanitized output: every '<' opens an allowed tag or closes the
 * last one opened, attributes are allowed names with double-quoted values
 * free of '<', '>' and '"', URLs are absolute http(s), mailto or
 * data:image.  Returns NULL, or why not (in why).
 */
static const char *
check_html(const char *s, char *why, size_t size)
{
    static const char  *open[MAX_OPEN];
    static size_t       open_len[MAX_OPEN];

    const char  *p = s, *name, *v;
    size_t       n, depth = 0;
    char         attr[64];
    int          end;

    while ((p = strchr(p, '<')) != NULL) {
        p++;
        end = (*p == '/');
        p += end;

        for (name = p; isalnum((unsigned char) *p); p++) {
            /* void */
        }
        n = (size_t) (p - name);
        if (!in_words(safe_tags, name, n)) {
            snprintf(why, size, "tag not allowed: <%.20s", name);
            return why;
        }

        if (end) {
            if (depth == 0 || open_len[depth - 1] != n
                || memcmp(open[depth - 1], name, n) != 0)
            {
                snprintf(why, size, "</%.*s> closes <%.*s>", (int) n, name,
                         depth ? (int) open_len[depth - 1] : 1,
                         depth ? open[depth - 1] : "-");
                return why;
            }
            depth--;

        } else if (!in_words(void_tags, name, n)) {
            if (depth == MAX_OPEN) {
                snprintf(why, size, "more than %d open elements", MAX_OPEN);
                return why;
            }
            open[depth] = name;
            open_len[depth++] = n;
        }

        for ( ;; ) {
            while (*p == ' ') {
                p++;
            }
            if (*p == '>') {
                p++;
                break;
            }

            for (name = p; isalnum((unsigned char) *p) || *p == '-'; p++) {
                /* void */
            }
            n = (size_t) (p - name);
            if (!in_words(safe_attrs, name, n)) {
                snprintf(why, size, "attribute not allowed: %.30s", name);
                return why;
            }
            snprintf(attr, sizeof(attr), "%.*s", (int) n, name);

            if (*p != '=') {
                continue;           /* a boolean attribute */
            }
            if (p[1] != '"') {
                snprintf(why, size, "unquoted value: %.30s", name);
                return why;
            }

            v = p + 2;
            n = strcspn(v, "\"<>");
            if (v[n] != '"') {
                snprintf(why, size, "'<' or '>' inside a value of %s", attr);
                return why;
            }

            if (in_words(url_attrs, attr, strlen(attr))) {
                if (strcmp(attr, "srcset") == 0) {
                    const char  *c = v, *e = v + n, *t;

                    while (c < e) {
                        t = c + strcspn(c, " ");
                        if (t > e) {
                            t = e;
                        }
                        if (!url_ok(c, (size_t) (t - c), why, size)) {
                            return why;
                        }
                        /* skip the descriptor up to ", " */
                        c = strstr(t, ", ");
                        if (c == NULL || c >= e) {
                            break;
                        }
                        c += 2;
                    }

                } else if (!url_ok(v, n, why, size)) {
                    return why;
                }
            }

            p = v + n + 1;
        }
    }

    if (depth) {
        snprintf(why, size, "<%.*s> is not closed", (int) open_len[depth - 1],
                 open[depth - 1]);
        return why;
    }

    return NULL;
}


/* Whether tag[at] starts an attribute value or a srcset candidate. */
static int
value_start(const char *tag, size_t at)
{
    while (at > 0 && (tag[at - 1] == ' ' || tag[at - 1] == '\t'
                      || tag[at - 1] == '\n'))
    {
        at--;
    }
    return at >= 2 && ((tag[at - 2] == '=' && tag[at - 1] == '"')
                       || tag[at - 1] == ',' || tag[at - 1] == '=');
}


/*
 * The brief's plain list, case-insensitively, inside tags only: markup,
 * style, srcdoc and handlers outside quoted values (an alt text may say
 * "style="), a dangerous scheme at the start of a value (a relative URL
 * resolved to https://site/path/javascript:x is harmless).
 */
static const char *
check_tags_text(const char *s, char *why, size_t size)
{
    static const char  *bad[] = {
        "<script", "style=", "<iframe", "<object", "<embed", "<form",
        "<base", "<meta", "<link", "srcdoc", "<svg", "<style", "<template",
        "<noscript", "<xmp", "<!--"
    };
    static const char  *schemes[] = { "javascript:", "vbscript:", "data:text" };

    const char  *p = s, *e, *q;
    char         tag[4096], bare[4096];
    size_t       i, n;
    int          quoted = 0;

    while ((p = strchr(p, '<')) != NULL) {
        e = strchr(p, '>');
        n = e ? (size_t) (e - p) + 1 : strlen(p);
        if (n >= sizeof(tag)) {
            n = sizeof(tag) - 1;
        }
        for (i = 0; i < n; i++) {
            tag[i] = (char) tolower((unsigned char) p[i]);
            quoted ^= (p[i] == '"');
            bare[i] = quoted && p[i] != '"' ? 'x' : tag[i];
        }
        tag[n] = bare[n] = '\0';
        quoted = 0;

        for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            if (strstr(bare, bad[i])) {
                snprintf(why, size, "%s in %.60s", bad[i], tag);
                return why;
            }
        }

        for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
            for (q = tag; (q = strstr(q, schemes[i])) != NULL; q++) {
                if (value_start(tag, (size_t) (q - tag))) {
                    snprintf(why, size, "%s URL in %.60s", schemes[i], tag);
                    return why;
                }
            }
        }

        /* " on<letters>=" */
        for (i = 0; i + 4 < n; i++) {
            if (isspace((unsigned char) bare[i]) && bare[i + 1] == 'o'
                && bare[i + 2] == 'n' && isalpha((unsigned char) bare[i + 3]))
            {
                size_t  j = i + 3;

                while (isalpha((unsigned char) bare[j])) {
                    j++;
                }
                if (bare[j] == '=') {
                    snprintf(why, size, "event handler in %.60s", tag);
                    return why;
                }
            }
        }

        p += n ? n : 1;
    }

    return NULL;
}


static void
safe(const char *body, const char *must_not, const char *name)
{
    char         why[160];
    char        *got = render(body);
    const char  *bad = check_html(got, why, sizeof(why));

    if (bad == NULL) {
        bad = check_tags_text(got, why, sizeof(why));
    }
    if (bad == NULL && must_not && strstr(got, must_not)) {
        snprintf(why, sizeof(why), "contains %s", must_not);
        bad = why;
    }

    if (!ok(bad == NULL, "%s", name)) {
        printf("#   %s\n#   output: %s\n", bad, got);
    }
    free(got);
}


static void
same(const char *body, const char *want, const char *name)
{
    char  *got = render(body);

    is_str(got, want, name);
    free(got);
}


/* Positive controls: the scanners do catch what they look for. */
static void
test_scanner(void)
{
    static const char  *bad_html[] = {
        "<p><b>x</p>", "<p>x", "<p onclick=\"x()\">x</p>",
        "<a href=\"javascript:alert(1)\">x</a>", "<a href=x>x</a>",
        "<img src=\"data:text/html,x\">", "<script>x</script>",
        "<p>a</b></p>", "<iframe src=\"https://x/\"></iframe>",
        "<p style=\"x\">y</p>", "<img srcset=\"https://x/a 1x, vbscript:x 2x\">"
    };
    static const char  *bad_tags[] = {
        "<img src=\"x\" onerror=\"y\">", "<a href=\" javascript:x\">",
        "<p style=\"a\">", "<iframe srcdoc=\"x\">"
    };

    char    why[160];
    size_t  i;

    for (i = 0; i < sizeof(bad_html) / sizeof(bad_html[0]); i++) {
        ok(check_html(bad_html[i], why, sizeof(why)) != NULL,
           "scanner catches %s", bad_html[i]);
    }
    for (i = 0; i < sizeof(bad_tags) / sizeof(bad_tags[0]); i++) {
        ok(check_tags_text(bad_tags[i], why, sizeof(why)) != NULL,
           "plain checks catch %s", bad_tags[i]);
    }
    ok(check_html("<p>a <a href=\"https://x/?a&amp;b\" rel=\"noopener\">b</a>"
                  "<br><img src=\"data:image/png;base64,AA\" alt=\"&lt;style=&gt;\">"
                  "</p>", why, sizeof(why)) == NULL
       && check_tags_text("<img alt=\"a style=b onerror=c\">", why, sizeof(why))
          == NULL,
       "scanners pass clean markup");
}


static void
test_payloads(void)
{
    safe("<p><a href=\"&#106;avascript:alert(1)\">x</a></p>", "href",
         "numeric reference in a scheme");
    safe("<p><a href=\"&#x6A;avascript&#x3A;alert(1)\">x</a></p>", "href",
         "hex references in a scheme");
    safe("<p><a href=\"javascript&colon;alert(1)\">x</a></p>", NULL,
         "HTML5 named reference libxml2 does not know");
    safe("<p><a href=\"  javascript:alert(1)\">x</a></p>", "href",
         "leading spaces");
    safe("<p><a href=\"java\tscript:alert(1)\">x</a><a href=\"java&#x0A;script:alert(1)\">y</a></p>",
         "href", "tab and newline inside the scheme");
    safe("<p><a href=\"JaVaScRiPt:alert(1)\">x</a><a href=\"vbscript:msgbox(1)\">y</a>"
         "<a href=\"livescript:x\">z</a></p>", "href", "scheme case, vbscript");
    safe("<p><a href=\"data:text/html,<script>alert(1)</script>\">x</a>"
         "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">y</a></p>",
         "href", "data:text/html links");
    safe("<p><a href=\"\x01java\x03script:alert(1)\">x</a></p>", NULL,
         "C0 controls inside the scheme (libxml2's serializer drops them)");
    safe("<p><img src=x onerror=alert(1)><img src=\"x\" onload=\"alert(1)\"></p>",
         "onerror", "img onerror");
    safe("<p>a<svg><script>alert(1)</script></svg><svg/onload=alert(1)></p>",
         "alert", "svg and its script");
    safe("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"
         "</style></mglyph></table></mtext></math><p>t</p>",
         "onerror", "math/mtext/table/mglyph/style namespace confusion");
    safe("<math><mi xlink:href=\"javascript:alert(1)\" href=\"javascript:alert(1)\""
         " actiontype=statusline>x</mi><maction actiontype=toggle><mi>y</mi></maction></math>",
         "actiontype", "MathML links and actions");
    safe("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">t</p></noscript><p>u</p>",
         "onerror", "noscript attribute breakout");
    safe("<p><iframe srcdoc=\"<script>alert(1)</script>\" src=\"javascript:alert(1)\"></iframe>x</p>",
         "srcdoc", "iframe srcdoc");
    safe("<form action=\"https://evil.example/\"><input name=q><button formaction=x>go</button>"
         "<p>text</p></form>", "action", "forms");
    safe("<p>x<base href=\"https://evil.example/\"><meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">"
         "<link rel=import href=\"https://evil.example/x\"></p>", "evil",
         "base, meta refresh, link import");
    safe("<p><object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">"
         "<applet code=x></applet>y</p>", "javascript", "object, embed, applet");
    safe("<p style=\"background:url(javascript:alert(1))\">a<span style=\"x:expression(alert(1))\">b</span></p>",
         "expression", "style with url(javascript:) and expression()");
    safe("<p>a<img src='https://x.example/?</p><p>secret'>b</p>", NULL,
         "dangling markup in a URL is escaped");
    safe("<p><xmp><img src=x onerror=alert(1)></xmp><template><img src=x onerror=alert(1)>"
         "</template><style>*{x:expression(alert(1))}</style>t</p>", "onerror",
         "xmp, template, style content");
    safe("<p>a<!--><img src=x onerror=alert(1)>--><!--->b<!-- x --!><img src=y onerror=alert(2)>c</p>",
         "onerror", "abrupt comments and --!>");
    safe("<p><a href=\"https://ok.example/\" target=_blank ping=\"https://t.example/\">l</a>"
         "<a href=\"/x\" id=\"location\" name=\"cookie\">m</a></p>", "target",
         "target, ping and DOM clobbering names");
    safe("<p><img src=\"x\" srcset=\"javascript:alert(1) 1x, data:text/html,x 2x\"></p>",
         "javascript", "srcset candidates are checked");
    safe("<p><a href=\"https://x.example/\" onmouseover=\"alert(1)\" ONCLICK=\"alert(2)\">l</a></p>",
         "alert", "handlers in any case");
    safe("<p><q cite=\"javascript:alert(1)\">q</q><blockquote cite=\"vbscript:x\">b</blockquote></p>",
         "script:", "cite URLs");
    safe("<video poster=\"javascript:alert(1)\" src=\"javascript:alert(2)\"><source src=\"javascript:alert(3)\">"
         "</video><p>t</p>", "script:", "media URLs");
    safe("<p><a href=\"&#x20;javascript:alert(1)\">x</a><a href=\"&#0;javascript:alert(1)\">y</a></p>",
         "script:", "references for space and NUL before the scheme");
    safe("<p title=\"&quot;&gt;&lt;script&gt;\">a</p><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
         NULL, "escaped markup stays text");
    safe("<p><table><td><a href=\"/x\">l</a></td></table></p><p><textarea><script>alert(1)</script></textarea>t</p>",
         "<script", "misnested tables, textarea");
    safe("<p><select><option><img src=x onerror=alert(1)></option></select>t</p>",
         "onerror", "select/option");
    safe("<p><keygen autofocus onfocus=alert(1)><input autofocus onfocus=alert(1)>t</p>",
         "onfocus", "autofocus handlers");
    safe("<p><details open ontoggle=alert(1)><summary>s</summary>d</details></p>",
         "ontoggle", "details ontoggle");

    same("<p><a href=\"&#106;avascript:alert(1)\">x</a></p>", "<p>x</p>\n",
         "a refused link is its text");
    same("<p>a<svg><text>in svg</text></svg>b</p>", "<p>ab</p>\n",
         "svg is dropped with its content");
    same("<p>&lt;img src=x onerror=alert(1)&gt;</p>",
         "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n",
         "markup in text is escaped");
}


/* ---- the shared vectors ------------------------------------------------ */

/* The "payload" string of a JSON line, decoded (malloc'd, *len bytes). */
static char *
json_payload(const char *line, size_t *len)
{
    const char  *p = strstr(line, "\"payload\":");
    char        *out, *o;
    unsigned     cp, lo;

    if (p == NULL) {
        return NULL;
    }
    p += 10;
    while (*p == ' ') {
        p++;
    }
    if (*p++ != '"') {
        return NULL;
    }

    out = o = malloc(strlen(p) * 3 + 1);
    if (out == NULL) {
        return NULL;
    }

    while (*p && *p != '"') {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }

        p++;
        switch (*p) {
        case 'n': *o++ = '\n'; p++; break;
        case 't': *o++ = '\t'; p++; break;
        case 'r': *o++ = '\r'; p++; break;
        case 'b': *o++ = '\b'; p++; break;
        case 'f': *o++ = '\f'; p++; break;
        case 'u':
            if (sscanf(p + 1, "%4x", &cp) != 1) {
                free(out);
                return NULL;
            }
            p += 5;
            if (cp >= 0xd800 && cp < 0xdc00 && p[0] == '\\' && p[1] == 'u'
                && sscanf(p + 2, "%4x", &lo) == 1 && lo >= 0xdc00 && lo < 0xe000)
            {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                p += 6;
            }
            o += rd_utf8_put(cp, (unsigned char *) o);
            break;
        default:
            *o++ = *p++;
        }
    }

    *len = (size_t) (o - out);
    *o = '\0';
    return out;
}


static const char  page_head[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Notes on river gardens</title></head><body><main><article>"
    "<h1>Notes on river gardens</h1>"
    "<p>The river gardens were planted in the spring, after a long winter of "
    "planning, and by midsummer the beds along the water held more than forty "
    "kinds of plants, from reeds and irises to low shrubs that hold the bank.</p>";

static const char  page_mid[] =
    "<p>Volunteers came every weekend to weed, water and mend the paths, and "
    "the local school used the gardens for lessons about insects, soil and the "
    "way a river changes its course over the years. ";

static const char  page_tail[] =
    " Visitors often asked which flowers attract the most bees.</p>"
    "<p>Next year the group hopes to add a small orchard, a pond for frogs, and "
    "benches where people can sit in the shade and watch the water go by, "
    "because a garden is also a place to rest.</p></article></main></body></html>";


/* A page extracted (forced), rendered three ways, checked. */
static const char *
page_run(const unsigned char *page, size_t len, int *extracted, char *why,
    size_t size)
{
    reader_buf_t       out = { 0 };
    reader_options_t   opt;
    reader_result_t   *r;
    const char        *bad = NULL, *body;

    reader_options_init(&opt);
    opt.url = "https://example.com/gardens/notes.html";
    opt.force = 1;

    r = reader_extract(page, len, &opt);
    if (r == NULL) {
        return "out of memory";
    }

    *extracted = reader_result_status(r) == READER_OK;

    if (*extracted) {
        rd_render_content(r, &out);
        bad = check_html(out.data ? (const char *) out.data : "", why, size);
        if (bad == NULL) {
            bad = check_tags_text(out.data ? (const char *) out.data : "",
                                  why, size);
        }
        reader_buf_free(&out);

        if (bad == NULL && reader_render(r, READER_FORMAT_HTML, NULL, &out)
                           != READER_OK)
        {
            bad = "page rendering failed";
        }
        if (bad == NULL) {
            body = strstr((const char *) out.data, "<body");
            bad = body ? check_tags_text(body, why, size) : "no <body>";
        }
        reader_buf_free(&out);
    }

    if (bad == NULL
        && reader_render(r, READER_FORMAT_JSON, NULL, &out) != READER_OK)
    {
        bad = "json rendering failed";
    }
    reader_buf_free(&out);
    reader_result_free(r);

    return bad;
}


/* One payload inside an article page: between blocks, or inline. */
static const char *
xss_run(const char *payload, size_t len, int inline_, int *extracted,
    char *why, size_t size)
{
    reader_buf_t   page = { 0 };
    const char    *bad;

    rd_buf_puts(&page, page_head);
    if (inline_) {
        rd_buf_puts(&page, page_mid);
        rd_buf_append(&page, payload, len);
        rd_buf_puts(&page, page_tail);
    } else {
        rd_buf_append(&page, payload, len);
        rd_buf_puts(&page, page_mid);
        rd_buf_puts(&page, page_tail);
    }

    bad = page.failed ? "out of memory"
                      : page_run(page.data, page.len, extracted, why, size);
    reader_buf_free(&page);
    return bad;
}


static void
test_vectors(void)
{
    FILE         *f;
    char         *line = NULL, *payload, why[200];
    size_t        cap = 0, len;
    const char   *bad;
    unsigned      vectors = 0, runs = 0, extracted = 0, failed = 0;
    int           place, ext;

    f = fopen(XSS_VECTORS, "r");
    if (f == NULL) {
        printf("# skipped: %s: %s (the shared corpus is absent)\n",
               XSS_VECTORS, strerror(errno));
        return;
    }

    while (getline(&line, &cap, f) > 0) {
        payload = json_payload(line, &len);
        if (payload == NULL) {
            continue;
        }
        vectors++;

        for (place = 0; place < 2; place++) {
            runs++;
            ext = 0;
            bad = xss_run(payload, len, place, &ext, why, sizeof(why));
            extracted += ext;

            if (bad) {
                failed++;
                ok(0, "vector %u (%s): %s", vectors,
                   place ? "inline" : "between blocks", bad);
                printf("#   payload: %.200s\n", payload);
            }
        }
        free(payload);
    }

    free(line);
    fclose(f);

    printf("# xss vectors: %u, runs: %u, extracted: %u, unsafe: %u\n",
           vectors, runs, extracted, failed);
    ok(vectors > 0 && failed == 0, "%u xss vectors x 2 placements: no unsafe output",
       vectors);
}


typedef struct {
    unsigned  extracted;
    unsigned  failed;
} corpus_tally_t;


static void
corpus_page(const char *path, const unsigned char *data, size_t len,
    void *arg)
{
    corpus_tally_t  *tally = arg;
    char             why[200];
    const char      *bad;
    int              ext = 0;

    bad = page_run(data, len, &ext, why, sizeof(why));
    tally->extracted += ext;
    if (bad) {
        tally->failed++;
        ok(0, "%s: %s", path, bad);
    }
}


static void
test_corpus(void)
{
    corpus_tally_t  tally = { 0, 0 };
    long            pages;

    pages = corpus_each(corpus_page, &tally);
    if (pages < 0) {
        return;
    }

    printf("# corpus pages: %ld, extracted: %u, bad output: %u\n", pages,
           tally.extracted, tally.failed);
    ok(pages > 0 && tally.failed == 0,
       "%ld corpus pages: well-formed, safe output", pages);
}


int
main(void)
{
    reader_init();

    test_scanner();
    test_payloads();
    test_vectors();
    test_corpus();

    return done_testing();
}
