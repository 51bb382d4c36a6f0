/*
 * Candidate selection: Readability's propagation of paragraph scores to
 * ancestors, computed from the statistics (no DOM mutation, no re-parse),
 * with CJK-weighted lengths and multilingual commas and sentence marks.
 */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"


static float
rd_tag_prior(const xmlNode *n)
{
    const char  *name = (const char *) n->name;

    if (strcmp(name, "div") == 0 || strcmp(name, "article") == 0) {
        return 5;
    }
    if (strcmp(name, "pre") == 0 || strcmp(name, "td") == 0
        || strcmp(name, "blockquote") == 0)
    {
        return 3;
    }
    if (strcmp(name, "address") == 0 || strcmp(name, "ol") == 0
        || strcmp(name, "ul") == 0 || strcmp(name, "dl") == 0
        || strcmp(name, "dd") == 0 || strcmp(name, "dt") == 0
        || strcmp(name, "li") == 0 || strcmp(name, "form") == 0)
    {
        return -3;
    }
    if ((name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
        || strcmp(name, "th") == 0)
    {
        return -5;
    }
    return 0;
}


static float
rd_link_density(const rd_node_t *st)
{
    return st->wlen ? (float) st->link_wlen / (float) st->wlen : 0;
}


/* Readability's tags to score: paragraphs, code blocks, subheadings.
 * List items and quotes are not: they would count lists of teasers. */
static int
rd_is_scored(const rd_node_t *st)
{
    return (st->tag_flags & RD_TAG_SCORED) != 0;
}


/* Elements whose own inline text scores as a paragraph inside them. */
static int
rd_is_container(const rd_node_t *st)
{
    return (st->tag_flags & RD_TAG_CONTAINER) != 0;
}


/*
 * Inline text (a span, a font) is counted once: by the paragraph or the
 * container around it, which measures it as its own text.  Only inline
 * text in a block that scores nothing of its own (a list item, a quote)
 * scores at the inline element.  One pass in document order (parents come
 * first), so a deep chain of inline elements costs no climb per element.
 */
static void
rd_mark_counted(reader_result_t *r)
{
    size_t            i;
    rd_node_t        *st;
    const rd_node_t  *a;

    for (i = 0; i < r->n_nodes; i++) {
        st = &r->nodes[i];

        if ((st->tag_flags & (RD_TAG_BLOCK | RD_TAG_CELL))
            || st->parent == RD_NONE)
        {
            continue;
        }

        a = &r->nodes[st->parent];

        if (rd_is_scored(a) || rd_is_container(a)
            || (!(a->tag_flags & (RD_TAG_BLOCK | RD_TAG_CELL))
                && (a->flags & RD_NODE_COUNTED)))
        {
            st->flags |= RD_NODE_COUNTED;
        }
    }
}


/* A content-like class name counts in full only on a block with a real
 * amount of text: a small box called "entry-content" must not win. */
static float
rd_class_bonus(const rd_node_t *st)
{
    if (st->class_weight <= 0) {
        return st->class_weight;
    }

    return st->class_weight * fminf(1, (float) st->wlen / 500);
}


static void
rd_add_score(reader_result_t *r, uint32_t i, float s)
{
    rd_node_t  *st = &r->nodes[i];

    if (!(st->flags & RD_NODE_SCORED)) {
        st->flags |= RD_NODE_SCORED;
        st->score = rd_tag_prior(st->node) + rd_class_bonus(st);
    }

    st->score += s;
}


static int
rd_content_push(reader_result_t *r, xmlNode *n)
{
    xmlNode  **p;

    p = realloc(r->content, (r->n_content + 1) * sizeof(xmlNode *));
    if (p == NULL) {
        return 0;
    }

    r->content = p;
    r->content[r->n_content++] = n;
    return 1;
}


/* Whether element a is an ancestor of (or is) element i. */
static int
rd_contains(const reader_result_t *r, uint32_t a, uint32_t i)
{
    return i >= a && i < a + r->nodes[a].tags;
}


static int
rd_is_body(const reader_result_t *r, uint32_t i)
{
    return i == RD_NONE || r->nodes[i].parent == RD_NONE
           || strcmp((const char *) r->nodes[i].node->name, "body") == 0;
}


/* The element child of n when it has exactly one, else NULL. */
static const xmlNode *
rd_only_child(const xmlNode *n)
{
    const xmlNode  *c, *only = NULL;

    for (c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (only) {
                return NULL;
            }
            only = c;
        }
    }
    return only;
}


