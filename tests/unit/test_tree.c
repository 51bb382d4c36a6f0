/*
 * tree.c builds the tree libxml2's own SAX2 callbacks would: the same
 * nodes, names, text and attributes, node for node.  Compared on shapes
 * that take the parser's odd paths (implied elements, text split around
 * references, text after </html>, boolean and prefixed names, doctypes,
 * processing instructions, nesting past the depth limit) and on every page
 * of ../shared/corpus when it is present, after decode and pre-scan as the
 * engine runs them.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "corpus.h"
#include "tap.h"


#define SOUPS  20000


/*
 * Out of memory on demand: with glibc and no sanitizer (which owns
 * malloc), malloc() fails for sizes of at least fail_from while it is set.
 * The tree's blocks are the engine's only allocations that large here.
 */
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define TREE_OOM  1

void *__libc_malloc(size_t n);

static size_t  fail_from;

void *
malloc(size_t n)
{
    return fail_from && n >= fail_from ? NULL : __libc_malloc(n);
}
#endif

#define REF_OPTIONS  (HTML_PARSE_RECOVER | HTML_PARSE_NONET                 \
                      | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING           \
                      | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD)


static const char  *where;              /* the first difference found */


static int
same_str(const xmlChar *a, const xmlChar *b)
{
    return (a == NULL && b == NULL)
           || (a && b && strcmp((const char *) a, (const char *) b) == 0);
}


static int same_list(const xmlNode *a, const xmlNode *b);


static int
same_node(const xmlNode *a, const xmlNode *b)
{
    const xmlAttr  *x, *y;

    if (a->type != b->type) {
        where = "node type";
        return 0;
    }

    if (a->type == XML_DTD_NODE) {
        const xmlDtd  *da = (const xmlDtd *) a, *db = (const xmlDtd *) b;

        if (!same_str(da->name, db->name)
            || !same_str(da->ExternalID, db->ExternalID)
            || !same_str(da->SystemID, db->SystemID))
        {
            where = "doctype";
            return 0;
        }
        return 1;
    }

    if (!same_str(a->name, b->name)) {
        where = "name";
        return 0;
    }

    if (a->type != XML_ELEMENT_NODE) {
        if (!same_str(a->content, b->content)) {
            where = "text";
            return 0;
        }
        return 1;
    }

    for (x = a->properties, y = b->properties; x && y;
         x = x->next, y = y->next)
    {
        if (!same_str(x->name, y->name) || x->parent != a
            || (x->children == NULL) != (y->children == NULL)
            || (x->children
                && !same_str(x->children->content, y->children->content)))
        {
            where = "attribute";
            return 0;
        }
    }

    if (x || y) {
        where = "attribute count";
        return 0;
    }

    return same_list(a->children, b->children);
}


static int
same_list(const xmlNode *a, const xmlNode *b)
{
    const xmlNode  *prev = NULL;

    for (; a && b; prev = a, a = a->next, b = b->next) {
        if (a->prev != prev) {
            where = "prev link";
            return 0;
        }
        if (!same_node(a, b)) {
            return 0;
        }
    }

    if (a || b) {
        where = "child count";
        return 0;
    }

    return 1;
}


static int  built;                      /* by build.c, not libxml2 */


/* 1 when the engine's tree of markup is libxml2's, -1 when neither parses */
static int
same_tree(const char *markup, size_t len)
{
    reader_result_t  *r;
    xmlDoc           *ref;
    int               same;

    r = calloc(1, sizeof(reader_result_t));
    if (r == NULL) {
        return 0;
    }

    rd_buf_append(&r->markup, markup, len);
    (void) rd_parse(r);
    ref = htmlReadMemory(markup, (int) len, NULL, "UTF-8", REF_OPTIONS);

    built = r->built;
    where = "no tree";
    same = r->doc && ref ? same_list(r->doc->children, ref->children)
                         : (r->doc == NULL && ref == NULL ? -1 : 0);

    xmlFreeDoc(ref);
    reader_result_free(r);
    return same;
}


static void
long_text(reader_buf_t *b)
{
    int  k;

    rd_buf_puts(b, "<p>");
    for (k = 0; k < 3000; k++) {
        rd_buf_puts(b, k % 7 ? "word " : "a&amp;b ");
    }
    rd_buf_puts(b, "</p>");
}


