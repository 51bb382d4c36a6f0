/*
 * rd_prescan and rd_parse: what is dropped before libxml2 (script, style,
 * comments, template, svg, select ...), where raw text ends, JSON-LD
 * harvesting, canonical tags, and the bounds (attributes, names, values,
 * nesting, element count).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "internal.h"
#include "tap.h"


static reader_result_t  *res;


/* Pre-scans html with default limits (or the given ones); returns the
 * markup, "" when refused. */
static const char *
scan_opt(const char *html, size_t len, size_t max_nodes, unsigned max_depth)
{
    reader_result_free(res);
    res = calloc(1, sizeof(reader_result_t));
    reader_options_init(&res->opt);
    if (max_nodes) {
        res->opt.max_nodes = max_nodes;
    }
    if (max_depth) {
        res->opt.max_depth = max_depth;
    }

    rd_buf_append(&res->utf8, html, len);
    res->status = rd_prescan(res);

    return res->status == READER_OK && res->markup.data
           ? (const char *) res->markup.data : "";
}


static const char *
scan(const char *html)
{
    return scan_opt(html, strlen(html), 0, 0);
}


static size_t
count(const char *s, const char *what)
{
    size_t  n = 0, k = strlen(what);

    while ((s = strstr(s, what)) != NULL) {
        n++;
        s += k;
    }
    return n;
}


/* The text of the parsed document's body. */
static char *
body_text(reader_result_t *r)
{
    xmlNode  *n;

    for (n = xmlDocGetRootElement(r->doc)->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE
            && strcmp((const char *) n->name, "body") == 0)
        {
            return (char *) xmlNodeGetContent(n);
        }
    }
    return NULL;
}


/* A page of n nested open tags (each "<open>"), a text, n closes. */
static char *
nested(const char *open, const char *close, size_t n, const char *text)
{
    size_t  lo = strlen(open), lc = strlen(close), lt = strlen(text), i;
    char   *s = malloc(n * (lo + lc) + lt + 64), *p = s;

    p += sprintf(p, "<body>");
    for (i = 0; i < n; i++, p += lo) {
        memcpy(p, open, lo);
    }
    memcpy(p, text, lt);
    p += lt;
    for (i = 0; i < n; i++, p += lc) {
        memcpy(p, close, lc);
    }
    strcpy(p, "<p>after</p>");
    return s;
}


