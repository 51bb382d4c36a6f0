/*
 * Edge trimming: the blocks before the first and after the last real
 * paragraph of the article are where pages put what is not the story: a
 * "now reading" bar, the headline again, byline, editor and source lines,
 * dates, photo credits, tags, view counts, share and app-download prompts,
 * copyright lines, "related" headings.  Byline and date lines become
 * metadata; the rest is dropped.  Only short blocks are candidates, so a
 * real paragraph is never lost to a word list.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"


#define RD_EDGE_MAX_WLEN   150     /* longer blocks are never edge lines */
#define RD_EDGE_MAX_BLOCKS 12      /* how far in from each edge to look */
#define RD_LEAD_MAX_BLOCKS 40      /* ... and how many short lines may lead */


/* Phrases that mark an edge line (matched on lower-cased ASCII, so the
 * English entries are lower case).  Simplified and Traditional forms. */
static const char  *rd_edge_words[] = {
    /* zh */
    "正在阅读", "正在閱讀", "扫一扫", "掃一掃", "扫码", "掃碼", "二维码",
    "二維碼", "下载app", "下載app", "打开app", "打開app", "版权所有",
    "版權所有", "转载请", "轉載請", "未经授权", "未經授權", "免责声明",
    "免責聲明", "阅读量", "閱讀量", "分享到", "分享至", "相关阅读",
    "相關閱讀", "相关文章", "相關文章", "相关新闻", "相關新聞", "推荐阅读",
    "推薦閱讀", "举报", "舉報", "发表评论", "發表評論", "暂无评论",
    "暫無評論", "展开全文", "展開全文", "返回搜狐", "icp备", "icp證",
    "上一页", "上一頁", "下一页", "下一頁",
    /* ja */
    "記事をシェア", "関連記事", "無断転載", "コメントする",
    /* ko */
    "무단 전재", "재배포 금지", "저작권자", "관련기사",
    /* en: whole words only */
    "photo:", "photograph:", "image:", "credit:", "getty images",
    "updated", "published", "posted", "copyright", "all rights reserved",
    "\xc2\xa9", "share this", "share on", "follow us", "subscribe",
    "newsletter", "sign up", "you may also like", "related", "read more",
    "more from", "recommended", "advertisement", "tags:", "tagged as:",
    "filed under",
    "comments", "leave a comment", "breaking news", "click here",
    NULL
};

/* CJK labels that mark an edge line only when a separator follows them:
 * "记者 | 李明", "来源：新华社", "图源/视觉中国". */
static const char  *rd_edge_labels[] = {
    "记者", "記者", "编辑", "編輯", "责编", "責編", "作者", "来源",
    "來源", "原标题", "原標題", "图源", "圖源", "图片来源", "圖片來源",
    "摄影", "攝影", "标签", "標籤", "关键词", "關鍵詞", "撰文", "出品",
    NULL
};


static int
rd_is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}


/* Whether a separator (：: | ｜ / 丨) follows p, after optional spaces. */
static int
rd_separator_at(const unsigned char *p, const unsigned char *end)
{
    uint32_t  cp;

    while (p < end) {
        cp = rd_utf8_next(&p, end);
        if (rd_is_space(cp)) {
            continue;
        }
        return cp == ':' || cp == '|' || cp == '/' || cp == 0xff1a
               || cp == 0xff5c || cp == 0x4e28 || cp == 0xff0f;
    }
    return 0;
}


static int
rd_edge_word(const unsigned char *s, size_t n)
{
    unsigned char          buf[1024];
    const unsigned char   *hit, *end;
    const char           **w;
    size_t                 i, len;

    if (n >= sizeof(buf)) {
        n = sizeof(buf) - 1;
    }

    for (i = 0; i < n; i++) {
        buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i];
    }
    buf[n] = '\0';
    end = buf + n;

    for (w = rd_edge_words; *w; w++) {
        hit = (const unsigned char *) strstr((char *) buf, *w);
        if (hit == NULL) {
            continue;
        }

        len = strlen(*w);

        /* Latin words only as whole words ("related", not "unrelated") */
        if ((unsigned char) (*w)[0] < 0x80
            && ((hit > buf && rd_is_word_byte(hit[-1]))
                || rd_is_word_byte(hit[len])))
        {
            continue;
        }

        return 1;
    }

    for (w = rd_edge_labels; *w; w++) {
        hit = (const unsigned char *) strstr((char *) buf, *w);
        if (hit && rd_separator_at(hit + strlen(*w), end)) {
            return 1;
        }
    }

    return 0;
}


