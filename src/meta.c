/*
 * Metadata: title, byline, date, site, language, direction, lead image,
 * canonical URL and excerpt.
 *
 * One pass over the element table collects every source (<meta>, <link>,
 * <title>, headings, <time>, author markup, JSON-LD); then each field takes
 * the first source that gives a usable value, in a fixed priority order:
 * structured data (JSON-LD, OpenGraph, Dublin Core), then markup, then the
 * visible lines that follow the title on the page.
 */

#include <string.h>
#include <strings.h>

#include "internal.h"


/* Values of <meta> and <link>, by source. */
enum {
    RD_S_OG_TITLE = 0,
    RD_S_TW_TITLE,
    RD_S_DC_TITLE,
    RD_S_DC_AUTHOR,     /* Dublin Core creator: preferred, as Readability */
    RD_S_AUTHOR,
    RD_S_PUBLISHED,     /* article:published_time and its aliases */
    RD_S_DATE,          /* pubdate, DC.date, sailthru.date ... */
    RD_S_SITE,
    RD_S_APP_NAME,
    RD_S_DESC,
    RD_S_OG_DESC,
    RD_S_TW_DESC,
    RD_S_OG_IMAGE,
    RD_S_TW_IMAGE,
    RD_S_LINK_IMAGE,
    RD_S_OG_URL,
    RD_S_CANONICAL,
    RD_S_LOCALE,
    RD_S_CONTENT_LANG,
    RD_S_OG_TYPE,
    RD_S_N
};

typedef struct {
    const char  *key;
    int          slot;
} rd_meta_key_t;

/* Sorted by key (bsearch); keys are lower case. */
static const rd_meta_key_t  rd_meta_keys[] = {
    { "application-name", RD_S_APP_NAME },
    { "article.published", RD_S_DATE },
    { "article:author", RD_S_AUTHOR },
    { "article:published", RD_S_PUBLISHED },
    { "article:published_time", RD_S_PUBLISHED },
    { "author", RD_S_AUTHOR },
    { "byl", RD_S_AUTHOR },
    { "citation_author", RD_S_AUTHOR },
    { "citation_publication_date", RD_S_DATE },
    { "content-language", RD_S_CONTENT_LANG },
    { "date", RD_S_DATE },
    { "datecreated", RD_S_DATE },
    { "datepublished", RD_S_PUBLISHED },
    { "dc.creator", RD_S_DC_AUTHOR },
    { "dc.date", RD_S_DATE },
    { "dc.date.created", RD_S_DATE },
    { "dc.date.issued", RD_S_DATE },
    { "dc.description", RD_S_DESC },
    { "dc.language", RD_S_CONTENT_LANG },
    { "dc.title", RD_S_DC_TITLE },
    { "dcterms.created", RD_S_DATE },
    { "dcterms.creator", RD_S_DC_AUTHOR },
    { "dcterms.date", RD_S_DATE },
    { "dcterms.description", RD_S_DESC },
    { "dcterms.issued", RD_S_DATE },
    { "dcterms.title", RD_S_DC_TITLE },
    { "description", RD_S_DESC },
    { "language", RD_S_CONTENT_LANG },
    { "og:article:author", RD_S_AUTHOR },
    { "og:article:published_time", RD_S_PUBLISHED },
    { "og:description", RD_S_OG_DESC },
    { "og:image", RD_S_OG_IMAGE },
    { "og:image:secure_url", RD_S_OG_IMAGE },
    { "og:image:url", RD_S_OG_IMAGE },
    { "og:locale", RD_S_LOCALE },
    { "og:published_time", RD_S_PUBLISHED },
    { "og:site_name", RD_S_SITE },
    { "og:title", RD_S_OG_TITLE },
    { "og:type", RD_S_OG_TYPE },
    { "og:url", RD_S_OG_URL },
    { "originalpublicationdate", RD_S_DATE },
    { "parsely-author", RD_S_AUTHOR },
    { "parsely-pub-date", RD_S_DATE },
    { "parsely-title", RD_S_DC_TITLE },
    { "pub_date", RD_S_DATE },
    { "pubdate", RD_S_DATE },
    { "publication_date", RD_S_DATE },
    { "publish-date", RD_S_DATE },
    { "publish_date", RD_S_DATE },
    { "publishdate", RD_S_DATE },
    { "published_time", RD_S_PUBLISHED },
    { "sailthru.author", RD_S_AUTHOR },
    { "sailthru.date", RD_S_DATE },
    { "sailthru.title", RD_S_DC_TITLE },
    { "twitter:description", RD_S_TW_DESC },
    { "twitter:image", RD_S_TW_IMAGE },
    { "twitter:image:src", RD_S_TW_IMAGE },
    { "twitter:title", RD_S_TW_TITLE },
    { "weibo:article:create_at", RD_S_DATE },
};

#define RD_HEADS     8          /* visible h1/h2 kept for title matching */
#define RD_TIMES     16         /* <time> and itemprop=datePublished */
#define RD_AUTHORS   16         /* rel=author, itemprop=author, class, link */
#define RD_LINES     3072       /* bytes of visible text read after the title */
#define RD_WALK      4000       /* nodes one text walk may visit */

enum {
    RD_AUTHOR_REL = 0,          /* <a rel=author> */
    RD_AUTHOR_ITEMPROP,         /* itemprop=author */
    RD_AUTHOR_CLASS,            /* class or id with byline/author */
    RD_AUTHOR_LINK              /* a link to an author page */
};

typedef struct {
    const char     *slot[RD_S_N];
    const xmlNode  *title;
    const char     *html_lang;
    const char     *html_dir;
    const char     *body_dir;
    uint32_t        body;                   /* index of <body>, or RD_NONE */
    uint32_t        heads[RD_HEADS];
    size_t          n_heads;
    uint32_t        times[RD_TIMES];
    uint8_t         time_microdata[RD_TIMES];
    size_t          n_times;
    uint32_t        authors[RD_AUTHORS];
    uint8_t         author_kind[RD_AUTHORS];
    size_t          n_authors;
    rd_ld_t         ld;
} rd_src_t;


/* ---- small helpers ------------------------------------------------------ */

static const char *
rd_attr(const xmlNode *n, const char *name)
{
    xmlAttr  *a = xmlHasProp(n, (const xmlChar *) name);

    return a && a->children && a->children->content
           ? (const char *) a->children->content : NULL;
}


static int
rd_name_is(const xmlNode *n, const char *name)
{
    return strcmp((const char *) n->name, name) == 0;
}


/* Whether s contains w (lower case), ASCII case-insensitively. */
static int
rd_contains_ci(const char *s, const char *w)
{
    size_t  n = strlen(w);

    for ( ; *s; s++) {
        if ((*s | 0x20) == w[0] && strncasecmp(s, w, n) == 0) {
            return 1;
        }
    }
    return 0;
}


/* Whether a space-separated token list holds tok (ASCII case-insensitive). */
static int
rd_has_token(const char *list, const char *tok)
{
    size_t  n = strlen(tok);

    while (list && *list) {
        while (*list == ' ' || *list == '\t' || *list == '\n') {
            list++;
        }
        if (strncasecmp(list, tok, n) == 0
            && (list[n] == '\0' || list[n] == ' ' || list[n] == '\t'
                || list[n] == '\n'))
        {
            return 1;
        }
        while (*list && *list != ' ' && *list != '\t' && *list != '\n') {
            list++;
        }
    }
    return 0;
}


