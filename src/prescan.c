/*
 * Pre-scan: one linear pass over the decoded page (r->text) into the markup
 * libxml2 parses (r->markup).
 *
 * It follows the HTML tokenizer where libxml2 2.9.14 does not, and removes
 * before parsing what can never be article text: script (JSON-LD bodies are
 * kept aside in r->jsonld), style, comments, template, svg, select,
 * textarea, noembed, noframes and iframe content.  It decodes character
 * references (HTML5 names, numeric with browsers' replacements) and turns
 * CR and CRLF into LF.  It bounds the shapes libxml2 handles badly:
 * attributes per tag (quadratic there), names, attribute values, nesting
 * (libxml2 stops building the tree at depth 256) and the element count.
 * Every tag it lets through is written back in one canonical form
 * (lower-case names, double-quoted values, void elements self-closed), and
 * implied end tags are written out, so libxml2 builds what browsers build.
 */

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"


#define RD_PS_NAME_MAX      64          /* longer tag or attribute names:
                                           the tag or attribute is dropped */
#define RD_PS_ATTRS_KEEP    64          /* attributes kept per tag */

/*
 * Attributes kept per page: a fixed allowance plus one per 64 bytes.  An
 * attribute costs libxml2 about 250 bytes of tree for as little as two
 * bytes of input ("<p a b c ...>"), so without a page-wide budget a 4 MB
 * page of bare attributes needs half a gigabyte; with it, about 40 MB.
 * Real pages carry one attribute per 50 to 200 bytes.
 */
#define RD_PS_ATTRS_PAGE    32768
#define RD_PS_ATTRS_BYTES   64
#define RD_PS_ATTRS_REFUSE  1024        /* more on one tag: refuse the page */
#define RD_PS_VALUE_MAX     65536       /* longer values: attribute dropped */
#define RD_PS_LIBXML_DEPTH  256         /* xmlParserMaxDepth without HUGE */
#define RD_PS_DEPTH_SLACK   8           /* html, head, body, implied p */


/* Element classes (rd_ps_elt_t.flags) */
enum {
    RD_PS_VOID        = 0x0001,     /* no end tag, never open */
    RD_PS_OPTIONAL    = 0x0002,     /* end tag optional: p, li, td ... */
    RD_PS_CLOSES_P    = 0x0004,     /* its start tag closes an open p */
    RD_PS_BREAKOUT    = 0x0008,     /* its start tag ends foreign content */
    RD_PS_INTEGRATION = 0x0010,     /* HTML inside svg: foreignObject ... */
    RD_PS_SUBTREE     = 0x0020,     /* dropped with its content, which is
                                       markup (template, svg, select) */
    RD_PS_MEDIA       = 0x0040,     /* keeps data-* attributes (lazy URLs) */
    RD_PS_SPECIAL     = 0x0080,     /* the standard's "special" elements but
                                       address, div and p: an li, dd or dt
                                       start tag closes its kind through
                                       anything else */
    RD_PS_SCOPE       = 0x0100,     /* bounds the search for a p to close
                                       ("button scope") */
    RD_PS_IN_HEAD     = 0x0200      /* belongs in head: does not end it */
};

/* How the tokenizer reads an element's content (rd_ps_elt_t.text) */
enum {
    RD_PS_MARKUP = 0,
    RD_PS_RAW_DROP,                 /* raw text; element dropped */
    RD_PS_RAW_EMPTY,                /* raw text dropped; tags kept */
    RD_PS_RAW_TEXT,                 /* raw text kept as text (xmp) */
    RD_PS_RCDATA,                   /* text with references (title) */
    RD_PS_RAW_EOF                   /* plaintext: the rest of the page */
};

/* Elements the pre-scan treats individually (rd_ps_elt_t.id) */
enum {
    RD_PS_OTHER = 0,
    RD_PS_A, RD_PS_BASE, RD_PS_BODY, RD_PS_BR, RD_PS_CELL, RD_PS_DDT,
    RD_PS_HEAD, RD_PS_HTML, RD_PS_INPUT, RD_PS_LI, RD_PS_LINK, RD_PS_MATH, RD_PS_OPTGROUP,
    RD_PS_OPTION, RD_PS_P, RD_PS_PRE, RD_PS_RUBY_TEXT, RD_PS_SCRIPT,
    RD_PS_SELECT,
    RD_PS_SVG, RD_PS_TABLE, RD_PS_TEMPLATE, RD_PS_TR, RD_PS_TSECTION,
    RD_PS_IDS
};

typedef struct {
    const char     *name;
    uint8_t         id;
    uint8_t         text;
    uint8_t         priority;       /* libxml2's end-tag priority */
    uint16_t        flags;
} rd_ps_elt_t;

#define VO  RD_PS_VOID
#define OP  RD_PS_OPTIONAL
#define CP  RD_PS_CLOSES_P
#define BO  RD_PS_BREAKOUT
#define IN  RD_PS_INTEGRATION
#define ST  RD_PS_SUBTREE
#define ME  RD_PS_MEDIA
#define SP  RD_PS_SPECIAL
#define SC  RD_PS_SCOPE
#define HE  RD_PS_IN_HEAD

/*
 * Found by name hash (rd_ps_elt).  Priorities are libxml2's htmlEndPriority: an
 * end tag closes the elements above its match only when none of them has a
 * higher priority, else libxml2 ignores it; the depth model does the same.
 */