/*
 * Readability's refinements of the best candidate: a common ancestor of
 * several close runners-up, a parent that scores higher, an only child's
 * parent.
 */
static uint32_t
rd_refine(const reader_result_t *r, uint32_t top, const uint32_t *alt,
    int n_alt)
{
    uint32_t  p, last;
    float     last_score, threshold;
    int       i, k, close = 0;

    for (i = 0; i < n_alt; i++) {
        close += r->nodes[alt[i]].score >= 0.75f * r->nodes[top].score;
    }

    if (close >= 3) {
        for (p = r->nodes[top].parent; !rd_is_body(r, p); p = r->nodes[p].parent) {
            for (i = 0, k = 0; i < n_alt; i++) {
                k += r->nodes[alt[i]].score >= 0.75f * r->nodes[top].score
                     && rd_contains(r, p, alt[i]);
            }
            if (k >= 3) {
                top = p;
                break;
            }
        }
    }

    last_score = r->nodes[top].score;
    threshold = last_score / 3;

    for (p = r->nodes[top].parent; !rd_is_body(r, p); p = r->nodes[p].parent) {
        if (!(r->nodes[p].flags & RD_NODE_SCORED)) {
            continue;
        }
        if (r->nodes[p].score < threshold) {
            break;
        }
        if (r->nodes[p].score > last_score) {
            top = p;
            break;
        }
        last_score = r->nodes[p].score;
    }

    for (last = top, p = r->nodes[top].parent;
         !rd_is_body(r, p) && rd_only_child(r->nodes[p].node) != NULL;
         p = r->nodes[p].parent)
    {
        last = p;
    }

    return last;
}


static int
rd_same_class(const xmlNode *a, const xmlNode *b)
{
    xmlChar  *ca = xmlGetNoNsProp(a, (const xmlChar *) "class");
    xmlChar  *cb;
    int       same = 0;

    if (ca && *ca) {
        cb = xmlGetNoNsProp(b, (const xmlChar *) "class");
        same = cb && xmlStrEqual(ca, cb);
        xmlFree(cb);
    }

    xmlFree(ca);
    return same;
}


/*
 * A list of teasers (related stories, latest news): list items that each
 * carry a heading and a link to the story.  A sibling of the winner made
 * of three or more is the site's listing, not the rest of the story,
 * whatever its score (the items of a list that is part of the story, a
 * listicle's, rarely all link away).
 */
static int
rd_is_teaser_list(const reader_result_t *r, uint32_t i)
{
    uint32_t  j, k, end = i + r->nodes[i].tags, items = 0;

    for (j = i; j < end; j++) {
        if (!xmlStrEqual(r->nodes[j].node->name, (const xmlChar *) "li")
            || r->nodes[j].links == 0)
        {
            continue;
        }

        for (k = j + 1; k < j + r->nodes[j].tags; k++) {
            if ((r->nodes[k].tag_flags & RD_TAG_HEADING) && r->nodes[k].wlen) {
                items++;
                break;
            }
        }

        j += r->nodes[j].tags - 1;
    }

    return items >= 3;
}


/*
 * A sibling of plain prose (three paragraphs or more, almost no links, no
 * negative class name) is more of the article whatever its score: a page
 * laid out in a table holds the article's sections one after the other in
 * one cell, and a short closing section (notes, references) scores under a
 * fifth of the long one that won.
 */
static int
rd_is_prose(const rd_node_t *st, float ld)
{
    return st->paras >= 3 && ld < 0.1f && st->class_weight >= 0;
}