/* Letters and digits only, ASCII lower-cased: what a title comparison sees. */
static size_t
rd_fold(const unsigned char *s, size_t n, unsigned char *out, size_t cap)
{
    const unsigned char  *p = s, *end = s + n, *q;
    uint32_t              cp;
    size_t                len = 0;

    while (p < end && len + 4 < cap) {
        q = p;
        cp = rd_utf8_next(&p, end);

        if (cp < 0x80) {
            if ((cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z')) {
                out[len++] = (unsigned char) (cp | (cp >= 'A' ? 32 : 0));
            }
            continue;
        }

        if (!rd_is_space(cp)) {
            while (q < p) {
                out[len++] = *q++;
            }
        }
    }

    return len;
}


/* Whether a heading only echoes the title: equal, or one holds the other
 * and covers most of it (titles carry site names). */
static int
rd_echoes_title(const unsigned char *text, size_t n, const char *title)
{
    unsigned char  a[512], b[512];
    size_t         an, bn;

    an = rd_fold(text, n, a, sizeof(a));
    bn = rd_fold((const unsigned char *) title, strlen(title), b, sizeof(b));

    if (an == 0 || bn == 0) {
        return 0;
    }

    a[an] = '\0';
    b[bn] = '\0';

    if (an <= bn) {
        return an * 5 >= bn * 3 && strstr((char *) b, (char *) a) != NULL;
    }

    return bn * 5 >= an * 3 && strstr((char *) a, (char *) b) != NULL;
}


/* Whether a line is one address alone: an email, a web address or a
 * handle ("jane@paper.example", "twitter.com/jane"): the writer's contact
 * line at the story's end. */
static int
rd_is_address(const reader_buf_t *text)
{
    size_t  i, b = 0, e = text->len, mark = 0;

    /* bytes, not code points: ASCII white space only (decoded text has no
     * other control), so a UTF-8 continuation byte is never a space */

    while (b < e && text->data[b] <= ' ') {
        b++;
    }
    while (e > b && text->data[e - 1] <= ' ') {
        e--;
    }

    for (i = b; i < e; i++) {
        if (text->data[i] <= ' ') {
            return 0;
        }
        if (text->data[i] == '@' || text->data[i] == '/') {
            mark = 1;
        }
    }

    return mark && e - b > 1
           && (text->data[b] == '@' || memchr(text->data + b, '.', e - b));
}


/* The text of the block the tests look at last: most blocks go through
 * several of them, and each would render it again.  The tests of a
 * block's opening words need only its head (a story's paragraph is long). */
typedef struct {
    reader_buf_t    buf;
    uint32_t        node;       /* whose text buf holds; RD_NONE: none */
    uint32_t        drops;      /* r->drops then: a drop may change it */
    int             complete;   /* buf holds all of it, not its head */
} rd_text_cache_t;

#define RD_HEAD_MAX  64     /* bytes of a block's head: past the labels */


/* A whole block's text, all of it (max SIZE_MAX) or at least its head,
 * into text->buf; 0 for loose text or no memory. */
static int
rd_block_render(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text, size_t max)
{
    if (!b->whole) {
        return 0;
    }

    if (text->node != b->node || text->drops != r->drops
        || (max == SIZE_MAX && !text->complete))
    {
        text->buf.len = 0;
        rd_node_text_head(r->nodes[b->node].node, &text->buf, max);
        text->node = text->buf.failed ? RD_NONE : b->node;
        text->drops = r->drops;
        text->complete = text->buf.len < max;
    }

    return !text->buf.failed;
}


static int
rd_block_text(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text)
{
    return rd_block_render(r, b, text, SIZE_MAX);
}


/* Whether a whole block's text may open with one of the labels in list
 * (any case, after white space), as far as its head tells: 0 only when
 * none can. */
static int
rd_may_open(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text, const char **list)
{
    const unsigned char  *p, *q, *end;
    size_t                n;

    if (!rd_block_render(r, b, text, RD_HEAD_MAX)) {
        return 0;
    }
    if (text->complete) {
        return 1;               /* the caller's test on the text decides */
    }

    p = text->buf.data;
    end = p + text->buf.len;
    for (q = p; q < end && rd_is_space(rd_utf8_next(&q, end)); p = q) {
        /* leading white space */
    }

    for ( ; *list; list++) {
        n = strlen(*list);
        if (n > (size_t) (end - p)) {
            n = (size_t) (end - p);     /* the head ends inside it */
        }
        if (strncasecmp((const char *) p, *list, n) == 0) {
            return 1;
        }
    }

    return 0;
}


/* Whether a short edge block is metadata or boilerplate; bylines and dates
 * are recorded on the way. */
static int
rd_edge_line(reader_result_t *r, const rd_block_t *b, rd_text_cache_t *text,
    int leading)
{
    const rd_node_t  *st = &r->nodes[b->node];
    const char       *v;

    if (xmlStrEqual(st->node->name, (const xmlChar *) "figcaption")
        || !rd_block_text(r, b, text) || text->buf.len == 0)
    {
        return 0;               /* loose text beside blocks, or a caption
                                   (a picture keeps its credit) */
    }

    if (leading && r->meta.title && (st->tag_flags & RD_TAG_HEADING)
        && rd_echoes_title(text->buf.data, text->buf.len, r->meta.title))
    {
        return 1;
    }

    if (st->wlen > RD_EDGE_MAX_WLEN) {
        return 0;
    }

    /* a sentence is story, whatever words it uses */
    if (st->stops > 0 && st->wlen >= 60 && st->link_wlen * 4 < st->wlen) {
        return rd_meta_byline_from_line(&r->arena, (const char *) text->buf.data,
                                        text->buf.len) != NULL;
    }

    v = rd_meta_byline_from_line(&r->arena, (const char *) text->buf.data,
                                 text->buf.len);
    if (v) {
        if (r->meta.byline == NULL) {
            r->meta.byline = v;
        }
        return 1;
    }

    v = rd_meta_date_from_text(&r->arena, (const char *) text->buf.data,
                               text->buf.len);
    if (v && st->wlen < 60) {
        if (r->meta.published == NULL) {
            r->meta.published = v;
        }
        return 1;
    }

    return rd_edge_word(text->buf.data, text->buf.len) || rd_is_address(&text->buf);
}


/* A block that is surely story: long, or a sentence without links. */
static int
rd_is_story(const rd_block_t *b)
{
    return b->wlen > RD_EDGE_MAX_WLEN
           || (b->stops > 0 && b->wlen >= 80 && b->link_wlen == 0);
}


/* Whole-block placeholders, folded: ad slots and loaders. */
static const char  *rd_placeholders[] = {
    "advertisement", "advertising", "ad", "ads", "sponsored", "anzeige",
    "advert", "werbung", "publicité", "publicidad", "anuncio", "реклама", "广告",
    "廣告", "広告", "광고", "loading", "正在加载", "正在載入",
    /* slideshow controls: "Image 1 of 8", "Caption", "Close" */
    "caption", "close", "expand", "enlarge", "imageof", "photoof",
    "slideof", "previous", "next", "clicktoenlarge", "clickimagetoenlarge",
    /* the labels of controls that script turns into links or toggles */
    "readmore", "continuereading", "showmore", "clicktoexpand",
    /* in-page navigation between sections: "Back to Top", "↑ Top of page" */
    "top", "totop", "backtotop", "returntotop", "gototop", "topofpage",
    "backtotopofpage", "homepage",
    /* tools left in the text */
    "emailtoafriend", "emailthisarticle", "emailthispage", "printthisarticle",
    "printthispage",
    /* the label over a teaser of another post */
    "featured", "featuredpost", "featuredstory", "featuredarticle", NULL
};


/* A block's whole text folded into folded[128] (letters, no digits, no
 * trailing full-width colon), NUL-terminated; 0 for loose text. */
static int
rd_block_folded(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text, unsigned char *folded)
{
    size_t  i, n, k = 0;

    if (!rd_block_text(r, b, text)) {
        return 0;
    }

    n = rd_fold(text->buf.data, text->buf.len, folded, 128);

    /* digits go too: "63 Comments" is "comments" */
    for (i = 0; i < n; i++) {
        if (folded[i] < '0' || folded[i] > '9') {
            folded[k++] = folded[i];
        }
    }
    /* a label's colon: "评论：" is "评论" */
    if (k >= 3 && memcmp(folded + k - 3, "\xef\xbc\x9a", 3) == 0) {
        k -= 3;
    }
    folded[k] = '\0';
    return 1;
}


/* Whether a block's whole text, folded, is one of the words in list. */
static int
rd_block_is(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text, const char **list)
{
    unsigned char  folded[128];

    if (!rd_block_folded(r, b, text, folded)) {
        return 0;
    }

    for ( ; *list; list++) {
        if (strcmp((const char *) folded, *list) == 0) {
            return 1;
        }
    }

    return 0;
}


/* Whether a block is a bar of short links: an A to Z index or page
 * numbers ("A B C ... Z", "1 2 3 4 5 6 7 8"), eight links or more, all of
 * its text in links of about two characters each. */
static int
rd_is_index_bar(const reader_result_t *r, const rd_block_t *b)
{
    const rd_node_t  *st = &r->nodes[b->node];

    return b->whole && st->links >= 8 && st->link_wlen * 10 >= st->wlen * 9
           && st->wlen <= st->links * 4;
}


/* Whether a block is the links to the previous and the next post ("«
 * Older post | Main | Newer post »"): links only, with both guillemets. */
static int
rd_is_prev_next(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text)
{
    const rd_node_t  *st = &r->nodes[b->node];

    return st->links >= 2 && st->link_wlen * 10 >= st->wlen * 9
           && rd_block_text(r, b, text)
           && strstr((const char *) text->buf.data, "\xc2\xab") != NULL
           && strstr((const char *) text->buf.data, "\xc2\xbb") != NULL;
}


/* Whether a block is a short line of links (90 % of its text), not a
 * list's item: after the story's last paragraph, a way elsewhere
 * ("Previous features", "Archives | Site map").  A list of links is left
 * to the cleaning: Readability keeps one. */
static int
rd_is_link_line(const reader_result_t *r, const rd_block_t *b)
{
    return b->whole && b->wlen <= 80 && b->link_wlen * 10 >= b->wlen * 9
           && !xmlStrEqual(r->nodes[b->node].node->name, (const xmlChar *) "li");
}


/* Links back to where the reader came from, folded: "Back to Contents",
 * "Return to previous page", "Go back". */
static const char  *rd_back_links[] = { "backto", "returnto", "goback", NULL };


/* Whether a block is one short link back to another page of the site:
 * navigation between pages, left in the text of older sites. */
static int
rd_is_back_link(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text)
{
    unsigned char   folded[128];
    const char    **w;

    if (b->wlen > 60 || b->link_wlen < b->wlen
        || !rd_block_folded(r, b, text, folded))
    {
        return 0;
    }

    for (w = rd_back_links; *w; w++) {
        if (strncmp((const char *) folded, *w, strlen(*w)) == 0) {
            return 1;
        }
    }

    return 0;
}


static int
rd_is_placeholder(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text)
{
    return rd_block_is(r, b, text, rd_placeholders);
}


/* The labels of the link that ends a teaser, lower case. */
static const char  *rd_teaser_links[] = {
    "read more", "continue reading", "more", "read the rest", "full story",
    NULL
};


/* Whether text[0..*len) ends with one of the words in list (a whole word,
 * any case); if so *len is cut before it. */
static int
rd_ends_with_word(const unsigned char *text, size_t *len, const char **list)
{
    size_t  n;

    for ( ; *list; list++) {
        n = strlen(*list);
        if (*len >= n
            && strncasecmp((const char *) text + *len - n, *list, n) == 0
            && (*len == n || !rd_is_word_byte(text[*len - n - 1] | 32)))
        {
            *len -= n;
            return 1;
        }
    }

    return 0;
}


/* Trailing white space and the code points in marks (0-terminated) off
 * the end of text[0..*len). */
static void
rd_trim_end(const unsigned char *text, size_t *len, const uint32_t *marks)
{
    const unsigned char  *p, *q;
    const uint32_t       *m;
    uint32_t              cp;
    size_t                keep;

    for (keep = *len; keep > 0; keep = (size_t) (p - text)) {
        /* the start of the last code point */
        for (p = text + keep - 1; p > text && (*p & 0xc0) == 0x80; p--) {
            /* continuation bytes */
        }
        q = p;
        cp = rd_utf8_next(&q, text + keep);
        for (m = marks; *m && *m != cp; m++) {
            /* void */
        }
        if (!rd_is_space(cp) && *m == 0) {
            break;
        }
    }

    *len = keep;
}


/*
 * A teaser of another post: an excerpt cut short ("…" or "...") and a
 * link to the rest ("Read More...").  The story itself is never cut short
 * on its own page.
 */
static int
rd_is_teaser(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text)
{
    /* the marks that decorate a "more" link: ". » › → > ]" and "[" */
    static const uint32_t  after[] = { '.', '>', ']', ')', 0xbb, 0x203a,
                                       0x2192, 0 };
    static const uint32_t  before[] = { '[', '(', 0 };
    size_t                 len;

    if (b->link_wlen == 0 || b->wlen > 2 * RD_EDGE_MAX_WLEN
        || !rd_block_text(r, b, text))
    {
        return 0;
    }

    len = text->buf.len;
    rd_trim_end(text->buf.data, &len, after);
    if (!rd_ends_with_word(text->buf.data, &len, rd_teaser_links)) {
        return 0;
    }
    rd_trim_end(text->buf.data, &len, before);

    return (len >= 3 && memcmp(text->buf.data + len - 3, "\xe2\x80\xa6", 3) == 0)
           || (len >= 3 && memcmp(text->buf.data + len - 3, "...", 3) == 0);
}


/* Labels that open a link to another story inside the article ("READ
 * MORE: <headline>", "Don't miss" and a list of links), lower case. */
static const char  *rd_promo_labels[] = {
    "read more", "read also", "also read", "see more", "see also",
    "don't miss", "don\xe2\x80\x99t miss", "more:", "watch:",
    "recommended", "more from", "must read", "trending", NULL
};


/* Whether a text node is only white space. */
static int
rd_blank_text(const xmlNode *t)
{
    const unsigned char  *p = t->content, *end;

    if (p == NULL) {
        return 1;
    }

    for (end = p + xmlStrlen(p); p < end; ) {
        if (!rd_is_space(rd_utf8_next(&p, end))) {
            return 0;
        }
    }

    return 1;
}


/*
 * Loose text beside blocks ("<div><h1>..</h1><span>Updated 5:27 am</span>
 * <p>..</p></div>") can only be dropped with its element: when all of it
 * is one inline element, that element stands for the block, so the edge
 * tests see a whole line.
 */
static void
rd_inline_block(const reader_result_t *r, rd_block_t *b)
{
    const rd_node_t  *cs;
    const xmlNode    *c;
    uint32_t          ci, one = RD_NONE;

    for (c = r->nodes[b->node].node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            if (!rd_blank_text(c)) {
                return;
            }
            continue;
        }

        if (c->type != XML_ELEMENT_NODE || (ci = rd_node_index(c)) == RD_NONE) {
            continue;
        }

        cs = &r->nodes[ci];
        if ((cs->flags & (RD_NODE_DROP | RD_NODE_IN_SKIP)) || cs->wlen == 0
            || (cs->tag_flags & (RD_TAG_BLOCK | RD_TAG_CELL)))
        {
            continue;
        }

        if (one != RD_NONE) {
            return;
        }
        one = ci;
    }

    if (one != RD_NONE && r->nodes[one].wlen == b->wlen) {
        b->node = one;
        b->whole = 1;
    }
}


