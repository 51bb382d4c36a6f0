/*
 * Cleaning inside the chosen content: Readability's conditional cleaning of
 * link-heavy, form-heavy or image-only blocks, removal of asides, footers
 * and negative headings, and repeated blocks (a story printed twice).
 * Nodes are only marked RD_NODE_DROP; counts of their ancestors are
 * reduced so later decisions see the cleaned subtree.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"


static int
rd_name_is(const rd_node_t *st, const char *name)
{
    return strcmp((const char *) st->node->name, name) == 0;
}


void
rd_drop(reader_result_t *r, uint32_t i)
{
    rd_node_t  *st = &r->nodes[i], *a;
    uint32_t    p;

    if (st->flags & (RD_NODE_DROP | RD_NODE_IN_SKIP)) {
        return;
    }

    /* inside a dropped subtree it is gone already: its counts left the
     * ancestors with that subtree's */
    for (p = st->parent; p != RD_NONE; p = r->nodes[p].parent) {
        if (r->nodes[p].flags & RD_NODE_DROP) {
            return;
        }
    }

    st->flags |= RD_NODE_DROP;
    r->drops++;

    for (p = st->parent; p != RD_NONE; p = a->parent) {
        a = &r->nodes[p];
        a->wlen -= st->wlen;
        a->link_wlen -= st->link_wlen;
        a->links -= st->links;
        a->paras -= st->paras;
        a->commas -= st->commas;
        a->stops -= st->stops;
        a->punct -= st->punct;
        a->imgs -= st->imgs;
        a->p_count -= st->p_count;
        a->li_count -= st->li_count;
        a->input_count -= st->input_count;
        a->embed_count -= st->embed_count;
        a->list_wlen -= st->list_wlen;
        a->heading_wlen -= st->heading_wlen;
    }
}


/* Readability's _isDataTable, on the subtree range of a table. */
static int
rd_is_data_table(const reader_result_t *r, uint32_t t)
{
    const rd_node_t  *st = &r->nodes[t];
    const xmlChar    *v;
    uint32_t          j, end = t + st->tags, rows = 0, cols = 0, cells = 0;
    xmlChar          *attr;
    int               yes = 0;

    attr = xmlGetNoNsProp(st->node, (const xmlChar *) "role");
    yes = attr && xmlStrEqual(attr, (const xmlChar *) "presentation") ? -1 : 0;
    xmlFree(attr);
    if (yes) {
        return 0;
    }

    attr = xmlGetNoNsProp(st->node, (const xmlChar *) "datatable");
    yes = attr && xmlStrEqual(attr, (const xmlChar *) "0") ? -1 : 0;
    xmlFree(attr);
    if (yes) {
        return 0;
    }

    /* a grid of links is navigation, whatever its shape */
    if (st->wlen && st->link_wlen * 2 > st->wlen) {
        return 0;
    }

    attr = xmlGetNoNsProp(st->node, (const xmlChar *) "summary");
    yes = attr && *attr;
    xmlFree(attr);
    if (yes) {
        return 1;
    }

    for (j = t + 1; j < end; j++) {
        v = r->nodes[j].node->name;

        if (xmlStrEqual(v, (const xmlChar *) "caption")
            || xmlStrEqual(v, (const xmlChar *) "thead")
            || xmlStrEqual(v, (const xmlChar *) "tfoot")
            || xmlStrEqual(v, (const xmlChar *) "colgroup")
            || xmlStrEqual(v, (const xmlChar *) "th"))
        {
            return 1;
        }
    }

    for (j = t + 1; j < end; j++) {
        v = r->nodes[j].node->name;

        if (xmlStrEqual(v, (const xmlChar *) "table")) {
            return 0;
        }
        if (xmlStrEqual(v, (const xmlChar *) "tr")) {
            rows++;
            cells = 0;
        } else if (r->nodes[j].tag_flags & RD_TAG_CELL) {
            if (++cells > cols) {
                cols = cells;
            }
        }
    }

    return rows >= 10 || cols > 4 || rows * cols > 10;
}


/* A page builder's widget that holds only prose: paragraphs, no links.
 * Other negative names with prose (an author's biography, a comment) go. */
static int
rd_is_prose_widget(const rd_node_t *st, float ld)
{
    return (st->flags & RD_NODE_LAYOUT) && st->paras >= 1 && ld == 0
           && st->imgs == 0 && st->stops > 0;
}


/* Prose with links in it (a blog post citing its sources): three sentence
 * ends or more, 200 of text outside the links, a third of the text in
 * links at most.  A box of links has little text between them. */
static int
rd_is_linked_prose(const rd_node_t *st, float ld)
{
    return ld <= 0.35f && st->stops >= 3 && st->wlen - st->link_wlen >= 200;
}


