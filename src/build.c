/*
 * The tree straight from the pre-scanned markup, without libxml2's
 * tokenizer.  The pre-scan has tokenized the page already and written it
 * in a small canonical form: start tags with lower-case names and every
 * value in double quotes, end tags, and text, with &amp; &lt; and &quot;
 * the only references; no comments, doctypes or raw text.  Reading that
 * again takes a few memchr()s where libxml2 reads it byte by byte, so the
 * tree-building rules libxml2's HTML parser (2.9) applies are replayed
 * here instead, through the same SAX callbacks (tree.c): implied html,
 * head, body and p, start tags that close open elements, misplaced html,
 * head and body tags, end tags and their priorities, void elements.
 *
 * Anything outside that form, and the rules not replayed (characters
 * libxml2 drops from text, nesting near libxml2's depth limit), make
 * rd_build() give up, and parse.c hands the markup to libxml2's parser.
 * tests/unit/test_tree.c compares the two trees on odd shapes, random tag
 * soup and every corpus page.
 */

#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>

#include "internal.h"


#define RD_BUILD_DEPTH     250      /* below libxml2's 256: deeper pages go
                                       to libxml2, which stops at its limit */
#define RD_BUILD_NAME_MAX  100      /* htmlParseHTMLName() reads no more */
#define RD_BUILD_ATTRS     64       /* the pre-scan keeps no more a tag */
#define RD_BUILD_BLANKS    1000     /* libxml2 hands text over in chunks of
                                       about this size (its buffer) */
#define RD_BUILD_CACHE     256      /* per-name facts and per-pair answers,
                                       by name pointer */


/* Names the rules test, interned in the parser's dictionary like every
 * name read, so that a pointer comparison is a name comparison. */
enum {
    RD_N_HTML = 0, RD_N_HEAD, RD_N_BODY, RD_N_SCRIPT, RD_N_STYLE, RD_N_META,
    RD_N_LINK, RD_N_TITLE, RD_N_BASE, RD_N_NOFRAMES, RD_N_FRAME,
    RD_N_FRAMESET, RD_N_P, RD_N_COUNT
};

static const char  *rd_build_names[RD_N_COUNT] = {
    "html", "head", "body", "script", "style", "meta", "link", "title",
    "base", "noframes", "frame", "frameset", "p"
};

/* A start tag of these closes an open element of the same name in
 * libxml2's table (htmlStartClose); other pairs are asked of libxml2. */
static const char  *rd_build_self_closing =
    " a col colgroup form li option p tbody td th tr ";


typedef struct {
    const xmlChar      *name;           /* NULL: an empty slot */
    uint8_t             empty;          /* libxml2's void elements */
    uint8_t             priority;       /* libxml2's end-tag priority */
    uint8_t             self_closing;   /* see rd_build_self_closing */
} rd_build_name_t;

typedef struct {
    const xmlChar      *tag;            /* NULL: an empty slot */
    const xmlChar      *open;
    int                 closes;
} rd_build_pair_t;

typedef struct {
    htmlParserCtxtPtr       ctxt;
    const xmlChar          *n[RD_N_COUNT];
    const xmlChar          *stack[RD_BUILD_DEPTH];
    unsigned                depth;
    unsigned                discarded;      /* libxml2's ctxt->depth */
    unsigned                seen;           /* libxml2's ctxt->html: 3 once
                                               a head was open, 10 once a
                                               body was */
    const unsigned char    *p;
    const unsigned char    *end;
    reader_buf_t            buf;            /* decoded values or text */
    const xmlChar          *atts[2 * RD_BUILD_ATTRS + 2];
    rd_build_name_t         cache[RD_BUILD_CACHE];
    rd_build_pair_t         pairs[RD_BUILD_CACHE];
} rd_build_t;


static int
rd_build_name_char(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':'
           || c == '-' || c == '_' || c == '.';
}