static const rd_ps_elt_t  rd_ps_elts[] = {
    { "a",             RD_PS_A,         0, 100, 0 },
    { "address",       RD_PS_OTHER,     0, 100, CP },
    { "applet",        RD_PS_OTHER,     0, 100, SP|SC },
    { "area",          RD_PS_OTHER,     0, 100, VO },
    { "article",       RD_PS_OTHER,     0, 100, CP|SP },
    { "aside",         RD_PS_OTHER,     0, 100, CP|SP },
    { "audio",         RD_PS_OTHER,     0, 100, ME },
    { "b",             RD_PS_OTHER,     0, 100, BO },
    { "base",          RD_PS_BASE,      0, 100, VO|HE },
    { "basefont",      RD_PS_OTHER,     0, 100, VO|HE },
    { "bgsound",       RD_PS_OTHER,     0, 100, VO|HE },
    { "big",           RD_PS_OTHER,     0, 100, BO },
    { "blockquote",    RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "body",          RD_PS_BODY,      0, 200, BO|SP },
    { "br",            RD_PS_BR,        0, 100, VO|BO },
    { "button",        RD_PS_OTHER,     0, 100, SP|SC },
    { "caption",       RD_PS_OTHER,     0, 100, SP|SC },
    { "center",        RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "code",          RD_PS_OTHER,     0, 100, BO },
    { "col",           RD_PS_OTHER,     0, 100, VO },
    { "colgroup",      RD_PS_OTHER,     0, 100, SP },
    { "dd",            RD_PS_DDT,       0, 100, OP|CP|BO|SP },
    { "desc",          RD_PS_OTHER,     0, 100, IN },
    { "details",       RD_PS_OTHER,     0, 100, CP|SP },
    { "dialog",        RD_PS_OTHER,     0, 100, CP },
    { "dir",           RD_PS_OTHER,     0, 100, CP|SP },
    { "div",           RD_PS_OTHER,     0, 150, CP|BO },
    { "dl",            RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "dt",            RD_PS_DDT,       0, 100, OP|CP|BO|SP },
    { "em",            RD_PS_OTHER,     0, 100, BO },
    { "embed",         RD_PS_OTHER,     0, 100, VO|BO|ME },
    { "fieldset",      RD_PS_OTHER,     0, 100, CP|SP },
    { "figcaption",    RD_PS_OTHER,     0, 100, CP|SP },
    { "figure",        RD_PS_OTHER,     0, 100, CP|SP },
    { "footer",        RD_PS_OTHER,     0, 100, CP|SP },
    { "foreignobject", RD_PS_OTHER,     0, 100, IN },
    { "form",          RD_PS_OTHER,     0, 100, CP|SP },
    { "frame",         RD_PS_OTHER,     0, 100, VO },
    { "frameset",      RD_PS_OTHER,     0, 100, SP },
    { "h1",            RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "h2",            RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "h3",            RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "h4",            RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "h5",            RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "h6",            RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "head",          RD_PS_HEAD,      0, 200, BO|SP|HE },
    { "header",        RD_PS_OTHER,     0, 100, CP|SP },
    { "hgroup",        RD_PS_OTHER,     0, 100, CP|SP },
    { "hr",            RD_PS_OTHER,     0, 100, VO|CP|BO },
    { "html",          RD_PS_HTML,      0, 220, SP|HE },
    { "i",             RD_PS_OTHER,     0, 100, BO },
    { "iframe",        RD_PS_OTHER,     RD_PS_RAW_EMPTY, 100, ME|SP },
    { "img",           RD_PS_OTHER,     0, 100, VO|BO|ME },
    { "input",         RD_PS_INPUT,     0, 100, VO },
    { "keygen",        RD_PS_INPUT,     0, 100, VO },
    { "li",            RD_PS_LI,        0, 100, OP|CP|BO|SP },
    { "link",          RD_PS_LINK,      0, 100, VO|HE },
    { "listing",       RD_PS_PRE,       0, 100, CP|BO|SP },
    { "main",          RD_PS_OTHER,     0, 100, CP|SP },
    { "marquee",       RD_PS_OTHER,     0, 100, SP|SC },
    { "math",          RD_PS_MATH,      0, 100, SC },
    { "menu",          RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "meta",          RD_PS_OTHER,     0, 100, VO|BO|HE },
    { "nav",           RD_PS_OTHER,     0, 100, CP|SP },
    { "nobr",          RD_PS_OTHER,     0, 100, BO },
    { "noembed",       RD_PS_OTHER,     RD_PS_RAW_DROP, 100, 0 },
    { "noframes",      RD_PS_OTHER,     RD_PS_RAW_DROP, 100, HE },
    { "noscript",      RD_PS_OTHER,     0, 100, SP|HE },
    { "object",        RD_PS_OTHER,     0, 100, ME|SP|SC },
    { "ol",            RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "optgroup",      RD_PS_OPTGROUP,  0, 100, OP },
    { "option",        RD_PS_OPTION,    0, 100, OP },
    { "p",             RD_PS_P,         0, 100, OP|CP|BO },
    { "param",         RD_PS_OTHER,     0, 100, VO },
    { "picture",       RD_PS_OTHER,     0, 100, ME },
    { "plaintext",     RD_PS_OTHER,     RD_PS_RAW_EOF, 100, CP|SP },
    { "pre",           RD_PS_PRE,       0, 100, CP|BO|SP },
    { "rb",            RD_PS_RUBY_TEXT, 0, 100, OP },
    { "rp",            RD_PS_RUBY_TEXT, 0, 100, OP },
    { "rt",            RD_PS_RUBY_TEXT, 0, 100, OP },
    { "rtc",           RD_PS_RUBY_TEXT, 0, 100, OP },
    { "ruby",          RD_PS_OTHER,     0, 100, BO },
    { "s",             RD_PS_OTHER,     0, 100, BO },
    { "script",        RD_PS_SCRIPT,    RD_PS_RAW_DROP, 100, HE },
    { "section",       RD_PS_OTHER,     0, 100, CP|SP },
    { "select",        RD_PS_SELECT,    0, 100, ST|SP },
    { "small",         RD_PS_OTHER,     0, 100, BO },
    { "source",        RD_PS_OTHER,     0, 100, VO|ME },
    { "span",          RD_PS_OTHER,     0, 100, BO },
    { "strike",        RD_PS_OTHER,     0, 100, BO },
    { "strong",        RD_PS_OTHER,     0, 100, BO },
    { "style",         RD_PS_OTHER,     RD_PS_RAW_DROP, 100, HE },
    { "sub",           RD_PS_OTHER,     0, 100, BO },
    { "summary",       RD_PS_OTHER,     0, 100, CP|SP },
    { "sup",           RD_PS_OTHER,     0, 100, BO },
    { "svg",           RD_PS_SVG,       0, 100, ST },
    { "table",         RD_PS_TABLE,     0, 190, CP|BO|SP|SC },
    { "tbody",         RD_PS_TSECTION,  0, 180, OP|SP },
    { "td",            RD_PS_CELL,      0, 160, OP|SP|SC },
    { "template",      RD_PS_TEMPLATE,  0, 100, ST|SP|HE },
    { "textarea",      RD_PS_INPUT,     RD_PS_RAW_DROP, 100, SP },
    { "tfoot",         RD_PS_TSECTION,  0, 180, OP|SP },
    { "th",            RD_PS_CELL,      0, 160, OP|SP|SC },
    { "thead",         RD_PS_TSECTION,  0, 180, OP|SP },
    { "title",         RD_PS_OTHER,     RD_PS_RCDATA, 100, IN|HE },
    { "tr",            RD_PS_TR,        0, 170, OP|SP },
    { "track",         RD_PS_OTHER,     0, 100, VO },
    { "tt",            RD_PS_OTHER,     0, 100, BO },
    { "u",             RD_PS_OTHER,     0, 100, BO },
    { "ul",            RD_PS_OTHER,     0, 100, CP|BO|SP },
    { "var",           RD_PS_OTHER,     0, 100, BO },
    { "video",         RD_PS_OTHER,     0, 100, ME },
    { "wbr",           RD_PS_OTHER,     0, 100, VO },
    { "xmp",           RD_PS_OTHER,     RD_PS_RAW_TEXT, 100, CP|SP },
};

#undef VO
#undef OP
#undef CP
#undef BO
#undef IN
#undef ST
#undef ME
#undef SP
#undef SC
#undef HE

static const rd_ps_elt_t  rd_ps_other = { "", RD_PS_OTHER, 0, 100, 0 };


typedef struct {
    const unsigned char    *name;
    size_t                  name_len;
    uint32_t                hash;
    const unsigned char    *value;      /* NULL: no value */
    size_t                  value_len;
} rd_ps_attr_t;

typedef struct {
    char                    name[RD_PS_NAME_MAX + 1];  /* lower case */
    size_t                  len;                        /* 0: bad name */
    const unsigned char    *src;                        /* in the page */
    uint32_t                hash;
    const rd_ps_elt_t      *elt;
    int                     self_closing;
    unsigned                n_attrs;    /* every attribute seen */
    unsigned                n_kept;
    uint64_t                seen;       /* hash bits of the kept names */
    rd_ps_attr_t            attr[RD_PS_ATTRS_KEEP];
} rd_ps_tag_t;

typedef struct {
    uint32_t                hash;
    const rd_ps_elt_t      *elt;
    const unsigned char    *name;       /* in the page: for its end tag */
    size_t                  len;
} rd_ps_open_t;