/*
 * A sibling that reads as one paragraph: a paragraph-like element, a run
 * of inline text between blocks (a <font> in a table cell), or (as
 * Readability reads a single-paragraph wrapper) an element whose only
 * content is one paragraph.
 */
static int
rd_paragraph_like(const reader_result_t *r, uint32_t i)
{
    const rd_node_t  *st = &r->nodes[i];
    const xmlNode    *only;
    rd_block_t        own;

    if (st->tag_flags & RD_TAG_PARA) {
        return 1;
    }

    rd_own_text(r, i, &own);
    if (own.whole && !(st->tag_flags & (RD_TAG_BLOCK | RD_TAG_CELL))) {
        return 1;
    }

    only = rd_is_container(st) ? rd_only_child(st->node) : NULL;
    return only && xmlStrEqual(only->name, (const xmlChar *) "p")
           && own.wlen == 0;
}


/* The top node and the siblings that look like part of the article. */
static int
rd_gather(reader_result_t *r, uint32_t top)
{
    rd_node_t  *t = &r->nodes[top];
    xmlNode    *c, *parent = t->node->parent;
    float       threshold = fmaxf(10, t->score * 0.2f);

    if (rd_is_body(r, top) || parent == NULL
        || parent->type != XML_ELEMENT_NODE)
    {
        return rd_content_push(r, t->node);
    }

    for (c = parent->children; c; c = c->next) {
        uint32_t    ci;
        rd_node_t  *cs;
        int         keep;

        if (c->type != XML_ELEMENT_NODE
            || (ci = rd_node_index(c)) == RD_NONE)
        {
            continue;
        }

        cs = &r->nodes[ci];
        keep = ci == top;

        if (!keep && !(cs->flags & (RD_NODE_IN_SKIP | RD_NODE_BOILER))) {
            float  ld = rd_link_density(cs);
            float  bonus = rd_same_class(c, t->node) ? t->score * 0.2f : 0;

            if ((cs->flags & RD_NODE_SCORED)
                && (cs->score + bonus >= threshold || rd_is_prose(cs, ld)))
            {
                keep = !rd_is_teaser_list(r, ci);

            } else if (cs->imgs > 0 && cs->links == 0 && cs->wlen < 150) {
                keep = 1;       /* the story's picture, with its caption */

            } else if (rd_paragraph_like(r, ci)) {
                keep = (cs->wlen >= 80 && ld < 0.25f)
                       || (cs->wlen > 0 && cs->wlen < 80 && ld == 0
                           && cs->stops > 0);
            }
        }

        if (keep && !rd_content_push(r, c)) {
            return 0;
        }
    }

    return 1;
}


/*
 * A quotation is part of what quotes it: a winner inside a blockquote (a
 * forum reply quoting the first post, a blog post around a long quote)
 * climbs to the blockquote's parent, the post that holds it.
 */
static uint32_t
rd_out_of_quote(const reader_result_t *r, uint32_t top)
{
    uint32_t  p;

    for (p = top; !rd_is_body(r, p); p = r->nodes[p].parent) {
        if (xmlStrEqual(r->nodes[p].node->name, (const xmlChar *) "blockquote")
            && !rd_is_body(r, r->nodes[p].parent))
        {
            return r->nodes[p].parent;
        }
    }

    return top;
}


/*
 * A page cut into many small sections (page builders, one block per
 * paragraph group) gives each section a small score, and the winner holds
 * a fraction of the story: climb to the ancestor that holds most of the
 * page's paragraph text, while it is not a link-heavy wrapper.
 */
static uint32_t
rd_widen(const reader_result_t *r, uint32_t top)
{
    uint32_t  p, total = r->nodes[0].ptext;

    if (r->nodes[top].ptext * 2 >= total) {
        return top;
    }

    for (p = r->nodes[top].parent; !rd_is_body(r, p); p = r->nodes[p].parent) {
        const rd_node_t  *t = &r->nodes[top], *a = &r->nodes[p];

        /* what the ancestor adds must read like text, not like teasers */
        if ((a->link_wlen - t->link_wlen) * 100 > (a->wlen - t->wlen) * 15) {
            break;
        }
        if (a->ptext * 5 >= total * 3) {
            return p;
        }
    }

    return top;
}


