/*
 * Text blocks: the units a reader sees as paragraphs.  An element's own
 * text is its text minus that of its block children, so loose text between
 * blocks ("text<br>text<div>..</div>") is a block too, as in Readability's
 * DIV-to-P conversion.
 */

#include "internal.h"


void
rd_own_text(const reader_result_t *r, uint32_t i, rd_block_t *own)
{
    const rd_node_t  *st = &r->nodes[i], *cs;
    const xmlNode    *c;
    uint32_t          ci;

    own->node = i;
    own->wlen = st->wlen;
    own->link_wlen = st->link_wlen;
    own->commas = st->commas;
    own->stops = st->stops;
    own->whole = 1;

    for (c = st->node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE
            || !(rd_node_tag_flags(c) & (RD_TAG_BLOCK | RD_TAG_CELL))
            || (ci = rd_node_index(c)) == RD_NONE)
        {
            continue;
        }

        own->whole = 0;
        cs = &r->nodes[ci];

        if (cs->flags & (RD_NODE_SKIP | RD_NODE_DROP)) {
            continue;           /* its counts are not in ours */
        }

        own->wlen -= cs->wlen;
        own->link_wlen -= cs->link_wlen;
        own->commas -= cs->commas;
        own->stops -= cs->stops;
    }
}


size_t
rd_text_blocks(const reader_result_t *r, rd_block_t *out, size_t max)
{
    const rd_node_t  *st;
    size_t            i, n = 0;
    uint32_t          j, end, root;

    for (i = 0; i < r->n_content && n < max; i++) {
        root = rd_node_index(r->content[i]);
        if (root == RD_NONE) {
            continue;
        }

        for (j = root, end = root + r->nodes[root].tags; j < end && n < max;
             j++)
        {
            st = &r->nodes[j];

            if (st->flags & (RD_NODE_DROP | RD_NODE_IN_SKIP)) {
                j += st->tags - 1;
                continue;
            }

            if (st->wlen == 0
                || !(st->tag_flags & (RD_TAG_BLOCK | RD_TAG_CELL)))
            {
                continue;
            }

            rd_own_text(r, j, &out[n]);

            /* a paragraph or heading is one block, whatever it holds */
            if (st->tag_flags & (RD_TAG_PARA | RD_TAG_HEADING)) {
                out[n].wlen = st->wlen;
                out[n].link_wlen = st->link_wlen;
                out[n].commas = st->commas;
                out[n].stops = st->stops;
                out[n].whole = 1;
            }

            if (out[n].whole) {
                j += st->tags - 1;
            }

            if (out[n].wlen > 0) {
                n++;
            }
        }
    }

    return n;
}
