/* The allow-list serializer (what it keeps and how it writes it) and the
 * json format. */

#include "render_fixture.h"
#include "tap.h"


static void
html(const char *body, const char *want, const char *name)
{
    char  *got = render(body);

    is_str(got, want, name);
    free(got);
}


#define IMG_TAIL  " loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">"
#define REL       " rel=\"noopener noreferrer\""

/* a 1x1 PNG, padded past the size of a placeholder */
#define PNG  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ" \
             "AAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" \
             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


static void
test_basics(void)
{
    char          *s;
    reader_buf_t   out = { 0 };

    html("<p>a &lt; b &amp; c \"q\" 'x' &gt;</p>",
         "<p>a &lt; b &amp; c \"q\" 'x' &gt;</p>\n", "text is escaped");
    html("<p id=a class=b style=\"color:red\" onclick=\"y()\" title=t>x</p>",
         "<p>x</p>\n", "id, class, style, handlers and title are dropped");
    html("<p lang=\"ar\" dir=\"RTL\">x</p><p lang=\"e n\" dir=up>y</p>",
         "<p lang=\"ar\" dir=\"rtl\">x</p>\n<p>y</p>\n",
         "lang and dir are kept when valid");
    html("<p>a<!-- c --><?php x ?>b</p>", "<p>ab</p>\n",
         "comments and processing instructions are never written");
    html("<p>a   \n\n  b \t c</p>", "<p>a\nb c</p>\n",
         "whitespace runs collapse");
    html("<pre>  a\n   b &lt;</pre>", "<pre>\n  a\n   b &lt;</pre>\n",
         "pre keeps whitespace; a newline protects the first one");
    html("<pre class=\"language-c foo\"><code class=\"hljs language-c\">x</code></pre>",
         "<pre class=\"language-c\">\n<code class=\"language-c\">x</code></pre>\n",
         "code and pre keep language-* classes only");

    rd_html_escape(&out, "a\xff" "b\x01" "c<\"'&\xc2\x85" "d", 12, 1);
    is_str((const char *) out.data, "a\xef\xbf\xbd" "bc&lt;&quot;&#39;&amp;d",
           "attribute escaping: invalid UTF-8 replaced, C0/C1 controls dropped");
    reader_buf_free(&out);

    s = render("<p>\xe4\xb8\xad\xe6\x96\x87\xef\xbc\x8c\xe5\xbe\x88\xe5\xa5\xbd</p>");
    is_str(s, "<p>\xe4\xb8\xad\xe6\x96\x87\xef\xbc\x8c\xe5\xbe\x88\xe5\xa5\xbd</p>\n",
           "UTF-8 text is written as is");
    free(s);
}