/* What is being dropped with its content (template, svg, select). */
typedef struct {
    uint8_t                 id;         /* RD_PS_OTHER: nothing */
    unsigned                nest;       /* open elements of that name */
    unsigned                integration;    /* open foreignObject ... */
} rd_ps_drop_t;

typedef struct {
    reader_result_t        *r;
    reader_buf_t           *out;
    const unsigned char    *p;
    const unsigned char    *end;
    unsigned                has_cr;     /* RD_PS_CR or 0 */
    reader_status_e         status;

    rd_ps_drop_t            drop;
    unsigned                head;       /* 0 before <head>, 1 in, 2 after */
    unsigned                count[RD_PS_IDS];   /* open elements by id */
    size_t                  elements;   /* start tags written */
    size_t                  attrs;      /* attributes written */
    size_t                  attrs_max;  /* the page's attribute budget */

    unsigned                depth;
    unsigned                max_depth;
    rd_ps_open_t            open[RD_PS_LIBXML_DEPTH];
    uint32_t                deep[64];   /* start tags dropped past max_depth,
                                           by name hash bucket */
    rd_ps_tag_t             tag;
} rd_ps_t;


/* How rd_ps_copy writes text (bits) */
enum {
    RD_PS_CR       = 0x01,  /* CR and CRLF -> LF (set when the page has CR) */
    RD_PS_REFS     = 0x02,  /* character references decoded, & escaped */
    RD_PS_AMP      = 0x02,  /* & -> &amp; (raw text: no references) */
    RD_PS_LT       = 0x04,  /* < -> &lt; (text libxml2 must not read as
                               markup) */
    RD_PS_QUOT     = 0x08,  /* " -> &quot; (attribute values) */
    RD_PS_RAW      = 0x10,  /* with RD_PS_AMP: references left alone */
    RD_PS_ATTR     = 0x20   /* the attribute-value rule for legacy names */
};

#define RD_PS_TEXT      (RD_PS_REFS | RD_PS_LT)
#define RD_PS_VALUE     (RD_PS_REFS | RD_PS_QUOT | RD_PS_ATTR)

/* The bytes each mode looks at (the low four bits of the modes). */
static const uint8_t  rd_ps_special[256] = {
    ['\r'] = RD_PS_CR, ['&'] = RD_PS_REFS, ['<'] = RD_PS_LT, ['"'] = RD_PS_QUOT
};


typedef struct {
    const char     *name;
    const char     *utf8;
} rd_ps_entity_t;

#include "prescan_entities.h"

/* Numeric references to 0x80..0x9F mean windows-1252, as in browsers. */
static const uint16_t  rd_ps_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};


/* Byte classes (rd_ps_class, filled once with the element slots) */
enum {
    RD_PS_C_SPACE = 0x01,   /* HTML whitespace */
    RD_PS_C_END   = 0x02,   /* ends a tag or attribute name: space, / or > */
    RD_PS_C_NAME  = 0x04,   /* in a name libxml2 reads whole */
    RD_PS_C_FIRST = 0x08    /* may start one */
};

static uint8_t  rd_ps_class[256];


static int
rd_ps_space(unsigned c)
{
    return rd_ps_class[c] & RD_PS_C_SPACE;
}


static int
rd_ps_alpha(unsigned c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}


static int
rd_ps_lower(unsigned c)
{
    return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}


/* Appends to the markup; the hot path stays inline (rd_buf_append also
 * writes a terminating NUL each time: rd_prescan writes one at the end). */
static inline void
rd_ps_put(rd_ps_t *ps, const void *p, size_t n)
{
    reader_buf_t  *b = ps->out;

    if (b->cap - b->len > n) {
        memcpy(b->data + b->len, p, n);
        b->len += n;
        return;
    }

    rd_buf_append(b, p, n);
}


static inline void
rd_ps_putc(rd_ps_t *ps, unsigned c)
{
    unsigned char  ch = (unsigned char) c;

    rd_ps_put(ps, &ch, 1);
}


/*
 * FNV-1a over the lower-case name; *ok says whether libxml2 reads it whole
 * (htmlParseHTMLName: a letter, '_' or ':' first, then letters, digits,
 * '-', '_', ':' and '.').  Other names (Vue's "@click", Angular's "[x]")
 * would send it into error recovery: the pre-scan drops them.
 */
static uint32_t
rd_ps_hash(const unsigned char *s, size_t n, int *ok)
{
    uint32_t  h = 2166136261u;
    unsigned  all = RD_PS_C_NAME;
    size_t    i;

    for (i = 0; i < n; i++) {
        all &= rd_ps_class[s[i]];
        h = (h ^ (uint32_t) rd_ps_lower(s[i])) * 16777619u;
    }

    *ok = n > 0 && n <= RD_PS_NAME_MAX && (rd_ps_class[s[0]] & RD_PS_C_FIRST)
          && all;
    return h;
}


/* rd_ps_elts by name hash (open addressing): index + 1, 0 is empty.
 * Filled once per process with rd_ps_class, read-only afterwards. */
#define RD_PS_SLOTS  256

static uint8_t          rd_ps_slot[RD_PS_SLOTS];
static uint32_t         rd_ps_slot_hash[RD_PS_SLOTS];
static pthread_once_t   rd_ps_once = PTHREAD_ONCE_INIT;


static void
rd_ps_tables_init(void)
{
    size_t    i, j;
    uint32_t  h;
    int       ok;

    for (i = 0; i < 256; i++) {
        if (i == ' ' || i == '\n' || i == '\t' || i == '\r' || i == '\f') {
            rd_ps_class[i] = RD_PS_C_SPACE | RD_PS_C_END;

        } else if (i == '/' || i == '>') {
            rd_ps_class[i] = RD_PS_C_END;

        } else if (rd_ps_alpha(i) || i == '_' || i == ':') {
            rd_ps_class[i] = RD_PS_C_NAME | RD_PS_C_FIRST;

        } else if ((i >= '0' && i <= '9') || i == '-' || i == '.') {
            rd_ps_class[i] = RD_PS_C_NAME;
        }
    }

    for (i = 0; i < sizeof(rd_ps_elts) / sizeof(rd_ps_elts[0]); i++) {
        h = rd_ps_hash((const unsigned char *) rd_ps_elts[i].name,
                       strlen(rd_ps_elts[i].name), &ok);

        for (j = h; rd_ps_slot[j % RD_PS_SLOTS]; j++) { /* void */ }

        rd_ps_slot[j % RD_PS_SLOTS] = (uint8_t) (i + 1);
        rd_ps_slot_hash[j % RD_PS_SLOTS] = h;
    }
}


/* The element named name (lower case) whose rd_ps_hash is h, or NULL. */
static const rd_ps_elt_t *
rd_ps_elt(const char *name, uint32_t h)
{
    const rd_ps_elt_t  *e;
    size_t              j;

    for (j = h; rd_ps_slot[j % RD_PS_SLOTS]; j++) {
        e = &rd_ps_elts[rd_ps_slot[j % RD_PS_SLOTS] - 1];
        if (rd_ps_slot_hash[j % RD_PS_SLOTS] == h && strcmp(e->name, name) == 0)
        {
            return e;
        }
    }

    return NULL;
}


typedef struct {
    const unsigned char    *name;
    size_t                  len;
} rd_ps_key_t;


