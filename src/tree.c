/*
 * The parse tree in blocks of our own: libxml2's HTML parser tokenizes,
 * and these SAX callbacks build the same tree its own (SAX2.c) would, with
 * every node, attribute and string carved from a few large blocks instead
 * of one malloc each.  The tree is read-only once parsed (rd_drop() marks
 * statistics, it never unlinks), so nothing is freed node by node: the
 * blocks go in one sweep, and the tree lies in document order in memory,
 * which the statistics, cleaning and rendering walks read in that order.
 *
 * What libxml2 itself still owns: the document node, the parser's
 * dictionary (element and attribute names, kept alive by a reference of
 * the tree's) and the strings that xmlGetProp() and friends return.
 * rd_tree_free() unhooks the tree from the document before xmlFreeDoc()
 * frees the rest.
 */

#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>

#include "internal.h"


#define RD_TREE_BLOCK_MIN  (16 * 1024)


struct rd_tree_block_s {
    rd_tree_block_t    *next;
    max_align_t         data[];
};


/* A new block of at least size bytes to carve from; 0 when out of memory. */
static int
rd_tree_block(rd_tree_t *t, size_t size)
{
    rd_tree_block_t  *b;

    if (size < t->block_size) {
        size = t->block_size;
    }

    b = malloc(sizeof(rd_tree_block_t) + size);
    if (b == NULL) {
        t->failed = 1;
        return 0;
    }

    b->next = t->blocks;
    t->blocks = b;
    t->cur = (char *) b->data;
    t->end = t->cur + size;

    t->block_size = t->more_size;
    return 1;
}


/* n bytes at the given alignment (a power of two); NULL when out of memory */
static void *
rd_tree_alloc(rd_tree_t *t, size_t n, size_t align)
{
    char    *p;
    size_t   pad = (size_t) (-(uintptr_t) t->cur & (align - 1));

    if (t->cur == NULL || (size_t) (t->end - t->cur) < pad + n) {
        if (!rd_tree_block(t, n)) {
            return NULL;
        }
        pad = 0;                        /* blocks are max_align_t aligned */
    }

    p = t->cur + pad;
    t->cur = p + n;
    return p;
}


static xmlChar *
rd_tree_strndup(rd_tree_t *t, const xmlChar *s, size_t len)
{
    xmlChar  *p = rd_tree_alloc(t, len + 1, 1);

    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }

    return p;
}


/* what SAX2.c's error path does, without a message (the caller reports) */
static void
rd_tree_halt(xmlParserCtxtPtr ctxt)
{
    ctxt->errNo = XML_ERR_NO_MEMORY;
    ctxt->instate = XML_PARSER_EOF;
    ctxt->disableSAX = 1;
}


/* s in the parser's dictionary (a name the tree keeps); NULL (and the
 * parse halted) when out of memory. */
static const xmlChar *
rd_tree_intern(xmlParserCtxtPtr ctxt, const xmlChar *s)
{
    const xmlChar  *name = xmlDictLookup(ctxt->dict, s, -1);

    if (name == NULL) {
        ((rd_tree_t *) ctxt->_private)->failed = 1;
        rd_tree_halt(ctxt);
    }

    return name;
}


/* a zeroed struct of size bytes; NULL (and the parse halted) when out of
 * memory.  xmlNode, xmlAttr and xmlDtd all align as pointers do. */
static void *
rd_tree_struct(xmlParserCtxtPtr ctxt, size_t size)
{
    void  *p = rd_tree_alloc(ctxt->_private, size, _Alignof(xmlNode));

    if (p == NULL) {
        rd_tree_halt(ctxt);
        return NULL;
    }

    return memset(p, 0, size);
}


static xmlNode *
rd_tree_node(xmlParserCtxtPtr ctxt, xmlElementType type, const xmlChar *name)
{
    xmlNode  *n = rd_tree_struct(ctxt, sizeof(xmlNode));

    if (n == NULL) {
        return NULL;
    }

    n->type = type;
    n->name = name;
    n->doc = ctxt->myDoc;
    return n;
}


static void
rd_tree_append(xmlNode *parent, xmlNode *n)
{
    n->parent = parent;
    n->prev = parent->last;

    if (parent->last) {
        parent->last->next = n;
    } else {
        parent->children = n;
    }

    parent->last = n;
}


/*
 * Where SAX2.c links a node: under the open element; with none open, at
 * the document's level, except that an element then goes under a root
 * element that is already there (text after </html>).
 */
static xmlNode *
rd_tree_parent(xmlParserCtxtPtr ctxt, int element)
{
    xmlNode  *first = ctxt->myDoc->children;

    if (ctxt->node) {
        return ctxt->node;
    }

    if (element && first && first->type == XML_ELEMENT_NODE) {
        return first;
    }

    return (xmlNode *) ctxt->myDoc;
}


/* SAX2.c's xmlSplitQName for an HTML element: "fb:like" is named "like" */
static const xmlChar *
rd_tree_local_name(xmlParserCtxtPtr ctxt, const xmlChar *name)
{
    const char  *colon = name[0] == ':' ? NULL
                         : strchr((const char *) name, ':');

    if (colon == NULL || colon[1] == '\0') {
        return name;
    }

    return rd_tree_intern(ctxt, (const xmlChar *) colon + 1);
}