/* What the rules need to know of a name, asked of libxml2 once a page. */
static const rd_build_name_t *
rd_build_facts(rd_build_t *b, const xmlChar *name)
{
    rd_build_name_t     *f;
    const htmlElemDesc  *info;
    const char          *hit;
    size_t               len;

    f = &b->cache[((uintptr_t) name >> 4) % RD_BUILD_CACHE];
    if (f->name == name) {
        return f;
    }

    len = strlen((const char *) name);
    for (hit = rd_build_self_closing;
         (hit = strstr(hit + 1, (const char *) name)) != NULL
         && !(hit[-1] == ' ' && hit[len] == ' '); )
    { /* the name as a whole word */ }

    f->name = name;
    info = htmlTagLookup(name);
    f->empty = info && info->empty;
    f->priority = (uint8_t) rd_ps_end_priority((const char *) name);
    f->self_closing = hit != NULL;
    return f;
}


/* Whether a start tag named tag closes an open element named open
 * (libxml2's htmlCheckAutoClose, asked through htmlAutoCloseTag() once a
 * page for each pair: it is asked at every start tag). */
static int
rd_build_closes(rd_build_t *b, const xmlChar *tag, const xmlChar *open)
{
    rd_build_pair_t  *c;
    xmlNode           probe;

    if (tag == open) {
        return rd_build_facts(b, tag)->self_closing;
    }

    c = &b->pairs[(((uintptr_t) tag >> 4) * 31 + ((uintptr_t) open >> 4))
                  % RD_BUILD_CACHE];
    if (c->tag != tag || c->open != open) {
        memset(&probe, 0, sizeof(probe));
        probe.type = XML_ELEMENT_NODE;
        probe.name = tag;
        c->tag = tag;
        c->open = open;
        c->closes = htmlAutoCloseTag(NULL, open, &probe);
    }

    return c->closes;
}


static int
rd_build_push(rd_build_t *b, const xmlChar *name, const xmlChar **atts)
{
    if (b->depth == RD_BUILD_DEPTH) {
        return 0;
    }

    b->stack[b->depth++] = name;
    if (name == b->n[RD_N_HEAD] && b->seen < 3) {
        b->seen = 3;
    } else if (name == b->n[RD_N_BODY]) {
        b->seen = 10;
    }
    b->ctxt->sax->startElement(b->ctxt, name, atts);
    return 1;
}


static void
rd_build_pop(rd_build_t *b)
{
    b->ctxt->sax->endElement(b->ctxt, b->stack[--b->depth]);
}


static int
rd_build_in_stack(const rd_build_t *b, const xmlChar *name)
{
    unsigned  i;

    for (i = 0; i < b->depth; i++) {
        if (b->stack[i] == name) {
            return 1;
        }
    }
    return 0;
}


/* libxml2's htmlCheckImplied: html, then head or body, as a tag needs. */
static int
rd_build_implied(rd_build_t *b, const xmlChar *name)
{
    const xmlChar  **n = b->n;

    if (name == n[RD_N_HTML]) {
        return 1;
    }

    if (b->depth == 0 && !rd_build_push(b, n[RD_N_HTML], NULL)) {
        return 0;
    }

    if (name == n[RD_N_BODY] || name == n[RD_N_HEAD]) {
        return 1;
    }

    if (b->depth <= 1
        && (name == n[RD_N_SCRIPT] || name == n[RD_N_STYLE]
            || name == n[RD_N_META] || name == n[RD_N_LINK]
            || name == n[RD_N_TITLE] || name == n[RD_N_BASE]))
    {
        return b->seen >= 3 || rd_build_push(b, n[RD_N_HEAD], NULL);
    }

    if (name == n[RD_N_NOFRAMES] || name == n[RD_N_FRAME]
        || name == n[RD_N_FRAMESET] || b->seen >= 10
        || rd_build_in_stack(b, n[RD_N_BODY])
        || rd_build_in_stack(b, n[RD_N_HEAD]))
    {
        return 1;
    }

    return rd_build_push(b, n[RD_N_BODY], NULL);
}