/* Whether a block's text opens with a promo label: returns the number of
 * bytes after the label (its rest), or -1. */
static ssize_t
rd_promo_rest(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text)
{
    const char   **w;
    size_t         i, len;

    if (!rd_may_open(r, b, text, rd_promo_labels)
        || !rd_block_text(r, b, text))
    {
        return -1;
    }

    for (i = 0; i < text->buf.len && rd_is_space(text->buf.data[i]); i++) {
        /* leading white space */
    }

    for (w = rd_promo_labels; *w; w++) {
        len = strlen(*w);
        if (text->buf.len - i >= len
            && strncasecmp((const char *) text->buf.data + i, *w, len) == 0
            && (i + len == text->buf.len
                || !rd_is_word_byte((unsigned char) (text->buf.data[i + len] | 32))))
        {
            return (ssize_t) (text->buf.len - i - len);
        }
    }

    return -1;
}


static int
rd_mostly_links(const rd_block_t *b)
{
    return b->whole && b->wlen > 0 && b->link_wlen * 2 >= b->wlen;
}


#define RD_SHOUT_MIN  15     /* capitals in a headline promo, at least */


/*
 * A paragraph that is one link in capitals ("SENATOR QUITS OVER LEAK"),
 * between the paragraphs, is another story's headline, set in the site's
 * promo style; a sentence of the story is not all capitals and all link.
 * At least nine letters in ten are capitals (an acronym's plural passes).
 */