static void
test_structure(void)
{
    html("<h1>A</h1><h2>B</h2><h5>C</h5><h6>D</h6>",
         "<h2>A</h2>\n<h3>B</h3>\n<h6>C</h6>\n<h6>D</h6>\n",
         "headings shift down one level");
    html("<p> </p><p><br></p><p><b></b></p><p><span>&nbsp;</span></p><ul><li> </li></ul>",
         "", "empty paragraphs, inline elements and lists are dropped");
    html("<p>a<b> </b>b<i></i>c</p>", "<p>a bc</p>\n",
         "an empty inline element leaves its space behind");
    html("<p>a<br><br><br><br>b<br> </p><p><br>c</p>",
         "<p>a<br><br>b</p>\n<p>c</p>\n",
         "runs of <br> collapse; leading and trailing ones go");
    html("<p><strong>a<br> </strong></p><p><span>b<br></span></p>",
         "<p><strong>a<br> </strong></p>\n<p>b</p>\n",
         "a trailing <br> is trimmed only where no end tag follows it");
    html("<div>a</div><section><div>b</div></section><center>c</center>",
         "<div>a</div>\n<section><div>b</div>\n</section>\n<div>c</div>\n",
         "unwrapped blocks stay blocks");
    html("<p>a<span><ul><li>x</li></ul></span>b</p>", "<p>a x b</p>\n",
         "no block inside a paragraph: unwrapped, spaced");
    html("<p>x<font color=red>y</font><big>z</big><tt>t</tt><strike>s</strike></p>",
         "<p>xyz<code>t</code><s>s</s></p>\n",
         "obsolete elements are unwrapped or renamed");
    html("<ol start=3 reversed type=a onclick=x><li value=5>x</li><li value=z>y</li></ol>",
         "<ol start=\"3\" reversed type=\"a\"><li value=\"5\">x</li>\n<li>y</li>\n</ol>\n",
         "ordered list attributes");
    html("<ul><li>one</li><div><li>two</li></div></ul>",
         "<ul><li>one</li>\n<li>two</li>\n</ul>\n",
         "list items keep their list through unwrapped wrappers");
    html("<dl><dt>t</dt><dd>d</dd></dl><dd>loose</dd>",
         "<dl><dt>t</dt>\n<dd>d</dd>\n</dl>\n<div>loose</div>\n",
         "dd outside dl is unwrapped");
    html("<table border=1 width=100><caption>c</caption><thead><tr>"
         "<th scope=col colspan=2 style=x>h</th></tr></thead><tbody><tr>"
         "<td rowspan=x>1</td><td></td></tr><tr><td></td></tr></tbody></table>",
         "<table><caption>c</caption>\n<thead><tr><th colspan=\"2\" scope=\"col\">h</th>"
         "</tr>\n</thead><tbody><tr><td>1</td><td></td></tr>\n</tbody></table>\n",
         "tables: cell attributes, empty cells kept, empty rows dropped");
    html("<table><tr><td>a</td>stray<span>text</span></tr></table>",
         "<table><tr><td>a</td></tr>\n</table>\n",
         "no text inside table structure");
    html("<p><ruby>\xe6\xbc\xa2<rp>(</rp><rt>kan</rt><rp>)</rp></ruby></p>",
         "<p><ruby>\xe6\xbc\xa2<rp>(</rp><rt>kan</rt><rp>)</rp></ruby></p>\n",
         "ruby is kept");
    html("<details open><summary>s</summary>d</details>",
         "<details open><summary>s</summary>\nd</details>\n",
         "details and summary");
    html("<figure><img src=/a.jpg><figcaption>cap</figcaption></figure>",
         "<figure><img src=\"https://example.com/a.jpg\"" IMG_TAIL
         "<figcaption>cap</figcaption>\n</figure>\n",
         "figures keep their captions");
    html("<p><math display=block><mrow><mi mathvariant=bold href=x "
         "xlink:href=y actiontype=toggle>x</mi><mo>+</mo><mglyph/><b>n</b>"
         "</mrow><annotation encoding=TeX><b>x</b>+n</annotation></math></p>",
         "<p><math display=\"block\"><mrow><mi mathvariant=\"bold\">x</mi>"
         "<mo>+</mo>n</mrow><annotation encoding=\"TeX\">+n</annotation>"
         "</math></p>\n",
         "MathML subset: no href, HTML inside is unwrapped");
    html("<p><mi>x</mi><mrow>y</mrow></p>", "<p>xy</p>\n",
         "MathML names outside <math> are unwrapped");
}


static void
test_links(void)
{
    html("<p><a href=\"/x?a=1&amp;b=2\" title='T\"' target=_blank ping=/p>l</a></p>",
         "<p><a href=\"https://example.com/x?a=1&amp;b=2\" title=\"T&quot;\""
         REL ">l</a></p>\n",
         "links: resolved, escaped, rel added, target and ping dropped");
    html("<p><a name=x>t</a> <a href=\"javascript:alert(1)\">u</a></p>",
         "<p>t u</p>\n", "a link without an allowed href is its text");
    html("<p><a href=\"mailto:a@example.com\">m</a><a href=\"#s\">f</a></p>",
         "<p><a href=\"mailto:a@example.com\"" REL ">m</a>"
         "<a href=\"https://example.com/dir/page.html#s\"" REL ">f</a></p>\n",
         "mailto and fragments");
    html("<p><a href=\"/x\"></a>z</p>", "<p>z</p>\n", "empty links go");
    html("<blockquote cite=\"/src\"><p>q</p></blockquote>",
         "<blockquote cite=\"https://example.com/src\"><p>q</p>\n</blockquote>\n",
         "cite URLs are resolved");
    html("<p><bdo dir=rtl>r</bdo><bdo>n</bdo></p>",
         "<p><bdo dir=\"rtl\">r</bdo>n</p>\n", "bdo needs dir");

    {
        reader_result_t  *r;
        reader_buf_t      out = { 0 };

        r = fixture("<html><head><base href=\"/base/\"></head><body>"
                    "<p><a href=\"x.html\">x</a><img src=\"i.png\"></p>"
                    "</body></html>", FIXTURE_URL);
        rd_render_content(r, &out);
        is_str((const char *) out.data,
               "<p><a href=\"https://example.com/base/x.html\"" REL ">x</a>"
               "<img src=\"https://example.com/base/i.png\"" IMG_TAIL "</p>\n",
               "<base href> is honoured");
        reader_buf_free(&out);
        reader_result_free(r);
    }
}