static void
test_dropped(void)
{
    is_str(scan("<p>a<script>var x = '<p>no</p>';</script>b</p>"),
           "<p>ab</p>",
           "script content never reaches libxml2");
    is_str(scan("a<script>x</scripts>y</SCRIPT >b"), "ab",
           "script ends at </script + space, case-insensitive");
    is_str(scan("a<script>x</script/>b"), "ab", "</script/ ends it");
    is_str(scan("a<script>s=\"</scr\"+\"ipt>\";</script>b"), "ab",
           "a split end tag in a string does not end the script");
    is_str(scan("a<script><!-- document.write(\"<script>x</script>\") -->"
                "</script>b"), "ab",
           "an escaped <script> inside <!-- keeps the script open");
    is_str(scan("a<script><!--x</script>b"), "ab",
           "inside <!-- a plain </script> still ends it");
    is_str(scan("a<script><!--><script></script>b"), "ab",
           "<!--> in a script closes the escape at once");
    is_str(scan("a<style>p{color:red}</style>b<noembed>x</noembed>c"
                "<noframes>y</noframes>d<textarea>t</p></textarea>e"),
           "abcde", "style, noembed, noframes, textarea dropped");
    is_str(scan("a<!-- c -->b<!-->c<!--->d<!-- x --!>e<!---->f"), "abcdef",
           "comments, abrupt and --!> comments");
    is_str(scan("<!DOCTYPE html>a<!x>b<?php x ?>c</ x>d</>e<![CDATA[z]]>f"),
           "abcdef", "doctype and bogus comments");
    is_str(scan("a<template><p>t<template>u</template>v</template>b"), "ab",
           "template dropped with nested templates");
    is_str(scan("a<select><option>o<option>p</select>b"), "ab",
           "select dropped");
    is_str(scan("a<select><option>o<input name=q>b"), "a<input name=\"q\"/>b",
           "an <input> ends a select, as in browsers");
    is_str(scan("a<svg><g><text>t</text><svg>u</svg>v</g></svg>b"), "ab",
           "svg dropped whole, nested svg included");
    is_str(scan("a<svg><foreignObject><p>t</p></foreignObject></svg>b"),
           "ab", "HTML inside foreignObject goes with its svg");
    is_str(scan("a<svg><circle/><p>b</p>"), "a<p>b</p>",
           "a <p> breaks out of svg, as in browsers");
    is_str(scan("a<svg/>b"), "ab", "a self-closed svg drops nothing else");
    is_str(scan("a<svg><title>t</title><p>b</p>"), "a<p>b</p>",
           "svg's title is markup: a <p> after it still breaks out");
    is_str(scan("a<svg><foreignObject><script>x</svg></script></svg>b"),
           "ab", "raw text inside svg's HTML parts");
    is_str(scan("a<iframe src=\"v\"><p>x</p></iframe>b"),
           "a<iframe src=\"v\"></iframe>b", "iframe kept, its content not");
    is_str(scan("<noscript><img src=\"i.jpg\"></noscript>"),
           "<noscript><img src=\"i.jpg\"/></noscript>", "noscript kept");
    is_str(scan("<head><title>A <b> &amp; B</title><meta name=\"a\" "
                "content=\"b\"><link rel=canonical href=\"/c\"><base "
                "href=\"/\"></head><time datetime=\"2020-01-02\">x</time>"),
           "<head><title>A &lt;b> &amp; B</title><meta name=\"a\" "
           "content=\"b\"/><link rel=\"canonical\" href=\"/c\"/><base "
           "href=\"/\"/></head><time datetime=\"2020-01-02\">x</time>",
           "title (as text), meta, link, base, time kept");
    is_str(scan("<p>a<script>never closed <p>x</p>"), "<p>a",
           "an unterminated script runs to the end, as in browsers");
    is_str(scan("<p>a<!-- never closed <p>x</p>"), "<p>a",
           "an unterminated comment runs to the end");
    is_str(scan("<p>a<div title=\"never closed>b"), "<p>a",
           "a tag cut by the end of input does not exist");
    is_str(scan("<xmp><b>&amp;</xmp>x"), "<xmp>&lt;b>&amp;amp;</xmp>x",
           "xmp content is text");
    is_str(scan("a<plaintext><p>&"), "a<plaintext>&lt;p>&amp;</plaintext>",
           "plaintext runs to the end as text");
}


static void
test_references(void)
{
    is_str(scan("&colon;&Tab;&NewLine;&apos;&hellip;&nbsp;"),
           ":\t\n'\xe2\x80\xa6\xc2\xa0", "HTML5 named references decoded");
    is_str(scan("&notit; &ampx &amp &lt;b&gt; &bogus; & x &;"),
           "\xc2\xacit; &amp;x &amp; &lt;b> &amp;bogus; &amp; x &amp;;",
           "legacy names without ';', unknown names and bare '&'");
    is_str(scan("&#128512;&#x26;&#60;&#0;&#xD800;&#150;&#1;&#x110000;&#;&#x"),
           "\xf0\x9f\x98\x80&amp;&lt;\xef\xbf\xbd\xef\xbf\xbd"
           "\xe2\x80\x93\xef\xbf\xbd\xef\xbf\xbd&amp;#;&amp;#x",
           "numeric references, with browsers' replacements");
    is_str(scan("<a href=\"?a=1&copy=2&amp;b=3&lt\" title='&quot;x&quot; "
                "&copy'>t</a>"),
           "<a href=\"?a=1&amp;copy=2&amp;b=3&lt;\" "
           "title=\"&quot;x&quot; \xc2\xa9\">t</a>",
           "in values, a legacy name before '=' or a letter is text");
    is_str(scan("<title>A &amp; B &lt;</title><xmp>&amp;</xmp>"),
           "<title>A &amp; B &lt;</title><xmp>&amp;amp;</xmp>",
           "title decodes references, xmp does not");
}


static void
test_jsonld(void)
{
    static const char  page[] =
        "<script type=\"application/ld+json\">{\"a\":1}</script>"
        "<script type=' Application/LD+JSON '>[2]</script>"
        "<script type=\"text/javascript\">{\"no\":1}</script>"
        "<template><script type=application/ld+json>{\"no\":2}</script>"
        "</template>";

    scan(page);
    is_int(res->jsonld.len, 12, "two JSON-LD bodies harvested");
    ok(res->jsonld.len == 12
       && memcmp(res->jsonld.data, "{\"a\":1}\0[2]\0", 12) == 0,
       "each NUL-terminated, in page order");
}


