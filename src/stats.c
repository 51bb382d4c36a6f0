/*
 * Per-element statistics in one iterative pass (no recursion: the tree can
 * be as deep as libxml2 allows).  Children are summed into their parents
 * on the way up, so every later stage reads counts instead of walking text.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"


/* Substrings of class/id values, after Readability's lists, widened with
 * the Chinese CMS vocabulary (pinyin and English) seen on news sites. */
static const char  *rd_positive[] = {
    "article", "body", "content", "entry", "hentry", "h-entry", "main",
    "page", "post", "text", "blog", "story", "zhengwen", "neirong",
    "wenzhang", "artibody", "endtext", "rich_media", "detail", NULL
};

static const char  *rd_negative[] = {
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact",
    "foot", "masthead", "media", "meta", "outbrain", "promo", "related",
    "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
    "shopping", "tags", "tool", "widget", "pinglun", "fenxiang",
    "xiangguan", "tuijian", "recommend", "copyright", "banquan", "qrcode",
    "erweima", "download", "breadcrumb", "subscribe", "newsletter", NULL
};

static const char  *rd_unlikely[] = {
    "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment",
    "community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
    "header", "legends", "menu", "related", "remark", "replies", "rss",
    "shoutbox", "sidebar", "skyscraper", "social", "sponsor",
    "supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
    "yom-remote", "share", "navbar", "topbar", "sticky", NULL
};

static const char  *rd_maybe[] = {
    "and", "article", "body", "column", "content", "main", "mathjax",
    "shadow", NULL
};


static int
rd_has_any(const char *s, const char **list)
{
    for ( ; *list; list++) {
        if (strstr(s, *list)) {
            return 1;
        }
    }
    return 0;
}


/* class + " " + id, lower-cased into buf; returns its length. */
static size_t
rd_class_id(const xmlNode *node, char *buf, size_t size)
{
    const xmlAttr  *a;
    size_t          n = 0, i;

    for (a = node->properties; a; a = a->next) {
        const char  *name = (const char *) a->name;
        const char  *v;

        if (strcmp(name, "class") != 0 && strcmp(name, "id") != 0) {
            continue;
        }
        if (a->children == NULL || a->children->content == NULL) {
            continue;
        }

        v = (const char *) a->children->content;
        if (n && n + 1 < size) {
            buf[n++] = ' ';
        }
        for (i = 0; v[i] && n + 1 < size; i++) {
            buf[n++] = (char) ((v[i] >= 'A' && v[i] <= 'Z') ? v[i] + 32 : v[i]);
        }
    }

    buf[n] = '\0';
    return n;
}


static const char *
rd_attr(const xmlNode *node, const char *name)
{
    const xmlAttr  *a;

    for (a = node->properties; a; a = a->next) {
        if (strcasecmp((const char *) a->name, name) == 0) {
            return a->children && a->children->content
                   ? (const char *) a->children->content : "";
        }
    }
    return NULL;
}


static int
rd_style_hides(const char *style)
{
    char    buf[256];
    size_t  n = 0;

    for ( ; *style && n + 1 < sizeof(buf); style++) {
        if (*style != ' ' && *style != '\t') {
            buf[n++] = (char) ((*style >= 'A' && *style <= 'Z')
                               ? *style + 32 : *style);
        }
    }
    buf[n] = '\0';

    return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}


/* Elements whose class never makes them boilerplate. */
static int
rd_is_structural(const char *name)
{
    return strcmp(name, "html") == 0 || strcmp(name, "body") == 0
           || strcmp(name, "a") == 0 || strcmp(name, "article") == 0
           || strcmp(name, "main") == 0;
}


static void
rd_classify(rd_node_t *st, const xmlNode *node)
{
    char         cls[512];
    const char  *v;

    if (rd_attr(node, "hidden")
        || ((v = rd_attr(node, "aria-hidden")) && strcmp(v, "true") == 0)
        || ((v = rd_attr(node, "style")) && rd_style_hides(v)))
    {
        st->flags |= RD_NODE_HIDDEN;
    }

    if (rd_class_id(node, cls, sizeof(cls)) == 0) {
        return;
    }

    if (rd_has_any(cls, rd_negative)) {
        st->class_weight -= 25;
    }
    if (rd_has_any(cls, rd_positive)) {
        st->class_weight += 25;
    }

    if (rd_has_any(cls, rd_unlikely) && !rd_has_any(cls, rd_maybe)
        && !rd_is_structural((const char *) node->name))
    {
        st->flags |= RD_NODE_BOILER | RD_NODE_IN_BOILER;
    }
}