/* blanks of more than one of libxml2's text buffers, inside <html> */
static void
blank_run(reader_buf_t *b)
{
    int  k;

    rd_buf_puts(b, "<html>");
    for (k = 0; k < 1200; k++) {
        rd_buf_putc(b, ' ');
    }
    rd_buf_puts(b, "<p>x</p>");
}


static void
deep(reader_buf_t *b)
{
    int  k;

    for (k = 0; k < 300; k++) {
        rd_buf_puts(b, "<div>");
    }
    rd_buf_puts(b, "x");
}


/* an element name of len letters: libxml2 reads names of up to 100 */
static void
name_of(reader_buf_t *b, size_t len)
{
    size_t  k;

    rd_buf_puts(b, "<p>a<x");
    for (k = 1; k < len; k++) {
        rd_buf_putc(b, 'y');
    }
    rd_buf_puts(b, ">b</p>");
}


static void
name_100(reader_buf_t *b)
{
    name_of(b, 100);
}


static void
name_101(reader_buf_t *b)
{
    name_of(b, 101);
}


/* a start tag with n attributes: the pre-scan keeps at most 64 */
static void
attributes_of(reader_buf_t *b, int n)
{
    char  a[32];
    int   k;

    rd_buf_puts(b, "<p");
    for (k = 0; k < n; k++) {
        snprintf(a, sizeof(a), " a%d=\"%d\"", k, k);
        rd_buf_puts(b, a);
    }
    rd_buf_puts(b, ">x</p>");
}


static void
attributes_64(reader_buf_t *b)
{
    attributes_of(b, 64);
}


static void
attributes_65(reader_buf_t *b)
{
    attributes_of(b, 65);
}


/* path: 'b' when build.c must take the markup (the pre-scan's canonical
 * form), 'x' when it must leave it to libxml2's parser */
static const struct {
    const char  *name;
    const char  *markup;            /* NULL: made by make() */
    void       (*make)(reader_buf_t *b);
    char         path;
} shapes[] = {
    { "a whole page",
      "<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head>"
      "<body><p class=\"a b\" id=\"x\">One <b>two</b> three</p></body></html>",
      NULL, 'x' },
    { "implied html, head and body", "<title>T</title><p>text", NULL, 'b' },
    { "text split around references",
      "<p>fish &amp; chips &lt;here&gt; &#x4e2d;&#25991; &copy;&bogus; x</p>",
      NULL, 'x' },
    { "text after </html>", "<html><body><p>a</p></body></html>tail<p>b",
      NULL, 'b' },
    { "an element after </html>", "<html><body></body></html><div>x</div>",
      NULL, 'b' },
    { "boolean and empty attributes",
      "<input checked disabled value><option selected>o</option>"
      "<td nowrap title>t</td>", NULL, 'x' },
    { "prefixed names",
      "<fb:like href=\"u\"></fb:like><og:x a:b=\"c\">y</og:x><x:>z</x:>"
      "<:q>w</:q>", NULL, 'x' },
    { "prefixed names, canonical",
      "<fb:like href=\"u\"></fb:like><og:x a:b=\"c\">y</og:x><x:>z</x:>",
      NULL, 'b' },
    { "an HTML 4.01 doctype (blank text kept or dropped)",
      "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" "
      "\"http://www.w3.org/TR/html4/strict.dtd\">"
      "<html><body> <p>a</p> <div> </div> </body></html>", NULL, 'x' },
    { "two doctypes", "<!DOCTYPE html><p>a</p><!DOCTYPE other><p>b</p>",
      NULL, 'x' },
    { "a doctype without a name", "<!DOCTYPE><p>a</p>", NULL, 'x' },
    { "processing instructions and comments",
      "<?xml version=\"1.0\"?><!-- c --><html><body><?php echo 1 ?>"
      "<!--in--><p>a<!--x-->b</p></body></html>", NULL, 'x' },
    { "whitespace between blocks", "<ul>\n <li>a</li>\n <li>b</li>\n</ul>\n",
      NULL, 'b' },
    { "start tags that close open elements",
      "<p>a<p>b<ul><li>x<li>y</ul><table><tr><td>1<td>2<tr><td>3</table>"
      "<a href=\"1\">one<a href=\"2\">two</a><dl><dt>t<dd>d<dt>u</dl>",
      NULL, 'b' },
    { "end tags under a higher priority ignored",
      "<div><table><tr><td><p>a</div>b</td></tr></table></div><b><i>c</b>d",
      NULL, 'b' },
    { "misplaced html, head and body tags",
      "<html><head></head><body><p>a</p><body class=\"x\"><html lang=\"y\">"
      "<head><p>b</p></body></html></head></body><p>c", NULL, 'b' },
    { "text straight in html or head implies a p",
      "<html><head>t<meta name=\"a\"></head>u<body>v", NULL, 'b' },
    { "a long blank run in html implies a p", NULL, blank_run, 'b' },
    { "void elements and />",
      "<p>a<br>b<img src=\"i\"/><span/>c<input><hr>d</p>", NULL, 'b' },
    { "upper-case names", "<p>a</P><DIV>b</div><div>c</DIV>", NULL, 'b' },
    { "names with a dot close as their part before it",
      "<p>a<p.x>b<ul><li>c<li.y>d</ul><p>e<div.a>f</div.a>", NULL, 'b' },
    { "form feed and U+FFFF in text (libxml2 drops them)",
      "<p>a\fb\xef\xbf\xbf" "c</p>", NULL, 'x' },
    { "a long text node over several buffers", NULL, long_text, 'b' },
    { "nesting past the depth limit", NULL, deep, 'x' },
    { "a name of 100 characters", NULL, name_100, 'b' },
    { "a name of 101 characters (libxml2 cuts it)", NULL, name_101, 'x' },
    { "64 attributes", NULL, attributes_64, 'b' },
    { "65 attributes (more than the pre-scan keeps)", NULL, attributes_65,
      'x' },
    { "a form feed in a value (libxml2 keeps it)",
      "<p title=\"a\fb\">x</p>", NULL, 'x' },
    { "script and style (raw text)",
      "<p>a<script>if (a < b) x();</script><style>p{}</style>b</p>",
      NULL, 'x' },
};


