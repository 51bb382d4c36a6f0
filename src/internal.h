/*
 * Engine internals shared by the src/ files (not for the nginx glue).
 *
 * Pipeline (reader.c): decode.c -> prescan.c -> parse.c -> stats.c -> meta.c
 * -> score.c -> clean.c -> render.c.  One reader_result_t carries everything
 * a request needs; nothing is global.
 */
#ifndef READER_INTERNAL_H
#define READER_INTERNAL_H

#include <stdint.h>
#include <stddef.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "reader.h"


/* ---- util.c: buffers and the per-result arena ---------------------------- */

int  rd_buf_reserve(reader_buf_t *b, size_t extra);
void rd_buf_append(reader_buf_t *b, const void *p, size_t n);
void rd_buf_puts(reader_buf_t *b, const char *s);
void rd_buf_putc(reader_buf_t *b, int c);

typedef struct rd_arena_block_s  rd_arena_block_t;

typedef struct {
    rd_arena_block_t  *head;
} rd_arena_t;

void *rd_arena_alloc(rd_arena_t *a, size_t n);
char *rd_arena_strndup(rd_arena_t *a, const char *s, size_t n);
char *rd_arena_strdup(rd_arena_t *a, const char *s);
void  rd_arena_free(rd_arena_t *a);


/* ---- tree.c: the parse tree in blocks of our own ------------------------ */

typedef struct rd_tree_block_s  rd_tree_block_t;

typedef struct {
    rd_tree_block_t    *blocks;
    xmlDict            *dict;           /* the names' */
    char               *cur;            /* the free room of the newest block */
    char               *end;
    size_t              block_size;     /* the next block's */
    size_t              more_size;      /* the blocks' after the first */
    xmlNode            *text;           /* the text node written last */
    size_t              text_len;
    int                 failed;         /* a block could not be allocated */
} rd_tree_t;

/* Points ctxt's SAX callbacks at t, sized for markup_len bytes of markup. */
void rd_tree_sax(htmlParserCtxtPtr ctxt, rd_tree_t *t, size_t markup_len,
    size_t elements, size_t attributes);

/* Frees the tree t built and the document libxml2 made around it. */
void rd_tree_free(rd_tree_t *t, xmlDoc *doc);


/* ---- text.c: UTF-8 and script-aware measuring ---------------------------- */

/* The code point of a sequence whose first byte (at *p) is >= 0x80, and
 * rd_is_space() of code points from 0x80 up: the out-of-line halves. */
uint32_t rd_utf8_multi(const unsigned char **p, const unsigned char *end);
int      rd_is_space_wide(uint32_t cp);

/* Decodes one code point at *p (advancing it); invalid bytes give U+FFFD.
 * Inline for ASCII: the text walks call it for every character. */
static inline uint32_t
rd_utf8_next(const unsigned char **p, const unsigned char *end)
{
    return **p < 0x80 ? *(*p)++ : rd_utf8_multi(p, end);
}

size_t   rd_utf8_put(uint32_t cp, unsigned char out[4]);

/* HTML whitespace, NBSP, U+3000 ...; the bits of 0x100003600 are TAB, LF,
 * FF, CR and space. */
static inline int
rd_is_space(uint32_t cp)
{
    return cp < 64 ? (int) ((0x100003600ull >> cp) & 1)
                   : cp >= 0xa0 && rd_is_space_wide(cp);
}

int rd_is_cjk(uint32_t cp);         /* Han, kana, Hangul, full-width forms */

/* What a run of text measures; all counts are additive. */
typedef struct {
    uint32_t    wlen;       /* weighted length: Latin 1, CJK 3, spaces folded */
    uint32_t    chars;      /* non-space characters */
    uint32_t    cjk;        /* CJK characters */
    uint32_t    words;      /* space-separated words (non-CJK runs) */
    uint32_t    commas;     /* commas in every script */
    uint32_t    stops;      /* sentence enders in every script */
    uint32_t    punct;      /* all punctuation, full-width included */
} rd_measure_t;