static const char *
rd_meta_str(rd_arena_t *a, const char *s, size_t max)
{
    return s ? rd_meta_clean(a, s, strlen(s), max, 0) : NULL;
}


/*
 * The comparison form of a string: letters and digits only, ASCII and
 * full-width forms lower-cased.  Titles and site names match when their
 * folds are equal.
 */
static size_t
rd_fold(const char *s, size_t len, char *out, size_t size)
{
    const unsigned char  *p = (const unsigned char *) s, *end = p + len, *q;
    uint32_t              cp;
    size_t                n = 0;

    while (p < end && n + 4 < size) {
        q = p;
        cp = rd_utf8_next(&p, end);

        if (cp >= 0xff01 && cp <= 0xff5e) {
            cp -= 0xfee0;
        }

        if (cp < 0x80) {
            if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
                out[n++] = (char) cp;
            } else if (cp >= 'A' && cp <= 'Z') {
                out[n++] = (char) (cp + 32);
            }
            continue;
        }

        /* spaces, punctuation and symbols: Latin-1's, general,
         * arrows to dingbats, CJK and full-width */
        if (rd_is_space(cp) || (cp >= 0xa0 && cp <= 0xbf) || cp == 0xd7
            || cp == 0xf7 || (cp >= 0x2000 && cp <= 0x2bff)
            || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xfe10 && cp <= 0xfe6f)
            || (cp >= 0xff00 && cp <= 0xff65))
        {
            continue;
        }

        memcpy(out + n, q, (size_t) (p - q));
        n += (size_t) (p - q);
    }

    out[n] = '\0';
    return n;
}


static uint32_t
rd_wlen(const char *s, size_t len)
{
    rd_measure_t  m = { 0 };

    rd_measure((const unsigned char *) s, len, &m);
    return m.wlen;
}


/* ---- visible text ------------------------------------------------------- */

typedef struct {
    char    *buf;
    size_t   len;
    size_t   size;
    int      space;         /* a space is pending */
    int      lines;         /* block boundaries become '\n' */
} rd_text_t;


static void
rd_text_break(rd_text_t *t)
{
    if (t->len == 0) {
        return;
    }
    if (t->lines) {
        if (t->buf[t->len - 1] != '\n' && t->len + 1 < t->size) {
            t->buf[t->len++] = '\n';
        }
        t->space = 0;
    } else {
        t->space = 1;
    }
}


static void
rd_text_add(rd_text_t *t, const unsigned char *s)
{
    const unsigned char  *p = s, *q, *end = s + strlen((const char *) s);
    uint32_t              cp;

    while (p < end && t->len + 6 < t->size) {
        q = p;
        cp = *p < 0x80 ? *p++ : rd_utf8_next(&p, end);

        if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == '\f'
            || (cp >= 0x80 && rd_is_space(cp)))
        {
            t->space = t->len > 0 && t->buf[t->len - 1] != '\n';
            continue;
        }

        if (t->space) {
            t->buf[t->len++] = ' ';
            t->space = 0;
        }
        if (p - q == 1) {
            t->buf[t->len++] = (char) *q;
        } else {
            memcpy(t->buf + t->len, q, (size_t) (p - q));
            t->len += (size_t) (p - q);
        }
    }
}


/*
 * The visible text from node on, in document order: only its subtree when
 * inside, else everything that follows it too.  Hidden and dropped
 * elements and ruby readings are left out; blocks are separated by '\n'
 * (lines) or a space.  Bounded by the buffer and by RD_WALK nodes.
 */
static size_t
rd_text(const xmlNode *start, int inside, int lines, char *buf, size_t size)
{
    const xmlNode  *n = start;
    rd_text_t       t = { buf, 0, size, 0, lines };
    unsigned        visits = 0, flags = 0;
    int             enter = 1;

    while (n && visits++ < RD_WALK && t.len + 8 < size) {
        if (enter) {
            if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
                if (n->content) {
                    rd_text_add(&t, n->content);
                }

            } else if (n->type == XML_ELEMENT_NODE) {
                flags = rd_node_tag_flags(n);

                if (n != start
                    && ((flags & RD_TAG_RUBY_TEXT) || rd_node_dropped(n)))
                {
                    /* skipped whole */
                } else {
                    if ((flags & (RD_TAG_BLOCK | RD_TAG_CELL))
                        || rd_name_is(n, "br"))
                    {
                        rd_text_break(&t);
                    }
                    if (n->children) {
                        n = n->children;
                        continue;
                    }
                }
            }
        }

        /* leaving n (flags are still its own when entered just now): its
         * successor in document order */
        if (n->type == XML_ELEMENT_NODE && enter && (flags & RD_TAG_BLOCK)) {
            rd_text_break(&t);
        }

        if (inside && n == start) {
            break;
        }

        if (n->next) {
            n = n->next;
            enter = 1;
            continue;
        }

        n = n->parent;
        if (n == NULL || n->type != XML_ELEMENT_NODE || (inside && n == start)) {
            if (n && (rd_node_tag_flags(n) & RD_TAG_BLOCK)) {
                rd_text_break(&t);
            }
            break;
        }

        if (rd_node_tag_flags(n) & RD_TAG_BLOCK) {
            rd_text_break(&t);
        }
        enter = 0;
    }

    while (t.len && (t.buf[t.len - 1] == '\n' || t.buf[t.len - 1] == ' ')) {
        t.len--;
    }
    buf[t.len] = '\0';
    return t.len;
}


/* ---- collection --------------------------------------------------------- */

static int
rd_key_cmp(const void *key, const void *elt)
{
    return strcmp(key, *(const char *const *) elt);
}


static void
rd_meta_key(rd_src_t *src, const char *key, size_t n, const char *value)
{
    char    low[48];
    size_t  i;
    void   *hit;

    if (n == 0 || n >= sizeof(low) - 1) {
        return;
    }
    for (i = 0; i < n; i++) {
        low[i] = (char) ((key[i] >= 'A' && key[i] <= 'Z') ? key[i] + 32 : key[i]);
    }
    low[n] = '\0';

    /* Dublin Core comes as "dc:", "dc.", "dcterm:" and "dcterms." */
    if (strncmp(low, "dc:", 3) == 0) {
        low[2] = '.';
    } else if (strncmp(low, "dcterm:", 7) == 0 || strncmp(low, "dcterm.", 7) == 0) {
        memmove(low + 7, low + 6, n - 5);
        memcpy(low, "dcterms.", 8);
    } else if (strncmp(low, "dcterms:", 8) == 0) {
        low[7] = '.';
    }

    hit = bsearch(low, rd_meta_keys, sizeof(rd_meta_keys) / sizeof(rd_meta_keys[0]),
                  sizeof(rd_meta_keys[0]), rd_key_cmp);

    /* CMS-specific names: published_on, publishedDate, pub-date ... */
    if (hit == NULL && (strstr(low, "publish") || strstr(low, "pubdate"))
        && !strstr(low, "modif") && !strstr(low, "updat")
        && !strstr(low, "publisher"))
    {
        if (src->slot[RD_S_DATE] == NULL) {
            src->slot[RD_S_DATE] = value;
        }
        return;
    }

    if (hit) {
        int  slot = ((const rd_meta_key_t *) hit)->slot;

        /* an author given as a profile URL, a handle or an id: the next
         * author tag may name the person */
        if ((slot == RD_S_AUTHOR || slot == RD_S_DC_AUTHOR)
            && (rd_meta_is_url(value) || strpbrk(value, "0123456789@")))
        {
            return;
        }

        if (src->slot[slot] == NULL) {
            src->slot[slot] = value;
        }
    }
}