/*
 * Random tag soup in the pre-scan's canonical form (lower-case names,
 * quoted values, &amp; &lt; &quot;): the shapes that make libxml2 close,
 * imply, discard and ignore, mixed at random.  xorshift, fixed seed.
 */
static uint32_t  soup_state = 2463534242u;

static uint32_t
soup_next(void)
{
    soup_state ^= soup_state << 13;
    soup_state ^= soup_state >> 17;
    soup_state ^= soup_state << 5;
    return soup_state;
}


static void
soup(reader_buf_t *b, int pieces, int raw)
{
    static const char  *raws[] = {
        "<!-- c -->", "&copy;", "&#65;", "&bogus;", "a < b", "<P CLASS=x>",
        "<a href=x title='t'>", "<br/>", "</>", "<!DOCTYPE html>", "\r\n",
        "<script>x</script>", "<svg><p>s</p></svg>", "<td>", "</TD>"
    };
    static const char  *tags[] = {
        "html", "head", "body", "title", "meta", "link", "base", "p", "div",
        "span", "a", "b", "i", "font", "li", "ul", "ol", "dl", "dt", "dd",
        "table", "tbody", "thead", "tr", "td", "th", "col", "colgroup",
        "caption", "form", "option", "select", "h1", "h2", "pre", "br",
        "img", "hr", "input", "center", "frameset", "frame", "noframes",
        "fb:like", "x-card", "section", "figure", "p.x", "li.y", "td.z",
        "blockquote", "textarea", "area", "param", "embed", "object", "q"
    };
    static const char  *texts[] = {
        " ", "\n", "word", " two words ", "a &amp; b", "x &lt; y",
        "&quot;q&quot;",
        "\xe4\xb8\xad\xe6\x96\x87", "\t"
    };
    const char  *t;
    int          k, kind;

    b->len = 0;
    for (k = 0; k < pieces; k++) {
        kind = (int) (soup_next() % (raw ? 9 : 8));
        t = tags[soup_next() % (sizeof(tags) / sizeof(tags[0]))];

        if (kind == 8) {
            rd_buf_puts(b, raws[soup_next()
                                % (sizeof(raws) / sizeof(raws[0]))]);

        } else if (kind < 3) {
            rd_buf_putc(b, '<');
            rd_buf_puts(b, t);
            if (soup_next() % 3 == 0) {
                rd_buf_puts(b, " class=\"c &amp; d\" id=\"\"");
            }
            rd_buf_puts(b, soup_next() % 6 ? ">" : "/>");

        } else if (kind < 5) {
            rd_buf_puts(b, "</");
            rd_buf_puts(b, t);
            rd_buf_putc(b, '>');

        } else {
            rd_buf_puts(b, texts[soup_next()
                                 % (sizeof(texts) / sizeof(texts[0]))]);
        }
    }
}