/* A name at b->p, lower-cased and interned as htmlParseHTMLName() does;
 * NULL when libxml2 would read it otherwise. */
static const xmlChar *
rd_build_name(rd_build_t *b, int attribute)
{
    xmlChar   low[RD_BUILD_NAME_MAX];
    unsigned  c;
    size_t    n = 0;

    c = *b->p | 0x20;
    if (!((c >= 'a' && c <= 'z')
          || (attribute && (*b->p == '_' || *b->p == ':' || *b->p == '.'))))
    {
        return NULL;
    }

    for ( ; b->p < b->end; b->p++) {
        c = *b->p;
        if (c >= 'A' && c <= 'Z') {
            c |= 0x20;
        } else if (!rd_build_name_char(c)) {
            break;
        }
        if (n == RD_BUILD_NAME_MAX) {
            return NULL;
        }
        low[n++] = (xmlChar) c;
    }

    if (b->p == b->end) {
        return NULL;
    }

    return xmlDictLookup(b->ctxt->dict, low, (int) n);
}


/*
 * Whether s (n bytes) holds a character libxml2 leaves out of text (form
 * feed, U+FFFE, U+FFFF) or reads as another line end (CR).  memchr() for
 * each: text is the bulk of the markup, and most of it holds none.
 */
static int
rd_build_odd(const unsigned char *s, size_t n)
{
    const unsigned char  *end = s + n, *p;

    if (memchr(s, '\f', n) || memchr(s, '\r', n)) {
        return 1;
    }

    /* U+FFFE and U+FFFF are EF BF BE and EF BF BF; EF also leads the
     * full-width punctuation of CJK text, so it is looked at closely */
    for (p = s; (p = memchr(p, 0xEF, (size_t) (end - p))) != NULL; p++) {
        if (end - p >= 3 && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
            return 1;
        }
    }

    return 0;
}


/* Appends s (n bytes) to b->buf with &amp; &lt; and &quot; decoded; 0 for
 * any other '&', and for what rd_build_odd() finds. */
static int
rd_build_decode(rd_build_t *b, const unsigned char *s, size_t n)
{
    const unsigned char  *end = s + n, *amp;

    if (rd_build_odd(s, n)) {
        return 0;
    }

    while ((amp = memchr(s, '&', (size_t) (end - s))) != NULL) {
        rd_buf_append(&b->buf, s, (size_t) (amp - s));

        if (end - amp >= 5 && memcmp(amp, "&amp;", 5) == 0) {
            rd_buf_putc(&b->buf, '&');
            s = amp + 5;
        } else if (end - amp >= 4 && memcmp(amp, "&lt;", 4) == 0) {
            rd_buf_putc(&b->buf, '<');
            s = amp + 4;
        } else if (end - amp >= 6 && memcmp(amp, "&quot;", 6) == 0) {
            rd_buf_putc(&b->buf, '"');
            s = amp + 6;
        } else {
            return 0;
        }
    }

    rd_buf_append(&b->buf, s, (size_t) (end - s));
    return !b->buf.failed;
}


/*
 * The attributes of the start tag at b->p (past its name) into b->atts,
 * up to its '>'.  Sets *empty for "/>".  0 when the tag is not canonical.
 */