/* Each whitespace-separated key of a property/name/itemprop attribute. */
static void
rd_meta_keys_of(rd_src_t *src, const char *keys, const char *value)
{
    const char  *p = keys, *k;

    while (p && *p) {
        while (*p == ' ' || *p == '\t' || *p == '\n') {
            p++;
        }
        for (k = p; *p && *p != ' ' && *p != '\t' && *p != '\n'; p++) {
            /* one key */
        }
        rd_meta_key(src, k, (size_t) (p - k), value);
    }
}


static void
rd_collect_meta(rd_src_t *src, const xmlNode *n)
{
    const char  *content = rd_attr(n, "content");

    if (content == NULL || *content == '\0') {
        return;
    }

    rd_meta_keys_of(src, rd_attr(n, "property"), content);
    rd_meta_keys_of(src, rd_attr(n, "name"), content);
    rd_meta_keys_of(src, rd_attr(n, "itemprop"), content);
    rd_meta_keys_of(src, rd_attr(n, "http-equiv"), content);
}


/* The <link> relations read, and the slot each fills (the first link of
 * each wins).  The pre-scan keeps no other <link> (rd_meta_link_wanted). */
static const struct {
    const char  *rel;
    int          slot;
} rd_link_rels[] = {
    { "canonical", RD_S_CANONICAL },
    { "image_src", RD_S_LINK_IMAGE },
};


int
rd_meta_link_wanted(const char *rel, size_t len)
{
    size_t  i, k, n;

    for (k = 0; k < sizeof(rd_link_rels) / sizeof(rd_link_rels[0]); k++) {
        n = strlen(rd_link_rels[k].rel);
        for (i = 0; i + n <= len; i++) {
            if (strncasecmp(rel + i, rd_link_rels[k].rel, n) == 0) {
                return 1;
            }
        }
    }

    return 0;
}


static void
rd_collect_link(rd_src_t *src, const xmlNode *n)
{
    const char  *rel = rd_attr(n, "rel"), *href = rd_attr(n, "href");
    size_t       k;

    if (rel == NULL || href == NULL || *href == '\0') {
        return;
    }

    for (k = 0; k < sizeof(rd_link_rels) / sizeof(rd_link_rels[0]); k++) {
        if (rd_has_token(rel, rd_link_rels[k].rel)
            && src->slot[rd_link_rels[k].slot] == NULL)
        {
            src->slot[rd_link_rels[k].slot] = href;
            return;
        }
    }
}


/* The attributes rd_collect reads, found in one pass over an element's
 * (libxml2 keeps the first of repeated names, and HTML has no DTD
 * defaults: what xmlHasProp would find). */
typedef struct {
    const char  *itemprop;
    const char  *class;
    const char  *id;
    const char  *rel;
    const char  *href;
} rd_attrs_t;


static void
rd_attrs(const xmlNode *n, rd_attrs_t *at)
{
    const xmlAttr  *a;
    const char     *name, **slot;

    memset(at, 0, sizeof(*at));

    for (a = n->properties; a; a = a->next) {
        name = (const char *) a->name;

        switch (name[0]) {
        case 'i':
            slot = strcmp(name, "itemprop") == 0 ? &at->itemprop
                   : strcmp(name, "id") == 0 ? &at->id : NULL;
            break;
        case 'c':
            slot = strcmp(name, "class") == 0 ? &at->class : NULL;
            break;
        case 'r':
            slot = strcmp(name, "rel") == 0 ? &at->rel : NULL;
            break;
        case 'h':
            slot = strcmp(name, "href") == 0 ? &at->href : NULL;
            break;
        default:
            slot = NULL;
        }

        if (slot && *slot == NULL && a->children && a->children->content) {
            *slot = (const char *) a->children->content;
        }
    }
}


/* Whether s starts with w (lower-case letters), ASCII case-insensitively. */
static int
rd_starts_ci(const char *s, const char *w)
{
    for ( ; *w; s++, w++) {
        if ((*s | 0x20) != *w) {
            return 0;       /* a letter's case only: w holds letters */
        }
    }
    return 1;
}


/* Whether a class or id value names a byline and not a comment thread:
 * "byline", "author" or "writtenby" and no "comment" (ASCII
 * case-insensitive), in one pass. */
static int
rd_byline_word(const char *v)
{
    int  found = 0;

    for ( ; *v; v++) {
        switch (*v | 0x20) {
        case 'b':
            found |= rd_starts_ci(v, "byline");
            break;
        case 'a':
            found |= rd_starts_ci(v, "author");
            break;
        case 'w':
            found |= rd_starts_ci(v, "writtenby");
            break;
        case 'c':
            if (rd_starts_ci(v, "comment")) {
                return 0;
            }
            break;
        }
    }
    return found;
}


/* class or id naming a byline, outside comment threads. */
static int
rd_byline_class(const rd_attrs_t *at)
{
    return (at->class && rd_byline_word(at->class))
           || (at->id && rd_byline_word(at->id));
}


static int
rd_in_comments(const xmlNode *n)
{
    const char  *v;
    unsigned     depth;

    for (depth = 0; n && n->type == XML_ELEMENT_NODE && depth < 64;
         n = n->parent, depth++)
    {
        if (((v = rd_attr(n, "class")) && rd_contains_ci(v, "comment"))
            || ((v = rd_attr(n, "id")) && rd_contains_ci(v, "comment")))
        {
            return 1;
        }
    }
    return 0;
}


static void
rd_collect_author(rd_src_t *src, uint32_t i, int kind)
{
    if (src->n_authors < RD_AUTHORS) {
        src->authors[src->n_authors] = i;
        src->author_kind[src->n_authors++] = (uint8_t) kind;
    }
}