static int
rd_ps_entity_cmp(const void *key, const void *elt)
{
    const rd_ps_key_t  *k = key;
    const char         *name = ((const rd_ps_entity_t *) elt)->name;
    int                 c;

    c = strncmp((const char *) k->name, name, k->len);
    return c ? c : (name[k->len] ? -1 : 0);
}


static const rd_ps_entity_t *
rd_ps_entity(const unsigned char *name, size_t len)
{
    rd_ps_key_t  key = { name, len };

    return bsearch(&key, rd_ps_entities,
                   sizeof(rd_ps_entities) / sizeof(rd_ps_entities[0]),
                   sizeof(rd_ps_entity_t), rd_ps_entity_cmp);
}


static int
rd_ps_alnum(unsigned c)
{
    return rd_ps_alpha(c) || (c >= '0' && c <= '9');
}


/*
 * The character reference at p (an '&'), as the tokenizer reads it: its
 * UTF-8 goes to out, the return value is the bytes it spans, 0 when it is
 * no reference (the '&' is then text).  Decoding here spares libxml2 its
 * linear entity table (253 HTML 4 names; browsers know 2,231) and an error
 * report per unknown name.
 */
static size_t
rd_ps_ref(const unsigned char *p, const unsigned char *end, int in_attr,
    unsigned char out[8], size_t *out_len)
{
    const rd_ps_entity_t  *e = NULL;
    const unsigned char   *q = p + 1, *digits;
    uint32_t               cp = 0;
    size_t                 n, k;
    unsigned               c, base = 10;

    if (q < end && *q == '#') {
        q++;
        if (q < end && (*q | 0x20) == 'x') {
            base = 16;
            q++;
        }

        for (digits = q; q < end; q++) {
            c = *q;
            if (c >= '0' && c <= '9') {
                c -= '0';
            } else if (base == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
                c = (c | 0x20) - 'a' + 10;
            } else {
                break;
            }
            cp = cp > 0x10FFFF ? cp : cp * base + c;
        }

        if (q == digits) {
            return 0;
        }
        q += q < end && *q == ';';

        if (cp >= 0x80 && cp <= 0x9F) {
            cp = rd_ps_c1[cp - 0x80];
        }

        /* what libxml2 (XML's Char) refuses becomes U+FFFD */
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)
            || cp == 0xFFFE || cp == 0xFFFF
            || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r'))
        {
            cp = 0xFFFD;
        }

        *out_len = rd_utf8_put(cp, out);
        return (size_t) (q - p);
    }

    while (q < end && q - p <= 32 && rd_ps_alnum(*q)) {
        q++;
    }
    n = (size_t) (q - p - 1);

    if (n == 0) {
        return 0;
    }

    if (q < end && *q == ';' && (e = rd_ps_entity(p + 1, n + 1)) != NULL) {
        k = n + 1;

    } else {
        /* the longest legacy name (2 to 6 letters, no ';') */
        for (k = n < 6 ? n : 6; k >= 2; k--) {
            e = rd_ps_entity(p + 1, k);
            if (e) {
                break;
            }
        }

        if (e == NULL
            || (in_attr && p + 1 + k < end
                && (p[1 + k] == '=' || rd_ps_alnum(p[1 + k]))))
        {
            return 0;       /* in a value, "?a=1&copy=2" stays a URL */
        }
    }

    *out_len = strlen(e->utf8);
    memcpy(out, e->utf8, *out_len);
    return k + 1;
}


static void
rd_ps_escape(rd_ps_t *ps, unsigned c)
{
    if (c == '&') {
        rd_ps_put(ps, "&amp;", 5);
    } else if (c == '<') {
        rd_ps_put(ps, "&lt;", 4);
    } else {
        rd_ps_put(ps, "&quot;", 6);
    }
}


/*
 * Copies n bytes of text or attribute value as the tokenizer reads them:
 * CR and CRLF become LF (the input stream), references are decoded, and
 * what libxml2 would read differently is escaped.
 */
static void
rd_ps_copy(rd_ps_t *ps, const unsigned char *p, size_t n, unsigned how)
{
    const unsigned char  *end = p + n, *run;
    unsigned char         ref[8];
    size_t                k, ref_len, i;
    unsigned              mask, c;

    mask = (how | ps->has_cr) & 0x0F;

    if (memchr(p, '&', n) == NULL && !(mask & RD_PS_CR)
        && (!(mask & RD_PS_QUOT) || memchr(p, '"', n) == NULL)
        && (!(mask & RD_PS_LT) || memchr(p, '<', n) == NULL))
    {
        rd_ps_put(ps, p, n);
        return;
    }

    for (run = p; p < end; p++) {
        c = *p;

        if (!(rd_ps_special[c] & mask)) {
            continue;
        }

        rd_ps_put(ps, run, p - run);
        run = p + 1;

        if (c == '\r') {
            if (p + 1 < end && p[1] == '\n') {
                continue;       /* the LF goes with the next run */
            }
            rd_ps_putc(ps, '\n');

        } else if (c == '&' && !(how & RD_PS_RAW)
                   && (k = rd_ps_ref(p, end, how & RD_PS_ATTR, ref,
                                     &ref_len)) != 0)
        {
            for (i = 0; i < ref_len; i++) {
                c = ref[i];
                if (c == '&' || c == '<' || c == '"') {
                    rd_ps_escape(ps, c);
                } else {
                    rd_ps_putc(ps, c);
                }
            }
            p += k - 1;
            run = p + 1;

        } else {
            rd_ps_escape(ps, c);
        }
    }

    rd_ps_put(ps, run, p - run);
}


static void
rd_ps_refuse(rd_ps_t *ps, const char *reason)
{
    ps->status = READER_TOO_LARGE;
    ps->r->reason = reason;
    ps->p = ps->end;
}


/* Whether p is "</name" or "<name" followed by space, '/' or '>'. */
static int
rd_ps_at_tag(const unsigned char *p, const unsigned char *end,
    const char *name, size_t n, int end_tag)
{
    size_t  i, skip = 1 + (end_tag != 0);

    /* room for "<", "/", the name and one byte after it, before looking */
    if ((size_t) (end - p) <= skip + n || (end_tag && p[1] != '/')) {
        return 0;
    }

    p += skip;

    for (i = 0; i < n; i++) {
        if (rd_ps_lower(p[i]) != (unsigned char) name[i]) {
            return 0;
        }
    }

    return rd_ps_space(p[n]) || p[n] == '/' || p[n] == '>';
}


/*
 * Where raw text ends: the '<' of its end tag, or end.  Script data has
 * the tokenizer's escape states: inside "<!--", a "<script" makes the next
 * "</script" part of the text (a commented-out document.write).
 */
static const unsigned char *
rd_ps_raw_end(const unsigned char *p, const unsigned char *end,
    const char *name, int script)
{
    const unsigned char  *q;
    size_t                n = strlen(name);
    int                   escaped = 0, twice = 0;

    while (p < end) {
        if (!escaped) {
            p = memchr(p, '<', end - p);
            if (p == NULL) {
                return end;
            }

            if (rd_ps_at_tag(p, end, name, n, 1)) {
                return p;
            }

            if (script && end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
                escaped = 1;
                p += 2;             /* "<!-->" closes at once */
                continue;
            }

            p++;
            continue;
        }

        while (p < end && *p != '-' && *p != '<') {
            p++;
        }

        if (p == end) {
            return end;
        }

        if (*p == '-') {
            for (q = p; q < end && *q == '-'; q++) { /* void */ }

            if (q - p >= 2 && q < end && *q == '>') {
                escaped = 0;
                twice = 0;
                q++;
            }

            p = q;
            continue;
        }

        if (rd_ps_at_tag(p, end, name, n, 1)) {
            if (!twice) {
                return p;
            }
            twice = 0;

        } else if (rd_ps_at_tag(p, end, name, n, 0)) {
            twice = 1;
        }

        p++;
    }

    return end;
}