int
rd_node_dropped(const xmlNode *node)
{
    uint32_t  i;

    if (node->type != XML_ELEMENT_NODE) {
        return node->type != XML_TEXT_NODE && node->type != XML_CDATA_SECTION_NODE;
    }

    i = rd_node_index(node);
    if (i == RD_NONE) {
        return 1;           /* not seen by the statistics pass */
    }

    /* the reader result is reached through the document */
    {
        const reader_result_t  *r = node->doc->_private;
        const rd_node_t        *st = &r->nodes[i];

        return (st->flags & (RD_NODE_DROP | RD_NODE_HIDDEN))
               || (st->tag_flags & RD_TAG_DROP);
    }
}


/* Closes element i: counts it as a paragraph and sums it into its parent. */
static uint32_t
rd_stats_close(rd_node_t *nodes, uint32_t i)
{
    rd_node_t  *st = &nodes[i], *p;

    if ((st->tag_flags & RD_TAG_PARA) && st->wlen >= 25) {
        st->paras++;
    }
    if (st->tag_flags & RD_TAG_LIST) {
        st->list_wlen = st->wlen;
    }
    if (st->tag_flags & RD_TAG_HEADING) {
        st->heading_wlen = st->wlen;
    }

    if (st->parent == RD_NONE) {
        return RD_NONE;
    }

    p = &nodes[st->parent];
    p->tags += st->tags;
    p->input_count += st->input_count;
    p->embed_count += st->embed_count;

    if (st->flags & RD_NODE_SKIP) {
        return st->parent;      /* no text of it counts */
    }

    p->wlen += st->wlen;
    p->link_wlen += st->link_wlen;
    p->links += st->links;
    p->paras += st->paras;
    p->commas += st->commas;
    p->stops += st->stops;
    p->punct += st->punct;
    p->imgs += st->imgs;
    p->p_count += st->p_count;
    p->li_count += st->li_count;
    p->list_wlen += st->list_wlen;
    p->heading_wlen += st->heading_wlen;

    return st->parent;
}


/* Counts an element by its name; the tag table has no room for these. */
static void
rd_stats_count(rd_node_t *st, const char *name)
{
    switch (name[0]) {
    case 'a':
        if (strcmp(name, "a") == 0) {
            st->links = 1;
        } else if (strcmp(name, "audio") == 0) {
            st->embed_count = 1;
        }
        break;
    case 'i':
        if (strcmp(name, "img") == 0) {
            st->imgs = 1;
        }
        break;
    case 'l':
        if (strcmp(name, "li") == 0) {
            st->li_count = 1;
        }
        break;
    case 'p':
        if (name[1] == '\0') {
            st->p_count = 1;
        }
        break;
    case 'v':
        if (strcmp(name, "video") == 0) {
            st->embed_count = 1;
        }
        break;
    }

    if (st->tag_flags & RD_TAG_FORM) {
        st->input_count = 1;
    }
}


static rd_node_t *
rd_stats_open(reader_result_t *r, xmlNode *n, uint32_t parent)
{
    rd_node_t  *st, *p;
    size_t      cap;

    if (r->n_nodes == r->nodes_cap) {
        if (r->n_nodes >= r->opt.max_nodes) {
            return NULL;
        }

        cap = r->nodes_cap ? r->nodes_cap * 2 : 1024;
        p = realloc(r->nodes, cap * sizeof(rd_node_t));
        if (p == NULL) {
            return NULL;
        }
        r->nodes = p;
        r->nodes_cap = cap;
    }

    st = &r->nodes[r->n_nodes];
    memset(st, 0, sizeof(*st));
    st->node = n;
    st->parent = parent;
    st->tag_flags = (uint16_t) rd_node_tag_flags(n);
    st->tags = 1;
    n->_private = (void *) (uintptr_t) ++r->n_nodes;

    rd_classify(st, n);

    if (parent != RD_NONE) {
        p = &r->nodes[parent];
        st->depth = (uint16_t) (p->depth + 1);
        st->flags |= p->flags & (RD_NODE_IN_LINK | RD_NODE_IN_SKIP
                                 | RD_NODE_IN_BOILER);
    }

    rd_stats_count(st, (const char *) n->name);

    if (st->links && rd_attr(n, "href")) {
        st->flags |= RD_NODE_IN_LINK;
    }

    if (!(st->flags & RD_NODE_IN_SKIP)
        && ((st->tag_flags & (RD_TAG_DROP | RD_TAG_RUBY_TEXT))
            || (st->flags & RD_NODE_HIDDEN)))
    {
        st->flags |= RD_NODE_SKIP | RD_NODE_IN_SKIP;
    }

    return st;
}


