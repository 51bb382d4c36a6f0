/*
 * The allow-list serializer: the article as HTML5 built only from allowed
 * elements, attributes and URL schemes (never libxml2's serializer, which
 * writes raw text and rewrites URLs after they were checked).
 *
 * Every text and attribute value is escaped; controls are dropped before a
 * value is checked, so the bytes written are the bytes checked.  Elements
 * are written only where the HTML5 parser keeps them where they are (no
 * block inside a paragraph, table parts only inside tables, MathML only
 * inside <math>), so a browser builds the tree this file saw.  Comments,
 * processing instructions, raw-text elements, svg and forms never appear.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"


#define RD_HTML_MAX_DEPTH  1024     /* deeper subtrees are left out */


/* ---- escaping ----------------------------------------------------------- */

enum {
    RD_ESC_ATTR     = 1,    /* also escape quotes */
    RD_ESC_COLLAPSE = 2     /* runs of ASCII whitespace become one */
};


/* ASCII bytes rd_esc looks at: 0 is a visible character written as is. */
enum {
    RD_EC_SPACE = 1,    /* space, tab, LF, CR, FF */
    RD_EC_QUOTE,        /* " and ', escaped in attribute values */
    RD_EC_ESCAPE,       /* & < > */
    RD_EC_DROP          /* other C0 controls and DEL */
};

#define W  RD_EC_SPACE
#define Q  RD_EC_QUOTE
#define E  RD_EC_ESCAPE
#define X  RD_EC_DROP

static const unsigned char  rd_esc_class[128] = {
    X, X, X, X, X, X, X, X, X, W, W, X, W, W, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    W, 0, Q, 0, 0, 0, E, Q, 0, 0, 0, 0, 0, 0, 0, 0,    /*  !"#$%&'()*+,-./ */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, E, 0, E, 0,    /* 0-9 :;<=>? */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, X
};

#undef W
#undef Q
#undef E
#undef X


/*
 * Writes s escaped; returns whether anything visible (not whitespace) was
 * written.  Invalid UTF-8 becomes U+FFFD; C0 controls (but tab, LF, FF and
 * CR), DEL and C1 controls are dropped.  Unchanged bytes are written in
 * runs.
 */
static int
rd_esc(reader_buf_t *out, const char *s, size_t len, unsigned flags)
{
    const unsigned char  *p = (const unsigned char *) s, *end = p + len;
    const unsigned char  *run = p, *q;
    const char           *rep;
    uint32_t              cp;
    int                   visible = 0, nl;
    unsigned              c, cls;

    while (p < end) {
        for (q = p; p < end && *p < 0x80 && rd_esc_class[*p] == 0; p++) {
            /* visible ASCII */
        }
        if (p > q) {
            visible = 1;
            if (p == end) {
                break;
            }
        }

        c = *p;

        if (c >= 0x80) {
            q = p;
            cp = rd_utf8_next(&p, end);

            if (cp < 0xa0
                || (cp == 0xfffd && (p - q != 3 || q[0] != 0xef)))
            {
                rd_buf_append(out, run, (size_t) (q - run));
                if (cp >= 0xa0) {
                    rd_buf_append(out, "\xef\xbf\xbd", 3);
                    visible = 1;
                }
                run = p;

            } else if (!rd_is_space(cp)) {
                visible = 1;
            }
            continue;
        }

        cls = rd_esc_class[c];

        if (cls == RD_EC_SPACE) {
            /* written as is, unless collapsed: a lone space stays in the
             * run, other runs of whitespace become one space or LF */
            if (!(flags & RD_ESC_COLLAPSE)
                || (c == ' ' && (p + 1 == end || *(p + 1) >= 0x80
                                 || rd_esc_class[*(p + 1)] != RD_EC_SPACE)))
            {
                p++;
                continue;
            }

            rd_buf_append(out, run, (size_t) (p - run));
            for (nl = 0; p < end && *p < 0x80
                         && rd_esc_class[*p] == RD_EC_SPACE; p++)
            {
                nl |= (*p == '\n');
            }
            rd_buf_putc(out, nl ? '\n' : ' ');
            run = p;
            continue;
        }

        if (cls == RD_EC_QUOTE && !(flags & RD_ESC_ATTR)) {
            visible = 1;
            p++;
            continue;
        }

        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            rep = NULL;         /* a control: dropped */
        }

        rd_buf_append(out, run, (size_t) (p - run));
        if (rep) {
            rd_buf_puts(out, rep);
            visible = 1;
        }
        run = ++p;
    }

    rd_buf_append(out, run, (size_t) (p - run));
    return visible;
}


void
rd_html_escape(reader_buf_t *out, const char *s, size_t len, int attr)
{
    rd_esc(out, s, len, attr ? RD_ESC_ATTR : 0);
}


/* ---- the allow-lists ---------------------------------------------------- */

enum {
    RD_AV_TEXT = 0,     /* any text */
    RD_AV_UINT,         /* digits */
    RD_AV_INT,          /* digits, maybe negative */
    RD_AV_BOOL,         /* written bare */
    RD_AV_ENUM,         /* one of words */
    RD_AV_LANG,         /* a language tag */
    RD_AV_LINK,         /* a URL: http, https, mailto, relative */
    RD_AV_IMAGE,        /* a URL that may also be data:image/... */
    RD_AV_CLASS         /* only the language-* tokens of a class */
};

typedef struct {
    const char  *name;
    unsigned     kind;
    const char  *words;         /* RD_AV_ENUM: " a b c " */
} rd_attr_t;

#define RD_GLOBAL                                                             \
    { "lang", RD_AV_LANG, NULL },                                             \
    { "dir", RD_AV_ENUM, " ltr rtl auto " },                                  \
    { NULL, 0, NULL }