/* Readability's _cleanConditionally decision for one element. */
static int
rd_should_remove(const reader_result_t *r, const rd_node_t *st)
{
    float     ld, heading_density;
    uint32_t  p, img, li, input, embed, wlen;
    int       is_list, weight = st->class_weight;

    if (st->flags & RD_NODE_KEEP_ALL) {
        return 0;
    }

    (void) r;
    wlen = st->wlen;
    ld = wlen ? (float) st->link_wlen / (float) wlen : 0;

    /* a negative class name loses against several real paragraphs
     * (page builders call every block a "widget") */
    if (weight < 0 && (st->paras < 3 || ld > 0.2f) && !rd_is_prose_widget(st, ld)) {
        return 1;
    }

    if (st->commas >= 10) {
        return 0;
    }

    is_list = (st->tag_flags & RD_TAG_LIST)
              || (wlen && (float) st->list_wlen / (float) wlen > 0.9f);
    p = st->p_count;
    img = st->imgs;
    li = st->li_count > 100 ? st->li_count - 100 : 0;
    input = st->input_count;
    embed = st->embed_count;
    heading_density = wlen ? (float) st->heading_wlen / (float) wlen : 0;

    if (img > 1 && (float) p / (float) img < 0.5f) {
        return 1;
    }
    if (!is_list && li > p) {
        return 1;
    }
    if (input > p / 3) {
        return 1;
    }
    if (!is_list && heading_density < 0.9f && wlen < 25
        && (img == 0 || img > 2) && ld > 0)
    {
        return 1;
    }
    if (!is_list && weight < 25 && ld > 0.2f && !rd_is_linked_prose(st, ld)) {
        return 1;
    }
    if (weight >= 25 && ld > 0.5f) {
        return 1;
    }
    if ((embed == 1 && wlen < 75) || embed > 1) {
        return 1;
    }
    if (img == 0 && wlen == 0) {
        return 1;
    }

    return 0;
}


static int
rd_is_conditional(const rd_node_t *st)
{
    const char  *n = (const char *) st->node->name;

    return strcmp(n, "form") == 0 || strcmp(n, "fieldset") == 0
           || strcmp(n, "table") == 0 || strcmp(n, "ul") == 0
           || strcmp(n, "ol") == 0 || strcmp(n, "dl") == 0
           || strcmp(n, "div") == 0 || strcmp(n, "section") == 0;
}


static int
rd_is_removed_always(const rd_node_t *st)
{
    const char  *n = (const char *) st->node->name;

    if ((st->flags & RD_NODE_BOILER)
        || strcmp(n, "aside") == 0 || strcmp(n, "footer") == 0
        || strcmp(n, "nav") == 0)
    {
        return 1;
    }

    /* headings that class themselves as boilerplate */
    return (st->tag_flags & RD_TAG_HEADING) && st->class_weight < 0;
}


/* The text of the boilerplate that cleaning removes whatever it holds: a
 * comment thread (never the article), else what is not most of it. */
static uint32_t
rd_boiler_text(const reader_result_t *r, uint32_t root)
{
    const rd_node_t  *st;
    uint32_t          j, end = root + r->nodes[root].tags, sum = 0;

    for (j = root + 1; j < end; j++) {
        st = &r->nodes[j];
        if (!(st->flags & (RD_NODE_DROP | RD_NODE_IN_SKIP | RD_NODE_CORE))
            && rd_is_removed_always(st)
            && (st->flags & RD_NODE_THREAD
                || st->wlen * 2 <= r->nodes[root].wlen))
        {
            sum += st->wlen;
            j += st->tags - 1;
        }
    }

    return sum;
}


static void
rd_clean_subtree(reader_result_t *r, uint32_t root)
{
    uint32_t    j, end = root + r->nodes[root].tags;
    uint32_t    half = r->nodes[root].wlen / 2, story;
    rd_node_t  *st;

    /* forward: mark what must never be cleaned */
    for (j = root; j < end; j++) {
        st = &r->nodes[j];

        if (j != root && st->parent != RD_NONE) {
            st->flags |= r->nodes[st->parent].flags & RD_NODE_KEEP_ALL;
        }

        if (rd_name_is(st, "table") && rd_is_data_table(r, j)) {
            st->flags |= RD_NODE_DATA_TABLE | RD_NODE_KEEP_ALL;

        } else if (rd_name_is(st, "pre") || rd_name_is(st, "code")
                   || rd_name_is(st, "figure"))
        {
            st->flags |= RD_NODE_KEEP_ALL;
        }
    }

    /* what the story can hold: the text less the boilerplate that goes */
    story = (r->nodes[root].wlen - rd_boiler_text(r, root)) / 2;

    /* backward: descendants are decided before their ancestors */
    for (j = end; j-- > root + 1; ) {
        st = &r->nodes[j];

        if (st->flags & (RD_NODE_DROP | RD_NODE_IN_SKIP | RD_NODE_CORE)) {
            continue;
        }

        /* a block holding most of the article stays, whatever its class
         * says: Readability gets there by retrying without class weights;
         * but a comment thread is never the article */
        if (rd_is_removed_always(st)) {
            if (st->wlen <= half || (st->flags & RD_NODE_THREAD)) {
                rd_drop(r, j);
            }

        } else if (!r->fallback && rd_is_conditional(st)
                   && !(st->flags & RD_NODE_DATA_TABLE)
                   && st->wlen <= story && rd_should_remove(r, st))
        {
            rd_drop(r, j);
        }
    }
}