static void
rd_collect(reader_result_t *r, rd_src_t *src)
{
    const rd_node_t  *st;
    const xmlNode    *n;
    const char       *v;
    rd_attrs_t        at;
    uint32_t          i;
    int               visible;

    src->body = RD_NONE;

    for (i = 0; i < r->n_nodes; i++) {
        st = &r->nodes[i];
        n = st->node;
        visible = !(st->flags & RD_NODE_IN_SKIP);

        /* hidden and head content: only <meta>, <link>, <title>,
         * <script> (dropped tags), <html> and <body> (blocks) matter, and
         * the rest is never read (a large tree stays out of the cache) */
        if (!visible && !(st->tag_flags & (RD_TAG_DROP | RD_TAG_BLOCK))) {
            continue;
        }

        switch (n->name[0]) {
        case 'm':
            if (rd_name_is(n, "meta")) {
                rd_collect_meta(src, n);
                continue;
            }
            break;

        case 'l':
            if (rd_name_is(n, "link")) {
                rd_collect_link(src, n);
                continue;
            }
            break;

        case 't':
            if (rd_name_is(n, "title")) {
                if (src->title == NULL
                    || (n->parent && rd_name_is(n->parent, "head")
                        && !rd_name_is(src->title->parent, "head")))
                {
                    src->title = n;
                }
                continue;
            }
            break;

        case 'h':
            if (rd_name_is(n, "html")) {
                src->html_lang = rd_attr(n, "lang");
                if (src->html_lang == NULL) {
                    src->html_lang = rd_attr(n, "xml:lang");
                }
                src->html_dir = rd_attr(n, "dir");

            } else if ((rd_name_is(n, "h1") || rd_name_is(n, "h2"))
                       && visible && src->n_heads < RD_HEADS && st->wlen)
            {
                src->heads[src->n_heads++] = i;
            }
            break;

        case 'b':
            if (rd_name_is(n, "body") && src->body == RD_NONE) {
                src->body = i;
                src->body_dir = rd_attr(n, "dir");
            }
            break;

        case 's':
            if (!rd_name_is(n, "script")) {
                break;
            }
            /* JSON-LD left in the tree: only while the pre-scan does not
             * harvest it */
            if (r->jsonld.len == 0 && (v = rd_attr(n, "type"))
                && rd_contains_ci(v, "ld+json")
                && n->children && n->children->content)
            {
                v = (const char *) n->children->content;
                rd_meta_ld(r, &src->ld, v, strlen(v));
            }
            continue;
        }

        if (!visible || n->properties == NULL) {
            if (visible && src->n_times < RD_TIMES && rd_name_is(n, "time")) {
                src->time_microdata[src->n_times] = 0;
                src->times[src->n_times++] = i;
            }
            continue;
        }

        rd_attrs(n, &at);

        v = at.itemprop;
        if (v && rd_has_token(v, "author")) {
            rd_collect_author(src, i, RD_AUTHOR_ITEMPROP);
        }

        if (src->n_times < RD_TIMES
            && ((v && rd_has_token(v, "datePublished"))
                || rd_name_is(n, "time")))
        {
            src->time_microdata[src->n_times] = v
                                                && rd_has_token(v, "datePublished");
            src->times[src->n_times++] = i;
        }

        if (st->wlen == 0 || st->wlen > 300 || src->n_authors == RD_AUTHORS) {
            continue;
        }

        if (rd_name_is(n, "a") && (v = at.rel) && rd_has_token(v, "author")) {
            rd_collect_author(src, i, RD_AUTHOR_REL);

        } else if (rd_byline_class(&at) && !rd_in_comments(n)) {
            rd_collect_author(src, i, RD_AUTHOR_CLASS);

        } else if (rd_name_is(n, "a") && (v = at.href)
                   && (rd_contains_ci(v, "author/")
                       || rd_contains_ci(v, "authors/")
                       || rd_contains_ci(v, "author="))
                   && !rd_in_comments(n))
        {
            rd_collect_author(src, i, RD_AUTHOR_LINK);
        }
    }

    /* JSON-LD harvested by the pre-scan: NUL-separated script bodies */
    if (r->jsonld.len) {
        const char  *p = (const char *) r->jsonld.data;
        const char  *end = p + r->jsonld.len;
        size_t       len;

        while (p < end) {
            len = strnlen(p, (size_t) (end - p));
            rd_meta_ld(r, &src->ld, p, len);
            p += len + 1;
        }
    }
}


/* ---- title -------------------------------------------------------------- */

/* application-name is a site's short name; some pages put the title there. */
static const char *
rd_app_name(const rd_src_t *src)
{
    const char  *v = src->slot[RD_S_APP_NAME];

    return v && rd_wlen(v, strlen(v)) <= 40 ? v : NULL;
}


/* Dice similarity of two strings' folded forms, over byte pairs hashed
 * into a small table (CJK characters share their lead bytes, which only
 * adds a little to every score alike). */
static double
rd_similarity(const char *a, const char *b)
{
    uint8_t  ca[512], cb[512];
    char     fa[512], fb[512];
    size_t   na, nb, i, common = 0;

    na = rd_fold(a, strlen(a), fa, sizeof(fa));
    nb = rd_fold(b, strlen(b), fb, sizeof(fb));
    if (na < 2 || nb < 2) {
        return 0;
    }

    memset(ca, 0, sizeof(ca));
    memset(cb, 0, sizeof(cb));
    for (i = 0; i + 1 < na; i++) {
        uint8_t  *c = &ca[((unsigned char) fa[i] * 31u + (unsigned char) fa[i + 1]) % 512];

        *c += *c < 255;
    }
    for (i = 0; i + 1 < nb; i++) {
        uint8_t  *c = &cb[((unsigned char) fb[i] * 31u + (unsigned char) fb[i + 1]) % 512];

        *c += *c < 255;
    }
    for (i = 0; i < 512; i++) {
        common += ca[i] < cb[i] ? ca[i] : cb[i];
    }

    return 2.0 * (double) common / (double) (na - 1 + nb - 1);
}

typedef struct {
    size_t      start;          /* of the part */
    size_t      end;
} rd_part_t;

#define RD_PARTS  8


/* Separator at s[i] (with its surrounding spaces): its length, or 0.
 * colon: also ": " (only for site names and headings). */
static size_t
rd_title_sep(const char *s, size_t len, size_t i, int colon)
{
    static const char  *always[] = {
        "|", "\xef\xbd\x9c" /* ｜ */, "\xe4\xb8\xa8" /* 丨 */, "_", "::",
        "\xc2\xbb" /* » */, "--", "\xe2\x80\x94\xe2\x80\x94" /* —— */, NULL
    };
    static const char  *spaced[] = {
        "-", "\xe2\x80\x94" /* — */, "\xe2\x80\x93" /* – */,
        "\xc2\xb7" /* · */, "/", NULL
    };
    const char  **sep;
    size_t        n;
    int           before, after;

    /* every separator starts with one of these bytes */
    switch ((unsigned char) s[i]) {
    case '|': case '_': case ':': case '-': case '/':
    case 0xc2: case 0xe2: case 0xe4: case 0xef:
        break;
    default:
        return 0;
    }

    for (sep = always; *sep; sep++) {
        n = strlen(*sep);
        if (len - i >= n && memcmp(s + i, *sep, n) == 0) {
            return n;
        }
    }

    before = i > 0 && s[i - 1] == ' ';
    for (sep = spaced; *sep; sep++) {
        n = strlen(*sep);
        if (len - i >= n && memcmp(s + i, *sep, n) == 0) {
            after = i + n < len && s[i + n] == ' ';
            /* a dash between CJK characters separates without spaces */
            if ((before && after)
                || (n > 1 && i >= 3 && (unsigned char) s[i - 1] >= 0x80
                    && i + n < len && (unsigned char) s[i + n] >= 0x80))
            {
                return n;
            }
            if (n == 1 && s[i] == '-' && i >= 3 && i + 1 < len
                && (unsigned char) s[i - 1] >= 0x80
                && (unsigned char) s[i + 1] >= 0x80)
            {
                return 1;
            }
        }
    }

    if (colon && s[i] == ':' && i + 1 < len && s[i + 1] == ' ') {
        return 1;
    }
    return 0;
}


/* Splits a title at its separators; returns the number of parts. */
static size_t
rd_title_split(const char *s, size_t len, int colon, rd_part_t *parts)
{
    size_t  i, n = 0, start = 0, k;

    for (i = 0; i < len && n + 1 < RD_PARTS; ) {
        k = rd_title_sep(s, len, i, colon);
        if (k == 0) {
            i++;
            continue;
        }
        if (i > start) {
            parts[n].start = start;
            parts[n].end = i;
            n++;
        }
        i += k;
        start = i;
    }

    if (len > start) {
        parts[n].start = start;
        parts[n].end = len;
        n++;
    }

    /* parts lose their spaces */
    for (i = 0; i < n; i++) {
        while (parts[i].start < parts[i].end && s[parts[i].start] == ' ') {
            parts[i].start++;
        }
        while (parts[i].end > parts[i].start && s[parts[i].end - 1] == ' ') {
            parts[i].end--;
        }
    }
    return n;
}