/* Skips "<!...>", "<?...>" and "</ ...>" (bogus comments) and comments. */
static const unsigned char *
rd_ps_comment(const unsigned char *p, const unsigned char *end)
{
    const unsigned char  *gt;

    if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
        p += 4;

        /* "<!-->" and "<!--->" are (abruptly closed) empty comments */
        if (p < end && *p == '>') {
            return p + 1;
        }
        if (end - p >= 2 && p[0] == '-' && p[1] == '>') {
            return p + 2;
        }

        while ((gt = memchr(p, '>', end - p)) != NULL) {
            if ((gt - p >= 2 && gt[-1] == '-' && gt[-2] == '-')
                || (gt - p >= 3 && gt[-1] == '!' && gt[-2] == '-'
                    && gt[-3] == '-'))
            {
                return gt + 1;
            }
            p = gt + 1;
        }

        return end;     /* unterminated: a comment to the end, as browsers */
    }

    gt = memchr(p, '>', end - p);
    return gt ? gt + 1 : end;
}


/* Whether the n bytes at s are word, ASCII case-insensitively. */
static int
rd_ps_is(const unsigned char *s, size_t n, const char *word)
{
    size_t  i;

    for (i = 0; i < n && word[i] && rd_ps_lower(s[i]) == (unsigned char) word[i];
         i++)
    { /* void */ }

    return i == n && word[i] == '\0';
}


/*
 * Presentational and behavioural attributes that no stage reads and the
 * output never carries (checked: no string of src/ names them), by length.
 */
static const char  *const rd_ps_unread[][7] = {
    [2]  = { "as" },
    [4]  = { "face" },
    [5]  = { "align", "shape", "xmlns" },
    [6]  = { "action", "border", "coords", "method", "nowrap", "target",
             "valign" },
    [7]  = { "bgcolor" },
    [8]  = { "decoding", "hreflang", "itemtype", "tabindex" },
    [9]  = { "draggable", "itemscope", "scrolling" },
    [10] = { "spellcheck" },
    [11] = { "cellpadding", "cellspacing", "crossorigin", "frameborder",
             "marginwidth" },
    [12] = { "autocomplete", "marginheight" },
};


#define RD_PS_UNREAD_ROW  (sizeof(rd_ps_unread[0]) / sizeof(rd_ps_unread[0][0]))


static int
rd_ps_attr_unread(const unsigned char *name, size_t n)
{
    const char  *const *w;

    if (n >= sizeof(rd_ps_unread) / sizeof(rd_ps_unread[0])) {
        return 0;
    }

    for (w = rd_ps_unread[n];
         w < rd_ps_unread[n] + RD_PS_UNREAD_ROW && *w; w++)
    {
        if (rd_ps_lower(name[0]) == (unsigned char) (*w)[0]
            && rd_ps_is(name, n, *w))
        {
            return 1;
        }
    }

    return 0;
}


/*
 * Attributes no stage reads and the output never carries, dropped before
 * libxml2 allocates them (about 7% of its time on real pages): event
 * handlers, aria-* but aria-hidden and aria-expanded (a disclosure
 * toggle), data-* except on media elements, where lazy-loading images
 * keep their URLs (data-src, data-srcset ...), and rd_ps_unread.
 */
static int
rd_ps_attr_wanted(const rd_ps_tag_t *t, const unsigned char *name, size_t n)
{
    if (n > 2 && rd_ps_is(name, 2, "on")) {
        return 0;
    }

    if (n > 5 && rd_ps_is(name, 5, "data-")) {
        return (t->elt->flags & RD_PS_MEDIA) != 0;
    }

    if (n > 5 && rd_ps_is(name, 5, "aria-")) {
        return rd_ps_is(name, n, "aria-hidden")
               || rd_ps_is(name, n, "aria-expanded");
    }

    return !rd_ps_attr_unread(name, n);
}


/*
 * A <link> is read only for the relations meta.c reads (canonical,
 * image_src); the rest (stylesheets, icons, preloads, alternates) go
 * before the tree is built: a tenth of the tags of a page's head.
 */
static int
rd_ps_link_wanted(const rd_ps_tag_t *t)
{
    const rd_ps_attr_t  *a;
    unsigned             i;

    for (i = 0; i < t->n_kept; i++) {
        a = &t->attr[i];
        if (a->value && rd_ps_is(a->name, a->name_len, "rel")) {
            return rd_meta_link_wanted((const char *) a->value,
                                       a->value_len);
        }
    }

    return 0;
}


static void
rd_ps_attr(rd_ps_tag_t *t, const unsigned char *name, size_t n,
    const unsigned char *value, size_t value_len)
{
    rd_ps_attr_t  *a;
    uint32_t       h;
    uint64_t       bit;
    unsigned       i;
    size_t         k;
    int            ok;

    t->n_attrs++;

    h = rd_ps_hash(name, n, &ok);
    if (!ok || t->n_kept == RD_PS_ATTRS_KEEP || value_len > RD_PS_VALUE_MAX
        || !rd_ps_attr_wanted(t, name, n))
    {
        return;
    }

    /* a repeated attribute: the first one wins, as in browsers */
    bit = (uint64_t) 1 << (h & 63);
    if (t->seen & bit) {
        for (i = 0; i < t->n_kept; i++) {
            a = &t->attr[i];
            if (a->hash != h || a->name_len != n) {
                continue;
            }
            for (k = 0; k < n && rd_ps_lower(a->name[k]) == rd_ps_lower(name[k]);
                 k++)
            { /* void */ }
            if (k == n) {
                return;
            }
        }
    }
    t->seen |= bit;

    /* a style is read only for whether it hides the element (stats.c): it
     * goes, or becomes the shortest style that does (a value with a
     * character reference is kept whole, for stats.c to judge decoded) */
    if (n == 5 && rd_ps_is(name, 5, "style") && value
        && memchr(value, '&', value_len) == NULL)
    {
        if (!rd_style_hides((const char *) value, value_len)) {
            return;
        }
        value = (const unsigned char *) "display:none";
        value_len = 12;
    }

    a = &t->attr[t->n_kept++];
    a->name = name;
    a->name_len = n;
    a->hash = h;
    a->value = value;
    a->value_len = value_len;
}


/*
 * Reads a tag from its name (p is past "<" or "</") to past its '>' with
 * the tokenizer's attribute states.  NULL when the input ends inside it:
 * such a tag does not exist (eof-in-tag).
 */