/* An attribute of elem after prev (NULL: the first); NULL when out of
 * memory (the parse is halted). */
static xmlAttr *
rd_tree_attribute(xmlParserCtxtPtr ctxt, xmlNode *elem, xmlAttr *prev,
    const xmlChar *name, const xmlChar *value)
{
    rd_tree_t  *t = ctxt->_private;
    xmlAttr    *a;
    xmlNode    *text;

    a = rd_tree_struct(ctxt, sizeof(xmlAttr));
    if (a == NULL) {
        return NULL;
    }

    a->type = XML_ATTRIBUTE_NODE;
    a->name = name;
    a->parent = elem;
    a->doc = ctxt->myDoc;

    if (value == NULL && htmlIsBooleanAttr(name)) {
        value = name;                   /* <input checked>: checked="checked" */
    }

    if (value) {
        text = rd_tree_node(ctxt, XML_TEXT_NODE, xmlStringText);
        if (text == NULL) {
            return NULL;
        }

        text->content = rd_tree_strndup(t, value, strlen((const char *) value));
        if (text->content == NULL) {
            rd_tree_halt(ctxt);
            return NULL;
        }

        text->parent = (xmlNode *) a;
        a->children = text;
        a->last = text;
    }

    /* the parser has dropped repeated names already */
    if (prev) {
        prev->next = a;
        a->prev = prev;
    } else {
        elem->properties = a;
    }

    return a;
}


static void
rd_tree_start_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    xmlParserCtxtPtr  ctxt = ctx;
    xmlNode          *n, *parent;
    xmlAttr          *a = NULL;
    const xmlChar    *local;
    size_t            i;

    if (ctxt->myDoc == NULL) {
        return;
    }

    local = rd_tree_local_name(ctxt, name);
    n = local ? rd_tree_node(ctxt, XML_ELEMENT_NODE, local) : NULL;
    if (n == NULL) {
        return;
    }

    parent = rd_tree_parent(ctxt, 1);

    /* past the depth limit nodePush() halts the parser itself */
    if (nodePush(ctxt, n) < 0) {
        return;
    }

    rd_tree_append(parent, n);

    for (i = 0; atts && atts[i]; i += 2) {
        a = rd_tree_attribute(ctxt, n, a, atts[i], atts[i + 1]);
        if (a == NULL) {
            return;
        }
    }
}


static void
rd_tree_end_element(void *ctx, const xmlChar *name)
{
    (void) name;
    nodePop(ctx);
}


/*
 * Character data: appended to the open element's last child when that is
 * text of the same kind (libxml2 delivers a run of text in pieces: buffer
 * by buffer, around each character reference), else a new node.  The
 * newest text is the last thing allocated, so it usually grows in place.
 */
static void
rd_tree_text(xmlParserCtxtPtr ctxt, const xmlChar *ch, int len,
    xmlElementType type)
{
    rd_tree_t  *t = ctxt->_private;
    xmlNode    *parent = ctxt->node, *last;
    xmlChar    *content;
    size_t      have;

    if (parent == NULL || len < 0) {
        return;
    }

    last = parent->last;

    if (last && last->type == type
        && (type != XML_TEXT_NODE || last->name == xmlStringText))
    {
        have = last == t->text ? t->text_len
                               : strlen((const char *) last->content);

        if (have + (size_t) len > XML_MAX_TEXT_LENGTH
            && (ctxt->options & XML_PARSE_HUGE) == 0)
        {
            rd_tree_halt(ctxt);         /* as SAX2.c: "huge text node" */
            return;
        }

        if (last->content + have + 1 == (xmlChar *) t->cur
            && (size_t) len <= (size_t) (t->end - t->cur))
        {
            memcpy(last->content + have, ch, len);
            last->content[have + len] = '\0';
            t->cur += len;

        } else {
            /* moved with room to double: a long text is copied a few
             * times, not once per piece */
            if (have + len + 1 > (size_t) (t->end - t->cur)
                && !rd_tree_block(t, 2 * (have + len + 1)))
            {
                rd_tree_halt(ctxt);
                return;
            }

            content = rd_tree_alloc(t, have + len + 1, 1);
            if (content == NULL) {
                rd_tree_halt(ctxt);
                return;
            }

            memcpy(content, last->content, have);
            memcpy(content + have, ch, len);
            content[have + len] = '\0';
            last->content = content;
        }

        t->text = last;
        t->text_len = have + len;
        return;
    }

    /* libxml2's pieces are small: only build.c's whole runs meet this */
    if ((size_t) len > XML_MAX_TEXT_LENGTH
        && (ctxt->options & XML_PARSE_HUGE) == 0)
    {
        rd_tree_halt(ctxt);
        return;
    }

    last = rd_tree_node(ctxt, type, type == XML_TEXT_NODE ? xmlStringText
                                                          : NULL);
    if (last == NULL) {
        return;
    }

    last->content = rd_tree_strndup(t, ch, len);
    if (last->content == NULL) {
        rd_tree_halt(ctxt);
        return;
    }

    rd_tree_append(parent, last);
    t->text = last;
    t->text_len = len;
}