static void
test_images(void)
{
    html("<p><img src=\"data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==\""
         " data-src=\"/a.jpg\" alt=\"A &amp; B\" width=10 height=5px onerror=x></p>",
         "<p><img src=\"https://example.com/a.jpg\" alt=\"A &amp; B\" width=\"10\""
         IMG_TAIL "</p>\n",
         "lazy image: data-src over a 1x1 placeholder; numeric sizes only");
    html("<p><img src=\"/img/blank.gif\" data-original=\"b.jpg\">"
         "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"
         "<img src=\"javascript:alert(1)\"><img src=\"\"><img src=#></p>",
         "<p><img src=\"https://example.com/dir/b.jpg\"" IMG_TAIL "</p>\n",
         "placeholders and refused URLs: the image goes");
    html("<p><img src=\"/img/loading-dock.jpg\"><img src=\"/spacer.gif\" "
         "data-src=\"/lazy-river.jpg\"></p>",
         "<p><img src=\"https://example.com/img/loading-dock.jpg\"" IMG_TAIL
         "<img src=\"https://example.com/lazy-river.jpg\"" IMG_TAIL "</p>\n",
         "a file named like a placeholder is used when nothing replaces it");
    html("<p><img data-lazy-src=/1.jpg><img data-actualsrc=/2.jpg>"
         "<img data-original-src=/3.jpg><img data-url=/4.jpg><img data-echo=/5.jpg>"
         "<img data-lazyload=/6.jpg></p>",
         "<p><img src=\"https://example.com/1.jpg\"" IMG_TAIL
         "<img src=\"https://example.com/2.jpg\"" IMG_TAIL
         "<img src=\"https://example.com/3.jpg\"" IMG_TAIL
         "<img src=\"https://example.com/4.jpg\"" IMG_TAIL
         "<img src=\"https://example.com/5.jpg\"" IMG_TAIL
         "<img src=\"https://example.com/6.jpg\"" IMG_TAIL "</p>\n",
         "every lazy-loading attribute is read");
    html("<p><img src=/spacer.gif data-srcset=\"/s.jpg 320w, /l.jpg 1280w,"
         " javascript:alert(1) 2000w, /m.jpg 640w\"></p>",
         "<p><img src=\"https://example.com/l.jpg\" srcset=\"https://example.com/s.jpg 320w,"
         " https://example.com/l.jpg 1280w, https://example.com/m.jpg 640w\""
         " sizes=\"(min-width: 40em) 40em, 100vw\"" IMG_TAIL "</p>\n",
         "srcset: checked per candidate, the largest is the src");
    html("<p><img srcset=\"/a.jpg, /b.jpg 2x,/c,d.jpg 3x, /e.jpg bogus\" sizes=\"50vw\"></p>",
         "<p><img src=\"https://example.com/c,d.jpg\" srcset=\"https://example.com/a.jpg,"
         " https://example.com/b.jpg 2x, https://example.com/c,d.jpg 3x\""
         " sizes=\"50vw\"" IMG_TAIL "</p>\n",
         "srcset parsing follows HTML5 (commas inside URLs, bad descriptors)");
    html("<p><img src=\"" PNG "\"></p>",
         "<p><img src=\"" PNG "\"" IMG_TAIL "</p>\n",
         "inline images are kept");
    html("<p><img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+"
         "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+"
         "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+\">t</p>",
         "<p>t</p>\n", "no SVG data URLs");
    html("<p><img data-src=/a.jpg src=/lazy.gif><noscript><img src=/a.jpg></noscript></p>",
         "<p><img src=\"https://example.com/a.jpg\"" IMG_TAIL "</p>\n",
         "a lazy image and its <noscript> copy: one image");
    html("<p><img data-x=/a.jpg src=/lazy.gif>\n<noscript><img src=/b.jpg></noscript></p>",
         "<p>\n<img src=\"https://example.com/b.jpg\"" IMG_TAIL "</p>\n",
         "an unusable lazy image: the <noscript> copy is used");
    html("<p>x<noscript>Enable JavaScript</noscript></p>", "<p>x</p>\n",
         "a <noscript> without an image is dropped");
    html("<picture><source data-srcset=\"/a.avif\" type=\"image/avif\" media=\"(min-width: 1px)\">"
         "<source srcset=\"javascript:alert(1)\"><source src=/x.webp>"
         "<img src=/a.jpg></picture>",
         "<picture><source srcset=\"https://example.com/a.avif\" type=\"image/avif\""
         " media=\"(min-width: 1px)\"><img src=\"https://example.com/a.jpg\""
         IMG_TAIL "</picture>",
         "picture: sources with checked srcset, and the img");
    html("<picture><source srcset=/a.webp></picture>", "",
         "a picture without an img goes");
    html("<video src=/v.mp4 autoplay onplay=x poster=/p.jpg><source src=/v.webm "
         "type=video/webm>Fallback</video><video>Nothing</video>"
         "<audio><track src=/t.vtt></audio><source src=/loose.mp4>",
         "<video src=\"https://example.com/v.mp4\" poster=\"https://example.com/p.jpg\""
         " controls preload=\"none\"><source src=\"https://example.com/v.webm\""
         " type=\"video/webm\"></video>",
         "media: controls, no autoplay, no fallback text; empty players go");
}