void rd_measure(const unsigned char *s, size_t n, rd_measure_t *m);

/* FNV-1a of text without its white space, continuing from h (start from
 * RD_HASH_INIT): text split anywhere between code points hashes the same. */
#define RD_HASH_INIT  14695981039346656037ull

uint64_t rd_hash_text(uint64_t h, const unsigned char *s, size_t n);


/* ---- tags.c: the element table (one place for every per-tag decision) --- */

enum {
    RD_TAG_BLOCK     = 0x0001,  /* starts a block (a line in text output) */
    RD_TAG_ALLOWED   = 0x0002,  /* may appear in the reader output */
    RD_TAG_VOID      = 0x0004,  /* no end tag */
    RD_TAG_DROP      = 0x0008,  /* never content: removed with its subtree */
    RD_TAG_HEADING   = 0x0010,
    RD_TAG_PARA      = 0x0020,  /* a paragraph-like scoring unit */
    RD_TAG_RUBY_TEXT = 0x0040,  /* rt, rp, rtc: left out of text and scores */
    RD_TAG_LIST      = 0x0080,
    RD_TAG_SCORED    = 0x0100,  /* Readability's scored tags: p, pre, h2-h6 */
    RD_TAG_PRE       = 0x0200,  /* whitespace preserved */
    RD_TAG_CONTAINER = 0x0400,  /* its own inline text scores as a
                                   paragraph (div, td, span ...) */
    RD_TAG_CELL      = 0x0800,
    RD_TAG_FORM      = 0x1000   /* form controls: boilerplate signal */
};

typedef struct {
    const char *name;
    uint16_t    flags;
} rd_tag_t;

/* Flags of a node: 0 for non-elements and unknown elements. */
unsigned rd_node_tag_flags(const xmlNode *node);


/* ---- stats.c: per-element statistics, one bottom-up pass ---------------- */

enum {
    RD_NODE_DROP      = 0x01,   /* removed from the output with its subtree */
    RD_NODE_HIDDEN    = 0x02,   /* hidden, aria-hidden, display:none */
    RD_NODE_IN_LINK   = 0x04,   /* inside an <a href> */
    RD_NODE_BOILER    = 0x08,   /* class/id says navigation, share, comments */
    RD_NODE_SKIP      = 0x10,   /* left out of the statistics: never text */
    RD_NODE_IN_SKIP   = 0x20,   /* itself or an ancestor is RD_NODE_SKIP */
    RD_NODE_IN_BOILER = 0x40,   /* itself or an ancestor is RD_NODE_BOILER */
    RD_NODE_SCORED    = 0x80,   /* score holds a candidate score */
    RD_NODE_DATA_TABLE = 0x100, /* a table of data, not of layout */
    RD_NODE_KEEP_ALL  = 0x200,  /* inside a data table, code or a figure:
                                   never conditionally cleaned */
    RD_NODE_CORE      = 0x400,  /* the best candidate or an ancestor of it:
                                   never cleaned away */
    RD_NODE_LAYOUT    = 0x800,  /* class/id names a page builder's wrapper
                                   ("widget"): it may hold the story */
    RD_NODE_THREAD    = 0x1000, /* boilerplate named a comment thread: never
                                   the story, even on a page of little text */
    RD_NODE_COUNTED   = 0x2000, /* inline, and its text already counts for a
                                   paragraph or container around it */
    RD_NODE_BREAKS    = 0x4000  /* a block, a cell or a <br> inside it
                                   (trim.c's line walk) */
};