static void
test_tags(void)
{
    static const char  many[] = "<div a0=1 a1=1 a2=1";
    char               *s, *p, name[65];
    size_t              i;

    is_str(scan("<P CLASS=x Id='a\"b' class=y title=\"1\" hidden @click=z "
                "[v]=w>t</P>"),
           "<p class=\"x\" id=\"a&quot;b\" title=\"1\" hidden=\"\">t</p>",
           "canonical start tags: first duplicate wins, odd names dropped");
    is_str(scan("<div onclick=\"x()\" data-id=\"7\" aria-label=\"l\" "
                "aria-hidden=\"true\" on=\"1\"><img data-src=\"a.jpg\" "
                "OnError=\"y()\"></div>"),
           "<div aria-hidden=\"true\" on=\"1\"><img data-src=\"a.jpg\"/></div>",
           "event handlers, aria-* and data-* (but on media) dropped");
    is_str(scan("<table align=center border=1 cellpadding=2><tr><td "
                "valign=top nowrap>c</td></tr></table><a href=\"u\" "
                "target=_blank TabIndex=0 hreflang=en>l</a>"),
           "<table><tr><td>c</td></tr></table><a href=\"u\">l</a>",
           "presentational and behavioural attributes dropped");
    is_str(scan("<p style=\"color: red\">a</p><p style=\"Display : None;"
                "x:y\">b</p><p style=\"visibility:&#104;idden\">c</p>"),
           "<p>a</p><p style=\"display:none\">b</p><p style=\"visibility:"
           "hidden\">c</p>",
           "a style goes, or says only that it hides (a reference: kept)");
    is_str(scan("<head><link rel=stylesheet href=s.css><link rel=icon "
                "href=i.png><link rel=\"Canonical\" href=/c><link "
                "rel=image_src href=i.jpg></head>"),
           "<head><link rel=\"Canonical\" href=\"/c\"/><link "
           "rel=\"image_src\" href=\"i.jpg\"/></head>",
           "only the <link>s meta.c reads are kept");
    is_str(scan("<a href=x/>l</a><img src=a/>"),
           "<a href=\"x/\">l</a><img src=\"a/\"/>",
           "an unquoted value keeps its slash");
    is_str(scan("<div/>a</div><br><math><mi/></math>"),
           "<div>a</div><br/><math><mi/></math>",
           "self-closing is ignored on HTML elements, kept in math");
    is_str(scan("<embed src=a><p>b</p><source src=c><wbr>d"),
           "<embed src=\"a\"/><p>b</p><source src=\"c\"/><wbr/>d",
           "void elements libxml2 does not know are closed for it");
    is_str(scan("a < b <3 c<"), "a &lt; b &lt;3 c&lt;",
           "a '<' that starts no tag is text");
    is_str(scan("<p>a</br>b</p>"), "<p>a<br/>b</p>", "</br> is <br>");
    is_str(scan("<body><p>a</p></body><p>b</p></html>c"),
           "<body><p>a</p><p>b</p>c", "</body> and </html> are dropped");
    is_str(scan("<div><span>a</b></span></i></div></p></div>"),
           "<div><span>a</span></div>",
           "end tags that match nothing open are dropped");
    is_str(scan("<head><title>t</title></head><p>x"),
           "<head><title>t</title></head><p>x", "</head> is kept");
    is_str(scan("<head><title>t</title><x-app>a<meta name=b></head>"),
           "<head><title>t</title></head><x-app>a<meta name=\"b\"/>",
           "body content ends the head, as in browsers");
    is_str(scan("<head> <meta name=a> text"),
           "<head> <meta name=\"a\"/></head> text", "so does text");
    is_str(scan("<p>a<section>b</section><p>c<ul><li>d<li>e</ul>"),
           "<p>a</p><section>b</section><p>c</p><ul><li>d</li><li>e</ul>",
           "implied end tags written out");
    is_str(scan("<table><tr><td>a<td>b<tr><td>c</table>"),
           "<table><tr><td>a</td><td>b</td></tr><tr><td>c</table>",
           "table cells and rows close as in browsers");
    is_str(scan("<p>a<b>b<i>c<div>d"), "<p>a<b>b<i>c</i></b></p><div>d",
           "a block closes a p through phrasing elements");
    is_str(scan("<p>a<button>b<div>c"), "<p>a<button>b<div>c",
           "but not through a scope boundary");
    is_str(scan("<ul><li>a<div>b<span>c<li>d<ul><li>e<li>f</ul></ul>"),
           "<ul><li>a<div>b<span>c</span></div></li><li>d<ul><li>e</li><li>f"
           "</ul></ul>", "an li closes the open li through div, not ul");
    is_str(scan("<dl><dt>a<dd>b<em>c<dt>d</dl>"),
           "<dl><dt>a</dt><dd>b<em>c</em></dd><dt>d</dl>", "dd and dt");
    is_str(scan("<table><tr><td><p>a<div>b<td>c<tbody><tr><th>d</table>"),
           "<table><tr><td><p>a</p><div>b</div></td><td>c</td></tr><tbody>"
           "<tr><th>d</table>", "a cell closes what is open in the cell");
    is_str(scan("a\r\nb\rc<p title=\"x\r\ny\">d</p>"),
           "a\nb\nc<p title=\"x\ny\">d</p>", "CR and CRLF become LF");

    /* a 64-byte name is kept, a 65-byte one is dropped with its end tag */
    s = malloc(400);
    memset(name, 'x', sizeof(name));
    sprintf(s, "<%.64s>a</%.64s>", name, name);
    ok(strstr(scan(s), ">a</") != NULL, "a 64-byte tag name is kept");
    sprintf(s, "<%.65s y=1>a</%.65s>b", name, name);
    is_str(scan(s), "ab", "a 65-byte tag name is dropped, its text kept");
    free(s);

    /* 64 KiB values are kept, longer ones dropped */
    s = malloc(70000);
    strcpy(s, "<img alt=\"a\" src=\"");
    memset(s + 18, 'v', 65537);
    strcpy(s + 18 + 65537, "\">");
    is_str(scan(s), "<img alt=\"a\"/>", "a value over 64 KiB is dropped");
    free(s);

    /* 64 attributes kept, the rest dropped; more than 1024: refused */
    s = malloc(20000);
    p = s + sprintf(s, "%s", many);
    for (i = 3; i < 100; i++) {
        p += sprintf(p, " a%zu=1", i);
    }
    strcpy(p, ">x");
    p = (char *) scan(s);
    is_int(count(p, "=\"1\""), 64, "64 attributes kept of 100");
    ok(strstr(p, " a63=\"1\"") && !strstr(p, " a64="), "the first 64");

    p = s + sprintf(s, "%s", many);
    for (i = 3; i < 1100; i++) {
        p += sprintf(p, " a%zu=1", i);
    }
    strcpy(p, ">x");
    scan(s);
    is_int(res->status, READER_TOO_LARGE, "1100 attributes: refused");
    is_str(res->reason, "a tag has too many attributes", "with a reason");
    free(s);

    s = nested("<span>", "</span>", 200, "x");
    scan_opt(s, strlen(s), 150, 0);
    is_int(res->status, READER_TOO_LARGE, "more elements than max_nodes");
    is_str(res->reason, "the page has more elements than max_nodes",
           "with a reason");
    free(s);
}


