/*
 * Older pages: articles laid out in tables, written by hand or exported
 * from word processors.  The pages are written here, small, so each test
 * shows the one shape it checks.
 */

#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "tap.h"
#include "text_of.h"


/* A long section, rich in commas, that wins by far. */
#define ESSAY  "<div>" ESSAY_PARAS "</div>"

#define ESSAY_PARAS                                                         \
    "<p>Orchards, hedges, and old walls, once common on every farm, have "  \
    "been cleared, field by field, since the war, for larger machines.</p>" \
    "<p>Bees, moths, and beetles, which lived in them, went too, and, "     \
    "with them, the birds, bats, and hedgehogs that fed on them.</p>"       \
    "<p>Some farmers, helped by grants, surveys, and volunteers, now plant " \
    "hedges again, with hawthorn, hazel, blackthorn, and holly.</p>"        \
    "<p>A new hedge, fenced, weeded, and watered, takes five years, at "    \
    "least, to thicken, and ten, or more, to flower well.</p>"              \
    "<p>Walls, built dry, from field stones, without mortar, last longer, " \
    "but need skill, time, and patience, all three in short supply.</p>"    \
    "<p>Orchards, with old varieties, grafted, pruned, and grazed, are "    \
    "the slowest, and, for many, the most rewarding, of all.</p>"


static void
test_prose_sibling(void)
{
    char  *t;

    /* the article's cell: the long section, then short plain notes */
    t = text_of("<html><body><table><tr>"
        "<td><a href=\"/\">Home</a><br><a href=\"/farms\">Farms</a></td>"
        "<td>" ESSAY
        "<div><p>Notes</p>"
        "<p>The survey counted hedges in twelve parishes in 2004.</p>"
        "<p>Grant figures come from the county council's report.</p>"
        "<p>The wall builders' guild runs courses each summer.</p>"
        "</div></td></tr></table></body></html>");

    ok(strstr(t, "Orchards, hedges, and old walls") != NULL,
       "prose sibling: the long section stays");
    ok(strstr(t, "twelve parishes") != NULL
       && strstr(t, "courses each summer") != NULL,
       "prose sibling: the short notes after it come too");
    free(t);

    /* an author's box with the same shape, named as one, does not */
    t = text_of("<html><body><table><tr><td>" ESSAY
        "<div class=\"author-note\"><p>About the writer</p>"
        "<p>Ann Pell farms sheep on the hills above the valley.</p>"
        "<p>She has written two books about hedges and walls.</p>"
        "<p>Her next one, about orchards, is due in the spring.</p>"
        "</div></td></tr></table></body></html>");

    ok(strstr(t, "Orchards, hedges, and old walls") != NULL
       && strstr(t, "Ann Pell farms sheep") == NULL,
       "prose sibling: a box with a negative name stays out");
    free(t);
}


/* An introduction in its own wrapper before the article's section. */
static void
test_wrapped_paragraph(void)
{
    char  *t;

    t = text_of("<html><body><table><tr><td>"
        "<div align=\"center\"><p align=\"left\">Hedges are coming back "
        "to the valley farms, and this guide explains how to plant them."
        "</p></div>" ESSAY
        "<div align=\"center\"><p align=\"left\"><a href=\"/shop\">Buy "
        "hawthorn, hazel and holly whips from our nursery today</a></p>"
        "</div></td></tr></table></body></html>");

    ok(strstr(t, "Orchards, hedges, and old walls") != NULL,
       "wrapped paragraph: the section stays");
    ok(strstr(t, "this guide explains how to plant them") != NULL,
       "wrapped paragraph: the introduction in a wrapper comes too");
    ok(strstr(t, "from our nursery") == NULL,
       "wrapped paragraph: a wrapped link does not");
    free(t);

    /* loose inline text between the cell's blocks reads as a paragraph */
    t = text_of("<html><body><table><tr><td>"
        "<font face=\"Arial\">For decades, walkers have asked why the "
        "hedges went; this is what the survey found.</font>" ESSAY
        "</td></tr></table></body></html>");

    ok(strstr(t, "what the survey found") != NULL,
       "wrapped paragraph: a run of inline text beside the section comes");
    free(t);
}


