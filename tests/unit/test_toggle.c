/*
 * An accordion: each section's heading is a button that opens its panel
 * (aria-expanded).  Such buttons are disclosure toggles, not a form's
 * controls, so the sections are kept; the same sections under buttons
 * without aria-expanded (a form's shape) still go.  An accordion without
 * script (a checkbox, then a label holding the section's heading) is kept
 * the same way.  The pages are written here.
 */

#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "tap.h"
#include "text_of.h"


#define INTRO                                                               \
    "<h1>Allotments in the valley</h1>"                                     \
    "<p>The council rents out garden plots on four sites along the river, " \
    "from small beds for beginners to full plots with a shed, a water "    \
    "butt, and room for fruit trees, at a yearly rent.</p>"               \
    "<h2>Before you apply</h2>"                                             \
    "<p>Waiting lists are kept per site, and most people get a plot "       \
    "within a year; the quieter sites, further from town, often have "     \
    "one free by the spring.</p>"

#define SECTION(button, head, body)                                         \
    "<div class=\"item\"><h3>" button "<span>" head "</span></button>"     \
    "</h3><div class=\"panel\"><p>" body "</p></div></div>"

#define ACCORDION(button)                                                   \
    "<div class=\"grid\"><h2>What a plot includes</h2><div>"               \
    SECTION(button, "Water",                                                \
        "Every site has standpipes, turned on from April to October, and " \
        "tenants may collect rain from their sheds in butts of any size.")  \
    SECTION(button, "Tools",                                                \
        "A shared store on each site lends spades, forks, barrows, and a " \
        "mower; the key is kept by the site secretary on weekends.")        \
    SECTION(button, "Compost",                                              \
        "Green waste goes into the bays by the gate, and the council "      \
        "delivers a load of manure to each site every autumn for free.")    \
    SECTION(button, "Parking",                                              \
        "Two of the four sites have a car park; at the others, tenants "   \
        "may stop by the gate to load and unload, but not to stay long.")   \
    "</div></div>"


static void
test_accordion(void)
{
    char  *t;

    t = text_of("<html><body><main>" INTRO
        ACCORDION("<button aria-controls=\"p\" aria-expanded=\"false\">")
        "</main></body></html>");
    ok(strstr(t, "standpipes") != NULL && strstr(t, "shared store") != NULL
       && strstr(t, "manure") != NULL && strstr(t, "car park") != NULL,
       "the panels of an accordion stay");
    ok(strstr(t, "What a plot includes") != NULL,
       "the accordion's heading stays");
    free(t);

    t = text_of("<html><body><main>" INTRO
        ACCORDION("<button type=\"submit\">")
        "</main></body></html>");
    ok(strstr(t, "waiting lists") == NULL && strstr(t, "Waiting lists")
       != NULL && strstr(t, "standpipes") == NULL,
       "the same sections under plain buttons go, the story stays");
    free(t);
}


#define CSS_SECTION(label, head, body)                                      \
    "<div class=\"tab\"><input type=\"checkbox\" id=\"t\">"              \
    "<label for=\"t\">" label(head) "</label>"                             \
    "<div class=\"tab-content\"><p>" body "</p></div></div>"

#define CSS_ACCORDION(label)                                                \
    "<section><h2>Questions</h2>"                                           \
    CSS_SECTION(label, "Can I share a plot?",                               \
        "Yes: two households may share one, as long as one of them is "     \
        "named on the tenancy and pays the rent when it is due.")           \
    CSS_SECTION(label, "Can I keep hens?",                                  \
        "On the two larger sites, up to six hens, in a coop at least two "  \
        "metres from the path; cockerels are not allowed anywhere.")        \
    CSS_SECTION(label, "What if I move away?",                              \
        "Give a month's notice in writing, leave the plot tidy, and the "   \
        "rent for the rest of the year is returned to you.")                \
    "</section>"

#define HEAD(t)  "<h3>" t "</h3>"
#define PLAIN(t) t


static void
test_css_accordion(void)
{
    char  *t;

    t = text_of("<html><body><main>" INTRO CSS_ACCORDION(HEAD)
        "</main></body></html>");
    ok(strstr(t, "two households") != NULL && strstr(t, "six hens") != NULL
       && strstr(t, "month's notice") != NULL,
       "the panels of a checkbox accordion stay");
    free(t);

    t = text_of("<html><body><main>" INTRO CSS_ACCORDION(PLAIN)
        "</main></body></html>");
    ok(strstr(t, "Waiting lists") != NULL && strstr(t, "six hens") == NULL,
       "checkboxes with plain labels are a form's: they go");
    free(t);
}


int
main(void)
{
    test_accordion();
    test_css_accordion();
    return done_testing();
}