typedef struct {
    xmlNode    *node;
    uint32_t    parent;         /* index, or RD_NONE for the root */
    uint32_t    wlen;           /* weighted text, ruby readings excluded */
    uint32_t    link_wlen;      /* weighted text inside links */
    uint32_t    tags;           /* elements in the subtree, itself included:
                                   the subtree is nodes[i .. i + tags) */
    uint32_t    links;
    uint32_t    paras;          /* paragraph-like blocks with text */
    uint32_t    commas;
    uint32_t    stops;
    uint32_t    punct;
    uint32_t    imgs;
    uint32_t    p_count;        /* <p> elements, any length */
    uint32_t    li_count;
    uint32_t    input_count;    /* form controls */
    uint32_t    embed_count;    /* video, audio (frames and <object> are
                                   never output, so never counted: an
                                   object's fallback counts as itself) */
    uint32_t    list_wlen;      /* text inside lists */
    uint32_t    heading_wlen;   /* text inside headings */
    uint32_t    ptext;          /* text of scoring paragraphs in the subtree */
    uint16_t    depth;
    uint16_t    tag_flags;
    int16_t     class_weight;   /* from class/id tokens: + content, - boilerplate */
    uint16_t    flags;          /* RD_NODE_* */
    float       score;
} rd_node_t;

#define RD_NONE  UINT32_MAX

/* The index of an element's statistics, or RD_NONE. */
static inline uint32_t
rd_node_index(const xmlNode *node)
{
    return node->_private ? (uint32_t) ((uintptr_t) node->_private - 1)
                          : RD_NONE;
}


/* ---- jsonld.c: a bounded JSON reader for JSON-LD (used by meta.c) ------- */

enum {
    RD_JSON_NONE = 0,
    RD_JSON_OBJECT,
    RD_JSON_ARRAY,
    RD_JSON_STRING,
    RD_JSON_NUMBER,
    RD_JSON_LITERAL             /* true, false, null, or junk */
};

/* A value is a span of the input: p at its first byte ('"' for strings). */
typedef struct {
    const char  *p;
    const char  *end;
    int          type;
} rd_json_t;

typedef struct {
    const char  *p;
    const char  *end;
    int          object;
} rd_json_iter_t;

/* The first value of a script body; 0 when there is none. */
int   rd_json_parse(const char *s, size_t len, rd_json_t *v);
/* Members of an object (key set) or items of an array (key may be NULL). */
void  rd_json_iter(const rd_json_t *v, rd_json_iter_t *it);
int   rd_json_next(rd_json_iter_t *it, rd_json_t *key, rd_json_t *val);
int   rd_json_key_is(const rd_json_t *key, const char *name);
int   rd_json_get(const rd_json_t *obj, const char *name, rd_json_t *val);
/* A string value decoded into the arena (at most max bytes), else NULL. */
char *rd_json_string(rd_arena_t *a, const rd_json_t *v, size_t max);

/* meta_text.c: the cleaning every metadata string goes through (trim,
 * collapse whitespace, cap at max characters), and a byline line's name
 * with its rank: 2 an author, 1 an editor ("责任编辑：…"), 0 none. */
enum {
    RD_CLEAN_ENTITIES = 0x01,   /* decode &amp; &#8217; ... (JSON-LD) */
    RD_CLEAN_ELLIPSIS = 0x02    /* cut at a word boundary and add "…" */
};

#define RD_META_TITLE_MAX   300
#define RD_META_BYLINE_MAX  200

char *rd_meta_clean(rd_arena_t *a, const char *s, size_t len, size_t max,
    unsigned flags);
int   rd_meta_byline_rank(const char *text, size_t len, const char **name,
    size_t *name_len);
/* Whether a short text is a name as a whole ("Jane Doe", "王建宏 张文攀"). */
int   rd_meta_name_like(const char *s, size_t len);
/* A profile URL given where a name belongs. */
int   rd_meta_is_url(const char *s);

/* meta_ld.c: what a JSON-LD script body says about the article; the first
 * Article-like object fills the fields, later scripts only what is empty. */
typedef struct {
    const char     *title;      /* headline, else name */
    const char     *name;       /* name, when a headline differs from it */
    const char     *author;     /* names joined with ", " */
    const char     *published;
    const char     *publisher;
    const char     *image;
    const char     *description;
    const char     *site;       /* a WebSite's name */
    const char     *page_date;  /* a WebPage's datePublished */
    int             article;    /* an Article-like object was seen */
} rd_ld_t;