/* Word's "Save as HTML": paragraph styles as class names. */
static void
test_office_styles(void)
{
    char  *t;

    t = text_of("<html><body><div class=\"Section1\">"
        "<p class=\"MsoNormal\">The parish council met on Tuesday, with "
        "eight members, the clerk, and twelve residents, present.</p>"
        "<p class=\"MsoHeader\">Moved by the chair, and seconded, to "
        "approve the hedge grant, for three farms, for one year.</p>"
        "<p class=\"MsoNormal\">The clerk reported, with thanks, that "
        "the footpath, the stile, and the gate, were repaired.</p>"
        "<p class=\"MsoFooter\">The meeting closed, after questions, "
        "at nine, and the next is in March, at the school.</p>"
        "</div></body></html>");

    ok(strstr(t, "eight members") != NULL && strstr(t, "were repaired")
       != NULL, "office styles: the minutes stay");
    ok(strstr(t, "approve the hedge grant") != NULL
       && strstr(t, "the next is in March") != NULL,
       "office styles: paragraphs styled MsoHeader or MsoFooter stay");
    free(t);
}


/* Links between the pages of a site left in the text. */
static void
test_back_links(void)
{
    char  *t;

    t = text_of("<html><body><div><div>"
        "<p>Orchards, hedges, and old walls, once common on every farm, "
        "have been cleared, field by field, since the war.</p>"
        "<p><a href=\"index.html\">Return to previous page</a></p>"
        "<p>Back to the valley, where the first hedges, planted in 2001, "
        "now stand taller than the walls beside them.</p>"
        "<p><a href=\"contents.html\"><i>Back to Contents</i></a></p>"
        "<p>Some farmers, helped by grants, surveys, and volunteers, now "
        "plant hedges again, with hawthorn, hazel, and holly.</p>"
        "</div></div></body></html>");

    ok(strstr(t, "Return to previous page") == NULL
       && strstr(t, "Back to Contents") == NULL,
       "back links: a line that is one link back to another page goes");
    ok(strstr(t, "Back to the valley") != NULL,
       "back links: a sentence that opens with the words stays");
    free(t);
}


/* One entry of a directory: a linked name and a line about it. */
#define ENTRY(name, line)                                                   \
    "<a href=\"http://example.org/" name "\"><b>" name "</b></a><br>"       \
    line "<hr>"

#define DIR_TABLE(e1, e2, e3)                                               \
    "<table border=\"2\" width=\"100%\"><tr><td>"                          \
    "<font color=\"#00ccff\">" e1 e2 e3 "</font></td></tr></table>"


/* A long list cut into tables of one shape, one after the other. */
static void
test_table_run(void)
{
    char  *t;

    t = text_of("<html><body>"
        DIR_TABLE(ENTRY("HEDGELINK", "Planting guides, suppliers, grants, "
                        "and a map of hedges, by county, with photos")
                  ENTRY("WALLERS", "The guild of dry stone wallers, its "
                        "courses, its members, and its competitions")
                  ENTRY("ORCHARDS", "Old apple and pear varieties, grafting, "
                        "pruning, and where to buy trees, by post"),
                  ENTRY("BEEKEEPERS", "Hives, swarms, honey, and the plants "
                        "that bees need, month by month, all year"),
                  ENTRY("BATS", "How to build a bat box, where to hang it, "
                        "and which bats use hedges, and why"))
        DIR_TABLE(ENTRY("HAWTHORN", "Why hawthorn, and how to lay it, by "
                        "hand, in the old way"),
                  ENTRY("HAZEL", "Coppicing hazel for stakes, binders, and "
                        "beanpoles, every seven years"),
                  ENTRY("HOLLY", "Holly in a mixed hedge, for winter "
                        "shelter, berries, and colour"))
        DIR_TABLE(ENTRY("STILES", "Stiles, gates, and gaps, and the law on "
                        "keeping paths open"),
                  ENTRY("PONDS", "Field ponds, dew ponds, and the newts, "
                        "frogs, and dragonflies in them"), "")
        "<table border=\"2\" width=\"100%\"><tr><td>Hedge Society"
        "</td></tr></table>"
        "</body></html>");

    ok(strstr(t, "Planting guides") != NULL, "table run: the first table");
    ok(strstr(t, "Coppicing hazel") != NULL
       && strstr(t, "keeping paths open") != NULL,
       "table run: the tables of the same shape after it come too");
    ok(strstr(t, "Hedge Society") == NULL,
       "table run: a small table with the same tag (a footer) does not");
    free(t);

    /* a thread's replies, one table each, carry their own date line */
    t = text_of("<html><body>"
        "<table border=\"1\" width=\"90%\"><tr><td>" ESSAY
        "</td></tr></table>"
        "<table border=\"1\" width=\"90%\"><tr><td>"
        "<p>Posted 16 March 2005 by Ann</p>"
        "<p>We planted hawthorn last year, and the birds came back, but the "
        "rabbits came too, so fence it, whatever you plant, and check the "
        "guards after every storm, or you lose half the whips.</p>"
        "</td></tr></table>"
        "</body></html>");

    ok(strstr(t, "Orchards, hedges, and old walls") != NULL
       && strstr(t, "rabbits came too") == NULL,
       "table run: replies with their own date line do not");
    free(t);
}


