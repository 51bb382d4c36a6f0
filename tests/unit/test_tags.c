/*
 * The element table's look-up: names that share first letters (the
 * search compares the first letter before calling strcmp) and names
 * that are not in it.
 */

#include <string.h>

#include "internal.h"
#include "tap.h"


static unsigned
flags_of(const char *name)
{
    xmlNode  node;

    memset(&node, 0, sizeof(node));
    node.type = XML_ELEMENT_NODE;
    node.name = (const xmlChar *) name;
    return rd_node_tag_flags(&node);
}


int
main(void)
{
    ok(flags_of("a") == RD_TAG_ALLOWED, "tags: a");
    ok(flags_of("b") == RD_TAG_ALLOWED, "tags: b, before its longer names");
    ok(flags_of("br") == (RD_TAG_VOID | RD_TAG_ALLOWED), "tags: br");
    ok(flags_of("base") == (RD_TAG_VOID | RD_TAG_DROP), "tags: base");
    ok(flags_of("blockquote") & RD_TAG_PARA, "tags: blockquote");
    ok(flags_of("body") == (RD_TAG_BLOCK | RD_TAG_CONTAINER), "tags: body");
    ok((flags_of("p") & RD_TAG_SCORED) && (flags_of("h6") & RD_TAG_SCORED)
       && !(flags_of("h1") & RD_TAG_SCORED)
       && !(flags_of("li") & RD_TAG_SCORED),
       "tags: p to h6 are scored, not h1 nor li (Readability's)");
    ok((flags_of("span") & RD_TAG_CONTAINER)
       && (flags_of("td") & RD_TAG_CONTAINER)
       && !(flags_of("th") & RD_TAG_CONTAINER)
       && !(flags_of("p") & RD_TAG_CONTAINER),
       "tags: div, td, span ... score their own text, not th nor p");
    ok(flags_of("h2") & RD_TAG_HEADING, "tags: h2");
    ok(flags_of("pre") & RD_TAG_PRE, "tags: pre");
    ok(flags_of("xmp") & RD_TAG_PRE, "tags: xmp, the last name");
    ok(flags_of("bz") == 0, "tags: an unknown name after its first letter's");
    ok(flags_of("") == 0, "tags: the empty name");
    ok(flags_of("zzz") == 0, "tags: a name after the table");

    return done_testing();
}