static const rd_attr_t  rd_at_global[] = { RD_GLOBAL };
static const rd_attr_t  rd_at_a[] = {
    { "href", RD_AV_LINK, NULL }, { "title", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_title[] = {
    { "title", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_cite[] = {
    { "cite", RD_AV_LINK, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_edit[] = {
    { "cite", RD_AV_LINK, NULL }, { "datetime", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_time[] = {
    { "datetime", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_ol[] = {
    { "start", RD_AV_INT, NULL }, { "reversed", RD_AV_BOOL, NULL },
    { "type", RD_AV_ENUM, " 1 a A i I " }, RD_GLOBAL
};
static const rd_attr_t  rd_at_li[] = {
    { "value", RD_AV_INT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_cell[] = {
    { "colspan", RD_AV_UINT, NULL }, { "rowspan", RD_AV_UINT, NULL },
    { "headers", RD_AV_TEXT, NULL },
    { "scope", RD_AV_ENUM, " row col rowgroup colgroup " },
    { "abbr", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_span[] = {
    { "span", RD_AV_UINT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_code[] = {
    { "class", RD_AV_CLASS, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_details[] = {
    { "open", RD_AV_BOOL, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_bdo[] = {
    { "dir", RD_AV_ENUM, " ltr rtl " }, { "lang", RD_AV_LANG, NULL },
    { NULL, 0, NULL }
};
static const rd_attr_t  rd_at_video[] = {
    { "src", RD_AV_LINK, NULL }, { "poster", RD_AV_IMAGE, NULL },
    { "width", RD_AV_UINT, NULL }, { "height", RD_AV_UINT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_audio[] = {
    { "src", RD_AV_LINK, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_track[] = {
    { "src", RD_AV_LINK, NULL },
    { "kind", RD_AV_ENUM,
      " subtitles captions descriptions chapters metadata " },
    { "srclang", RD_AV_LANG, NULL }, { "label", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_media_source[] = {
    { "src", RD_AV_LINK, NULL }, { "type", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_math[] = {
    { "display", RD_AV_ENUM, " block inline " }, RD_GLOBAL
};
static const rd_attr_t  rd_at_mtoken[] = {
    { "mathvariant", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_mo[] = {
    { "form", RD_AV_ENUM, " prefix infix postfix " },
    { "fence", RD_AV_ENUM, " true false " },
    { "separator", RD_AV_ENUM, " true false " },
    { "stretchy", RD_AV_ENUM, " true false " },
    { "largeop", RD_AV_ENUM, " true false " },
    { "lspace", RD_AV_TEXT, NULL }, { "rspace", RD_AV_TEXT, NULL },
    { "mathvariant", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_mfrac[] = {
    { "linethickness", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_mtd[] = {
    { "columnspan", RD_AV_UINT, NULL }, { "rowspan", RD_AV_UINT, NULL },
    RD_GLOBAL
};
static const rd_attr_t  rd_at_mspace[] = {
    { "width", RD_AV_TEXT, NULL }, { "height", RD_AV_TEXT, NULL },
    { "depth", RD_AV_TEXT, NULL }, RD_GLOBAL
};
static const rd_attr_t  rd_at_annotation[] = {
    { "encoding", RD_AV_TEXT, NULL }, RD_GLOBAL
};


enum {
    RD_EL_ALLOW    = 0x001,     /* written even if tags.c does not allow it */
    RD_EL_UNWRAP   = 0x002,     /* never written (children are) */
    RD_EL_MATHML   = 0x004,     /* written only inside <math> */
    RD_EL_REQUIRE  = 0x008,     /* unwrapped without its first attribute */
    RD_EL_KEEP     = 0x010,     /* kept even when empty */
    RD_EL_PHRASING = 0x020,     /* a block holding phrasing content only */
    RD_EL_FLOW     = 0x040,     /* holds what its parent may hold */
    RD_EL_PRE      = 0x080,     /* whitespace is kept */
    RD_EL_TEXTONLY = 0x100,     /* child elements are left out */
    RD_EL_MEDIA    = 0x200      /* audio, video: controls, no autoplay */
};

typedef struct {
    const char       *name;
    const char       *out;      /* the name written, NULL: the same */
    const char       *parents;  /* " a b ": the only parents it may have */
    const char       *children; /* " a b ": the only children it may have */
    const rd_attr_t  *attrs;    /* NULL: rd_at_global */
    unsigned          flags;
} rd_elem_t;

/* Sorted by name.  Elements that tags.c allows and that are not listed
 * here are written with the global attributes only. */
static const rd_elem_t  rd_elems[] = {
    { "a", NULL, NULL, NULL, rd_at_a, RD_EL_REQUIRE | RD_EL_FLOW },
    { "abbr", NULL, NULL, NULL, rd_at_title, 0 },
    { "annotation", NULL, NULL, NULL, rd_at_annotation,
      RD_EL_MATHML | RD_EL_TEXTONLY },
    { "audio", NULL, NULL, " source track ", rd_at_audio, RD_EL_MEDIA },
    { "bdo", NULL, NULL, NULL, rd_at_bdo, RD_EL_REQUIRE },
    { "big", NULL, NULL, NULL, NULL, RD_EL_UNWRAP },
    { "blockquote", NULL, NULL, NULL, rd_at_cite, 0 },
    { "caption", NULL, " table ", NULL, NULL, 0 },
    { "code", NULL, NULL, NULL, rd_at_code, 0 },
    { "col", NULL, " colgroup table ", NULL, rd_at_span, 0 },
    { "colgroup", NULL, " table ", " col ", rd_at_span, RD_EL_FLOW },
    { "data", NULL, NULL, NULL, NULL, RD_EL_UNWRAP },  /* for machines */
    { "dd", NULL, " dl ", NULL, NULL, 0 },
    { "del", NULL, NULL, NULL, rd_at_edit, RD_EL_FLOW },
    { "details", NULL, NULL, NULL, rd_at_details, 0 },
    { "dfn", NULL, NULL, NULL, rd_at_title, 0 },
    { "dir", "ul", NULL, NULL, NULL, 0 },
    { "dt", NULL, " dl ", NULL, NULL, 0 },
    { "figcaption", NULL, " figure ", NULL, NULL, 0 },
    { "h1", "h2", NULL, NULL, NULL, RD_EL_PHRASING },
    { "h2", "h3", NULL, NULL, NULL, RD_EL_PHRASING },
    { "h3", "h4", NULL, NULL, NULL, RD_EL_PHRASING },
    { "h4", "h5", NULL, NULL, NULL, RD_EL_PHRASING },
    { "h5", "h6", NULL, NULL, NULL, RD_EL_PHRASING },
    { "h6", NULL, NULL, NULL, NULL, RD_EL_PHRASING },
    { "ins", NULL, NULL, NULL, rd_at_edit, RD_EL_FLOW },
    { "li", NULL, " ul ol ", NULL, rd_at_li, 0 },
    { "math", NULL, NULL, NULL, rd_at_math, 0 },
    { "menu", "ul", NULL, NULL, NULL, RD_EL_ALLOW },
    { "mfrac", NULL, NULL, NULL, rd_at_mfrac, RD_EL_MATHML },
    { "mi", NULL, NULL, NULL, rd_at_mtoken, RD_EL_MATHML },
    { "mn", NULL, NULL, NULL, rd_at_mtoken, RD_EL_MATHML },
    { "mo", NULL, NULL, NULL, rd_at_mo, RD_EL_MATHML },
    { "mover", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "mroot", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "mrow", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "ms", NULL, NULL, NULL, rd_at_mtoken, RD_EL_MATHML },
    { "mspace", NULL, NULL, NULL, rd_at_mspace, RD_EL_MATHML | RD_EL_KEEP },
    { "msqrt", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "msub", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "msubsup", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "msup", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "mtable", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "mtd", NULL, NULL, NULL, rd_at_mtd, RD_EL_MATHML },
    { "mtext", NULL, NULL, NULL, rd_at_mtoken, RD_EL_MATHML },
    { "mtr", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "munder", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "munderover", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "ol", NULL, NULL, NULL, rd_at_ol, 0 },
    { "p", NULL, NULL, NULL, NULL, RD_EL_PHRASING },
    { "picture", NULL, NULL, " source img ", NULL, 0 },
    { "pre", NULL, NULL, NULL, rd_at_code, RD_EL_PHRASING | RD_EL_PRE },
    { "q", NULL, NULL, NULL, rd_at_cite, 0 },
    { "rb", NULL, " ruby ", NULL, NULL, 0 },
    { "rp", NULL, " ruby ", NULL, NULL, 0 },
    { "rt", NULL, " ruby rtc ", NULL, NULL, 0 },
    { "rtc", NULL, " ruby ", NULL, NULL, 0 },
    { "semantics", NULL, NULL, NULL, NULL, RD_EL_MATHML },
    { "source", NULL, " picture video audio ", NULL, NULL, 0 },
    { "strike", "s", NULL, NULL, NULL, 0 },
    { "table", NULL, NULL, " caption colgroup col thead tbody tfoot tr ",
      NULL, 0 },
    { "tbody", NULL, " table ", " tr ", NULL, RD_EL_FLOW },
    { "td", NULL, " tr ", NULL, rd_at_cell, RD_EL_KEEP | RD_EL_FLOW },
    { "tfoot", NULL, " table ", " tr ", NULL, RD_EL_FLOW },
    { "th", NULL, " tr ", NULL, rd_at_cell, RD_EL_KEEP | RD_EL_FLOW },
    { "thead", NULL, " table ", " tr ", NULL, RD_EL_FLOW },
    { "time", NULL, NULL, NULL, rd_at_time, 0 },
    { "tr", NULL, " table thead tbody tfoot ", " td th ", NULL, 0 },
    { "track", NULL, " video audio ", NULL, rd_at_track, RD_EL_REQUIRE },
    { "tt", "code", NULL, NULL, NULL, 0 },
    { "video", NULL, NULL, " source track ", rd_at_video, RD_EL_MEDIA },
    { "xmp", "pre", NULL, NULL, NULL,
      RD_EL_ALLOW | RD_EL_PHRASING | RD_EL_PRE }
};


static int
rd_elem_cmp(const void *key, const void *elt)
{
    return strcmp(key, ((const rd_elem_t *) elt)->name);
}


static const rd_elem_t *
rd_elem(const char *name)
{
    return bsearch(name, rd_elems, sizeof(rd_elems) / sizeof(rd_elems[0]),
                   sizeof(rd_elems[0]), rd_elem_cmp);
}


/* Whether name is one of the words of list (" a b "). */
static int
rd_in_list(const char *list, const char *name)
{
    size_t       n = strlen(name);
    const char  *p;

    if (n == 0) {
        return 0;
    }

    for (p = list; (p = strstr(p, name)) != NULL; p += n) {
        if (p[-1] == ' ' && p[n] == ' ') {
            return 1;
        }
    }
    return 0;
}


/* ---- the walk ----------------------------------------------------------- */

enum {
    RD_CTX_PHRASING = 0x01,     /* blocks are not written here */
    RD_CTX_PRE      = 0x02,     /* whitespace kept */
    RD_CTX_MATH     = 0x04,     /* inside <math> */
    RD_CTX_LINK     = 0x08,     /* inside <a> */
    RD_CTX_TEXTONLY = 0x10,     /* child elements left out */
    RD_CTX_NOTEXT   = 0x20      /* text left out (table parts, picture) */
};

typedef struct {
    const char     *name;       /* the name written; NULL: unwrapped */
    const char     *pname;      /* the closest written ancestor */
    const char     *children;   /* the children allowed in pname, or NULL */
    size_t          start;      /* output length before the start tag */
    size_t          body;       /* and after it */
    unsigned        ctx;        /* RD_CTX_* for the children */
    unsigned        content:1;  /* something visible was written inside */
    unsigned        space:1;    /* whitespace was written inside */
    unsigned        keep:1;     /* kept even when empty */
    unsigned        block:1;    /* trailing <br> trimmed; newline after */
    unsigned        sep:1;      /* an unwrapped block: spaces around */
} rd_frame_t;

typedef struct {
    const reader_result_t  *r;
    reader_buf_t           *out;
    reader_buf_t            val;        /* one attribute value, cleaned */
    rd_arena_t              arena;      /* resolved URLs */
    rd_frame_t             *stack;
    size_t                  depth;
    size_t                  cap;
    size_t                  br_from;    /* where the run of <br> began */
    unsigned                br_run;
    int                     after_img;  /* nothing but an image since ... */
} rd_html_t;


static void
rd_html_truncate(rd_html_t *h, size_t len)
{
    h->out->len = len;
    if (h->out->data) {
        h->out->data[len] = '\0';
    }

    if (h->br_run && h->br_from >= len) {
        h->br_run = 0;
    }
}


/* A space, unless whitespace is already there. */
static void
rd_html_space(rd_html_t *h)
{
    unsigned char  last = h->out->len ? h->out->data[h->out->len - 1] : '\n';

    if (last != ' ' && last != '\n') {
        rd_buf_putc(h->out, ' ');
    }
}


/* Something visible was written: <br> runs and image pairs end. */
static void
rd_html_visible(rd_html_t *h, rd_frame_t *f)
{
    f->content = 1;
    h->br_run = 0;
    h->after_img = 0;
}


static const char *
rd_prop(const xmlNode *n, const char *name)
{
    const xmlAttr  *a;

    for (a = n->properties; a; a = a->next) {
        if ((a->name[0] | 0x20) == (name[0] | 0x20)
            && strcasecmp((const char *) a->name, name) == 0)
        {
            return a->children && a->children->type == XML_TEXT_NODE
                   && a->children->content
                   ? (const char *) a->children->content : "";
        }
    }
    return NULL;
}


/* The value without controls and surrounding whitespace, in h->val. */
static const char *
rd_clean_value(rd_html_t *h, const char *v)
{
    const unsigned char  *p = (const unsigned char *) v, *end;

    end = p + strlen(v);
    while (p < end && *p <= 0x20) {
        p++;
    }
    while (end > p && end[-1] <= 0x20) {
        end--;
    }

    h->val.len = 0;
    for ( ; p < end; p++) {
        if (*p >= 0x20 || *p == '\t' || *p == '\n') {
            if (*p != 0x7f) {
                rd_buf_putc(&h->val, *p);
            }
        }
    }
    rd_buf_putc(&h->val, '\0');
    h->val.len--;

    return h->val.failed ? "" : (const char *) h->val.data;
}


static void
rd_put_attr(rd_html_t *h, const char *name, const char *value, size_t len)
{
    rd_buf_putc(h->out, ' ');
    rd_buf_puts(h->out, name);
    rd_buf_append(h->out, "=\"", 2);
    rd_esc(h->out, value, len, RD_ESC_ATTR);
    rd_buf_putc(h->out, '"');
}


/* The word of " a b c " that v is: exactly, else ignoring case. */
static const char *
rd_enum(const char *words, const char *v, size_t *len)
{
    const char  *p, *w;
    size_t       n = strlen(v);
    int          pass;

    if (n == 0) {
        return NULL;
    }

    for (pass = 0; pass < 2; pass++) {
        for (p = words; *p; p = w) {
            while (*p == ' ') {
                p++;
            }
            for (w = p; *w && *w != ' '; w++) {
                /* void */
            }
            if ((size_t) (w - p) == n && w > p
                && (pass ? strncasecmp(p, v, n) : strncmp(p, v, n)) == 0)
            {
                *len = n;
                return p;
            }
        }
    }

    return NULL;
}


static int
rd_is_number(const char *v, int sign)
{
    size_t  i = (sign && v[0] == '-') ? 1 : 0, n;

    for (n = 0; v[i + n] >= '0' && v[i + n] <= '9'; n++) {
        /* void */
    }

    return n > 0 && n <= 9 && v[i + n] == '\0';
}


static int
rd_is_lang(const char *v)
{
    size_t  n;

    for (n = 0; v[n]; n++) {
        if (!((v[n] >= 'a' && v[n] <= 'z') || (v[n] >= 'A' && v[n] <= 'Z')
              || (v[n] >= '0' && v[n] <= '9') || v[n] == '-'))
        {
            return 0;
        }
    }
    return n > 0 && n <= 35;
}


/* A URL resolved against the base and checked; NULL when refused. */
static const char *
rd_html_url(rd_html_t *h, const char *v, int is_image)
{
    const char  *url;

    url = rd_url_resolve(&h->arena, h->r->base_url, v);
    return url && rd_url_allowed(url, is_image) ? url : NULL;
}


/* The language-* tokens of a class value, space-separated, into buf. */
static size_t
rd_code_class(const char *v, char *buf, size_t size)
{
    const char  *p = v, *t;
    size_t       n = 0, len;

    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n') {
            p++;
        }
        for (t = p; *t && *t != ' ' && *t != '\t' && *t != '\n'; t++) {
            /* void */
        }
        len = (size_t) (t - p);

        if (len > 9 && len < 64 && strncmp(p, "language-", 9) == 0
            && strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789_+#.-") >= len
            && n + len + 1 < size)
        {
            if (n) {
                buf[n++] = ' ';
            }
            memcpy(buf + n, p, len);
            n += len;
        }
        p = t;
    }

    buf[n] = '\0';
    return n;
}


/* Writes one allowed attribute when the node has a valid value for it. */
static int
rd_html_attr(rd_html_t *h, const xmlNode *n, const rd_attr_t *a)
{
    const char  *v, *w;
    char         buf[256];
    size_t       len;

    v = rd_prop(n, a->name);
    if (v == NULL) {
        return 0;
    }

    v = rd_clean_value(h, v);

    switch (a->kind) {
    case RD_AV_UINT:
    case RD_AV_INT:
        if (!rd_is_number(v, a->kind == RD_AV_INT)) {
            return 0;
        }
        break;

    case RD_AV_BOOL:
        rd_buf_putc(h->out, ' ');
        rd_buf_puts(h->out, a->name);
        return 1;

    case RD_AV_ENUM:
        w = rd_enum(a->words, v, &len);
        if (w == NULL) {
            return 0;
        }
        rd_put_attr(h, a->name, w, len);
        return 1;

    case RD_AV_LANG:
        if (!rd_is_lang(v)) {
            return 0;
        }
        break;

    case RD_AV_LINK:
    case RD_AV_IMAGE:
        v = rd_html_url(h, v, a->kind == RD_AV_IMAGE);
        if (v == NULL) {
            return 0;
        }
        break;

    case RD_AV_CLASS:
        if (rd_code_class(v, buf, sizeof(buf)) == 0) {
            return 0;
        }
        v = buf;
        break;
    }

    rd_put_attr(h, a->name, v, strlen(v));
    return 1;
}


/* Writes the attributes of the list; returns a bit per attribute written
 * (1 for the first). */
static unsigned
rd_html_attrs(rd_html_t *h, const xmlNode *n, const rd_attr_t *attrs)
{
    unsigned  i, written = 0;

    for (i = 0; attrs[i].name && i < 32; i++) {
        if (rd_html_attr(h, n, &attrs[i])) {
            written |= 1u << i;
        }
    }
    return written;
}


/* ---- images ------------------------------------------------------------- */

enum {
    RD_IMG_REAL = 0,
    RD_IMG_NAMED,       /* named like a placeholder: used when nothing else */
    RD_IMG_NONE         /* certainly not the image */
};


/* Whether an image URL is a lazy-loading placeholder rather than the
 * image: empty, '#', a tiny inline image, or (by_name) a file named so. */
static int
rd_img_placeholder(const char *v, int by_name)
{
    static const char  *words[] = {
        "blank", "placeholder", "loading", "spacer", "lazy"
    };

    const char  *name, *end;
    char         low[128];
    size_t       n, i;

    while (*v == ' ' || *v == '\t' || *v == '\n') {
        v++;
    }

    if (*v == '\0' || strcmp(v, "#") == 0 || strcasecmp(v, "about:blank") == 0) {
        return RD_IMG_NONE;
    }

    if (strncasecmp(v, "data:", 5) == 0) {
        /* a tiny inline image, or a 1x1 GIF ("GIF89a" 1 1 in base64) */
        return strlen(v) < 133 || strstr(v, "R0lGODlhAQABA") != NULL
               ? RD_IMG_NONE : RD_IMG_REAL;
    }

    if (!by_name) {
        return RD_IMG_REAL;
    }

    end = v + strcspn(v, "?#");
    for (name = end; name > v && name[-1] != '/'; name--) {
        /* void */
    }

    n = (size_t) (end - name);
    if (n >= sizeof(low)) {
        n = sizeof(low) - 1;
    }
    for (i = 0; i < n; i++) {
        low[i] = (char) ((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32
                                                             : name[i]);
    }
    low[n] = '\0';

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (strstr(low, words[i])) {
            return RD_IMG_NAMED;
        }
    }
    return RD_IMG_REAL;
}


static int
rd_is_space_c(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}


/* A srcset checked: the candidates kept, the largest one, and whether
 * width descriptors were used (then sizes is needed). */
typedef struct {
    reader_buf_t   buf;
    const char    *best;
    int            widths;
} rd_srcset_t;


/*
 * A srcset value checked candidate by candidate (the HTML5 parsing rules:
 * URLs end at whitespace, descriptors at a comma outside parentheses),
 * written into set->buf as "url descriptor, ...".  Placeholders and refused
 * URLs are left out.
 */
static void
rd_srcset(rd_html_t *h, const char *v, rd_srcset_t *set)
{
    reader_buf_t  *out = &set->buf;
    const char  *p = v, *u, *ue, *d, *de, *url;
    char        *raw, *dend;
    double       size, best_size = -1;
    int          paren, ok;
    size_t       n;

    while (*p) {
        while (rd_is_space_c(*p) || *p == ',') {
            p++;
        }
        if (*p == '\0') {
            break;
        }

        for (u = p; *p && !rd_is_space_c(*p); p++) {
            /* void */
        }
        ue = p;
        d = de = p;

        if (ue[-1] == ',') {
            while (ue > u && ue[-1] == ',') {
                ue--;
            }
        } else {
            for (paren = 0; *p && (paren || *p != ','); p++) {
                paren += (*p == '(') - (*p == ')' && paren);
            }
            de = p;
        }

        /* descriptors: at most one of 123w, 1.5x or 123h tokens */
        while (d < de && rd_is_space_c(*d)) {
            d++;
        }
        while (de > d && rd_is_space_c(de[-1])) {
            de--;
        }

        ok = 1;
        size = 1;
        if (d < de) {
            size = strtod(d, &dend);
            ok = dend > d && dend + 1 == de && size > 0 && size < 1e6
                 && (*dend == 'w' || *dend == 'x' || *dend == 'h')
                 && (*d >= '0' && *d <= '9');
            if (ok && *dend == 'x') {
                size *= 1e6;    /* a density beats any width */
            }
            if (ok && *dend == 'w') {
                set->widths = 1;
            }
        }

        if (!ok || ue == u) {
            continue;
        }

        raw = rd_arena_strndup(&h->arena, u, (size_t) (ue - u));
        if (raw == NULL || rd_img_placeholder(raw, 0) != RD_IMG_REAL) {
            continue;
        }

        url = rd_html_url(h, raw, 1);
        n = url ? strlen(url) : 0;
        if (n == 0 || url[n - 1] == ',' || strpbrk(url, " \t\n\r\f")) {
            continue;
        }

        if (out->len) {
            rd_buf_append(out, ", ", 2);
        }
        rd_buf_append(out, url, n);
        if (d < de) {
            rd_buf_putc(out, ' ');
            rd_buf_append(out, d, (size_t) (de - d));
        }

        if (size > best_size) {
            best_size = size;
            set->best = url;
        }
    }
}


/* The first usable srcset among the attributes (set->best NULL: none). */
static void
rd_img_srcset(rd_html_t *h, const xmlNode *n, rd_srcset_t *set)
{
    static const char  *names[] = { "srcset", "data-srcset" };

    const char  *v;
    size_t       i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        v = rd_prop(n, names[i]);
        if (v) {
            set->buf.len = 0;
            set->widths = 0;
            rd_srcset(h, v, set);
            if (set->best) {
                return;
            }
        }
    }
}


/* Writes srcset (and sizes) when there is one; frees the set. */
static void
rd_html_srcset(rd_html_t *h, const xmlNode *n, rd_srcset_t *set)
{
    const char  *v;

    if (set->best) {
        rd_put_attr(h, "srcset", (const char *) set->buf.data, set->buf.len);

        v = rd_prop(n, "sizes");
        if (v && *(v = rd_clean_value(h, v)) && strcasecmp(v, "auto") != 0) {
            rd_put_attr(h, "sizes", v, strlen(v));

        } else if (set->widths) {
            /* width descriptors need sizes: the page's measure */
            rd_buf_puts(h->out, " sizes=\"(min-width: 40em) 40em, 100vw\"");
        }
    }

    if (set->buf.failed) {
        h->out->failed = 1;
    }
    reader_buf_free(&set->buf);
}


/* Whether a <noscript> holds an image (its first few descendants). */
static int
rd_has_img(const xmlNode *top)
{
    const xmlNode  *n = top->children;
    unsigned        budget = 64;

    while (n && budget--) {
        if (n->type == XML_ELEMENT_NODE
            && (strcmp((const char *) n->name, "img") == 0
                || strcmp((const char *) n->name, "picture") == 0))
        {
            return 1;
        }

        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n->next == NULL) {
            n = n->parent;
            if (n == top) {
                return 0;
            }
        }
        n = n->next;
    }
    return 0;
}


/* Whether the next element is a <noscript> with the image in it. */
static int
rd_noscript_img_next(const xmlNode *n)
{
    for (n = n->next; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            return strcmp((const char *) n->name, "noscript") == 0
                   && rd_has_img(n);
        }
        if (n->type == XML_TEXT_NODE && n->content
            && n->content[strspn((const char *) n->content, " \t\r\n")])
        {
            return 0;
        }
    }
    return 0;
}


static void
rd_html_img(rd_html_t *h, rd_frame_t *f, const xmlNode *n)
{
    static const char  *names[] = {
        "src", "data-src", "data-original", "data-lazy-src",
        "data-actualsrc", "data-original-src", "data-url", "data-echo",
        "data-lazyload"
    };
    static const rd_attr_t  attrs[] = {
        { "alt", RD_AV_TEXT, NULL }, { "title", RD_AV_TEXT, NULL },
        { "width", RD_AV_UINT, NULL }, { "height", RD_AV_UINT, NULL },
        RD_GLOBAL
    };

    rd_srcset_t   set;
    const char   *v, *url, *src = NULL, *named = NULL;
    size_t        i;
    int           ph;

    /* src, unless a placeholder; a src named like one ("blank.gif") only
     * when no lazy-loading attribute or srcset names anything better */
    for (i = 0; src == NULL && i < sizeof(names) / sizeof(names[0]); i++) {
        v = rd_prop(n, names[i]);
        ph = v ? rd_img_placeholder(v, i == 0) : RD_IMG_NONE;
        if (ph == RD_IMG_NONE) {
            continue;
        }

        url = rd_html_url(h, rd_clean_value(h, v), 1);
        if (ph == RD_IMG_NAMED) {
            named = url;
        } else {
            src = url;
        }
    }

    memset(&set, 0, sizeof(set));
    rd_img_srcset(h, n, &set);
    if (src == NULL) {
        src = set.best ? set.best
                       : rd_noscript_img_next(n) ? NULL : named;
    }

    if (src == NULL) {
        h->after_img = 0;
        reader_buf_free(&set.buf);
        return;
    }

    rd_html_visible(h, f);

    rd_buf_puts(h->out, "<img");
    rd_put_attr(h, "src", src, strlen(src));
    rd_html_srcset(h, n, &set);
    rd_html_attrs(h, n, attrs);
    rd_buf_puts(h->out, " loading=\"lazy\" decoding=\"async\""
                        " referrerpolicy=\"no-referrer\">");

    h->after_img = 1;
}


/* <source>: srcset in <picture>, src in <video> and <audio>. */
static void
rd_html_source(rd_html_t *h, rd_frame_t *f, const xmlNode *n)
{
    static const rd_attr_t  attrs[] = {
        { "type", RD_AV_TEXT, NULL }, { "media", RD_AV_TEXT, NULL },
        { "width", RD_AV_UINT, NULL }, { "height", RD_AV_UINT, NULL },
        { NULL, 0, NULL }
    };

    rd_srcset_t  set;
    size_t       start = h->out->len;

    if (strcmp(f->pname, "picture") != 0) {
        rd_buf_puts(h->out, "<source");
        if (!(rd_html_attrs(h, n, rd_at_media_source) & 1)) {
            rd_html_truncate(h, start);
            return;
        }
        rd_buf_putc(h->out, '>');
        rd_html_visible(h, f);
        return;
    }

    memset(&set, 0, sizeof(set));
    rd_img_srcset(h, n, &set);

    if (set.best) {
        rd_buf_puts(h->out, "<source");
        rd_html_srcset(h, n, &set);
        rd_html_attrs(h, n, attrs);
        rd_buf_putc(h->out, '>');
    } else {
        reader_buf_free(&set.buf);
    }
}


/* ---- elements ----------------------------------------------------------- */

static rd_frame_t *
rd_html_push(rd_html_t *h)
{
    rd_frame_t  *s;
    size_t       cap;

    if (h->depth == h->cap) {
        if (h->cap >= RD_HTML_MAX_DEPTH) {
            return NULL;
        }
        cap = h->cap ? h->cap * 2 : 64;
        s = realloc(h->stack, cap * sizeof(rd_frame_t));
        if (s == NULL) {
            h->out->failed = 1;
            return NULL;
        }
        h->stack = s;
        h->cap = cap;
    }

    s = &h->stack[h->depth++];
    memset(s, 0, sizeof(*s));
    s->start = s->body = h->out->len;
    return s;
}


/* A void element: no frame, no end tag. */
static void
rd_html_void(rd_html_t *h, rd_frame_t *f, const xmlNode *n,
    const rd_elem_t *e, const char *out)
{
    const char  *name = (const char *) n->name;
    size_t       start = h->out->len;

    if (strcmp(name, "img") == 0) {
        rd_html_img(h, f, n);
        return;
    }

    if (strcmp(name, "source") == 0) {
        rd_html_source(h, f, n);
        return;
    }

    if (strcmp(name, "br") == 0) {
        if (h->br_run >= 2 || (!f->content && f->block && !h->br_run)) {
            return;
        }
        if (h->br_run++ == 0) {
            h->br_from = h->out->len;
        }
        rd_buf_puts(h->out, "<br>");
        return;
    }

    rd_buf_putc(h->out, '<');
    rd_buf_puts(h->out, out);
    if (!(rd_html_attrs(h, n, e && e->attrs ? e->attrs : rd_at_global) & 1)
        && e && (e->flags & RD_EL_REQUIRE))
    {
        rd_html_truncate(h, start);
        return;
    }
    rd_buf_putc(h->out, '>');

    if (strcmp(name, "hr") == 0) {
        rd_buf_putc(h->out, '\n');
    }
    if (strcmp(name, "wbr") != 0 && strcmp(name, "track") != 0) {
        rd_html_visible(h, f);
    }
}


/*
 * Opens element n inside frame f: writes its start tag, or unwraps it.
 * Returns whether a frame was pushed (the children are to be visited).
 */
static int
rd_html_open(rd_html_t *h, const xmlNode *n)
{
    rd_frame_t       *f = &h->stack[h->depth - 1], *c;
    const rd_elem_t  *e;
    const char       *name = (const char *) n->name, *out;
    unsigned          tflags, eflags, ctx = f->ctx, written = 0;
    int               write;

    if ((ctx & RD_CTX_TEXTONLY) || rd_node_dropped(n)) {
        return 0;
    }

    tflags = rd_node_tag_flags(n);
    e = rd_elem(name);
    eflags = e ? e->flags : 0;
    out = e && e->out ? e->out : name;

    if (ctx & RD_CTX_MATH) {
        write = (eflags & RD_EL_MATHML) != 0;

    } else if (strcmp(name, "noscript") == 0) {
        /* libxml2 parsed its content as markup: the image of a lazy <img>
         * that was written just before, or the only copy of one */
        if (h->after_img || !rd_has_img(n)) {
            return 0;
        }
        write = 0;

    } else {
        write = ((tflags & RD_TAG_ALLOWED) || (eflags & RD_EL_ALLOW))
                && !(eflags & (RD_EL_UNWRAP | RD_EL_MATHML))
                && (e == NULL || e->parents == NULL
                    || rd_in_list(e->parents, f->pname))
                && (f->children == NULL || rd_in_list(f->children, out))
                && !((ctx & RD_CTX_PHRASING) && (tflags & RD_TAG_BLOCK))
                && !((ctx & RD_CTX_LINK) && strcmp(name, "a") == 0);
    }

    if (tflags & RD_TAG_VOID) {
        if (write) {
            rd_html_void(h, f, n, e, out);
        }

        /* libxml2 2.9 does not know HTML5's void elements (source, track,
         * wbr): what followed them became their children */
        if (n->children == NULL) {
            return 0;
        }
        write = 0;
    }

    c = rd_html_push(h);
    if (c == NULL) {
        return 0;
    }
    f = c - 1;

    c->pname = f->pname;
    c->children = f->children;
    c->ctx = ctx;

    if (write) {
        rd_buf_putc(h->out, '<');
        rd_buf_puts(h->out, out);

        written = rd_html_attrs(h, n, e && e->attrs ? e->attrs : rd_at_global);
        if ((eflags & RD_EL_REQUIRE) && !(written & 1)) {
            rd_html_truncate(h, c->start);
            write = 0;
        }
    }

    if (!write) {
        if ((tflags & (RD_TAG_BLOCK | RD_TAG_CELL))
            && !(tflags & RD_TAG_VOID) && !(ctx & RD_CTX_MATH)
            && f->children == NULL && !rd_in_list(" ul ol dl ", f->pname))
        {
            /* a block boundary survives unwrapping: a <div> where blocks
             * may be, spaces around it where they may not */
            if (ctx & RD_CTX_PHRASING) {
                c->sep = 1;
                rd_html_space(h);
            } else {
                rd_buf_puts(h->out, "<div");
                rd_html_attrs(h, n, rd_at_global);
                rd_buf_putc(h->out, '>');
                c->name = "div";
                c->block = 1;
                c->pname = "div";
                c->children = NULL;
                h->br_run = 0;
            }
        }
        c->body = h->out->len;
        return 1;
    }

    if (strcmp(out, "a") == 0) {
        rd_buf_puts(h->out, " rel=\"noopener noreferrer\"");
    }

    if (eflags & RD_EL_MEDIA) {
        rd_buf_puts(h->out, " controls preload=\"none\"");
        c->content = written & 1;       /* a src: playable without <source> */
    }

    rd_buf_putc(h->out, '>');
    if (eflags & RD_EL_PRE) {
        rd_buf_putc(h->out, '\n');      /* the parser drops a first newline */
    }

    c->name = out;
    c->pname = out;
    c->children = e ? e->children : NULL;
    c->body = h->out->len;
    c->keep = (eflags & RD_EL_KEEP) != 0;
    c->block = (tflags & RD_TAG_BLOCK) != 0;

    if (strcmp(name, "math") == 0) {
        c->ctx |= RD_CTX_MATH;
    }
    if (strcmp(name, "a") == 0) {
        c->ctx |= RD_CTX_LINK;
    }
    if (eflags & RD_EL_PRE) {
        c->ctx |= RD_CTX_PRE;
    }
    if (eflags & RD_EL_TEXTONLY) {
        c->ctx |= RD_CTX_TEXTONLY;
    }

    if (eflags & RD_EL_PHRASING) {
        c->ctx |= RD_CTX_PHRASING;
    } else if (!(eflags & RD_EL_FLOW) && !(ctx & RD_CTX_MATH)) {
        c->ctx = (c->ctx & ~RD_CTX_PHRASING)
                 | ((tflags & RD_TAG_BLOCK) ? 0 : RD_CTX_PHRASING);
    }

    c->ctx = (c->ctx & ~RD_CTX_NOTEXT) | (c->children ? RD_CTX_NOTEXT : 0);

    h->br_run = 0;
    h->after_img = 0;
    return 1;
}


static void
rd_html_close(rd_html_t *h)
{
    rd_frame_t  *c = &h->stack[--h->depth], *f = c - 1;

    if (c->name == NULL) {
        if (c->sep) {
            rd_html_space(h);
        }
        f->content |= c->content;
        f->space |= c->space;
        return;
    }

    if (c->block && h->br_run && h->br_from >= c->body) {
        rd_html_truncate(h, h->br_from);
    }

    if (!c->content && !c->keep) {
        rd_html_truncate(h, c->start);
        if (c->space && !c->block) {
            rd_html_space(h);
            f->space = 1;
        }
        return;
    }

    rd_buf_append(h->out, "</", 2);
    rd_buf_puts(h->out, c->name);
    rd_buf_putc(h->out, '>');
    if (c->block) {
        rd_buf_putc(h->out, '\n');
    }

    /* a <br> before an end tag is no longer trailing whitespace to trim */
    h->br_run = 0;
    f->content |= c->content;
}


static void
rd_html_text(rd_html_t *h, const xmlNode *n)
{
    rd_frame_t  *f = &h->stack[h->depth - 1];
    const char  *s;
    size_t       len;

    if (n->content == NULL || (f->ctx & RD_CTX_NOTEXT)) {
        return;
    }

    s = (const char *) n->content;
    len = strlen(s);

    if (!(f->ctx & RD_CTX_PRE)
        && (h->out->len == 0 || h->out->data[h->out->len - 1] == '\n'
            || h->out->data[h->out->len - 1] == ' '))
    {
        /* whitespace that follows whitespace is not written twice */
        while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'
                       || *s == '\f'))
        {
            s++;
            len--;
        }
    }

    if (len == 0) {
        return;
    }

    if (rd_esc(h->out, s, len,
               (f->ctx & RD_CTX_PRE) ? 0 : RD_ESC_COLLAPSE))
    {
        rd_html_visible(h, f);
    } else {
        f->space = 1;
    }
}


/* One subtree, iteratively (the tree may be as deep as the parser let it). */
static void
rd_html_subtree(rd_html_t *h, const xmlNode *top)
{
    const xmlNode  *n = top;
    int             pushed;

    for ( ;; ) {
        pushed = 0;

        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            rd_html_text(h, n);

        } else if (n->type == XML_ELEMENT_NODE) {
            pushed = rd_html_open(h, n);
        }

        if (pushed && n->children) {
            n = n->children;
            continue;
        }

        if (pushed) {
            rd_html_close(h);
        }

        for ( ;; ) {
            if (n == top) {
                return;
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            rd_html_close(h);
        }
    }
}


void
rd_render_content(const reader_result_t *r, reader_buf_t *out)
{
    rd_html_t    h;
    rd_frame_t  *root;
    size_t       i;

    memset(&h, 0, sizeof(h));
    h.r = r;
    h.out = out;

    root = rd_html_push(&h);
    if (root != NULL) {
        root->pname = "";
        root->block = 1;

        for (i = 0; i < r->n_content; i++) {
            rd_html_subtree(&h, r->content[i]);
        }

        if (h.br_run) {
            rd_html_truncate(&h, h.br_from);
        }
    }

    if (h.val.failed) {
        out->failed = 1;
    }

    free(h.stack);
    reader_buf_free(&h.val);
    rd_arena_free(&h.arena);
}