static const unsigned char *
rd_ps_tag(rd_ps_t *ps, const unsigned char *p, rd_ps_tag_t *t)
{
    const unsigned char  *end = ps->end, *name, *value;
    const rd_ps_elt_t    *e;
    size_t                n, value_len, i;
    int                   ok, quote;

    name = p;
    while (p < end && !(rd_ps_class[*p] & RD_PS_C_END)) {
        p++;
    }

    n = (size_t) (p - name);
    t->hash = rd_ps_hash(name, n, &ok);
    t->len = ok ? n : 0;
    t->src = name;
    t->self_closing = 0;
    t->n_attrs = 0;
    t->n_kept = 0;
    t->seen = 0;
    t->elt = &rd_ps_other;

    if (ok) {
        for (i = 0; i < n; i++) {
            t->name[i] = (char) rd_ps_lower(name[i]);
        }
        t->name[n] = '\0';

        e = rd_ps_elt(t->name, t->hash);
        if (e) {
            t->elt = e;
        }
    }

    for ( ;; ) {
        while (p < end && rd_ps_space(*p)) {
            p++;
        }

        if (p == end) {
            return NULL;
        }

        if (*p == '>') {
            return p + 1;
        }

        if (*p == '/') {
            p++;
            if (p < end && *p == '>') {
                t->self_closing = 1;
                return p + 1;
            }
            continue;
        }

        /* an attribute name: its first character may even be '=' */
        name = p++;
        while (p < end && !(rd_ps_class[*p] & RD_PS_C_END) && *p != '=') {
            p++;
        }
        n = (size_t) (p - name);

        while (p < end && rd_ps_space(*p)) {
            p++;
        }

        value = NULL;
        value_len = 0;

        if (p < end && *p == '=') {
            p++;
            while (p < end && rd_ps_space(*p)) {
                p++;
            }

            if (p == end) {
                return NULL;
            }

            if (*p == '"' || *p == '\'') {
                quote = *p++;
                value = p;
                p = memchr(p, quote, end - p);
                if (p == NULL) {
                    return NULL;
                }
                value_len = (size_t) (p - value);
                p++;

            } else {
                value = p;
                while (p < end && !rd_ps_space(*p) && *p != '>') {
                    p++;
                }
                value_len = (size_t) (p - value);
            }
        }

        rd_ps_attr(t, name, n, value, value_len);
    }
}


/* One more element written: libxml2's tree and the engine's arrays grow
 * with it, so the page is refused before the parse when there are too
 * many. */
static void
rd_ps_element(rd_ps_t *ps)
{
    if (++ps->elements > ps->r->opt.max_nodes) {
        rd_ps_refuse(ps, "the page has more elements than max_nodes");
    }
}


static void
rd_ps_write_start(rd_ps_t *ps, const rd_ps_tag_t *t, int keep_slash)
{
    const rd_ps_attr_t  *a;
    unsigned             i;
    size_t               k;
    char                 name[RD_PS_NAME_MAX];

    rd_ps_putc(ps, '<');
    rd_ps_put(ps, t->name, t->len);

    /* libxml2 makes elements only from start tags: none, no <base> */
    ps->r->has_base |= t->elt->id == RD_PS_BASE;

    for (i = 0; i < t->n_kept && ps->attrs < ps->attrs_max; i++) {
        a = &t->attr[i];
        ps->attrs++;

        for (k = 0; k < a->name_len; k++) {
            name[k] = (char) rd_ps_lower(a->name[k]);
        }

        rd_ps_putc(ps, ' ');
        rd_ps_put(ps, name, a->name_len);
        rd_ps_put(ps, "=\"", 2);
        if (a->value) {
            rd_ps_copy(ps, a->value, a->value_len, RD_PS_VALUE);
        }
        rd_ps_putc(ps, '"');
    }

    if (keep_slash) {
        rd_ps_putc(ps, '/');
    }

    rd_ps_putc(ps, '>');
    rd_ps_element(ps);
}


static void
rd_ps_write_end(rd_ps_t *ps, const char *name, size_t len)
{
    rd_ps_put(ps, "</", 2);
    rd_ps_put(ps, name, len);
    rd_ps_putc(ps, '>');
}


/* The value of an attribute is, trimmed, the ASCII-lower-case word. */
static int
rd_ps_attr_is(const rd_ps_tag_t *t, const char *name, const char *word)
{
    const rd_ps_attr_t   *a;
    const unsigned char  *v, *e;
    unsigned              i;

    for (i = 0; i < t->n_kept; i++) {
        a = &t->attr[i];
        if (a->value == NULL || !rd_ps_is(a->name, a->name_len, name)) {
            continue;
        }

        v = a->value;
        e = v + a->value_len;
        while (v < e && rd_ps_space(*v)) {
            v++;
        }
        while (e > v && rd_ps_space(e[-1])) {
            e--;
        }
        return rd_ps_is(v, (size_t) (e - v), word);
    }

    return 0;
}


/*
 * The content of a raw text element whose start tag has just been read
 * (ps->p is past it): skipped, kept as text or harvested, then its end
 * tag.  keep: the start tag was written and its end tag must be.
 */
static void
rd_ps_raw(rd_ps_t *ps, const rd_ps_tag_t *t, int keep)
{
    const rd_ps_elt_t    *e = t->elt;
    const unsigned char  *body = ps->p, *stop, *next;
    rd_ps_tag_t           end_tag;

    if (e->text == RD_PS_RAW_EOF) {
        stop = ps->end;
    } else {
        stop = rd_ps_raw_end(body, ps->end, t->name, e->id == RD_PS_SCRIPT);
    }

    if (keep) {
        if (e->text == RD_PS_RAW_TEXT || e->text == RD_PS_RAW_EOF) {
            rd_ps_copy(ps, body, stop - body, RD_PS_AMP | RD_PS_RAW | RD_PS_LT);

        } else if (e->text == RD_PS_RCDATA) {
            rd_ps_copy(ps, body, stop - body, RD_PS_TEXT);
        }

        rd_ps_write_end(ps, t->name, t->len);

    } else if (e->id == RD_PS_SCRIPT && ps->drop.id == RD_PS_OTHER
               && rd_ps_attr_is(t, "type", "application/ld+json"))
    {
        rd_buf_append(&ps->r->jsonld, body, stop - body);
        rd_buf_putc(&ps->r->jsonld, 0);
    }

    ps->p = stop;
    if (stop < ps->end) {
        next = rd_ps_tag(ps, stop + 2, &end_tag);
        ps->p = next ? next : ps->end;
    }
}


/* The tokenizer's view of a start tag inside a dropped subtree. */
static int
rd_ps_drop_start(rd_ps_t *ps, const rd_ps_tag_t *t)
{
    const rd_ps_elt_t  *e = t->elt;
    rd_ps_drop_t       *d = &ps->drop;

    switch (d->id) {

    case RD_PS_SVG:
        if (d->integration == 0 && (e->flags & RD_PS_BREAKOUT)) {
            d->id = RD_PS_OTHER;        /* HTML again: process it there */
            return 0;
        }
        if (!t->self_closing) {
            d->nest += e->id == RD_PS_SVG;
            d->integration += (e->flags & RD_PS_INTEGRATION) != 0;
        }
        /* raw text exists only in HTML content, not in svg's own (nor in
         * its title, an integration point counted above) */
        if (d->integration && e->text != RD_PS_MARKUP
            && !(e->flags & RD_PS_INTEGRATION))
        {
            rd_ps_raw(ps, t, 0);
        }
        return 1;

    case RD_PS_SELECT:
        if (e->id == RD_PS_SELECT) {
            d->id = RD_PS_OTHER;        /* acts as </select> */
            return 1;
        }
        if (e->id == RD_PS_INPUT) {
            d->id = RD_PS_OTHER;
            return 0;
        }
        break;

    default:
        d->nest += e->id == RD_PS_TEMPLATE;
        break;
    }

    if (e->text != RD_PS_MARKUP) {
        rd_ps_raw(ps, t, 0);
    }

    return 1;
}