static void
test_depth(void)
{
    static const struct {
        const char  *open, *close;
    }  shapes[] = {
        { "<div>", "</div>" },
        { "<div>", "" },
        { "<b><i><u><span><font color=red>",
          "</i></b></font></u></span>" },
        { "<table><tr><td>", "</td></tr></table>" },
        { "<a href=\"#x\"><p><a href=\"#y\">", "" },
        { "<blockquote><ul><li><section>", "</section></li></ul>"
          "</blockquote>" },
    };
    const char  *m;
    char        *s, *text;
    size_t       i;

    for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        s = nested(shapes[i].open, shapes[i].close, 3000,
                   "<p>bottom text</p>");
        m = scan(s);
        ok(strstr(m, "bottom text") != NULL, "%s x3000: text kept",
           shapes[i].open);
        is_int(rd_parse(res), READER_OK, "libxml2 parses it whole");
        text = res->doc ? body_text(res) : NULL;
        ok(text && strstr(text, "bottom text") && strstr(text, "after"),
           "the text at the bottom and after it is in the tree");
        xmlFree(text);
        free(s);
    }

    /* libxml2 nests a <body> met while its head is open, and then ignores
     * </div> (body outranks div): the model must not pop what it keeps */
    s = malloc(20000);
    strcpy(s, "<html><head><x-app>");
    for (i = 0; i < 200; i++) {
        strcat(s, "<div>");
    }
    strcat(s, "<body><i>");
    for (i = 0; i < 100; i++) {
        strcat(s, "</div>");
    }
    for (i = 0; i < 200; i++) {
        strcat(s, "<div>");
    }
    strcat(s, "bottom");
    scan(s);
    is_int(rd_parse(res), READER_OK, "an unknown element in head: bounded");
    free(s);

    s = nested("<div>", "</div>", 100, "deep");
    m = scan_opt(s, strlen(s), 0, 32);
    is_int(count(m, "<div>"), 24, "max_depth 32: 24 levels (8 of slack)");
    is_int(count(m, "</div>"), 24, "and only their end tags");
    free(s);
}