static int
rd_shouting_link(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text)
{
    size_t  i, upper = 0, lower = 0;

    if (!b->whole || b->wlen == 0 || b->link_wlen < b->wlen
        || (r->nodes[b->node].tag_flags & RD_TAG_HEADING)
        || !rd_block_text(r, b, text))
    {
        return 0;
    }

    for (i = 0; i < text->buf.len; i++) {
        upper += text->buf.data[i] >= 'A' && text->buf.data[i] <= 'Z';
        lower += text->buf.data[i] >= 'a' && text->buf.data[i] <= 'z';
    }

    return upper >= RD_SHOUT_MIN && lower * 10 <= upper + lower;
}


/*
 * Promotions of other stories between the paragraphs: a block that opens
 * with a promo label and is mostly links ("READ MORE: <headline>"), a
 * headline in capitals that is all link, or a bare label ("Don't miss")
 * over a block of links.  Returns how many blocks, from k, to drop.
 */
static size_t
rd_promo(const reader_result_t *r, const rd_block_t *blocks, size_t n,
    size_t k, rd_text_cache_t *text)
{
    ssize_t  rest;

    /* between two blocks: the story goes on around it */
    if (k > 0 && k + 1 < n && rd_shouting_link(r, &blocks[k], text)) {
        return 1;
    }

    rest = rd_promo_rest(r, &blocks[k], text);
    if (rest < 0) {
        return 0;
    }

    if (rd_mostly_links(&blocks[k])) {
        return 1;
    }

    /* a bare label: at most a colon after it */
    if (rest <= 2 && blocks[k].link_wlen == 0 && k + 1 < n
        && rd_mostly_links(&blocks[k + 1]))
    {
        return 2;
    }

    return 0;
}


