/*
 * Cleaning inside the chosen content: a block that holds most of the
 * story's text is never cleaned away, where the story's text is what is
 * left once the boilerplate that always goes (a comment thread) is taken
 * out.  The page is written here.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "tap.h"
#include "text_of.h"


#define ITEM(title)  "<li><a href=\"/l\">" title "</a> - yes.</li>"

#define COMMENT      "<p>Same here: copper tape, a torch at night and a lot " \
                     "of patience, whatever the shops say about pellets, " \
                     "and the frogs do the rest of the work for us.</p>"


/* A link post (a line and a list of links with a word each), a byline
 * box, and a comment thread longer than both. */
static void
test_link_post_kept(void)
{
    char  *t;

    t = text_of("<html><body><div class=\"main\"><div class=\"post\">"
        "<h2>Monday links</h2><p>On this day in 1891 the first <a href="
        "\"/w\">county allotment act</a> was passed; if you have a plot "
        "today, spare a thought for the people who fought for it.</p><ul>"
        ITEM("Slug pellets are finally banned in the whole valley")
        ITEM("The oldest greenhouse in the county turns a hundred")
        ITEM("Rhubarb forcing, explained by the people who do it")
        ITEM("Seed libraries are growing across the country, fast")
        ITEM("Why your leeks bolt every summer, and what to do")
        ITEM("A scarecrow festival in the village, with photos")
        "</ul></div><div class=\"byline-box\"><p>Pat Meadows has kept "
        "plot nine since 1998 and writes this column every Monday, rain or "
        "shine, from a bench by the water butt, with a flask of tea, a "
        "notebook, and a dog who disapproves of the whole business and "
        "says so, loudly, whenever a pigeon lands on the netting over the "
        "brassicas, which is often, because the pigeons here are bold.</p>"
        "</div><div class=\"comments\"><h3>12 comments</h3>"
        COMMENT COMMENT COMMENT COMMENT COMMENT
        "</div></div></body></html>");

    ok(strstr(t, "county allotment act") != NULL
       && strstr(t, "Rhubarb forcing") != NULL,
       "link post: the post stays once the comments are not counted");
    ok(strstr(t, "copper tape") == NULL, "link post: the comments go");
    free(t);
}


/* A hover card inside a share box inside a paragraph: the box goes, and
 * the card with it, once (dropping it again took its counts off the
 * paragraph twice and lost the paragraph). */
static void
test_card_in_dropped_box(void)
{
    char  *t;

    t = text_of("<html><body><article>"
        "<p>The night ferry still runs twice a week, though the crossing "
        "takes longer now that the old engines are gone, and the crew is "
        "half what it was.</p>"
        "<p>Its captain, who has sailed the route for thirty years, "
        "<span class=\"share\"><span><img src=\"/c.jpg\" alt=\"\">"
        "<a href=\"/a\">Ferry timetable changes</a> "
        "<a href=\"/b\">Harbour fees rise</a></span></span> says the "
        "passengers have changed more than the sea has, and that the "
        "winter crossings are the ones he will miss.</p>"
        "<p>The last sailing of the season leaves on the first Sunday of "
        "November, weather permitting, with a brass band on the quay.</p>"
        "</article></body></html>");

    ok(strstr(t, "passengers have changed more than the sea") != NULL,
       "a card in a dropped box: the paragraph stays");
    ok(strstr(t, "Harbour fees rise") == NULL,
       "a card in a dropped box: the card goes");
    free(t);
}


/* Class and id words are found anywhere in the value, whatever the case:
 * among the words of one first letter, each is found (sponsor, sticky,
 * sidebar, social, shoutbox, share: the scan stops early on the second
 * letter), and a value with none of them stays. */
static void
test_class_words(void)
{
    static const char  *cls[] = {
        "my-sponsor-box", "Site-Sticky", "x_sidebar", "socialbar",
        "shoutbox", "post-share", NULL
    };
    const char         **c;
    char                 page[2048], *t;

    for (c = cls; ; c++) {
        snprintf(page, sizeof(page), "<html><body><article>%s"
                 "<div class=\"%s\">Buy the good tea of the week here</div>"
                 "%s</article></body></html>", COMMENT,
                 *c ? *c : "plainbox", COMMENT);
        t = text_of(page);
        ok((strstr(t, "good tea") == NULL) == (*c != NULL),
           "class words: %s", *c ? *c : "plainbox stays");
        free(t);
        if (*c == NULL) {
            break;
        }
    }
}


int
main(void)
{
    reader_init();

    test_link_post_kept();
    test_card_in_dropped_box();
    test_class_words();

    return done_testing();
}