/* A blog post that cites its sources, beside a box of links. */
static void
test_linked_prose(void)
{
    char  *t;

    t = text_of("<html><body><div class=\"blog\">" ESSAY_PARAS
        "<div><h2><a href=\"/whips\">Where to find whips</a></h2>"
        "<p>A reader asked on the <a href=\"/forum\">gardening forum</a> "
        "where to buy hedging whips. The <a href=\"/nurseries\">county "
        "list of nurseries</a> is the place to start, and most post.</p>"
        "<p>Buy in autumn, plant before the frost, and keep the roots wet "
        "and cool until then, in a bucket or a trench, out of the wind. "
        "<a href=\"/guide\">Our planting guide</a> has the rest.</p></div>"
        "<div><a href=\"/a\">Hedge laying courses near you</a> Book now."
        "<br><a href=\"/b\">Free hawthorn whips for schools</a> Apply."
        "<br><a href=\"/c\">The best hedge trimmers of the year</a> Read."
        "</div></div></body></html>");

    ok(strstr(t, "county list of nurseries") != NULL
       && strstr(t, "Buy in autumn") != NULL,
       "linked prose: a post with links in its sentences stays");
    ok(strstr(t, "Free hawthorn whips") == NULL,
       "linked prose: a box of links with a word after each goes");
    free(t);
}


/* A glossary's A to Z bar of in-page links. */
static void
test_index_bar(void)
{
    char  *t;

    t = text_of("<html><body><div><h1>Hedge words</h1>"
        "<h3><a href=\"#a\">A</a> <a href=\"#b\">B</a> <a href=\"#c\">C"
        "</a> <a href=\"#d\">D</a> <a href=\"#e\">E</a> <a href=\"#f\">F"
        "</a> <a href=\"#g\">G</a> <a href=\"#h\">H</a></h3>"
        ESSAY_PARAS
        "<p>See also <a href=\"#a\">A</a>, <a href=\"#b\">B</a> and "
        "<a href=\"#c\">C</a> for the words that hedgers use most.</p>"
        "</div></body></html>");

    ok(strstr(t, "A B C D") == NULL,
       "index bar: a bar of one-letter links goes");
    ok(strstr(t, "the words that hedgers use most") != NULL
       && strstr(t, "Orchards, hedges") != NULL,
       "index bar: the text, and a sentence with a few links, stay");
    free(t);
}


/* A blog's links to the previous and the next post. */
static void
test_prev_next(void)
{
    char  *t;

    t = text_of("<html><body><div>"
        "<p><a href=\"/p1\">&laquo; Planting in frost</a> | "
        "<a href=\"/\">Main</a> | <a href=\"/p3\">Laying a hedge &raquo;"
        "</a></p>" ESSAY_PARAS
        "<p>Les haies, dit le <a href=\"/g\">guide</a>, sont des "
        "&laquo; murs vivants &raquo; pour les oiseaux et les insectes.</p>"
        "</div></body></html>");

    ok(strstr(t, "Planting in frost") == NULL,
       "prev/next: the links to the posts around this one go");
    ok(strstr(t, "murs vivants") != NULL,
       "prev/next: a sentence with guillemets and a link stays");
    free(t);
}