/* ---- cards inside paragraphs ------------------------------------------- */

/*
 * A hover card: an inline element inside a paragraph that holds a picture
 * and several links (a person's photo and their latest headlines), shown
 * by script when the pointer rests on a name.  Its text is not the
 * sentence's.  The deepest such element goes, so the name stays.
 */
static int
rd_is_hover_card(const reader_result_t *r, const rd_node_t *st)
{
    uint32_t  p;

    if ((st->tag_flags & (RD_TAG_BLOCK | RD_TAG_CELL)) || st->imgs == 0
        || st->links < 2 || st->link_wlen * 5 < st->wlen * 4)
    {
        return 0;
    }

    for (p = st->parent; p != RD_NONE; p = r->nodes[p].parent) {
        if (r->nodes[p].tag_flags & (RD_TAG_BLOCK | RD_TAG_CELL)) {
            return (r->nodes[p].tag_flags & RD_TAG_PARA) != 0;
        }
    }

    return 0;
}


/* Hover cards inside the content (stats.c leaves a <noscript> without a
 * picture out already). */
static void
rd_drop_hover_cards(reader_result_t *r, uint32_t root)
{
    uint32_t    j, end = root + r->nodes[root].tags;
    rd_node_t  *st;

    /* backward: the deepest card first, then its holders no longer are */
    for (j = end; j-- > root + 1; ) {
        st = &r->nodes[j];

        if (!(st->flags & (RD_NODE_DROP | RD_NODE_IN_SKIP))
            && rd_is_hover_card(r, st))
        {
            rd_drop(r, j);
        }
    }
}


/* ---- repeated blocks ----------------------------------------------------- */

/*
 * A story printed twice: blocks that repeat an earlier run of blocks, two
 * or more in a row, are dropped.  A paragraph repeated alone stays (pages
 * repeat a sentence on purpose).
 */

typedef struct {
    uint64_t    hash;           /* 0: empty */
    uint32_t    pos;
} rd_slot_t;

/* The position of the first block whose hash is h, registering pos as
 * that block when there is none yet. */
static uint32_t
rd_first_copy(rd_slot_t *slots, size_t mask, uint64_t h, uint32_t pos)
{
    size_t  i;

    h |= 1;                             /* 0 marks an empty slot */

    for (i = h & mask; slots[i].hash; i = (i + 1) & mask) {
        if (slots[i].hash == h) {
            return slots[i].pos;
        }
    }

    slots[i].hash = h;
    slots[i].pos = pos;
    return pos;
}


#define RD_PART      0x80000000u   /* the slot is a part of block pos */
#define RD_PART_MIN  80            /* shorter repeated parts stay */
#define RD_PART_DEPTH 3            /* how deep inside a block parts are */


/*
 * The blocks inside a whole block (a gallery's list item: caption, short
 * caption, credit), down to RD_PART_DEPTH levels, are registered as parts
 * of it, so a later block that repeats one of them is seen: the same
 * caption printed again by the gallery's controls.
 */
static void
rd_register_parts(const reader_result_t *r, rd_slot_t *slots, size_t mask,
    uint32_t k, uint32_t b)
{
    const rd_node_t  *cs;
    uint32_t          j, end = b + r->nodes[b].tags;
    unsigned          depth = r->nodes[b].depth;

    for (j = b + 1; j < end; j++) {
        cs = &r->nodes[j];

        if (cs->flags & (RD_NODE_DROP | RD_NODE_IN_SKIP)) {
            j += cs->tags - 1;
            continue;
        }

        if (cs->depth > depth + RD_PART_DEPTH || cs->wlen < 20
            || !(cs->tag_flags & RD_TAG_BLOCK))
        {
            continue;
        }

        (void) rd_first_copy(slots, mask, rd_node_hash(cs->node),
                             k | RD_PART);
    }
}