#define RD_DATE_LINE_MAX  100   /* a post's date or signature line */


/* The date on the first short line of post w outside its body u (RD_NONE:
 * none), as ISO 8601, or NULL: a post's date or signature line. */
static const char *
rd_post_date(reader_result_t *r, uint32_t w, uint32_t u)
{
    const rd_node_t  *st;
    const char       *date = NULL;
    reader_buf_t      text = { 0 };
    uint32_t          i, end = w + r->nodes[w].tags;

    for (i = w; i < end && date == NULL; i++) {
        st = &r->nodes[i];

        if (i == u) {
            i += st->tags - 1;
            continue;
        }
        if (st->wlen == 0 || st->wlen > RD_DATE_LINE_MAX
            || (st->flags & RD_NODE_IN_SKIP) || rd_contains(r, i, u))
        {
            continue;
        }

        text.len = 0;
        rd_node_text(st->node, &text);
        if (!text.failed) {
            date = rd_meta_date_from_text(&r->arena, (const char *) text.data,
                                          text.len);
        }
        i += st->tags - 1;
    }

    reader_buf_free(&text);
    return date;
}


static int
rd_content_cmp(const void *a, const void *b)
{
    uint32_t  x = rd_node_index(*(xmlNode * const *) a);
    uint32_t  y = rd_node_index(*(xmlNode * const *) b);

    return x < y ? -1 : x > y;
}


/* Whether element i is inside, or holds, one of the first n content elements. */
static int
rd_overlaps_content(const reader_result_t *r, size_t n, uint32_t i)
{
    size_t    k;
    uint32_t  c;

    for (k = 0; k < n; k++) {
        c = rd_node_index(r->content[k]);

        if (c != RD_NONE && (rd_contains(r, c, i) || rd_contains(r, i, c))) {
            return 1;
        }
    }

    return 0;
}


/*
 * An article cut into chunks (one container per few paragraphs, ads
 * between) repeats its container's tag and class: gather the other chunks
 * that read like text, wherever they are, and keep document order.
 */
static int
rd_gather_chunks(reader_result_t *r, uint32_t top)
{
    const rd_node_t  *st;
    const xmlNode    *t = r->nodes[top].node;
    size_t            i, n = r->n_content;
    int               added = 0;

    for (i = 0; i < r->n_nodes; i++) {
        st = &r->nodes[i];

        if (i == top || !(st->flags & RD_NODE_SCORED)
            || (st->flags & (RD_NODE_IN_BOILER | RD_NODE_IN_SKIP))
            || (st->paras == 0 && (st->stops == 0 || st->heading_wlen > 0))
            || rd_link_density(st) > 0.25f
            || !xmlStrEqual(st->node->name, t->name)
            || !rd_same_class(st->node, t))
        {
            continue;
        }

        if (rd_overlaps_content(r, n, (uint32_t) i)) {
            continue;
        }

        /* a block with its own date line is a reply, not a chunk */
        if (rd_post_date(r, (uint32_t) i, RD_NONE) != NULL) {
            i += st->tags - 1;
            continue;
        }

        if (!rd_content_push(r, st->node)) {
            return 0;
        }
        added = 1;
        i += st->tags - 1;
    }

    if (added) {
        qsort(r->content, r->n_content, sizeof(xmlNode *), rd_content_cmp);
    }

    return 1;
}


/*
 * The nearest element before n, climbing through the parents whose first
 * element child n is (at most up levels, never to <body>); with text_only,
 * elements without text (a spacer, an anchor) are passed over.  NULL when
 * there is none; *level is how far up it was found.
 */
