/* The element table: every per-tag decision of the engine in one place. */

#include <stdlib.h>
#include <string.h>

#include "internal.h"


#define B   RD_TAG_BLOCK
#define A   RD_TAG_ALLOWED
#define V   RD_TAG_VOID
#define D   RD_TAG_DROP
#define H   RD_TAG_HEADING
#define P   RD_TAG_PARA
#define R   RD_TAG_RUBY_TEXT
#define L   RD_TAG_LIST
#define X   RD_TAG_PRE
#define C   RD_TAG_CELL
#define F   RD_TAG_FORM
#define S   RD_TAG_SCORED
#define K   RD_TAG_CONTAINER

/* Sorted by name (bsearch).  Unknown elements are unwrapped on output. */
static const rd_tag_t  rd_tags[] = {
    { "a", A },
    { "abbr", A },
    { "address", B|A|P },
    { "applet", D },
    { "area", V },
    { "article", B|A|K },
    { "aside", B },
    { "audio", A },
    { "b", A },
    { "base", V|D },
    { "bdi", A },
    { "bdo", A },
    { "big", A },
    { "blockquote", B|A|P },
    { "body", B|K },
    { "br", V|A },
    { "button", D|F },
    { "canvas", D },
    { "caption", B|A },
    { "center", B|K },
    { "cite", A },
    { "code", A },
    { "col", V|A },
    { "colgroup", A },
    { "data", A },
    { "datalist", D|F },
    { "dd", B|A|P },
    { "del", A },
    { "details", B|A },
    { "dfn", A },
    { "dialog", D },
    { "dir", B|A|L },
    { "div", B|K },
    { "dl", B|A|L },
    { "dt", B|A|P },
    { "em", A },
    { "embed", V|D },
    { "fieldset", B|F },
    { "figcaption", B|A|P },
    { "figure", B|A },
    { "font", K },
    { "footer", B },
    { "form", B|F },
    { "frame", V|D },
    { "frameset", D },
    { "h1", B|A|H },
    { "h2", B|A|H|S },
    { "h3", B|A|H|S },
    { "h4", B|A|H|S },
    { "h5", B|A|H|S },
    { "h6", B|A|H|S },
    { "head", D },
    { "header", B },
    { "hgroup", B },
    { "hr", V|B|A },
    { "html", B },
    { "i", A },
    { "iframe", D },
    { "img", V|A },
    { "input", V|D|F },
    { "ins", A },
    { "kbd", A },
    { "keygen", V|D|F },
    { "label", F },
    { "legend", B|F },
    { "li", B|A|P },
    { "link", V|D },
    { "main", B|K },
    { "map", 0 },
    { "mark", A },
    { "marquee", 0 },
    { "math", A },
    { "menu", B|L },
    { "meta", V|D },
    { "meter", D|F },
    { "nav", B },
    { "noembed", D },
    { "noframes", D },
    { "noscript", 0 },
    { "object", D },
    { "ol", B|A|L },
    { "optgroup", D|F },
    { "option", D|F },
    { "output", F },
    { "p", B|A|P|S },
    { "param", V|D },
    { "picture", A },
    { "plaintext", D },
    { "pre", B|A|P|X|S },
    { "progress", D|F },
    { "q", A },
    { "rb", A },
    { "rp", A|R },
    { "rt", A|R },
    { "rtc", A|R },
    { "ruby", A },
    { "s", A },
    { "samp", A },
    { "script", D },
    { "section", B|A|K },
    { "select", D|F },
    { "small", A },
    { "source", V|A },
    { "span", K },
    { "strike", A },
    { "strong", A },
    { "style", D },
    { "sub", A },
    { "summary", B|A },
    { "sup", A },
    { "svg", D },
    { "table", B|A },
    { "tbody", A },
    { "td", A|C|K },
    { "template", D },
    { "textarea", D|F },
    { "tfoot", A },
    { "th", A|C },
    { "thead", A },
    { "time", A },
    { "title", D },
    { "tr", B|A },
    { "track", V|A },
    { "tt", A },
    { "u", A },
    { "ul", B|A|L },
    { "var", A },
    { "video", A },
    { "wbr", V|A },
    { "xmp", B|X },
};


static int
rd_tag_cmp(const void *key, const void *elt)
{
    const unsigned char  *k = key;
    const rd_tag_t       *t = elt;
    const unsigned char  *n = (const unsigned char *) t->name;

    /* most steps of the search end at the first letter: no call */
    if (k[0] != n[0]) {
        return k[0] - n[0];
    }

    return strcmp((const char *) k, (const char *) n);
}


static const rd_tag_t *
rd_tag_lookup(const char *name)
{
    return bsearch(name, rd_tags, sizeof(rd_tags) / sizeof(rd_tags[0]),
                   sizeof(rd_tags[0]), rd_tag_cmp);
}


unsigned
rd_node_tag_flags(const xmlNode *node)
{
    const rd_tag_t         *t;
    const reader_result_t  *r;
    uint32_t                i;

    if (node->type != XML_ELEMENT_NODE) {
        return 0;
    }

    /* after the statistics pass, its copy: no name look-up */
    i = rd_node_index(node);
    if (i != RD_NONE) {
        r = node->doc->_private;
        return r->nodes[i].tag_flags;
    }

    t = rd_tag_lookup((const char *) node->name);
    return t ? t->flags : 0;
}