/* The host's main label: "www.nytimes.com" -> "nytimes". */
static size_t
rd_host_label(const char *url, char *out, size_t size)
{
    const char  *h, *e, *dot, *p;
    size_t       n;

    if (url == NULL || (h = strstr(url, "://")) == NULL) {
        return 0;
    }
    h += 3;
    for (e = h; *e && *e != '/' && *e != ':' && *e != '?' && *e != '#'; e++) {
        /* the host */
    }

    /* the label before the last dot, skipping two-letter second levels
     * such as co.uk and com.cn */
    dot = NULL;
    for (p = e; p > h; p--) {
        if (p[-1] == '.') {
            if (dot == NULL) {
                dot = p - 1;
            } else if (dot - p > 3 || (dot - p == 3 && memcmp(p, "com", 3) != 0
                                        && memcmp(p, "net", 3) != 0
                                        && memcmp(p, "org", 3) != 0
                                        && memcmp(p, "gov", 3) != 0
                                        && memcmp(p, "edu", 3) != 0))
            {
                break;
            } else {
                dot = p - 1;
            }
        }
    }
    if (dot == NULL) {
        return 0;
    }

    n = rd_fold(p, (size_t) (dot - p), out, size);
    return n >= 4 ? n : 0;
}


typedef struct {
    char        fold[4][128];   /* site names, folded */
    size_t      n;
    char        host[64];
    size_t      host_len;
} rd_sites_t;


static int
rd_site_like(const rd_sites_t *sites, const char *s, size_t len)
{
    char    f[256];
    size_t  n, i;

    n = rd_fold(s, len, f, sizeof(f));
    if (n == 0) {
        return 0;
    }

    for (i = 0; i < sites->n; i++) {
        if (strcmp(f, sites->fold[i]) == 0
            || (n >= 3 && strstr(sites->fold[i], f)))
        {
            return 1;
        }
    }

    /* the host's label, alone or with a word or two around it */
    return sites->host_len
           && ((n >= 4 && strstr(sites->host, f))
               || (n <= sites->host_len + 8 && strstr(f, sites->host)));
}


static int
rd_fold_eq(const char *a, size_t alen, const char *fb)
{
    char  f[1024];

    return rd_fold(a, alen, f, sizeof(f)) > 0 && strcmp(f, fb) == 0;
}


/*
 * The title without the site's name: the part a heading repeats, else the
 * parts left when site-like ends and short trailing parts are removed.
 */
static const char *
rd_title_clean(reader_result_t *r, const rd_src_t *src,
    const rd_sites_t *sites, const char *t)
{
    rd_part_t   parts[RD_PARTS];
    char        head[1024], fh[1024];
    size_t      len = strlen(t), n, i, first, last, hl, best = 0, bf = 0;

    /* a heading that repeats the title, or a run of its parts at one end
     * (an h2 only its start), names the article; the longest such run
     * wins over logos and section names */
    n = rd_title_split(t, len, 1, parts);

    for (i = 0; i < src->n_heads; i++) {
        const xmlNode  *h = r->nodes[src->heads[i]].node;

        hl = rd_text(h, 1, 0, head, sizeof(head));
        if (rd_fold(head, hl, fh, sizeof(fh)) == 0
            || rd_site_like(sites, head, hl))
        {
            continue;
        }
        if (rd_fold_eq(t, len, fh)) {
            return t;
        }

        for (first = 0; n > 1 && first < n; first++) {
            for (last = first; last < n; last++) {
                size_t  run = parts[last].end - parts[first].start;

                if ((first == 0 || (last == n - 1 && rd_name_is(h, "h1")))
                    && !(first == 0 && last == n - 1) && run > best
                    && rd_fold_eq(t + parts[first].start, run, fh))
                {
                    best = run;
                    bf = parts[first].start;
                }
            }
        }
    }

    if (best) {
        return rd_meta_clean(&r->arena, t + bf, best, RD_META_TITLE_MAX, 0);
    }

    /* site-like ends, colons included ("Blog Name: Post") */
    n = rd_title_split(t, len, 1, parts);
    first = 0;
    last = n ? n - 1 : 0;
    while (last > first
           && rd_site_like(sites, t + parts[last].start,
                           parts[last].end - parts[last].start))
    {
        last--;
    }
    while (first < last
           && rd_site_like(sites, t + parts[first].start,
                           parts[first].end - parts[first].start))
    {
        first++;
    }

    if (first > 0 || last + 1 < n) {
        t = rd_meta_clean(&r->arena, t + parts[first].start,
                          parts[last].end - parts[first].start,
                          RD_META_TITLE_MAX, 0);
        if (t == NULL) {
            return NULL;
        }
        len = strlen(t);
    }

    /* short trailing parts name sections and sites: "Title - Section";
     * one in lower case goes on with the title ("ATF - an async ...") */
    n = rd_title_split(t, len, 0, parts);
    last = n ? n - 1 : 0;
    while (last > 0
           && !(t[parts[last].start] >= 'a' && t[parts[last].start] <= 'z')
           && rd_wlen(t + parts[last].start,
                      parts[last].end - parts[last].start) <= 32
           && rd_wlen(t, parts[last - 1].end) >= 10)
    {
        last--;
    }

    if (last + 1 < n) {
        return rd_meta_clean(&r->arena, t, parts[last].end, RD_META_TITLE_MAX, 0);
    }
    return t;
}


static void
rd_sites_init(reader_result_t *r, const rd_src_t *src, rd_sites_t *sites)
{
    const char  *names[4];
    size_t       i;

    names[0] = r->meta.site_name;
    names[1] = src->ld.publisher;
    names[2] = rd_app_name(src);
    names[3] = src->ld.site;

    for (i = 0; i < 4; i++) {
        if (names[i]
            && rd_fold(names[i], strlen(names[i]), sites->fold[sites->n],
                       sizeof(sites->fold[0])))
        {
            sites->n++;
        }
    }

    sites->host_len = rd_host_label(r->opt.url ? r->opt.url
                                               : src->slot[RD_S_OG_URL],
                                    sites->host, sizeof(sites->host));
}


static void
rd_meta_title(reader_result_t *r, const rd_src_t *src)
{
    const char  *cands[5], *t;
    char         buf[1024];
    rd_sites_t   sites;
    size_t       i, n;

    memset(&sites, 0, sizeof(sites));
    rd_sites_init(r, src, &sites);

    cands[0] = src->ld.title;
    cands[1] = src->slot[RD_S_OG_TITLE];
    cands[2] = src->slot[RD_S_TW_TITLE];
    cands[3] = src->slot[RD_S_DC_TITLE];
    cands[4] = NULL;

    if (src->title) {
        n = rd_text(src->title, 1, 0, buf, sizeof(buf));
        cands[4] = rd_meta_clean(&r->arena, buf, n, 1000, 0);
    }

    /* a JSON-LD headline and name that differ: the one like the page's
     * title (some sites put a description or the site in one of them) */
    t = cands[4] ? cands[4] : cands[1];
    if (src->ld.name && src->ld.title && t
        && strcmp(src->ld.name, src->ld.title) != 0
        && rd_similarity(src->ld.name, t) > rd_similarity(src->ld.title, t))
    {
        cands[0] = src->ld.name;
    }

    for (i = 0; i < 5; i++) {
        t = rd_meta_str(&r->arena, cands[i], 1000);
        if (t == NULL || rd_site_like(&sites, t, strlen(t))) {
            continue;       /* og:title is sometimes the site's name */
        }
        if ((t = rd_title_clean(r, src, &sites, t))) {
            r->meta.title = rd_meta_str(&r->arena, t, RD_META_TITLE_MAX);
            return;
        }
    }

    if (src->n_heads) {
        n = rd_text(r->nodes[src->heads[0]].node, 1, 0, buf, sizeof(buf));
        r->meta.title = rd_meta_clean(&r->arena, buf, n, RD_META_TITLE_MAX, 0);
    }
}