static xmlNode *
rd_element_before(const reader_result_t *r, xmlNode *n, int up,
    int text_only, int *level)
{
    xmlNode   *prev;
    uint32_t   pi;

    for (*level = 0; ; (*level)++) {
        for (prev = n->prev; prev; prev = prev->prev) {
            if (prev->type == XML_ELEMENT_NODE
                && (!text_only
                    || ((pi = rd_node_index(prev)) != RD_NONE
                        && r->nodes[pi].wlen > 0
                        && !(r->nodes[pi].flags & RD_NODE_IN_SKIP))))
            {
                break;
            }
        }

        if (prev || *level == up) {
            return prev;
        }

        n = n->parent;
        if (n == NULL || n->type != XML_ELEMENT_NODE
            || (pi = rd_node_index(n)) == RD_NONE || rd_is_body(r, pi))
        {
            return NULL;
        }
    }
}


/* Adds element n to the content, in document order. */
static int
rd_content_insert(reader_result_t *r, xmlNode *n)
{
    if (!rd_content_push(r, n)) {
        return 0;
    }

    qsort(r->content, r->n_content, sizeof(xmlNode *), rd_content_cmp);
    return 1;
}


/*
 * The story's lead picture or video often sits just before the article's
 * container, a level or two up: "<div class=video>..</div><div class=post>
 * <div class=entry>".  When the content is the first element child of its
 * parents, the element before them is taken if it is media with a short
 * caption: an image, under 400 of text, no heading, few links.
 */
static int
rd_lead_media(reader_result_t *r, uint32_t top)
{
    const rd_node_t  *ps;
    xmlNode          *prev;
    uint32_t          pi;
    int               level;

    prev = rd_element_before(r, r->nodes[top].node, 2, 0, &level);

    /* a sibling of the content itself is rd_gather's */
    if (prev == NULL || level == 0
        || (pi = rd_node_index(prev)) == RD_NONE
        || rd_overlaps_content(r, r->n_content, pi))
    {
        return 1;
    }

    ps = &r->nodes[pi];
    if ((ps->flags & (RD_NODE_IN_SKIP | RD_NODE_IN_BOILER))
        || ps->imgs == 0 || ps->wlen == 0 || ps->wlen >= 400
        || ps->heading_wlen > 0 || rd_link_density(ps) >= 0.5f)
    {
        return 1;
    }

    return rd_content_insert(r, prev);
}


/*
 * The article's heading often sits just before its container, outside it
 * (a section's <h2> beside the <div> of its paragraphs, a title in the
 * table row above the text): the nearest element with text before the
 * content, up to two levels up, is taken when all its text is headings, 10
 * to 200 of it, without links.  A heading that only repeats the page's title is then an
 * edge line, as inside the content.
 */
static int
rd_lead_heading(reader_result_t *r)
{
    const rd_node_t  *ps;
    xmlNode          *prev;
    uint32_t          pi;
    int               level;

    prev = r->n_content
           ? rd_element_before(r, r->content[0], 2, 1, &level) : NULL;

    if (prev == NULL || (pi = rd_node_index(prev)) == RD_NONE
        || rd_overlaps_content(r, r->n_content, pi))
    {
        return 1;
    }

    ps = &r->nodes[pi];
    if ((ps->flags & RD_NODE_IN_BOILER) || ps->heading_wlen < ps->wlen
        || ps->wlen < 10 || ps->wlen > 200 || ps->link_wlen > 0)
    {
        return 1;
    }

    return rd_content_insert(r, prev);
}


/* Whether elements a and b carry the same attributes with the same values
 * (one opening tag written twice: "<table border=2 width=100%>"). */
static int
rd_same_attrs(const xmlNode *a, const xmlNode *b)
{
    const xmlAttr  *x;
    xmlChar        *va, *vb;
    int             n = 0, same = 1;

    for (x = a->properties; x; x = x->next) {
        n++;
    }
    for (x = b->properties; x; x = x->next) {
        n--;
    }

    for (x = a->properties; x && same && n == 0; x = x->next) {
        va = xmlGetNoNsProp(a, x->name);
        vb = xmlGetNoNsProp(b, x->name);
        same = va && vb && xmlStrEqual(va, vb);
        xmlFree(va);
        xmlFree(vb);
    }

    return same && n == 0;
}