static void
test_parse(void)
{
    char  *s;

    scan("");
    is_int(rd_parse(res), READER_NOT_ARTICLE, "empty markup: no content");

    scan("<script>only</script>");
    is_int(rd_parse(res), READER_NOT_ARTICLE, "only scripts: no content");

    /* markup that skipped the pre-scan: libxml2 stops at depth 256 */
    s = nested("<div>", "</div>", 300, "x");
    reader_result_free(res);
    res = calloc(1, sizeof(reader_result_t));
    reader_options_init(&res->opt);
    rd_buf_puts(&res->markup, s);
    is_int(rd_parse(res), READER_TOO_LARGE,
           "a tree libxml2 cut short is refused, not used");
    ok(res->reason && strstr(res->reason, "deep"), "reason: too deep");
    free(s);

    /* libxml2 stops at a 10,000,000-byte text node (no HUGE) */
    s = malloc(10000100);
    strcpy(s, "<p>");
    memset(s + 3, 'x', 10000050);
    strcpy(s + 10000053, "</p>");
    reader_result_free(res);
    res = calloc(1, sizeof(reader_result_t));
    reader_options_init(&res->opt);
    rd_buf_puts(&res->markup, s);
    is_int(rd_parse(res), READER_TOO_LARGE, "a text node over 10 MB: refused");
    ok(res->reason && strstr(res->reason, "text node"), "reason: text node");
    free(s);

    scan("<p>caf\xc3\xa9 &amp; &eacute;</p>");
    is_int(rd_parse(res), READER_OK, "UTF-8 parsed as UTF-8");
    s = body_text(res);
    is_str(s, "caf\xc3\xa9 & \xc3\xa9", "text and references decoded");
    xmlFree(s);

    /* parsed in place, UTF-8 whatever the page declares, no id table */
    scan("<meta charset=\"iso-8859-1\"><p id=\"a\">\xc3\xa9t\xc3\xa9</p>"
         "<a name=\"b\">x</a><p id=\"a\">y</p>");
    is_int(rd_parse(res), READER_OK, "a page declaring latin-1: parsed");
    s = body_text(res);
    is_str(s, "\xc3\xa9t\xc3\xa9xy", "the UTF-8 markup read as UTF-8");
    xmlFree(s);
    ok(res->doc->ids == NULL, "no table of ids");
}


/* A page of bare attributes keeps a page-wide budget of them, so the
 * tree cannot cost a hundred times the page. */
static void
test_attribute_budget(void)
{
    reader_buf_t  page = { 0 };
    const char   *out;
    size_t        i, k, kept;
    char          attr[16];

    rd_buf_puts(&page, "<html><body><article>");
    for (i = 0; i < 14000; i++) {
        rd_buf_puts(&page, "<p");
        for (k = 0; k < 64; k++) {
            snprintf(attr, sizeof(attr), " a%zu", k);
            rd_buf_puts(&page, attr);
        }
        rd_buf_puts(&page, ">word word word.</p>\n");
    }
    rd_buf_puts(&page, "</article></body></html>");

    out = scan_opt((const char *) page.data, page.len, 0, 0);
    kept = count(out, "=\"");

    ok(kept > 0 && kept <= 32768 + page.len / 64,
       "a %zu-byte page of %zu bare attributes keeps %zu of them",
       page.len, (size_t) 14000 * 64, kept);
    is_int(count(out, "word word word."), 14000,
           "the attribute budget costs no text");

    reader_buf_free(&page);
}