void  rd_meta_ld(reader_result_t *r, rd_ld_t *ld, const char *s, size_t len);


/* ---- the result: one per extraction ------------------------------------- */

struct reader_result_s {
    reader_status_e     status;
    const char         *reason;
    reader_options_t    opt;            /* strings copied into the arena */
    rd_arena_t          arena;
    reader_meta_t       meta;

    char                charset[32];    /* what decode.c chose */
    reader_buf_t        utf8;           /* the decoded page, unless the
                                           input was that already */
    const unsigned char *text;          /* the decoded page: utf8.data or
                                           the caller's bytes */
    size_t              text_len;
    reader_buf_t        markup;         /* the pre-scanned page libxml2 parsed */
    size_t              n_elements;     /* start tags in the markup */
    size_t              n_attributes;   /* attributes in the markup */
    int                 has_base;       /* a <base> start tag in it */
    reader_buf_t        jsonld;         /* JSON-LD scripts, each NUL-terminated */
    int                 article_hint;   /* meta.c: JSON-LD or og:type says article */
    const char         *editor;         /* meta.c: the byline of last resort */

    xmlDoc             *doc;
    rd_tree_t           tree;           /* doc's nodes */
    int                 built;          /* by build.c, not libxml2's parser */
    rd_node_t          *nodes;
    size_t              n_nodes;
    size_t              nodes_cap;

    const char         *base_url;       /* <base href> resolved, else url */
    xmlNode           **content;        /* the article's top-level nodes */
    size_t              n_content;
    int                 fallback;       /* no article found: content is the
                                           page's main region, kept whole */
    uint32_t            drops;          /* rd_drop() calls that dropped: a
                                           rendered text older than a drop
                                           may have lost some of it */
    int                 shrunk;         /* reader_result_shrink(): the tree
                                           and statistics are gone */
};


/* ---- the stages ---------------------------------------------------------- */

/*
 * decode.c: raw bytes to UTF-8 without NUL or C0 controls (tab, LF, FF and
 * CR kept).  Order: BOM, hint (transport charset), UTF-8 validity, <meta>,
 * guess.  Writes the chosen WHATWG-style name into charset.  same NULL: the
 * text is always written to out; else *same is set to 1 when in is that
 * text already (valid UTF-8 with nothing to replace) and out is left as it
 * was: no copy.
 */
reader_status_e rd_decode(const unsigned char *in, size_t len,
    const char *hint, reader_buf_t *out, int *same, char *charset,
    size_t charset_size);

/*
 * prescan.c: one linear pass over r->text (NULL: r->utf8) into r->markup, dropping what can
 * never be content (script, style, comments, template, svg internals),
 * harvesting JSON-LD into r->jsonld and bounding pathological shapes
 * (attribute counts, name lengths, nesting) before libxml2 sees them.
 */
reader_status_e rd_prescan(reader_result_t *r);

/* prescan.c: libxml2's end-tag priority of an element (lower-case name). */
unsigned rd_ps_end_priority(const char *name);

/* parse.c: r->markup into r->doc. */
reader_status_e rd_parse(reader_result_t *r);

/* build.c: the tree of the pre-scanned markup through ctxt's SAX callbacks
 * without libxml2's tokenizer; 0 when the markup needs libxml2's parser
 * (ctxt->myDoc is then a partial tree to discard). */
int rd_build(htmlParserCtxtPtr ctxt, const reader_buf_t *markup);

/* stats.c: fills r->nodes; marks hidden and boilerplate elements. */
reader_status_e rd_stats(reader_result_t *r);

/* stats.c: whether an inline style (len bytes) hides its element. */
int rd_style_hides(const char *style, size_t len);