#define RD_TABLE_UP  4      /* how far above the content its table may be */


/*
 * Older pages cut a long article or list into tables of one shape, one
 * after the other (browsers then drew each as it arrived): the winner
 * holds one of them.  The sibling tables of the content's table written
 * with the same opening tag are more of it when they read like it: at
 * least a quarter of its text, link density at most 0.5, no boilerplate,
 * and no date line of their own (a forum's replies, one table each).
 */
static int
rd_gather_tables(reader_result_t *r, uint32_t top)
{
    const rd_node_t  *cs;
    xmlNode          *t = r->nodes[top].node, *c;
    uint32_t          ti, ci;
    int               level, added = 0;

    for (level = 0; level < RD_TABLE_UP && t->parent
         && t->parent->type == XML_ELEMENT_NODE
         && !xmlStrEqual(t->name, (const xmlChar *) "table"); level++)
    {
        t = t->parent;
    }

    if (!xmlStrEqual(t->name, (const xmlChar *) "table") || t->parent == NULL
        || (ti = rd_node_index(t)) == RD_NONE)
    {
        return 1;
    }

    for (c = t->parent->children; c; c = c->next) {
        if (c == t || c->type != XML_ELEMENT_NODE
            || !xmlStrEqual(c->name, (const xmlChar *) "table")
            || (ci = rd_node_index(c)) == RD_NONE)
        {
            continue;
        }

        cs = &r->nodes[ci];
        if ((cs->flags & (RD_NODE_IN_BOILER | RD_NODE_IN_SKIP))
            || cs->wlen * 4 < r->nodes[ti].wlen || rd_link_density(cs) > 0.5f
            || !rd_same_attrs(c, t) || rd_overlaps_content(r, r->n_content, ci)
            || rd_post_date(r, ci, RD_NONE) != NULL)
        {
            continue;
        }

        if (!rd_content_push(r, c)) {
            return 0;
        }
        added = 1;
    }

    if (added) {
        qsort(r->content, r->n_content, sizeof(xmlNode *), rd_content_cmp);
    }

    return 1;
}


#define RD_TOP_N      5
#define RD_MIN_SCORE  5     /* below: no paragraph scored, no article */


/*
 * The largest element holding unit u and neither of its neighbouring
 * units: the post that u is the body of.
 */
static uint32_t
rd_post_of(const reader_result_t *r, uint32_t u, uint32_t prev, uint32_t next)
{
    uint32_t  p;

    for (p = u; !rd_is_body(r, r->nodes[p].parent); p = r->nodes[p].parent) {
        uint32_t  a = r->nodes[p].parent;

        if ((prev != RD_NONE && rd_contains(r, a, prev))
            || (next != RD_NONE && rd_contains(r, a, next)))
        {
            break;
        }
    }

    return p;
}


/* Whether ISO 8601 date a is later than b, to the precision both have. */
static int
rd_date_later(const char *a, const char *b)
{
    size_t  la = strlen(a), lb = strlen(b);

    return strncmp(a, b, la < lb ? la : lb) > 0;
}


#define RD_POSTS_MAX  32


/*
 * A blog archive: posts of the same shape one after the other, newest
 * first, each with its own date line, the body of each a container of the
 * same tag and class as the winner.  The page is the first post, not the
 * longest nor all of them: when the chosen content (best) is within the
 * winner's post or holds several posts, and the posts (at most 32) are
 * siblings whose dates never rise from one to the next and fall from the
 * first to the last, the first body wins.  A forum thread or a comment list runs oldest
 * first, and an article in chunks has no date line per chunk: neither is
 * taken for an archive.
 */