/* Whitespace alone between tags becomes one space or line feed, but in
 * <pre> and <listing>; text with words keeps its spaces.  Pairs of page
 * and markup. */
static void
test_indentation(void)
{
    static const char  *io[] = {
        "<div>\n\t\t<p>a</p>\n\n    <p>b</p>   </div>",
        "<div>\n<p>a</p>\n<p>b</p> </div>",
        "<div>\r\n  <p>a</p>\r  </div>", "<div>\n<p>a</p>\n</div>",
        "<p>a   b</p> <p>c\t\td</p>", "<p>a   b</p> <p>c\t\td</p>",
        "<pre>  <b>if</b>   <i>x</i>\n  </pre>\n  <p>z</p>",
        "<pre>  <b>if</b>   <i>x</i>\n  </pre>\n<p>z</p>",
        "<listing><b>a</b>    <b>b</b></listing>",
        "<listing><b>a</b>    <b>b</b></listing>",
        "<p>a<!-- c -->    <b>b</b></p>", "<p>a <b>b</b></p>"
    };
    size_t              i;
    char                name[64];

    for (i = 0; i < sizeof(io) / sizeof(io[0]); i += 2) {
        snprintf(name, sizeof(name), "indentation: case %zu", i / 2);
        is_str(scan(io[i]), io[i + 1], name);
    }
}

/* The pre-scan counts the start tags it writes, and the statistics array
 * is allocated at that size once, never grown. */
static void
test_element_count(void)
{
    reader_buf_t       page = { 0 };
    reader_options_t   opt;
    reader_result_t   *r;
    size_t             i;

    scan("<div><p>a</p><script>x</script><p>b<br></p></div><!-- c -->");
    is_int((int) res->n_elements, 4, "element count: written start tags");

    rd_buf_puts(&page, "<html><body><article><h1>Title</h1>");
    for (i = 0; i < 3000; i++) {
        rd_buf_puts(&page, "<div><p>Words of a paragraph, enough of them to "
                           "count.</p></div>");
    }
    rd_buf_puts(&page, "</article></body></html>");

    reader_options_init(&opt);
    opt.force = 1;
    r = reader_extract(page.data, page.len, &opt);
    ok(r->n_nodes > 6000 && r->n_nodes <= r->nodes_cap
       && r->nodes_cap == r->n_elements + r->n_elements / 16 + 16,
       "element count: the statistics array was not grown (%zu of %zu)",
       r->n_nodes, r->nodes_cap);

    reader_result_free(r);
    reader_buf_free(&page);
}


/*
 * A page cut at every byte, each prefix in a buffer of exactly its size:
 * the pre-scan reads the caller's bytes in place, so an end tag looked for
 * at the very end must not read past them (ASan in make SAN=1 unit).
 */
static void
test_cut_pages(void)
{
    static const char   page[] =
        "<html><head><title>The ferry</title><style>p{color:red}</style>"
        "<script>var a = '</b>'; if (a < 1) {}</script></head><body>"
        "<article><p>The ferry crossed at dawn, as it had every day for "
        "forty years.</p><textarea>notes</textarea><!-- a comment -->"
        "<p>Nobody on board remembered a day it had not.</p></article>"
        "</body></html>";

    reader_options_t   opt;
    reader_result_t   *r;
    unsigned char     *cut;
    size_t             len, extracted = 0;

    reader_options_init(&opt);
    opt.force = 1;

    for (len = 1; len < sizeof(page); len++) {
        cut = malloc(len);
        if (cut == NULL) {
            break;
        }
        memcpy(cut, page, len);
        r = reader_extract(cut, len, &opt);
        extracted += r && reader_result_status(r) == READER_OK;
        reader_result_free(r);
        free(cut);
    }

    ok(len == sizeof(page) && extracted > 0,
       "every prefix of a page read within its bytes (%zu extracted)",
       extracted);
}


int
main(void)
{
    reader_init();

    test_attribute_budget();

    test_dropped();
    test_references();
    test_jsonld();
    test_tags();
    test_depth();
    test_parse();
    test_element_count();
    test_indentation();
    test_cut_pages();

    reader_result_free(res);
    return done_testing();
}