/* Every element the serializer writes, against the expected output. */
static void
test_fixture(void)
{
    char  *in = slurp_text("tests/fixtures/render/elements.html");
    char  *want = slurp_text("tests/fixtures/render/elements.expected.html");
    char  *got = in ? render(in) : NULL;

    ok(in && want, "tests/fixtures/render/elements{,.expected}.html read");
    is_str(got, want, "elements.html renders as elements.expected.html");
    free(in);
    free(want);
    free(got);
}


static void
test_json(void)
{
    reader_result_t  *r;
    reader_buf_t      out = { 0 };

    r = fixture("<p>Hello <b>world</b></p>", "https://example.com/a");
    r->meta.title = "A \"quoted\" \\ title\n\x01\xe2\x80\xa8\xff";
    r->meta.lang = "en";
    r->meta.dir = "ltr";
    r->meta.word_count = 2;
    r->meta.reading_minutes = 1;
    r->meta.confidence = 0.8765;
    r->meta.is_article = 1;

    rd_render_json(r, &out);
    is_str((const char *) out.data,
           "{\n"
           "  \"article\": true,\n"
           "  \"title\": \"A \\\"quoted\\\" \\\\ title\\n\\u0001\\u2028\xef\xbf\xbd\",\n"
           "  \"byline\": null,\n"
           "  \"published\": null,\n"
           "  \"site_name\": null,\n"
           "  \"lang\": \"en\",\n"
           "  \"dir\": \"ltr\",\n"
           "  \"excerpt\": null,\n"
           "  \"lead_image\": null,\n"
           "  \"url\": \"https://example.com/a\",\n"
           "  \"word_count\": 2,\n"
           "  \"reading_minutes\": 1,\n"
           "  \"confidence\": 0.877,\n"
           "  \"content_html\": \"<p>Hello <b>world</b></p>\\n\",\n"
           "  \"text\": \"Hello world\\n\"\n"
           "}\n",
           "json: keys in order, escaping, content and text");
    reader_buf_free(&out);

    r->status = READER_NOT_ARTICLE;
    rd_render_json(r, &out);
    ok(strstr((const char *) out.data, "\"article\": false,") != NULL
       && strstr((const char *) out.data, "\"content_html\": null,") != NULL
       && strstr((const char *) out.data, "\"text\": null\n") != NULL,
       "json: not an article: article false, no content, no text");
    reader_buf_free(&out);
    reader_result_free(r);
}