/* A tree that finds no room is refused with a reason, on either path. */
static void
out_of_memory(void)
{
#ifdef TREE_OOM
    static const char  *before[] = { "", "<script>x</script>" };
    reader_result_t    *r;
    reader_status_e     rc;
    size_t              i;

    for (i = 0; i < 2; i++) {
        r = calloc(1, sizeof(reader_result_t));
        reader_options_init(&r->opt);
        rd_buf_puts(&r->markup, before[i]);
        long_text(&r->markup);

        fail_from = 16384;
        rc = rd_parse(r);
        fail_from = 0;

        ok(rc == READER_ERROR && r->reason
           && strstr(r->reason, "out of memory") != NULL,
           "no memory for the tree: refused, with a reason (%s)",
           i ? "libxml2's parser" : "build.c");
        reader_result_free(r);
    }
#else
    printf("# skipped the out-of-memory test: a sanitizer owns malloc\n");
#endif
}


typedef struct {
    size_t  parsed;
    size_t  differ;
    size_t  built;
} tree_tally_t;


/* A corpus page, decoded and pre-scanned as the engine does. */
static void
corpus_page(const char *path, const unsigned char *data, size_t len,
    void *arg)
{
    tree_tally_t     *tally = arg;
    reader_result_t  *r;

    r = calloc(1, sizeof(reader_result_t));
    if (r == NULL) {
        return;
    }

    reader_options_init(&r->opt);
    if (rd_decode(data, len, NULL, &r->utf8, NULL, r->charset,
                  sizeof(r->charset)) == READER_OK
        && rd_prescan(r) == READER_OK)
    {
        tally->parsed++;
        if (same_tree((const char *) r->markup.data, r->markup.len) == 0) {
            tally->differ++;
            printf("# %s: %s\n", path, where);
        }
        tally->built += built;
    }

    reader_result_free(r);
}


int
main(void)
{
    reader_buf_t  b = { 0 };
    size_t        i;
    tree_tally_t  tally = { 0, 0, 0 };
    tree_tally_t  page_tally;
    size_t        differ, soup_built;

    for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        b.len = 0;
        if (shapes[i].markup) {
            rd_buf_puts(&b, shapes[i].markup);
        } else {
            shapes[i].make(&b);
        }

        if (!ok(same_tree((const char *) b.data, b.len) == 1
                && built == (shapes[i].path == 'b'), "%s (%s)", shapes[i].name,
                shapes[i].path == 'b' ? "build.c" : "libxml2's parser"))
        {
            printf("#   first difference: %s; built by build.c: %d\n", where,
                   built);
        }
    }

    out_of_memory();

    for (i = 0, differ = 0, soup_built = 0; i < SOUPS; i++) {
        soup(&b, 4 + (int) (i % 60), 0);
        if (same_tree((const char *) b.data, b.len) == 0) {
            if (differ++ < 3) {
                printf("# %s in: %.*s\n", where, (int) b.len, b.data);
            }
        }
        soup_built += built;
    }
    ok(differ == 0 && soup_built > SOUPS / 3,
       "the same tree on %d pages of random tag soup (%zu differ, "
       "%zu built by build.c)", SOUPS, differ, soup_built);

    /* the same with what real pages add, through decode and pre-scan */
    for (i = 0, differ = 0, soup_built = 0; i < SOUPS; i++) {
        soup(&b, 4 + (int) (i % 60), 1);
        page_tally = (tree_tally_t) { 0, 0, 0 };
        corpus_page("soup", b.data, b.len, &page_tally);
        differ += page_tally.differ;
        soup_built += page_tally.built;
    }
    ok(differ == 0 && soup_built > SOUPS / 3,
       "the same tree on %d pages of raw tag soup after the pre-scan (%zu "
       "differ, %zu built by build.c)", SOUPS, differ, soup_built);

    if (corpus_each(corpus_page, &tally) >= 0) {
        ok(tally.parsed > 0 && tally.differ == 0,
           "the same tree on %zu corpus pages (%zu differ)", tally.parsed,
           tally.differ);
        ok(tally.built * 100 >= tally.parsed * 95,
           "build.c, not libxml2's parser, built %zu of them", tally.built);
    }

    reader_buf_free(&b);
    return done_testing();
}