static int
rd_ps_drop_end(rd_ps_t *ps, const rd_ps_tag_t *t)
{
    const rd_ps_elt_t  *e = t->elt;
    rd_ps_drop_t       *d = &ps->drop;

    if (d->id == RD_PS_SVG && (e->flags & RD_PS_INTEGRATION)
        && d->integration)
    {
        d->integration--;

    } else if (d->id == RD_PS_SVG && d->integration == 0
               && (e->id == RD_PS_P || e->id == RD_PS_BR))
    {
        d->id = RD_PS_OTHER;
        return 0;
    }

    if (e->id == d->id && --d->nest == 0) {
        d->id = RD_PS_OTHER;
    }

    return 1;
}


/* Whether a start tag closes the open element top (written as an end tag,
 * so libxml2 closes it too). */
static int
rd_ps_closes(const rd_ps_elt_t *e, unsigned top)
{
    switch (top) {
    case RD_PS_OPTION:
        return e->id == RD_PS_OPTION || e->id == RD_PS_OPTGROUP;
    case RD_PS_OPTGROUP:
        return e->id == RD_PS_OPTGROUP;
    case RD_PS_RUBY_TEXT:
        return e->id == RD_PS_RUBY_TEXT;
    case RD_PS_A:
        return e->id == RD_PS_A;
    default:
        return 0;
    }
}


static void
rd_ps_pop(rd_ps_t *ps)
{
    ps->depth--;
    ps->count[ps->open[ps->depth].elt->id]--;
}


/*
 * Ends an open head before body content, as browsers do.  libxml2 keeps
 * head open past elements it does not know, nests the body in it, and so
 * builds a tree deeper than the one the pre-scan bounds.
 */
static void
rd_ps_end_head(rd_ps_t *ps)
{
    if (ps->head == 1) {
        rd_ps_write_end(ps, "head", 4);
        ps->head = 2;
    }
}


/* Writes the end tags of the open elements above index i, and pops them
 * (the implied end tags browsers generate, made explicit for libxml2). */
static void
rd_ps_close_to(rd_ps_t *ps, unsigned i)
{
    rd_ps_open_t  *o;

    while (ps->depth > i) {
        o = &ps->open[ps->depth - 1];
        rd_ps_write_end(ps, (const char *) o->name, o->len);
        rd_ps_pop(ps);
    }
}


/*
 * The index + 1 of the nearest open element whose id is in want, looking
 * down from the top past no element with a stop flag, and past at most
 * RD_PS_SCAN of them: what bounds the work per tag (an implied end tag
 * further down is left to libxml2).  0: none.
 */
#define RD_PS_SCAN  32

static unsigned
rd_ps_find(const rd_ps_t *ps, unsigned want, unsigned stop)
{
    const rd_ps_elt_t  *o;
    unsigned            i, low;

    low = ps->depth > RD_PS_SCAN ? ps->depth - RD_PS_SCAN : 0;

    for (i = ps->depth; i > low; i--) {
        o = ps->open[i - 1].elt;
        if (want & (1u << o->id)) {
            return i;
        }
        if (o->flags & stop) {
            return 0;
        }
    }

    return 0;
}


/*
 * What a start tag closes, as browsers do: an li, dd or dt closes an open
 * one of its kind through any elements but special ones ("<li><div>a<li>"
 * closes both); a block closes an open p through anything short of a scope
 * boundary ("<p><b>a<div>" ends the p); a cell, row or table section
 * closes what is open in the table down to its row, section or the table;
 * a few close the element at the top (rd_ps_closes).  libxml2 alone
 * closes only at the top, and fewer.
 */
static void
rd_ps_implied_ends(rd_ps_t *ps, const rd_ps_elt_t *e)
{
    unsigned  i, want;

    if ((e->id == RD_PS_LI || e->id == RD_PS_DDT) && ps->count[e->id]
        && (i = rd_ps_find(ps, 1u << e->id, RD_PS_SPECIAL)))
    {
        rd_ps_close_to(ps, i - 1);
    }

    if ((e->flags & RD_PS_CLOSES_P) && ps->count[RD_PS_P]
        && (i = rd_ps_find(ps, 1u << RD_PS_P, RD_PS_SCOPE)))
    {
        rd_ps_close_to(ps, i - 1);
    }

    if (ps->count[RD_PS_TABLE]
        && (e->id == RD_PS_CELL || e->id == RD_PS_TR
            || e->id == RD_PS_TSECTION))
    {
        want = 1u << RD_PS_TABLE;
        want |= e->id == RD_PS_CELL ? 1u << RD_PS_TR
                : e->id == RD_PS_TR ? 1u << RD_PS_TSECTION : 0;

        if ((i = rd_ps_find(ps, want, 0))) {
            rd_ps_close_to(ps, i);
        }
    }

    while (ps->depth && rd_ps_closes(e, ps->open[ps->depth - 1].elt->id)) {
        rd_ps_close_to(ps, ps->depth - 1);
    }
}


static void
rd_ps_start(rd_ps_t *ps, const rd_ps_tag_t *t)
{
    const rd_ps_elt_t  *e = t->elt;
    rd_ps_open_t       *o;
    int                 keep_slash;

    if (t->n_attrs > RD_PS_ATTRS_REFUSE) {
        rd_ps_refuse(ps, "a tag has too many attributes");
        return;
    }

    if (t->len == 0 || (ps->drop.id != RD_PS_OTHER && rd_ps_drop_start(ps, t))) {
        return;
    }

    if (e->text == RD_PS_RAW_DROP) {
        rd_ps_raw(ps, t, 0);
        return;
    }

    if (!(e->flags & RD_PS_IN_HEAD)) {
        rd_ps_end_head(ps);
    }

    if (e->flags & RD_PS_SUBTREE) {
        if (!t->self_closing) {
            ps->drop.id = e->id;
            ps->drop.nest = 1;
            ps->drop.integration = 0;
        }
        return;
    }

    rd_ps_implied_ends(ps, e);

    /* "/>" closes an element in libxml2 but only a void one in browsers
     * (and any in math); libxml2 does not know every void element (embed,
     * source, wbr would swallow what follows), so voids always get one */
    keep_slash = (t->self_closing && ps->count[RD_PS_MATH])
                 || (e->flags & RD_PS_VOID);

    if (e->text != RD_PS_MARKUP) {
        rd_ps_write_start(ps, t, 0);
        rd_ps_raw(ps, t, 1);
        return;
    }

    /* a second <head>: libxml2 ignores it and then the next </head> too,
     * which keeps the head open where this model closed it */
    if (e->id == RD_PS_HEAD && ps->head) {
        return;
    }

    if (e->id == RD_PS_LINK && !rd_ps_link_wanted(t)) {
        return;
    }

    if (e->id == RD_PS_HTML || e->id == RD_PS_HEAD || e->id == RD_PS_BODY
        || keep_slash)
    {
        rd_ps_write_start(ps, t, keep_slash);
        ps->head += e->id == RD_PS_HEAD && ps->head == 0;
        return;
    }

    if (ps->depth >= ps->max_depth) {
        /* too deep: the tag goes, its text stays; remember it so that its
         * end tag does not close an element that was kept */
        if (!(e->flags & RD_PS_OPTIONAL)) {
            ps->deep[t->hash & 63]++;
        }
        return;
    }

    rd_ps_write_start(ps, t, 0);

    o = &ps->open[ps->depth++];
    o->hash = t->hash;
    o->elt = e;
    o->name = t->src;
    o->len = t->len;
    ps->count[e->id]++;
}