/* ---- the title on the page ------------------------------------------------ */

/*
 * The element that shows the title: a heading or block whose text is the
 * title.  Bylines and dates are read from the lines that follow it.
 */
static const xmlNode *
rd_meta_anchor(reader_result_t *r, const rd_src_t *src)
{
    const rd_node_t  *st;
    char              ft[1024], buf[1024];
    uint32_t          i, tw;
    size_t            n, tries = 0;

    if (r->meta.title == NULL || src->body == RD_NONE) {
        return src->n_heads ? r->nodes[src->heads[0]].node : NULL;
    }

    rd_fold(r->meta.title, strlen(r->meta.title), ft, sizeof(ft));
    tw = rd_wlen(r->meta.title, strlen(r->meta.title));

    for (i = src->body; i < r->n_nodes && tries < 64; i++) {
        st = &r->nodes[i];
        if ((st->flags & RD_NODE_IN_SKIP) || st->wlen + 4 < tw
            || st->wlen > tw + 4)
        {
            continue;
        }

        tries++;
        n = rd_text(st->node, 1, 0, buf, sizeof(buf));
        if (rd_fold_eq(buf, n, ft)) {
            return st->node;
        }
    }

    return src->n_heads ? r->nodes[src->heads[0]].node : NULL;
}


/* ---- byline ------------------------------------------------------------- */

/* A byline value without the punctuation templates leave around an empty
 * field (", USA TODAY"). */
static const char *
rd_byline_value(reader_result_t *r, const char *s, size_t len)
{
    while (len && *s && strchr(" ,;:|-", *s)) {
        s++;
        len--;
    }
    while (len && s[len - 1] && strchr(" ,;:|-", s[len - 1])) {
        len--;
    }
    return rd_meta_clean(&r->arena, s, len, RD_META_BYLINE_MAX, 0);
}


/* A byline from a short text: the name a byline line gives, else the
 * text itself when it is a name as a whole. */
static const char *
rd_byline_text(reader_result_t *r, const char *s, size_t len)
{
    const char  *name;
    size_t       n;

    if (rd_meta_byline_rank(s, len, &name, &n) == 2) {
        return rd_byline_value(r, name, n);
    }
    if (rd_meta_name_like(s, len)) {
        return rd_byline_value(r, s, len);
    }

    /* "Amy Lee | Example Media" */
    name = memchr(s, '|', len);
    if (name && rd_meta_name_like(s, (size_t) (name - s))) {
        return rd_byline_value(r, s, (size_t) (name - s));
    }
    return NULL;
}


/* rel=author, itemprop=author, a byline class, an author page link: the
 * element's text as one line ("By Jane Doe"), else its first lines. */
static const char *
rd_byline_markup(reader_result_t *r, const rd_src_t *src)
{
    const xmlNode  *node, *c;
    const char     *v, *p, *end, *nl;
    char            buf[256];
    size_t          i, n, line;
    int             kind;

    for (kind = RD_AUTHOR_REL; kind <= RD_AUTHOR_LINK; kind++) {
        for (i = 0; i < src->n_authors; i++) {
            if (src->author_kind[i] != kind) {
                continue;
            }
            node = r->nodes[src->authors[i]].node;

            n = rd_text(node, 1, 0, buf, sizeof(buf));
            if (n == 0 || n + 16 >= sizeof(buf)) {
                continue;
            }
            if ((v = rd_byline_text(r, buf, n))) {
                return v;
            }

            n = rd_text(node, 1, 1, buf, sizeof(buf));
            for (p = buf, end = buf + n, line = 0; p < end && line < 4;
                 p = nl + 1, line++)
            {
                nl = memchr(p, '\n', (size_t) (end - p));
                if (nl == NULL) {
                    nl = end;
                }
                if ((v = rd_byline_text(r, p, (size_t) (nl - p)))) {
                    return v;
                }
            }

            /* "<a>Name</a> (with Other Name)": the first child's text */
            for (c = node->children; c && c->type != XML_ELEMENT_NODE;
                 c = c->next)
            {
                /* to the first element */
            }
            if (c && (n = rd_text(c, 1, 0, buf, sizeof(buf)))
                && (v = rd_byline_text(r, buf, n)))
            {
                return v;
            }
        }
    }
    return NULL;
}


/* ---- the lines after the title -------------------------------------------- */

typedef struct {
    const char  *byline;
    const char  *editor;
    const char  *date;
} rd_lines_t;


/* The first byline (and the first editor line before it) and the first
 * date on the lines that follow the anchor, each only when wanted. */
static void
rd_meta_lines(reader_result_t *r, const rd_src_t *src, const xmlNode *anchor,
    int want_byline, int want_date, rd_lines_t *found)
{
    const xmlNode  *start = anchor;
    const char     *p, *end, *nl, *name;
    char            buf[RD_LINES];
    size_t          n, nlen;
    int             rank;

    if (start == NULL) {
        if (src->body == RD_NONE) {
            return;
        }
        start = r->nodes[src->body].node;
    }

    n = rd_text(start, 0, 1, buf, sizeof(buf));

    for (p = buf, end = buf + n; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t) (end - p));
        if (nl == NULL) {
            nl = end;
        }

        if (want_byline && found->byline == NULL) {
            rank = rd_meta_byline_rank(p, (size_t) (nl - p), &name, &nlen);
            if (rank == 2) {
                found->byline = rd_meta_clean(&r->arena, name, nlen,
                                              RD_META_BYLINE_MAX, 0);
            } else if (rank == 1 && found->editor == NULL) {
                found->editor = rd_meta_clean(&r->arena, name, nlen,
                                              RD_META_BYLINE_MAX, 0);
            }
        }

        if (want_date && found->date == NULL) {
            found->date = rd_meta_date_from_text(&r->arena, p,
                                                 (size_t) (nl - p));
        }

        if ((found->byline || !want_byline) && (found->date || !want_date)) {
            break;
        }
    }
}


/* ---- published ---------------------------------------------------------- */

static const char *
rd_date_of(reader_result_t *r, const char *s)
{
    return s ? rd_meta_date_from_text(&r->arena, s, strlen(s)) : NULL;
}


/* A <time> or itemprop=datePublished element's date. */
static const char *
rd_time_date(reader_result_t *r, const xmlNode *n)
{
    const char  *v;
    char         buf[256];
    size_t       len;

    if ((v = rd_attr(n, "datetime")) || (v = rd_attr(n, "content"))) {
        return rd_date_of(r, v);
    }
    len = rd_text(n, 1, 0, buf, sizeof(buf));
    return rd_meta_date_from_text(&r->arena, buf, len);
}