static void
rd_tree_characters(void *ctx, const xmlChar *ch, int len)
{
    rd_tree_text(ctx, ch, len, XML_TEXT_NODE);
}


static void
rd_tree_cdata(void *ctx, const xmlChar *ch, int len)
{
    rd_tree_text(ctx, ch, len, XML_CDATA_SECTION_NODE);
}


/* comments and processing instructions: where SAX2.c puts them */
static void
rd_tree_leaf(xmlParserCtxtPtr ctxt, xmlElementType type, const xmlChar *name,
    const xmlChar *content)
{
    rd_tree_t  *t = ctxt->_private;
    xmlNode    *n;

    if (ctxt->myDoc == NULL) {
        return;
    }

    n = rd_tree_node(ctxt, type, name);
    if (n == NULL) {
        return;
    }

    if (content) {
        n->content = rd_tree_strndup(t, content,
                                     strlen((const char *) content));
        if (n->content == NULL) {
            rd_tree_halt(ctxt);
            return;
        }
    }

    rd_tree_append(rd_tree_parent(ctxt, 0), n);
}


static void
rd_tree_comment(void *ctx, const xmlChar *value)
{
    rd_tree_leaf(ctx, XML_COMMENT_NODE, xmlStringComment, value);
}


static void
rd_tree_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    xmlParserCtxtPtr  ctxt = ctx;
    const xmlChar    *name = rd_tree_intern(ctxt, target);

    if (name != NULL) {
        rd_tree_leaf(ctxt, XML_PI_NODE, name, data);
    }
}


/* <!DOCTYPE>: the first one only, first among the document's children */
static void
rd_tree_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
    const xmlChar *system_id)
{
    xmlParserCtxtPtr  ctxt = ctx;
    xmlDoc           *doc = ctxt->myDoc;
    xmlDtd           *dtd;
    xmlNode          *first;

    if (doc == NULL || doc->intSubset != NULL) {
        return;
    }

    dtd = rd_tree_struct(ctxt, sizeof(xmlDtd));
    if (dtd == NULL) {
        return;
    }

    dtd->type = XML_DTD_NODE;
    dtd->name = name ? rd_tree_intern(ctxt, name) : NULL;
    dtd->ExternalID = public_id ? rd_tree_intern(ctxt, public_id) : NULL;
    dtd->SystemID = system_id ? rd_tree_intern(ctxt, system_id) : NULL;
    if (ctxt->disableSAX) {
        return;                         /* a name found no room */
    }
    dtd->parent = doc;
    dtd->doc = doc;

    first = doc->children;
    dtd->next = first;
    if (first) {
        first->prev = (xmlNode *) dtd;
    } else {
        doc->last = (xmlNode *) dtd;
    }

    doc->children = (xmlNode *) dtd;
    doc->intSubset = dtd;
}


void
rd_tree_sax(htmlParserCtxtPtr ctxt, rd_tree_t *t, size_t markup_len,
    size_t elements, size_t attributes)
{
    xmlSAXHandler  *sax = ctxt->sax;
    size_t          estimate;

    memset(t, 0, sizeof(rd_tree_t));

    /*
     * The tree's size from the pre-scan's counts: a node per element and
     * about three for every four elements a text node, two nodes per
     * attribute (its value is a text node), and the text.  Over the corpus
     * the tree takes 0.8 to 1.5 times this, 1.06 in the median: the first
     * block holds most trees whole, the rest take a block or two more.
     */
    estimate = elements * (sizeof(xmlNode) + sizeof(xmlNode) * 3 / 4)
               + attributes * (sizeof(xmlAttr) + sizeof(xmlNode))
               + markup_len;
    t->block_size = estimate + estimate / 8;
    t->more_size = estimate / 4 > RD_TREE_BLOCK_MIN ? estimate / 4
                                                    : RD_TREE_BLOCK_MIN;

    /* the names are the context's dictionary's: the tree keeps it alive
     * (an HTML document holds no reference of its own) */
    t->dict = ctxt->dict;
    xmlDictReference(t->dict);

    ctxt->_private = t;
    sax->startElement = rd_tree_start_element;
    sax->endElement = rd_tree_end_element;
    sax->characters = rd_tree_characters;
    sax->cdataBlock = rd_tree_cdata;
    sax->comment = rd_tree_comment;
    sax->processingInstruction = rd_tree_pi;
    sax->internalSubset = rd_tree_doctype;
}


void
rd_tree_free(rd_tree_t *t, xmlDoc *doc)
{
    rd_tree_block_t  *b, *next;

    if (doc) {
        doc->children = NULL;
        doc->last = NULL;
        doc->intSubset = NULL;
        xmlFreeDoc(doc);
    }

    for (b = t->blocks; b; b = next) {
        next = b->next;
        free(b);
    }

    if (t->dict) {
        xmlDictFree(t->dict);
    }

    memset(t, 0, sizeof(rd_tree_t));
}