/* Labels that open a comment section, folded (letters only, digits
 * removed: "63 Comments" is "comments"). */
static const char  *rd_comment_labels[] = {
    "comments", "comment", "responses", "leaveareply", "leaveacomment",
    "postacomment", "addacomment", "reactions", "discussion",
    "jointhediscussion", "readercomments", "评论", "网友评论", "發表評論",
    "发表评论", "用户评论", "读者评论", "評論", "網友評論", "留言",
    "网友留言", "コメント", "댓글", NULL
};


/* Labels that open what closes a page after the story, folded as above:
 * a legal notice, a list of related stories. */
static const char  *rd_closing_labels[] = {
    "反侵权公告", "反侵權公告", "版权声明", "版權聲明", "免责声明",
    "免責聲明", "侵权声明", "侵權聲明", "相关报道", "相關報導", "相关链接",
    "相關鏈接", "延伸阅读", "延伸閱讀",
    /* a post's tags close it: what follows is the blog's (author box,
     * related posts, comments) */
    "tags", "tagged", "tagged as", "tagged with", "filed under", "filed in",
    "labels", "categories",
    /* the author box after the post */
    "about the author", "about the writer", "about the blogger", NULL
};


/* Whether a whole block opens with one of the labels in list, alone or
 * followed by a separator ("免责声明：本文仅代表作者观点"). */
static int
rd_block_opens(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text, const char **list)
{
    const unsigned char  *p, *q, *end;
    size_t                n;

    if (!rd_may_open(r, b, text, list) || !rd_block_text(r, b, text)) {
        return 0;
    }

    p = text->buf.data;
    end = p + text->buf.len;
    for (q = p; q < end && rd_is_space(rd_utf8_next(&q, end)); p = q) {
        /* leading white space, U+3000 included */
    }

    for ( ; *list; list++) {
        n = strlen(*list);
        if ((size_t) (end - p) < n
            || strncasecmp((const char *) p, *list, n) != 0)
        {
            continue;
        }
        for (q = p + n; q < end && rd_is_space(rd_utf8_next(&q, end)); ) {
            /* white space after the label */
        }
        if (q == end || rd_separator_at(p + n, end)) {
            return 1;
        }
    }

    return 0;
}


static int
rd_is_comment_label(const reader_result_t *r, const rd_block_t *b,
    rd_text_cache_t *text)
{
    return (b->wlen <= 40 && rd_block_is(r, b, text, rd_comment_labels))
           || rd_block_opens(r, b, text, rd_closing_labels);
}


/* A comment section after the story: from its label to the end.  Only
 * when most of the text comes before it, so a page that is a discussion
 * keeps its discussion.  Returns the number of blocks left. */
static size_t
rd_cut_comments(reader_result_t *r, const rd_block_t *blocks, size_t n,
    rd_text_cache_t *text)
{
    size_t    k, j;
    uint64_t  total = 0, before = 0;

    for (k = 0; k < n; k++) {
        total += blocks[k].wlen;
    }

    for (k = 0; k < n; k++) {
        if (before * 5 >= total * 2 && rd_is_comment_label(r, &blocks[k], text)) {
            for (j = k; j < n; j++) {
                if (blocks[j].whole) {
                    rd_drop(r, blocks[j].node);
                }
            }
            return k;
        }

        before += blocks[k].wlen;
    }

    return n;
}