static const char *
rd_meta_time(reader_result_t *r, const rd_src_t *src, const xmlNode *anchor)
{
    const char  *v;
    uint32_t     after = anchor ? rd_node_index(anchor) : RD_NONE;
    size_t       i;
    int          pass;

    /* microdata first; then the first <time> after the title, then any
     * outside boilerplate */
    for (i = 0; i < src->n_times; i++) {
        if (src->time_microdata[i]
            && (v = rd_time_date(r, r->nodes[src->times[i]].node)))
        {
            return v;
        }
    }

    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < src->n_times; i++) {
            const rd_node_t  *st = &r->nodes[src->times[i]];

            if (pass == 0 && (after == RD_NONE || src->times[i] < after)) {
                continue;
            }
            if (pass == 1 && (st->flags & RD_NODE_IN_BOILER)) {
                continue;
            }
            if ((v = rd_time_date(r, st->node))) {
                return v;
            }
        }
    }
    return NULL;
}


/* ---- language, direction, URLs ------------------------------------------ */

/* A BCP 47 tag from "en_US", "zh-CN, en", " EN ". */
static const char *
rd_lang_tag(reader_result_t *r, const char *s)
{
    char    buf[36];
    size_t  n = 0;

    if (s == NULL) {
        return NULL;
    }
    while (*s == ' ') {
        s++;
    }
    for ( ; *s && n + 1 < sizeof(buf); s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
            || (*s >= '0' && *s <= '9'))
        {
            buf[n++] = *s;
        } else if (*s == '-' || *s == '_') {
            buf[n++] = '-';
        } else {
            break;
        }
    }
    while (n && buf[n - 1] == '-') {
        n--;
    }
    if (n < 2) {
        return NULL;
    }
    return rd_arena_strndup(&r->arena, buf, n);
}


static void
rd_meta_lang(reader_result_t *r, const rd_src_t *src)
{
    static const char  *rtl[] = {
        "ar", "he", "iw", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", NULL
    };
    const char         *d, **l;
    size_t              n;

    r->meta.lang = rd_lang_tag(r, src->html_lang);
    if (r->meta.lang == NULL) {
        r->meta.lang = rd_lang_tag(r, src->slot[RD_S_CONTENT_LANG]);
    }
    if (r->meta.lang == NULL) {
        r->meta.lang = rd_lang_tag(r, src->slot[RD_S_LOCALE]);
    }

    d = src->html_dir;
    if (d == NULL || (strcasecmp(d, "rtl") != 0 && strcasecmp(d, "ltr") != 0)) {
        d = src->body_dir;
    }
    if (d && strcasecmp(d, "rtl") == 0) {
        r->meta.dir = "rtl";
        return;
    }
    if (d && strcasecmp(d, "ltr") == 0) {
        r->meta.dir = "ltr";
        return;
    }

    r->meta.dir = "ltr";
    if (r->meta.lang) {
        n = strcspn(r->meta.lang, "-");
        for (l = rtl; *l; l++) {
            if (strlen(*l) == n && strncasecmp(r->meta.lang, *l, n) == 0) {
                r->meta.dir = "rtl";
                break;
            }
        }
    }
}


static const char *
rd_meta_url(reader_result_t *r, const char *ref, int is_image)
{
    const char  *u;

    ref = rd_meta_str(&r->arena, ref, 4096);
    if (ref == NULL) {
        return NULL;
    }
    u = rd_url_resolve(&r->arena, r->base_url, ref);
    return u && rd_url_allowed(u, is_image) ? u : NULL;
}


/* ---- extraction ---------------------------------------------------------- */

static const char *
rd_first(const char *const *v, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if (v[i]) {
            return v[i];
        }
    }
    return NULL;
}


/* The byline from structured data, else from author markup. */
static void
rd_meta_byline(reader_result_t *r, const rd_src_t *src)
{
    const char  *v[2];
    size_t       i;

    /* structured data, JSON-LD then <meta> (Dublin Core first): "By Name"
     * parsed, other values kept as given */
    v[0] = src->ld.author;
    v[1] = src->slot[RD_S_DC_AUTHOR] ? src->slot[RD_S_DC_AUTHOR]
                                     : src->slot[RD_S_AUTHOR];

    for (i = 0; i < 2 && r->meta.byline == NULL; i++) {
        if (v[i]) {
            r->meta.byline = rd_byline_text(r, v[i], strlen(v[i]));
            if (r->meta.byline == NULL) {
                r->meta.byline = rd_byline_value(r, v[i], strlen(v[i]));
            }
        }
    }

    if (r->meta.byline == NULL) {
        r->meta.byline = rd_byline_markup(r, src);
    }
}


void
rd_meta_extract(reader_result_t *r)
{
    rd_src_t        src;
    rd_lines_t      lines = { NULL, NULL, NULL };
    const xmlNode  *anchor;
    const char     *v[4];
    size_t          i;

    if (r->doc == NULL || r->nodes == NULL) {
        return;
    }

    memset(&src, 0, sizeof(src));
    rd_collect(r, &src);

    v[0] = src.slot[RD_S_SITE];
    v[1] = src.ld.publisher;
    v[2] = rd_app_name(&src);
    v[3] = src.ld.site;
    r->meta.site_name = rd_meta_str(&r->arena, rd_first(v, 4), RD_META_BYLINE_MAX);

    rd_meta_title(r, &src);
    rd_meta_lang(r, &src);

    r->meta.url = rd_meta_url(r, src.slot[RD_S_CANONICAL], 0);
    if (r->meta.url == NULL) {
        r->meta.url = rd_meta_url(r, src.slot[RD_S_OG_URL], 0);
    }
    if (r->meta.url == NULL) {
        r->meta.url = r->opt.url;
    }

    v[0] = src.slot[RD_S_OG_IMAGE];
    v[1] = src.slot[RD_S_TW_IMAGE];
    v[2] = src.ld.image;
    v[3] = src.slot[RD_S_LINK_IMAGE];
    for (i = 0; i < 4 && r->meta.lead_image == NULL; i++) {
        r->meta.lead_image = v[i] ? rd_meta_url(r, v[i], 1) : NULL;
    }

    v[0] = src.slot[RD_S_DESC];
    v[1] = src.slot[RD_S_OG_DESC];
    v[2] = src.slot[RD_S_TW_DESC];
    v[3] = src.ld.description;
    for (i = 0; i < 4 && r->meta.excerpt == NULL; i++) {
        r->meta.excerpt = v[i] ? rd_meta_clean(&r->arena, v[i], strlen(v[i]),
                                               300, RD_CLEAN_ELLIPSIS)
                               : NULL;
    }

    r->article_hint = src.ld.article
                      || (src.slot[RD_S_OG_TYPE]
                          && strcasecmp(src.slot[RD_S_OG_TYPE], "article") == 0);

    anchor = rd_meta_anchor(r, &src);
    rd_meta_byline(r, &src);

    r->meta.published = rd_date_of(r, src.ld.published);
    if (r->meta.published == NULL) {
        r->meta.published = rd_date_of(r, src.slot[RD_S_PUBLISHED]);
    }
    if (r->meta.published == NULL) {
        r->meta.published = rd_date_of(r, src.slot[RD_S_DATE]);
    }
    if (r->meta.published == NULL) {
        r->meta.published = rd_meta_time(r, &src, anchor);
    }
    if (r->meta.published == NULL) {
        r->meta.published = rd_date_of(r, src.ld.page_date);
    }

    /* the visible lines after the title: the last resort of both */
    if (r->meta.byline && r->meta.published) {
        return;
    }

    rd_meta_lines(r, &src, anchor, r->meta.byline == NULL,
                  r->meta.published == NULL, &lines);

    if (r->meta.byline == NULL) {
        r->meta.byline = lines.byline;
        /* an editor only when the article names no author
         * (rd_meta_finish) */
        r->editor = lines.editor;
    }
    if (r->meta.published == NULL) {
        r->meta.published = lines.date;
    }
}