static void
rd_stats_text(rd_node_t *st, const xmlNode *n)
{
    rd_measure_t  m = { 0 };

    if (st->flags & RD_NODE_IN_SKIP) {
        return;
    }

    rd_measure(n->content, strlen((const char *) n->content), &m);
    st->wlen += m.wlen;
    st->commas += m.commas;
    st->stops += m.stops;
    st->punct += m.punct;
    if (st->flags & RD_NODE_IN_LINK) {
        st->link_wlen += m.wlen;
    }
}


/*
 * When boilerplate class names leave almost no paragraph text outside them
 * (less than Readability's 500 characters), they are layout names
 * ("container sidebar-right"), not verdicts: Readability finds that by
 * retrying without them.  Clear them on the blocks holding most paragraphs
 * and recompute RD_NODE_IN_BOILER top-down (the array is in pre-order).
 */
static void
rd_stats_fix_boiler(reader_result_t *r)
{
    size_t      i;
    rd_node_t  *st;
    uint32_t    outside = 0, total = r->nodes[0].paras;

    for (i = 0; i < r->n_nodes; i++) {
        st = &r->nodes[i];
        if ((st->tag_flags & RD_TAG_PARA) && st->wlen >= 25
            && !(st->flags & (RD_NODE_IN_BOILER | RD_NODE_IN_SKIP)))
        {
            outside += st->wlen;
        }
    }

    if (outside >= 500) {
        return;
    }

    for (i = 0; i < r->n_nodes; i++) {
        st = &r->nodes[i];
        st->flags &= ~RD_NODE_IN_BOILER;

        if ((st->flags & RD_NODE_BOILER) && st->paras * 2 > total) {
            st->flags &= ~RD_NODE_BOILER;
        }

        if ((st->flags & RD_NODE_BOILER)
            || (st->parent != RD_NONE
                && (r->nodes[st->parent].flags & RD_NODE_IN_BOILER)))
        {
            st->flags |= RD_NODE_IN_BOILER;
        }
    }
}


reader_status_e
rd_stats(reader_result_t *r)
{
    xmlNode    *root, *n;
    rd_node_t  *st;
    uint32_t    cur = RD_NONE;

    root = xmlDocGetRootElement(r->doc);
    r->doc->_private = r;

    for (n = root; n; ) {
        if (n->type == XML_ELEMENT_NODE) {
            st = rd_stats_open(r, n, cur);
            if (st == NULL) {
                r->reason = "the page has more elements than max_nodes";
                return r->n_nodes >= r->opt.max_nodes ? READER_TOO_LARGE
                                                      : READER_ERROR;
            }

            cur = (uint32_t) (r->n_nodes - 1);

            if (n->children) {
                n = n->children;
                continue;
            }

            cur = rd_stats_close(r->nodes, cur);

        } else if ((n->type == XML_TEXT_NODE
                    || n->type == XML_CDATA_SECTION_NODE)
                   && n->content && cur != RD_NONE)
        {
            rd_stats_text(&r->nodes[cur], n);
        }

        if (n == root) {
            break;          /* a root without children */
        }

        /* climb past every element whose children are all done */
        while (n->next == NULL) {
            n = n->parent;
            cur = rd_stats_close(r->nodes, cur);
            if (n == root) {
                rd_stats_fix_boiler(r);
                return READER_OK;
            }
        }

        n = n->next;
    }

    return READER_OK;
}