/*
 * A run of link lines after the story: a blog post's body often ends in
 * loose lines (text and <br>, not <p> or <li>) that list the site's other
 * posts, with labels over them, spread over nested containers.  Blocks
 * are too coarse to see them, so the content is walked as lines (split at
 * <br> and at block edges).  The run is found from the end (rd_link_tail)
 * and dropped: the inline elements of its lines and the blocks that open
 * in it; loose text nodes of a block that opened before it stay (the tree
 * is not modified).  Headings left last go the same way.
 */

#define RD_TAIL_MAX_PIECES  4096
#define RD_TAIL_MAX_LINES   2048
#define RD_TAIL_MIN_LINKS   3

typedef struct {
    uint32_t    first;          /* its first piece */
    uint32_t    wlen;
    uint32_t    link_wlen;
    uint32_t    stops;
    uint32_t    media;          /* pictures, videos */
    int         pending;        /* text pieces not counted yet: rd_line() */
} rd_line_t;

typedef struct {
    const xmlNode  **pieces;    /* elements and text nodes; a text node is
                                   measured when its line is read (most
                                   lines never are) */
    rd_line_t       *lines;
    uint32_t         n_pieces;
    uint32_t         n_lines;
    uint32_t         pieces_cap;
    uint32_t         lines_cap;
    int              full;      /* a bound was reached: no verdict */
} rd_lines_t;


/* An array of *cap items of size bytes grown (doubled, up to max), or
 * NULL when it is at max or out of memory (then a is left as it is). */
static void *
rd_lines_grow(void *a, uint32_t *cap, uint32_t max, size_t size)
{
    uint32_t  c = *cap ? *cap * 2 : 64;

    if (*cap >= max) {
        return NULL;
    }
    if (c > max) {
        c = max;
    }

    a = realloc(a, c * size);
    if (a) {
        *cap = c;
    }
    return a;
}


/* The statistics index of a piece that is an element, else RD_NONE. */
static uint32_t
rd_piece_node(const xmlNode *pc)
{
    return pc->type == XML_ELEMENT_NODE ? rd_node_index(pc) : RD_NONE;
}


/* Ends the current line at a <br> or a block edge. */
static void
rd_line_break(rd_lines_t *ls)
{
    rd_line_t  *l;

    if (ls->n_lines > 0) {
        l = &ls->lines[ls->n_lines - 1];
        if (l->first == ls->n_pieces) {
            return;             /* still empty: reused */
        }
    }

    if (ls->n_lines == ls->lines_cap) {
        l = rd_lines_grow(ls->lines, &ls->lines_cap, RD_TAIL_MAX_LINES,
                          sizeof(rd_line_t));
        if (l == NULL) {
            ls->full = 1;
            return;
        }
        ls->lines = l;
    }

    l = &ls->lines[ls->n_lines++];
    l->first = ls->n_pieces;
    l->wlen = l->link_wlen = l->stops = l->media = 0;
    l->pending = 0;
}


/* A piece into the current line: an element with its counts (st, or
 * NULL for a block that opens the line), or a text node, counted later. */
static void
rd_line_add(rd_lines_t *ls, const xmlNode *pc, const rd_node_t *st)
{
    rd_line_t       *l = &ls->lines[ls->n_lines - 1];
    const xmlNode  **p;

    if (ls->n_pieces == ls->pieces_cap) {
        p = rd_lines_grow(ls->pieces, &ls->pieces_cap, RD_TAIL_MAX_PIECES,
                          sizeof(const xmlNode *));
        if (p == NULL) {
            ls->full = 1;
            return;
        }
        ls->pieces = p;
    }

    ls->pieces[ls->n_pieces++] = pc;
    l->pending |= pc->type != XML_ELEMENT_NODE;

    if (st) {
        l->wlen += st->wlen;
        l->link_wlen += st->link_wlen;
        l->stops += st->stops;
        l->media += st->imgs + st->embed_count;
    }
}


/* Line k with the counts of its text pieces (measured on the first read). */
static const rd_line_t *
rd_line(const reader_result_t *r, rd_lines_t *ls, uint32_t k)
{
    rd_line_t      *l = &ls->lines[k];
    const xmlNode  *t;
    rd_measure_t    m;
    uint32_t        j, end;

    if (!l->pending) {
        return l;
    }

    end = k + 1 < ls->n_lines ? ls->lines[k + 1].first : ls->n_pieces;

    for (j = l->first; j < end; j++) {
        t = ls->pieces[j];
        if (t->type == XML_ELEMENT_NODE) {
            continue;
        }

        memset(&m, 0, sizeof(m));
        rd_measure(t->content, strlen((const char *) t->content), &m);
        l->wlen += m.wlen;
        l->stops += m.stops;
        if (r->nodes[rd_node_index(t->parent)].flags & RD_NODE_IN_LINK) {
            l->link_wlen += m.wlen;
        }
    }

    l->pending = 0;
    return l;
}


/*
 * Marks the elements with a block, a cell or a <br> inside them, in one
 * backward pass (children come after their parent): the line walk asks it
 * of every inline element it meets, and a scan of the subtree each time
 * would cost the page's size times its depth.
 */