/* ---- after content selection ---------------------------------------------- */

/* Bylines and dates on the lines of a span (at most max lines), for the
 * fields still empty; dates only on short lines, as prose mentions dates. */
static void
rd_near_lines(reader_result_t *r, const char *p, const char *end, size_t max)
{
    const char  *nl, *name;
    size_t       n, lines;

    for (lines = 0; p < end && lines < max; p = nl + 1, lines++) {
        nl = memchr(p, '\n', (size_t) (end - p));
        if (nl == NULL) {
            nl = end;
        }
        if (nl == p) {
            continue;
        }

        if (r->meta.byline == NULL
            && rd_meta_byline_rank(p, (size_t) (nl - p), &name, &n) == 2)
        {
            r->meta.byline = rd_byline_value(r, name, n);
        }

        if (r->meta.published == NULL && nl - p < 160) {
            r->meta.published = rd_meta_date_from_text(&r->arena, p,
                                                       (size_t) (nl - p));
        }
    }
}


/*
 * A byline or date stated next to the article, for pages whose markup
 * gives none: in its first or last blocks ("（记者 胡晓蓉）" closes many
 * Chinese news stories), or in the lines right after it ("发表于:…" under
 * a blog post).  The editor is the byline of last resort.
 */
static void
rd_meta_near(reader_result_t *r, const reader_buf_t *text)
{
    const char     *s = (const char *) text->data, *p;
    const char     *end = s ? s + text->len : s;
    const xmlNode  *n;
    char            buf[1024];
    size_t          blocks, len;

    if (s && text->len) {
        for (p = s, blocks = 0; p < end && blocks < 3; blocks++) {
            p = strstr(p, "\n\n");
            p = p ? p + 2 : end;
        }
        rd_near_lines(r, s, p, 12);

        for (p = end, blocks = 0; p > s && blocks < 3; blocks++) {
            for (p--; p > s && !(p[0] == '\n' && p[-1] == '\n'); p--) {
                /* back to the previous blank line */
            }
        }
        rd_near_lines(r, p, end, 12);
    }

    if (r->n_content && (r->meta.byline == NULL || r->meta.published == NULL)) {
        for (n = r->content[r->n_content - 1]; n && n->next == NULL;
             n = n->parent)
        {
            /* up to the first ancestor with a following sibling */
        }
        if (n && n->next) {
            len = rd_text(n->next, 0, 1, buf, sizeof(buf));
            rd_near_lines(r, buf, buf + len, 6);
        }
    }

    if (r->meta.byline == NULL) {
        r->meta.byline = r->editor;
    }
}


/* A date in the page's URL ("/2025/04/16/slug"): the date of last resort. */
static const char *
rd_url_date(reader_result_t *r)
{
    const char  *u = r->meta.url ? r->meta.url : r->opt.url, *path, *d;
    char         day[11];

    if (u == NULL || (path = strstr(u, "://")) == NULL
        || (path = strchr(path + 3, '/')) == NULL)
    {
        return NULL;
    }

    d = rd_meta_date_from_text(&r->arena, path, strlen(path));
    if (d == NULL || strlen(d) < 10) {
        return NULL;
    }
    memcpy(day, d, 10);
    day[10] = '\0';
    return rd_arena_strdup(&r->arena, day);
}


/* Characters a minute for CJK scripts, by language. */
static unsigned
rd_cjk_rate(const char *lang)
{
    if (lang && strncasecmp(lang, "ja", 2) == 0) {
        return 400;
    }
    return 500;
}


/* The first real paragraph of the text output (blocks are separated by
 * blank lines): the first with a sentence's length, else the first. */
static const char *
rd_first_paragraph(reader_result_t *r, const reader_buf_t *text)
{
    const char  *p, *end, *e, *first = NULL, *first_end = NULL;

    if (text->data == NULL) {
        return NULL;
    }

    for (p = (const char *) text->data, end = p + text->len; p < end; p = e) {
        e = strstr(p, "\n\n");
        if (e == NULL) {
            e = end;
        }

        if (e > p && first == NULL) {
            first = p;
            first_end = e;
        }
        if (rd_wlen(p, (size_t) (e - p)) >= 80) {
            return rd_meta_clean(&r->arena, p, (size_t) (e - p), 200,
                                 RD_CLEAN_ELLIPSIS);
        }

        while (e < end && *e == '\n') {
            e++;
        }
    }

    return first ? rd_meta_clean(&r->arena, first, (size_t) (first_end - first),
                                 200, RD_CLEAN_ELLIPSIS)
                 : NULL;
}


/*
 * confidence = 0.35 * min(1, text / 2000)       enough article text
 *            + 0.25 * (1 - link density)         prose, not a link list
 *            + 0.20 * text / page text           the article is the page
 *            + 0.10 if JSON-LD or og:type says it is an article
 *            + 0.10 if the scorer took it for an article
 * with text the weighted length (CJK x3) of the chosen content.
 */
static double
rd_confidence(const reader_result_t *r)
{
    const rd_node_t  *st;
    rd_measure_t      m;
    double            wlen = 0, links = 0, page, c;
    uint32_t          idx;
    size_t            i;

    for (i = 0; i < r->n_content; i++) {
        const xmlNode  *n = r->content[i];

        idx = rd_node_index(n);
        if (n->type == XML_ELEMENT_NODE && idx != RD_NONE) {
            st = &r->nodes[idx];
            wlen += st->wlen;
            links += st->link_wlen;

        } else if (n->type == XML_TEXT_NODE && n->content) {
            memset(&m, 0, sizeof(m));
            rd_measure(n->content, strlen((const char *) n->content), &m);
            wlen += m.wlen;
        }
    }

    if (wlen <= 0) {
        return 0;
    }

    page = r->n_nodes ? r->nodes[0].wlen : 0;
    if (page < wlen) {
        page = wlen;
    }

    c = 0.35 * (wlen >= 2000 ? 1 : wlen / 2000)
        + 0.25 * (1 - links / wlen)
        + 0.20 * (wlen / page)
        + (r->article_hint ? 0.10 : 0)
        + (r->meta.is_article ? 0.10 : 0);

    return c < 0 ? 0 : (c > 1 ? 1 : c);
}


void
rd_meta_finish(reader_result_t *r)
{
    reader_buf_t  text = { 0 };
    rd_measure_t  m = { 0 };
    double        minutes;

    rd_render_text(r, &text);
    if (text.data) {
        rd_measure(text.data, text.len, &m);
    }

    r->meta.word_count = (size_t) m.words + m.cjk;

    minutes = m.words / 230.0 + (double) m.cjk / rd_cjk_rate(r->meta.lang);
    r->meta.reading_minutes = minutes < 1.5 ? 1 : (unsigned) (minutes + 0.5);

    if (r->meta.excerpt == NULL) {
        r->meta.excerpt = rd_first_paragraph(r, &text);
    }

    rd_meta_near(r, &text);
    if (r->meta.published == NULL) {
        r->meta.published = rd_url_date(r);
    }

    r->meta.confidence = rd_confidence(r);
    reader_buf_free(&text);
}