/* meta.c: title, byline, date, site, lang, dir, lead image from r->doc and
 * r->jsonld (before scoring; the body may refine it later). */
void rd_meta_extract(reader_result_t *r);

/* meta.c: whether a <link>'s rel value (len bytes, any case) may name a
 * relation meta.c reads: the pre-scan drops the <link>s that cannot. */
int rd_meta_link_wanted(const char *rel, size_t len);

/* meta.c: a byline line such as "By Jane Doe" or "记者 | 李明": the name. */
const char *rd_meta_byline_from_line(rd_arena_t *a, const char *text,
    size_t len);

/* meta.c: the first date in visible text as ISO 8601, or NULL. */
const char *rd_meta_date_from_text(rd_arena_t *a, const char *text,
    size_t len);

/* meta.c: what needs the final content: word count, reading time,
 * excerpt, confidence. */
void rd_meta_finish(reader_result_t *r);

/* score.c: chooses r->content (empty when nothing scored). */
void rd_score(reader_result_t *r);

/* clean.c: removes boilerplate blocks and repeated runs inside r->content. */
void rd_clean(reader_result_t *r);

/* clean.c: marks element i dropped and takes its counts off its ancestors. */
void rd_drop(reader_result_t *r, uint32_t i);

/* trim.c: edge lines of the article (bylines, dates, credits, prompts). */
void rd_trim(reader_result_t *r);

/* blocks.c: an element's own text (not in its block children), and the
 * content's text blocks in document order (at most max). */
typedef struct {
    uint32_t    node;
    uint32_t    wlen;
    uint32_t    link_wlen;
    uint32_t    commas;
    uint32_t    stops;
    int         whole;          /* all of the element's text is its own */
} rd_block_t;

void   rd_own_text(const reader_result_t *r, uint32_t i, rd_block_t *own);
size_t rd_text_blocks(const reader_result_t *r, rd_block_t *out, size_t max);

/* judge.c: whether the cleaned content is an article. */
int rd_judge(reader_result_t *r);

/* url.c */
const char *rd_url_resolve(rd_arena_t *a, const char *base, const char *ref);
/* Whether a (resolved) URL may appear in the output. */
int rd_url_allowed(const char *url, int is_image);
/* Sets r->base_url from the first <base href> (http or https only); call
 * right after rd_parse, before anything resolves URLs. */
void rd_url_base(reader_result_t *r);

/* Whether an element is left out of the output (dropped, hidden, or a
 * tag that is never content).  The one test every renderer uses. */
int rd_node_dropped(const xmlNode *node);

/* render_text.c: the text format; rd_node_text is one subtree of it. */
void rd_render_text(const reader_result_t *r, reader_buf_t *out);
void rd_node_text(const xmlNode *node, reader_buf_t *out);
/* The same, stopped once out holds max bytes or more: a head of the text,
 * all of it when out->len < max on return. */
void rd_node_text_head(const xmlNode *node, reader_buf_t *out, size_t max);
/* rd_hash_text() of rd_node_text()'s text, without rendering it: white
 * space is all the renderer adds. */
uint64_t rd_node_hash(const xmlNode *node);

/* render_html.c: the sanitized article (the allow-list serializer). */
void rd_render_content(const reader_result_t *r, reader_buf_t *out);
/* render_html.c: s escaped as HTML text, or (attr) as a double-quoted
 * attribute value; controls dropped, invalid UTF-8 replaced. */
void rd_html_escape(reader_buf_t *out, const char *s, size_t len, int attr);

/* template.c: the whole reader page (tpl NULL: the built-in template). */
void rd_render_page(const reader_result_t *r, const reader_template_t *tpl,
    reader_buf_t *out);

/* render_json.c */
void rd_render_json(const reader_result_t *r, reader_buf_t *out);

/* sha256.c: the SHA-256 digest of data (for the template's CSP hash). */
void rd_sha256(const void *data, size_t len, unsigned char out[32]);

#endif /* READER_INTERNAL_H */