static void
rd_mark_breaks(reader_result_t *r)
{
    size_t      i;
    rd_node_t  *st;

    for (i = r->n_nodes; i-- > 1; ) {
        st = &r->nodes[i];

        if (st->parent != RD_NONE
            && ((st->flags & RD_NODE_BREAKS)
                || (st->tag_flags & (RD_TAG_BLOCK | RD_TAG_CELL))
                || xmlStrEqual(st->node->name, (const xmlChar *) "br")))
        {
            r->nodes[st->parent].flags |= RD_NODE_BREAKS;
        }
    }
}


/* One content root into lines, in document order, without recursion. */
static void
rd_lines_walk(const reader_result_t *r, xmlNode *root, rd_lines_t *ls)
{
    const rd_node_t  *st;
    xmlNode          *c = root;
    uint32_t          i;
    int               down;

    while (c && !ls->full) {
        down = 0;

        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            /* text measures something when it is not all white space */
            i = c->parent ? rd_node_index(c->parent) : RD_NONE;
            if (i != RD_NONE && !rd_blank_text(c)) {
                rd_line_add(ls, c, NULL);
            }

        } else if (c->type == XML_ELEMENT_NODE && !rd_node_dropped(c)
                   && (i = rd_node_index(c)) != RD_NONE
                   && !(r->nodes[i].flags & RD_NODE_IN_SKIP))
        {
            st = &r->nodes[i];

            if (xmlStrEqual(c->name, (const xmlChar *) "br")) {
                rd_line_break(ls);

            } else if (c != root
                       && !(st->tag_flags & (RD_TAG_BLOCK | RD_TAG_CELL))
                       && !(r->nodes[i].flags & RD_NODE_BREAKS))
            {
                /* an inline element without a break inside is one piece
                 * of a line; one with a break is walked into */
                rd_line_add(ls, c, st);

            } else {
                rd_line_break(ls);
                if (c != root && (st->tag_flags & (RD_TAG_BLOCK | RD_TAG_CELL))) {
                    rd_line_add(ls, c, NULL);   /* a block opens */
                }
                down = c->children != NULL;
            }
        }

        if (down) {
            c = c->children;
            continue;
        }

        /* next in document order, closing the blocks left on the way */
        while (c != root && c->next == NULL) {
            c = c->parent;
            if (rd_node_tag_flags(c) & (RD_TAG_BLOCK | RD_TAG_CELL)) {
                rd_line_break(ls);
            }
        }

        c = (c == root) ? NULL : c->next;
    }
}


/* A line of prose (a link or two in it at most): where the story is. */
static int
rd_line_prose(const rd_line_t *l)
{
    return l->link_wlen * 4 < l->wlen
           && (l->wlen > RD_EDGE_MAX_WLEN || (l->stops > 0 && l->wlen >= 80));
}


static int
rd_line_links(const rd_line_t *l)
{
    return l->wlen > 0 && l->link_wlen * 2 >= l->wlen;
}


/* The element a line opens with (a block opens a line), or RD_NONE. */
static uint32_t
rd_line_opener(const rd_lines_t *ls, const rd_line_t *l)
{
    return l->first < ls->n_pieces ? rd_piece_node(ls->pieces[l->first])
                                   : RD_NONE;
}


/* Whether a line is a heading: it opens with one (and a heading's end
 * ends the line). */
static int
rd_line_heading(const reader_result_t *r, const rd_lines_t *ls,
    const rd_line_t *l)
{
    uint32_t  node = rd_line_opener(ls, l);

    return node != RD_NONE && (r->nodes[node].tag_flags & RD_TAG_HEADING);
}


/* Whether a line is a list item after other items of its list: a run
 * that starts there ends the list that the post itself made (a link
 * post's items, the bare links last). */
static int
rd_mid_list(const reader_result_t *r, const rd_lines_t *ls, uint32_t k)
{
    const xmlNode  *p;
    uint32_t        node = rd_line_opener(ls, &ls->lines[k]);

    if (node == RD_NONE
        || !xmlStrEqual(r->nodes[node].node->name, (const xmlChar *) "li"))
    {
        return 0;
    }

    for (p = r->nodes[node].node->prev; p; p = p->prev) {
        if (p->type == XML_ELEMENT_NODE && !rd_node_dropped(p)) {
            return 1;
        }
    }

    return 0;
}


/*
 * The first line of the link run at the end, or the number of lines when
 * there is none.  The run is the suffix that scores best when link text
 * counts for it and other text twice against it (so it is at least two
 * thirds links), up to the last long paragraph of prose or the last
 * heading that is not a link (sections of links under headings are the
 * page's own index); a short line of prose inside it (a caption, a
 * slogan) does not end it.  It needs RD_TAIL_MIN_LINKS lines that are
 * mostly links, and takes the short label over it.
 */
static uint32_t
rd_link_tail(const reader_result_t *r, rd_lines_t *ls)
{
    const rd_line_t  *l;
    uint32_t          k, start = ls->n_lines, links = 0, best_links = 0;
    int64_t           score = 0, best = 0;

    for (k = ls->n_lines; k > 0; k--) {
        l = rd_line(r, ls, k - 1);
        if ((rd_line_prose(l) && l->wlen > RD_EDGE_MAX_WLEN)
            || (rd_line_heading(r, ls, l) && !rd_line_links(l)))
        {
            break;
        }

        links += rd_line_links(l);
        score += (int64_t) l->link_wlen
                 - 2 * (int64_t) (l->wlen - l->link_wlen);
        if (score > best) {
            best = score;
            start = k - 1;
            best_links = links;
        }
    }

    if (best_links < RD_TAIL_MIN_LINKS || rd_mid_list(r, ls, start)) {
        return ls->n_lines;
    }

    /* the label over the run: a short line without links or sentences */
    if (start > k) {
        l = rd_line(r, ls, start - 1);
        start -= l->wlen > 0 && l->wlen < 80 && l->link_wlen == 0
                 && l->stops == 0;
    }

    return start;
}