static void
rd_ps_end(rd_ps_t *ps, const rd_ps_tag_t *t)
{
    const rd_ps_elt_t  *e = t->elt;
    rd_ps_open_t       *o;
    uint32_t           *deep;
    unsigned            i;

    if (t->len == 0 || (ps->drop.id != RD_PS_OTHER && rd_ps_drop_end(ps, t))) {
        return;
    }

    switch (e->id) {

    case RD_PS_HTML:
    case RD_PS_BODY:
        /* browsers keep the body open: what follows is still its content
         * (libxml2 would put it beside the body) */
        return;

    case RD_PS_HEAD:
        if (ps->head != 2) {
            rd_ps_write_end(ps, t->name, t->len);
            ps->head = 2;
        }
        return;

    case RD_PS_BR:
        /* "</br>" is a <br> in browsers */
        rd_ps_put(ps, "<br/>", 5);
        rd_ps_element(ps);
        return;

    default:
        break;
    }

    /* libxml2's rule (htmlAutoCloseOnClose): the end tag closes what is
     * above its element unless something there has a higher priority */
    for (i = ps->depth; i > 0; i--) {
        o = &ps->open[i - 1];
        if (o->hash == t->hash) {
            break;
        }
        if (o->elt->priority > e->priority) {
            i = 0;
            break;
        }
    }

    if (i > 0) {
        while (ps->depth >= i) {
            rd_ps_pop(ps);
        }
        rd_ps_write_end(ps, t->name, t->len);
        return;
    }

    /* an end tag matching nothing open: libxml2 would ignore it too, after
     * formatting an error message (a page of them costs it seconds) */
    deep = &ps->deep[t->hash & 63];
    if (*deep) {
        (*deep)--;              /* it closes a start tag dropped as too deep */
    }
}


/* Text up to end in head: anything but spaces ends the head. */
static void
rd_ps_text_in_head(rd_ps_t *ps, const unsigned char *end)
{
    const unsigned char  *p;

    for (p = ps->p; p < end && rd_ps_space(*p); p++) { /* void */ }

    if (p < end) {
        rd_ps_end_head(ps);
    }
}


/* ps->p is at a '<'. */
static void
rd_ps_markup(rd_ps_t *ps)
{
    const unsigned char  *p = ps->p, *end = ps->end, *next;
    unsigned              c, c2;

    c = p + 1 < end ? p[1] : 0;
    c2 = p + 2 < end ? p[2] : 0;

    if (rd_ps_alpha(c) || (c == '/' && rd_ps_alpha(c2))) {
        next = rd_ps_tag(ps, p + 1 + (c == '/'), &ps->tag);
        ps->p = next ? next : end;

        if (next == NULL) {
            return;
        }

        if (c == '/') {
            rd_ps_end(ps, &ps->tag);
        } else {
            rd_ps_start(ps, &ps->tag);
        }
        return;
    }

    if (c == '/' && c2 == '>') {
        ps->p = p + 3;          /* "</>" is nothing */
        return;
    }

    if (c == '!' || c == '?' || (c == '/' && p + 2 < end)) {
        ps->p = rd_ps_comment(p, end);
        return;
    }

    /* a '<' that starts nothing is text */
    if (ps->drop.id == RD_PS_OTHER) {
        rd_ps_put(ps, "&lt;", 4);
    }
    ps->p = p + 1;
}


/*
 * The text from ps->p to lt (no '<' in it).  A run of ASCII whitespace
 * alone between two tags, the indentation of the markup (a sixth of its
 * bytes on the corpus), becomes the one space or line feed that every
 * reader of the tree makes of it outside <pre> (the renderers collapse
 * whitespace runs so, the measures count a run once): libxml2 then reads
 * one byte instead of dozens and keeps it inside its node (COMPACT)
 * instead of allocating a copy.  Inside <pre> and <listing> it is kept.
 */
static void
rd_ps_text(rd_ps_t *ps, const unsigned char *lt)
{
    const unsigned char  *p;
    int                   nl = 0;

    if (lt - ps->p > 1 && ps->count[RD_PS_PRE] == 0) {
        for (p = ps->p; p < lt && rd_ps_space(*p); p++) {
            nl |= *p == '\n' || *p == '\r';
        }
        if (p == lt) {
            rd_ps_putc(ps, nl ? '\n' : ' ');
            return;
        }
    }

    rd_ps_copy(ps, ps->p, lt - ps->p, RD_PS_REFS);
}


/* libxml2's end-tag priority of an element (name in lower case): build.c
 * replays end tags with it. */
unsigned
rd_ps_end_priority(const char *name)
{
    const rd_ps_elt_t  *e;
    uint32_t            h;
    int                 ok;

    pthread_once(&rd_ps_once, rd_ps_tables_init);

    h = rd_ps_hash((const unsigned char *) name, strlen(name), &ok);
    e = ok ? rd_ps_elt(name, h) : NULL;
    return e ? e->priority : 100;
}


reader_status_e
rd_prescan(reader_result_t *r)
{
    const unsigned char  *lt;
    unsigned              depth;
    rd_ps_t               ps;

    pthread_once(&rd_ps_once, rd_ps_tables_init);

    if (r->text == NULL) {          /* a caller that filled r->utf8 only */
        r->text = r->utf8.data;
        r->text_len = r->utf8.len;
    }

    ps.r = r;
    ps.out = &r->markup;
    ps.p = r->text;
    ps.end = ps.p + r->text_len;
    ps.status = READER_OK;
    ps.drop.id = RD_PS_OTHER;
    ps.drop.nest = 0;
    ps.drop.integration = 0;
    ps.head = 0;
    memset(ps.count, 0, sizeof(ps.count));
    ps.elements = 0;
    ps.attrs = 0;
    ps.attrs_max = RD_PS_ATTRS_PAGE + r->text_len / RD_PS_ATTRS_BYTES;
    ps.depth = 0;
    memset(ps.deep, 0, sizeof(ps.deep));

    depth = r->opt.max_depth < RD_PS_LIBXML_DEPTH ? r->opt.max_depth
                                                  : RD_PS_LIBXML_DEPTH;
    ps.max_depth = depth > 2 * RD_PS_DEPTH_SLACK ? depth - RD_PS_DEPTH_SLACK
                                                 : depth / 2 + 1;

    if (r->text_len == 0) {
        return READER_OK;
    }

    ps.has_cr = memchr(ps.p, '\r', r->text_len) ? RD_PS_CR : 0;

    /* what is dropped usually outweighs what canonical tags add */
    rd_buf_reserve(ps.out, r->text_len + 64);

    while (ps.p < ps.end) {
        lt = memchr(ps.p, '<', ps.end - ps.p);
        if (lt == NULL) {
            lt = ps.end;
        }

        if (ps.drop.id == RD_PS_OTHER && lt > ps.p) {
            if (ps.head == 1) {
                rd_ps_text_in_head(&ps, lt);
            }
            rd_ps_text(&ps, lt);
        }

        ps.p = lt;
        if (lt < ps.end) {
            rd_ps_markup(&ps);
        }
    }

    rd_buf_append(ps.out, "", 0);      /* the NUL rd_ps_put leaves out */
    r->n_elements = ps.elements;
    r->n_attributes = ps.attrs;

    if (ps.status != READER_OK) {
        return ps.status;
    }

    return ps.out->failed || r->jsonld.failed ? READER_ERROR : READER_OK;
}