static int
rd_build_attributes(rd_build_t *b, int *empty)
{
    const unsigned char  *q;
    const xmlChar        *name;
    size_t                offsets[RD_BUILD_ATTRS], i, k, n = 0;

    b->buf.len = 0;

    while (b->p < b->end && *b->p == ' ') {
        b->p++;
        name = rd_build_name(b, 1);
        if (name == NULL || n == RD_BUILD_ATTRS || b->end - b->p < 2
            || b->p[0] != '=' || b->p[1] != '"')
        {
            return 0;
        }

        b->p += 2;
        q = memchr(b->p, '"', (size_t) (b->end - b->p));
        if (q == NULL) {
            return 0;
        }

        /* libxml2 keeps the first of a repeated name */
        for (k = 0; k < n && b->atts[2 * k] != name; k++) { /* void */ }

        if (k == n) {
            b->atts[2 * n] = name;
            offsets[n++] = b->buf.len;
            if (!rd_build_decode(b, b->p, (size_t) (q - b->p))) {
                return 0;
            }
            rd_buf_putc(&b->buf, '\0');
        }

        b->p = q + 1;
    }

    *empty = b->end - b->p >= 2 && b->p[0] == '/' && b->p[1] == '>';
    if (!*empty && (b->p == b->end || *b->p != '>')) {
        return 0;
    }
    b->p += *empty ? 2 : 1;

    if (b->buf.failed) {
        return 0;
    }

    for (i = 0; i < n; i++) {
        b->atts[2 * i + 1] = (const xmlChar *) b->buf.data + offsets[i];
    }
    b->atts[2 * n] = NULL;
    b->atts[2 * n + 1] = NULL;
    return 1;
}


/* A start tag, b->p past its '<' (htmlParseStartTag and
 * htmlParseElementInternal). */
static int
rd_build_start(rd_build_t *b)
{
    const xmlChar  *name, *part, *top;
    const char     *dot;
    int             discard = 0, empty;

    /* script and style (raw text for libxml2) never leave the pre-scan */
    name = rd_build_name(b, 0);
    if (name == NULL || name == b->n[RD_N_SCRIPT] || name == b->n[RD_N_STYLE]
        || !rd_build_attributes(b, &empty))
    {
        return 0;
    }

    /* libxml2 closes open elements twice: for the name read up to a '.'
     * (htmlParseHTMLName_nonInvasive stops there), then for the name */
    dot = strchr((const char *) name, '.');
    if (dot) {
        part = xmlDictLookup(b->ctxt->dict, name,
                             (int) (dot - (const char *) name));
        if (part == NULL) {
            return 0;
        }
        while (b->depth && rd_build_closes(b, part, b->stack[b->depth - 1])) {
            rd_build_pop(b);
        }
    }

    while (b->depth && rd_build_closes(b, name, b->stack[b->depth - 1])) {
        rd_build_pop(b);
    }

    if (!rd_build_implied(b, name)) {
        return 0;
    }

    /* misplaced: html below the root, head not right under it, a second
     * body; their end tags are then ignored as many times */
    if ((b->depth > 0 && name == b->n[RD_N_HTML])
        || (b->depth != 1 && name == b->n[RD_N_HEAD]))
    {
        discard = 1;
        b->discarded++;
    }
    if (name == b->n[RD_N_BODY] && rd_build_in_stack(b, name)) {
        discard = 1;
        b->discarded++;
    }

    if (!discard && !rd_build_push(b, name, b->atts[0] ? b->atts : NULL)) {
        return 0;
    }

    /* what closes now is the open element, as in libxml2 even when the
     * tag itself was discarded */
    if (b->depth == 0) {
        return 1;
    }
    top = b->stack[b->depth - 1];
    if (empty || rd_build_facts(b, top)->empty) {
        rd_build_pop(b);
    }

    return 1;
}


/* An end tag, b->p past its "</" (htmlParseEndTag, htmlAutoCloseOnClose). */
static int
rd_build_end(rd_build_t *b)
{
    const xmlChar  *name;
    unsigned        i, priority;

    name = rd_build_name(b, 0);
    if (name == NULL || b->p == b->end || *b->p != '>') {
        return 0;
    }
    b->p++;

    if (b->discarded > 0
        && (name == b->n[RD_N_HTML] || name == b->n[RD_N_BODY]
            || name == b->n[RD_N_HEAD]))
    {
        b->discarded--;
        return 1;
    }

    /* not open: ignored; open under an element of a higher priority
     * (a </p> inside a table cell for a p outside it): ignored */
    priority = rd_build_facts(b, name)->priority;
    for (i = b->depth; i > 0 && b->stack[i - 1] != name; i--) {
        if (rd_build_facts(b, b->stack[i - 1])->priority > priority) {
            return 1;
        }
    }
    if (i == 0) {
        return 1;
    }

    while (b->stack[b->depth - 1] != name) {
        rd_build_pop(b);
    }
    rd_build_pop(b);
    return 1;
}