/* Headings left last once what they stood over was cleaned away ("More
 * at <site>" over a dropped box of links): a heading introduces what
 * follows it, and nothing does.  Only when other text comes before them
 * (a page of headings keeps them).  Returns the first line to drop. */
static uint32_t
rd_orphan_headings(const reader_result_t *r, rd_lines_t *ls,
    uint32_t start)
{
    const rd_line_t  *l;
    uint32_t          k, last = start;

    for (k = start; k > 0 && start - k < RD_EDGE_MAX_BLOCKS; k--) {
        l = rd_line(r, ls, k - 1);
        if (l->wlen == 0 && l->media == 0) {
            continue;           /* empty: an empty block, a line break */
        }
        if (l->wlen > RD_EDGE_MAX_WLEN || !rd_line_heading(r, ls, l)) {
            break;
        }
        last = k - 1;
    }

    for ( ; k > 0; k--) {
        l = rd_line(r, ls, k - 1);
        if (l->wlen > 0 && !rd_line_heading(r, ls, l)) {
            return last;
        }
    }

    return start;
}


/* Whether a line of prose comes before line end: a page that is only
 * links is not trimmed. */
static int
rd_prose_before(const reader_result_t *r, rd_lines_t *ls, uint32_t end)
{
    uint32_t  k;

    for (k = 0; k < end; k++) {
        if (rd_line_prose(rd_line(r, ls, k))) {
            return 1;
        }
    }

    return 0;
}


/* Drops the link run after the story (see above). */
static void
rd_trim_link_tail(reader_result_t *r)
{
    rd_lines_t   ls = { 0 };
    uint32_t     k, start, node, inside = 0;
    size_t       i;

    rd_mark_breaks(r);
    rd_line_break(&ls);
    for (i = 0; i < r->n_content; i++) {
        rd_lines_walk(r, r->content[i], &ls);
    }

    if (!ls.full) {
        start = rd_link_tail(r, &ls);
        if (!rd_prose_before(r, &ls, start)) {
            start = ls.n_lines;
        }
        start = rd_orphan_headings(r, &ls, start);
        k = start < ls.n_lines ? ls.lines[start].first : ls.n_pieces;

        for ( ; k < ls.n_pieces; k++) {
            node = rd_piece_node(ls.pieces[k]);
            if (node != RD_NONE && node >= inside) {
                rd_drop(r, node);
                inside = node + r->nodes[node].tags;
            }
        }
    }

    free(ls.pieces);
    free(ls.lines);
}


void
rd_trim(reader_result_t *r)
{
    rd_block_t       blocks[1024];
    rd_text_cache_t  text = { { 0 }, RD_NONE, 0, 0 };
    size_t           n, k, p, first, last;

    n = rd_text_blocks(r, blocks, sizeof(blocks) / sizeof(blocks[0]));

    for (k = 0; k < n; k++) {
        if (!blocks[k].whole) {
            rd_inline_block(r, &blocks[k]);
        }
    }

    n = rd_cut_comments(r, blocks, n, &text);

    for (first = 0; first < n && !rd_is_story(&blocks[first]);
         first++)
    {
        /* the leading edge */
    }

    for (last = n; last > first && !rd_is_story(&blocks[last - 1]);
         last--)
    {
        /* the trailing edge */
    }

    if (first == n) {
        first = last = n < RD_EDGE_MAX_BLOCKS ? 0 : n;     /* all short */
    }

    /* the head of the article: its edge, and the short lines among its
     * first paragraphs (datelines and credits sit after the standfirst) */
    for (k = 0; k < n && (k < RD_EDGE_MAX_BLOCKS
                          || (k < first && k < RD_LEAD_MAX_BLOCKS)); k++)
    {
        if ((k < first || !rd_is_story(&blocks[k]))
            && rd_edge_line(r, &blocks[k], &text, k < first))
        {
            rd_drop(r, blocks[k].node);
        }
    }

    /* placeholders anywhere: "Advertisement", "Loading..." */
    for (k = 0; k < n; k++) {
        if ((blocks[k].wlen <= 20 && rd_is_placeholder(r, &blocks[k], &text))
            || rd_is_teaser(r, &blocks[k], &text)
            || rd_is_back_link(r, &blocks[k], &text)
            || rd_is_index_bar(r, &blocks[k])
            || rd_is_prev_next(r, &blocks[k], &text))
        {
            rd_drop(r, blocks[k].node);
        }

        for (p = rd_promo(r, blocks, n, k, &text); p > 0; p--) {
            rd_drop(r, blocks[k + p - 1].node);
        }
    }

    for (k = n; k > last && n - k < RD_EDGE_MAX_BLOCKS; k--) {
        if (rd_edge_line(r, &blocks[k - 1], &text, 0)
            || rd_is_link_line(r, &blocks[k - 1]))
        {
            rd_drop(r, blocks[k - 1].node);
        }
    }

    rd_trim_link_tail(r);

    reader_buf_free(&text.buf);
}