static uint32_t
rd_archive_first(reader_result_t *r, uint32_t top, uint32_t best)
{
    const rd_node_t  *st;
    const xmlNode    *t = r->nodes[top].node, *p0 = NULL;
    const char       *date, *first_date = NULL, *last_date = NULL;
    uint32_t          unit[RD_POSTS_MAX + 1], post;
    size_t            i, k, n = 0, held = 0;
    int               in_top = 0;

    for (i = 0; i < r->n_nodes && n <= RD_POSTS_MAX; i++) {
        st = &r->nodes[i];

        if (!(st->flags & RD_NODE_SCORED) || st->score < RD_MIN_SCORE
            || (st->flags & (RD_NODE_IN_BOILER | RD_NODE_IN_SKIP))
            || !xmlStrEqual(st->node->name, t->name)
            || !rd_same_class(st->node, t))
        {
            continue;
        }

        unit[n++] = (uint32_t) i;
        i += st->tags - 1;
    }

    /* the one past the limit is only the last post's neighbour */
    for (k = 0; k < n && k < RD_POSTS_MAX; k++) {
        post = rd_post_of(r, unit[k], k > 0 ? unit[k - 1] : RD_NONE,
                          k + 1 < n ? unit[k + 1] : RD_NONE);

        if (p0 == NULL) {
            p0 = r->nodes[post].node;
        } else if (r->nodes[post].node->parent != p0->parent
                   || !xmlStrEqual(r->nodes[post].node->name, p0->name))
        {
            return RD_NONE;
        }

        date = rd_post_date(r, post, post == unit[k] ? RD_NONE : unit[k]);
        if (date == NULL || (last_date && rd_date_later(date, last_date))) {
            return RD_NONE;
        }

        if (first_date == NULL) {
            first_date = date;
        }
        last_date = date;

        in_top |= unit[k] == top && rd_contains(r, post, best);
        held += rd_contains(r, best, post);
    }

    if (k < 2 || unit[0] == top || !rd_date_later(first_date, last_date)
        || (!in_top && held < 2))
    {
        return RD_NONE;
    }

    return unit[0];
}


/*
 * Nothing reads like an article (a product page, a category list, a post
 * that is a picture): the page's own main region (<main>, else the one
 * <article> or hAtom entry, "hentry"), else the body, kept whole (only
 * boilerplate blocks go) so that --force still shows what the page is
 * about.
 */


/* Whether an element is an article by its tag or hAtom class. */
static int
rd_is_entry(const xmlNode *n)
{
    const xmlAttr  *a;
    const char     *p;
    size_t          len;

    if (strcmp((const char *) n->name, "article") == 0) {
        return 1;
    }

    for (a = n->properties; a; a = a->next) {
        if (strcmp((const char *) a->name, "class") != 0 || a->children == NULL
            || a->children->content == NULL)
        {
            continue;
        }

        for (p = (const char *) a->children->content; *p; p += len) {
            p += strspn(p, " \t\n\f\r");
            len = strcspn(p, " \t\n\f\r");
            if ((len == 6 && strncmp(p, "hentry", 6) == 0)
                || (len == 7 && strncmp(p, "h-entry", 7) == 0))
            {
                return 1;
            }
        }
    }

    return 0;
}


static void
rd_fallback(reader_result_t *r)
{
    size_t       i;
    uint32_t     body = RD_NONE, region = RD_NONE, entry = RD_NONE;
    const char  *name;
    int          entries = 0;

    for (i = 0; i < r->n_nodes && region == RD_NONE; i++) {
        if (r->nodes[i].flags & (RD_NODE_IN_SKIP | RD_NODE_IN_BOILER)) {
            continue;
        }

        name = (const char *) r->nodes[i].node->name;
        if (strcmp(name, "main") == 0) {
            region = (uint32_t) i;
        } else if (body == RD_NONE && strcmp(name, "body") == 0) {
            body = (uint32_t) i;
        } else if (rd_is_entry(r->nodes[i].node)) {
            entry = (uint32_t) i;
            i += r->nodes[i].tags - 1;      /* one entry, whatever it holds */
            entries++;
        }
    }

    if (region == RD_NONE) {
        region = entries == 1 ? entry : body;
    }

    if (region != RD_NONE && r->nodes[region].wlen > 0) {
        r->fallback = 1;
        rd_content_push(r, r->nodes[region].node);
    }
}



