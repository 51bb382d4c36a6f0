/*
 * The verdict: is the extracted content an article?  Judged on the cleaned
 * content, on CJK-weighted lengths: enough prose (blocks with sentences and
 * few links), and not a list of teasers (most blocks linked).  Readability's
 * isProbablyReaderable score and the page's own word (JSON-LD or og:type
 * article) are further ways in.  Home pages, listings and search results
 * fail it.
 */

#include <math.h>

#include "internal.h"


#define RD_JUDGE_BLOCKS  2048


int
rd_judge(reader_result_t *r)
{
    rd_block_t        blocks[RD_JUDGE_BLOCKS];
    const rd_block_t *st;
    size_t            i, n;
    double            score = 0;
    uint32_t          wlen = 0, links = 0, prose = 0, linked = 0;

    if (r->fallback) {
        return 0;               /* no paragraph scored anywhere */
    }

    n = rd_text_blocks(r, blocks, RD_JUDGE_BLOCKS);

    for (i = 0; i < n; i++) {
        st = &blocks[i];
        wlen += st->wlen;
        links += st->link_wlen;

        if (st->link_wlen * 2 >= st->wlen) {
            linked++;
            continue;
        }

        if (st->wlen >= 25 && st->stops > 0 && st->link_wlen * 10 < st->wlen * 3) {
            prose += st->wlen;
        }

        if (st->wlen >= 140) {
            score += sqrt((double) (st->wlen - 140));
        }
    }

    if (wlen == 0 || links * 2 > wlen || linked * 3 > n * 2) {
        return 0;               /* nothing, mostly links, or teasers */
    }

    return score > 20 || prose >= 400
           || (r->article_hint && wlen >= 250);
}