/* Links alone on a line after the story's last paragraph. */
static void
test_tail_links(void)
{
    char  *t;

    t = text_of("<html><body><div>" ESSAY_PARAS
        "<h2><a href=\"/boards\">Share your hedges on our board!</a></h2>"
        "<ul><li><a href=\"/h1\">Laying a hedge by hand</a></li>"
        "<li><a href=\"/h2\">The best whips for clay soil</a></li></ul>"
        "<p><a href=\"/archive\">Previous features</a></p>"
        "<p><a href=\"/issues\">Earlier issues of the Hedge Gazette</a> | "
        "<a href=\"/map\">Hedge site map</a></p>"
        "</div></body></html>");

    ok(strstr(t, "the most rewarding, of all") != NULL,
       "tail links: the story stays");
    ok(strstr(t, "Share your hedges") == NULL
       && strstr(t, "Previous features") == NULL,
       "tail links: a line that is only a link after the story goes");
    ok(strstr(t, "Hedge site map") == NULL,
       "tail links: so does a line of links with separators");
    ok(strstr(t, "Laying a hedge by hand") != NULL,
       "tail links: a list of links is left to the cleaning");
    free(t);
}


/* The article's heading outside its container. */
static void
test_lead_heading(void)
{
    char  *t;

    t = text_of("<html><head><title>Hedge news</title></head><body>"
        "<h1>Hedge news</h1><h3>Old hedges, new hedges</h3>"
        ESSAY "</body></html>");

    ok(strstr(t, "Old hedges, new hedges") != NULL,
       "lead heading: the heading just before the article comes");
    ok(strstr(t, "Hedge news") == NULL,
       "lead heading: the page's title is not added");
    free(t);

    t = text_of("<html><head><title>Farm pages</title></head><body>"
        "<table><tr><td><h2>Hedge notes</h2></td></tr>"
        "<tr><td>" ESSAY "</td></tr></table></body></html>");

    ok(strstr(t, "Hedge notes") != NULL,
       "lead heading: a heading in the table row above comes");
    free(t);
}


/* A site's tagline in its header and again in its footer. */
static void
test_edge_copies(void)
{
    char  *t;

    t = text_of("<html><body><div>"
        "<p>Hedges, walls, orchards: news for the small farm since 1998.</p>"
        ESSAY
        "<p>Hedges, walls, orchards: news for the small farm since 1998.</p>"
        "</div></body></html>");

    ok(strstr(t, "Orchards, hedges, and old walls") != NULL
       && strstr(t, "the most rewarding") != NULL,
       "edge copies: the article stays");
    ok(strstr(t, "news for the small farm") == NULL,
       "edge copies: a line printed in the header and the footer goes");
    free(t);

    /* a line the article repeats more than twice is the article's */
    t = text_of("<html><body><div>"
        "<p>Plant a hedge, and the birds come back within a year.</p>"
        ESSAY
        "<p>Plant a hedge, and the birds come back within a year.</p>"
        ESSAY
        "<p>Plant a hedge, and the birds come back within a year.</p>"
        "</div></body></html>");

    ok(strstr(t, "the birds come back") != NULL,
       "edge copies: a refrain repeated through the article stays");
    free(t);
}


/* A long block that opens with a closing label (over the head of text
 * that the label tests read) still closes the post; a long paragraph
 * that only starts with the same word is story. */
#define LONG_TAIL  " hedges and hawthorn, hazel and holly, walls of field "   \
    "stone, old orchards and their grafts, the bees and the moths, the "    \
    "beetles, the bats and hedgehogs, farm grants and surveys, volunteers " \
    "and their weekends, machines and the fields they need, and the birds " \
    "that come back.</p>"

static void
test_long_label(void)
{
    char  *t;

    t = text_of("<html><body><div>" ESSAY_PARAS
                "<p>Filed under:" LONG_TAIL "<p>Tagged" LONG_TAIL
                "</div></body></html>");
    ok(strstr(t, "flower well") && !strstr(t, "Filed under")
       && !strstr(t, "Tagged"),
       "long label: a long 'Filed under:' block closes the post");
    free(t);

    t = text_of("<html><body><div>" ESSAY_PARAS
                "<p>Tagged" LONG_TAIL "<p>Filed under:" LONG_TAIL
                "</div></body></html>");
    ok(strstr(t, "Tagged hedges") && !strstr(t, "Filed under"),
       "long label: 'Tagged' without a separator opens a paragraph");
    free(t);
}


int
main(void)
{
    reader_init();

    test_prose_sibling();
    test_edge_copies();
    test_wrapped_paragraph();
    test_office_styles();
    test_back_links();
    test_table_run();
    test_linked_prose();
    test_index_bar();
    test_prev_next();
    test_tail_links();
    test_lead_heading();
    test_long_label();

    return done_testing();
}