/* The text format of a fixture (every child of <body>). */
static void
text(const char *body, const char *want, const char *name)
{
    reader_result_t  *r = fixture(body, FIXTURE_URL);
    reader_buf_t      out = { 0 };

    rd_render_text(r, &out);
    is_str(out.data ? (const char *) out.data : "", want, name);
    reader_buf_free(&out);
    reader_result_free(r);
}


/* Runs of words go out in one piece: the single spaces inside them are
 * written as they stand, every other white space as before. */
static void
test_text(void)
{
    text("<p>One two three.</p>", "One two three.\n",
         "text: single spaces between words are kept");
    text("<p> One  two\tthree\n four&nbsp;five </p>",
         "One two three four five\n",
         "text: runs of white space and NBSP fold to one space, none at "
         "the edges");
    text("<p>a b <b>c d</b> e <i> f</i></p><p>g h</p>",
         "a b c d e f\n\ng h\n",
         "text: spaces beside inline elements fold; blocks are paragraphs");
    text("<pre>a b  c\n d e </pre>", "a b  c\n d e \n",
         "text: pre keeps every space");
    text("<p>x \xe4\xb8\xad y z</p>", "x \xe4\xb8\xad y z\n",
         "text: a run of words stops at a non-ASCII character");
}


/* A head of a block's text: rendering stops once max bytes are out, and
 * what is out is where the whole text starts. */
static void
test_text_head(void)
{
    reader_result_t  *r;
    reader_buf_t      all = { 0 }, head = { 0 };

    r = fixture("<div>One two <b>three</b> four five six seven eight nine"
                " ten eleven<p>twelve thirteen</p>fourteen</div>", FIXTURE_URL);

    rd_node_text(r->content[0], &all);
    rd_node_text_head(r->content[0], &head, 10);
    ok(head.len >= 10 && head.len < all.len
       && memcmp(head.data, all.data, head.len) == 0,
       "text head: stops past 10 bytes, a prefix of the whole text");

    head.len = 0;
    rd_node_text_head(r->content[0], &head, all.len + 1);
    ok(head.len == all.len && memcmp(head.data, all.data, all.len) == 0,
       "text head: under max, all of the text");

    reader_buf_free(&all);
    reader_buf_free(&head);
    reader_result_free(r);
}


/* rd_node_hash: the hash of a subtree's text format, white space left
 * out, without writing the text; layout does not change it, text does. */
static void
test_node_hash(void)
{
    reader_result_t  *r;
    reader_buf_t      out = { 0 };
    uint64_t          h[3];
    size_t            i;
    static const char  *body[3] = {
        "<div>Tea <b>and</b>&nbsp;cakes<p>at four</p><table><tr><td>a</td>"
        "<td>b</td></tr></table><pre> x\n y</pre><ruby>\xe6\xbc\xa2<rt>kan"
        "</rt></ruby> \xe3\x80\x80\xe5\xad\x97</div>",
        "<div>Tea and cakes <p>at  four</p>ab<pre>x y</pre>\xe6\xbc\xa2"
        "\xe5\xad\x97</div>",
        "<div>Tea and cakes at five ab x y \xe6\xbc\xa2\xe5\xad\x97</div>"
    };

    for (i = 0; i < 3; i++) {
        r = fixture(body[i], FIXTURE_URL);
        h[i] = rd_node_hash(r->content[0]);
        if (i == 0) {
            rd_node_text(r->content[0], &out);
            ok(h[0] == rd_hash_text(RD_HASH_INIT, out.data, out.len),
               "node hash: the hash of the rendered text");
            ok(rd_hash_text(rd_hash_text(RD_HASH_INIT, out.data, 5),
                            out.data + 5, out.len - 5) == h[0],
               "node hash: text hashed in two pieces hashes the same");
        }
        reader_result_free(r);
    }

    ok(h[0] == h[1], "node hash: white space and markup do not count");
    ok(h[0] != h[2], "node hash: a changed word does");
    reader_buf_free(&out);
}


int
main(void)
{
    reader_init();

    test_basics();
    test_structure();
    test_links();
    test_images();
    test_fixture();
    test_json();
    test_text();
    test_text_head();
    test_node_hash();

    return done_testing();
}