/* libxml2's htmlCheckParagraph: text straight inside <html> or <head>, or
 * with nothing open, goes into a <p> of its own. */
static int
rd_build_paragraph(rd_build_t *b)
{
    while (b->depth && rd_build_closes(b, b->n[RD_N_P],
                                       b->stack[b->depth - 1]))
    {
        rd_build_pop(b);
    }

    return rd_build_implied(b, b->n[RD_N_P])
           && rd_build_push(b, b->n[RD_N_P], NULL);
}


/* Text from b->p up to the next '<' (htmlParseCharData). */
static int
rd_build_text(rd_build_t *b)
{
    const unsigned char  *lt, *s, *text;
    const xmlChar        *top;
    size_t                n, len;

    lt = memchr(b->p, '<', (size_t) (b->end - b->p));
    if (lt == NULL) {
        lt = b->end;
    }

    s = b->p;
    n = (size_t) (lt - s);
    b->p = lt;

    /* most text holds no reference: handed over where it lies */
    if (memchr(s, '&', n) == NULL) {
        if (rd_build_odd(s, n)) {
            return 0;
        }
        text = s;
        len = n;

    } else {
        b->buf.len = 0;
        if (!rd_build_decode(b, s, n)) {
            return 0;
        }
        text = b->buf.data;
        len = b->buf.len;
    }

    top = b->depth ? b->stack[b->depth - 1] : NULL;

    /* blanks before a tag stay where they are (libxml2's areBlanks: with
     * nothing open they are dropped); anything else, or more blanks than
     * libxml2 reads at once, implies the <p> */
    if ((top == NULL || top == b->n[RD_N_HTML] || top == b->n[RD_N_HEAD])
        && (n >= RD_BUILD_BLANKS || strspn((const char *) s, " \t\n") < n)
        && !rd_build_paragraph(b))
    {
        return 0;
    }

    b->ctxt->sax->characters(b->ctxt, text, (int) len);
    return 1;
}


int
rd_build(htmlParserCtxtPtr ctxt, const reader_buf_t *markup)
{
    rd_build_t  *b;
    int          ok = 1;
    size_t       i;

    b = calloc(1, sizeof(rd_build_t));
    if (b == NULL) {
        return 0;
    }

    b->ctxt = ctxt;
    b->p = markup->data;
    b->end = b->p + markup->len;

    for (i = 0; i < RD_N_COUNT; i++) {
        b->n[i] = xmlDictLookup(ctxt->dict, BAD_CAST rd_build_names[i], -1);
        ok = ok && b->n[i] != NULL;
    }

    /* htmlParseDocument() skips the blanks before the first tag */
    while (b->p < b->end && (*b->p == ' ' || *b->p == '\t' || *b->p == '\n')) {
        b->p++;
    }

    ok = ok && b->p < b->end && *b->p == '<';
    if (ok) {
        ctxt->sax->startDocument(ctxt);
        ok = ctxt->myDoc != NULL;
    }

    while (ok && b->p < b->end && !ctxt->disableSAX) {
        if (*b->p != '<') {
            ok = rd_build_text(b);
            continue;
        }

        b->p++;
        if (b->p < b->end && *b->p == '/') {
            b->p++;
            ok = rd_build_end(b);
        } else {
            ok = rd_build_start(b);
        }
    }

    while (ok && b->depth && !ctxt->disableSAX) {
        rd_build_pop(b);                /* htmlAutoCloseOnEnd() */
    }

    if (ok) {
        ctxt->sax->endDocument(ctxt);
    }

    reader_buf_free(&b->buf);
    free(b);
    return ok;
}