#define RD_EDGE_COPY  3     /* how near each end a page-chrome copy sits */


/*
 * A line the site prints in its header and again in its footer (a tagline,
 * a keyword line, a subscribe prompt) is not the story: a block whose only
 * other copy is among the first blocks, while it is among the last ones,
 * goes with that copy.  A text repeated through the article (more than
 * twice) stays; a run of repeats (a story printed twice) is rd_dedup's.
 */
static void
rd_drop_edge_copies(reader_result_t *r, const rd_block_t *blocks,
    const uint32_t *first, size_t n)
{
    size_t    k, j, copies;
    uint32_t  f;

    for (k = n > RD_EDGE_COPY ? n - RD_EDGE_COPY : 0; k < n; k++) {
        f = first[k];
        if (f == k || (f & RD_PART) || f >= RD_EDGE_COPY
            || k < 2 * RD_EDGE_COPY
            || (r->nodes[blocks[k].node].flags & RD_NODE_DROP))
        {
            continue;           /* or a story printed twice, dropped */
        }

        for (j = 0, copies = 0; j < n; j++) {
            copies += first[j] == f;
        }

        if (copies == 2) {
            rd_drop(r, blocks[f].node);
            rd_drop(r, blocks[k].node);
        }
    }
}


static void
rd_dedup(reader_result_t *r)
{
    rd_slot_t     *slots;
    rd_block_t    *blocks;
    uint32_t      *first;
    size_t         k, n, size = 64;

    while (size < r->n_nodes * 2) {
        size *= 2;
    }

    slots = calloc(size, sizeof(rd_slot_t));
    blocks = malloc(r->n_nodes * sizeof(rd_block_t));
    first = malloc(r->n_nodes * sizeof(uint32_t));
    if (slots == NULL || blocks == NULL || first == NULL) {
        goto done;
    }

    n = rd_text_blocks(r, blocks, r->n_nodes);

    /* first[k]: the position of the first copy of block k (k if new) */
    for (k = 0; k < n; k++) {
        first[k] = (uint32_t) k;

        if (!blocks[k].whole || blocks[k].wlen < 20) {
            continue;
        }

        /* the hash of the text without white space: layout does not
         * matter */
        first[k] = rd_first_copy(slots, size - 1,
                                 rd_node_hash(r->nodes[blocks[k].node].node),
                                 (uint32_t) k);

        if (first[k] == k) {
            rd_register_parts(r, slots, size - 1, (uint32_t) k,
                              blocks[k].node);
        }
    }

    for (k = 0; k < n; k++) {
        uint32_t  f = first[k];

        if (f == k) {
            continue;
        }

        /* a piece of an earlier block, printed again alone */
        if (f & RD_PART) {
            if (blocks[k].wlen >= RD_PART_MIN) {
                rd_drop(r, blocks[k].node);
            }
            continue;
        }

        if ((k + 1 < n && first[k + 1] == f + 1)
            || (k > 0 && first[k - 1] != k - 1 && first[k - 1] + 1 == f))
        {
            rd_drop(r, blocks[k].node);
        }
    }

    rd_drop_edge_copies(r, blocks, first, n);

done:

    free(slots);
    free(blocks);
    free(first);
}


static int
rd_root_kept(const reader_result_t *r, const xmlNode *n)
{
    uint32_t  ci = rd_node_index(n);

    return ci == RD_NONE || !(r->nodes[ci].flags & RD_NODE_DROP);
}


/* The top-level nodes that cleaning dropped whole (a gathered sibling
 * that was an edge line, a repeat, a notice) leave the content: the
 * renderers walk below the top-level nodes, not through them.  When all
 * were dropped, the content stays as it was (--force shows something). */
static void
rd_content_compact(reader_result_t *r)
{
    size_t  i, n = 0;

    for (i = 0; i < r->n_content; i++) {
        n += rd_root_kept(r, r->content[i]);
    }

    if (n == 0) {
        return;
    }

    for (i = 0, n = 0; i < r->n_content; i++) {
        if (rd_root_kept(r, r->content[i])) {
            r->content[n++] = r->content[i];
        }
    }

    r->n_content = n;
}


void
rd_clean(reader_result_t *r)
{
    size_t    i;
    uint32_t  ci;

    for (i = 0; i < r->n_content; i++) {
        ci = rd_node_index(r->content[i]);
        if (ci != RD_NONE) {
            rd_clean_subtree(r, ci);
            rd_drop_hover_cards(r, ci);
        }
    }

    rd_dedup(r);
    rd_trim(r);
    rd_content_compact(r);
}