void
rd_score(reader_result_t *r)
{
    size_t      i;
    uint32_t    a, p, best, first, top[RD_TOP_N];
    int         level, j, n_top = 0;

    rd_mark_counted(r);

    for (i = 0; i < r->n_nodes; i++) {
        rd_node_t  *st = &r->nodes[i];
        rd_block_t  own;
        uint32_t    wlen, commas;
        float       s, ld;

        if ((st->flags & (RD_NODE_IN_SKIP | RD_NODE_IN_BOILER))
            || st->wlen < 25)
        {
            continue;
        }

        if (rd_is_scored(st)) {
            wlen = st->wlen;
            commas = st->commas;
            a = st->parent;

        } else if (rd_is_container(st)
                   && !(st->flags & RD_NODE_COUNTED))
        {
            /* its own inline text scores as a paragraph inside it */
            rd_own_text(r, (uint32_t) i, &own);
            wlen = own.wlen;
            commas = own.commas;
            if (wlen < 25) {
                continue;
            }
            a = (uint32_t) i;

        } else {
            continue;
        }

        /* a run of links is a list, not a paragraph */
        ld = rd_link_density(st);
        if (ld > 0.5f) {
            continue;
        }

        s = (1.0f + (float) commas + fminf((float) wlen / 100, 3)) * (1 - ld);

        if (ld < 0.25f) {
            for (p = a; p != RD_NONE; p = r->nodes[p].parent) {
                r->nodes[p].ptext += wlen;
            }
        }

        for (level = 0; a != RD_NONE && level < 5;
             a = r->nodes[a].parent, level++)
        {
            rd_add_score(r, a, level == 0 ? s
                               : level == 1 ? s / 2 : s / (float) (level * 3));
        }
    }

    /* final scores, and the best five in order */
    for (i = 0; i < r->n_nodes; i++) {
        rd_node_t  *st = &r->nodes[i];

        if (!(st->flags & RD_NODE_SCORED)) {
            continue;
        }

        st->score *= 1 - rd_link_density(st);

        for (j = n_top; j > 0 && r->nodes[top[j - 1]].score < st->score; j--) {
            if (j < RD_TOP_N) {
                top[j] = top[j - 1];
            }
        }
        if (j < RD_TOP_N) {
            top[j] = (uint32_t) i;
            if (n_top < RD_TOP_N) {
                n_top++;
            }
        }
    }

    if (n_top == 0 || r->nodes[top[0]].score < RD_MIN_SCORE) {
        rd_fallback(r);
        return;
    }

    /* a runner-up with several times the paragraph text beats a winner
     * that scored on one long block (a legal notice, an author box) */
    for (j = 1; j < n_top; j++) {
        if (r->nodes[top[j]].score * 2 >= r->nodes[top[0]].score
            && r->nodes[top[j]].ptext >= r->nodes[top[0]].ptext * 3)
        {
            top[0] = top[j];
            break;
        }
    }

    for (p = top[0]; p != RD_NONE; p = r->nodes[p].parent) {
        r->nodes[p].flags |= RD_NODE_CORE;
    }

    best = rd_widen(r, rd_out_of_quote(r, rd_refine(r, top[0], top + 1,
                                                    n_top - 1)));

    first = rd_archive_first(r, top[0], best);
    if (first != RD_NONE) {
        for (p = first; p != RD_NONE; p = r->nodes[p].parent) {
            r->nodes[p].flags |= RD_NODE_CORE;
        }
        /* the post alone: its siblings and chunks are the other posts */
        rd_content_push(r, r->nodes[first].node);
        return;
    }

    if (rd_gather(r, best) && rd_gather_chunks(r, best)
        && rd_gather_tables(r, best) && rd_lead_media(r, best))
    {
        rd_lead_heading(r);
    }
}
