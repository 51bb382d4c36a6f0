/*
 * What must not come out with a story, and what must: the author's
 * biography, a list of teasers beside the story, inline markup counted
 * twice, noscript fallbacks, navigation and tool links.  The pages are
 * written here, small, so each test shows the one shape it checks.
 */

#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "tap.h"
#include "text_of.h"


#define STORY                                                               \
    "<h1>The harbour crane comes down</h1>"                                 \
    "<p>After forty years over the east quay, the red crane was lifted "    \
    "away in pieces on Tuesday, watched by a crowd of former dockers, "     \
    "their families, and a few children who had never seen it move.</p>"    \
    "<p>The port authority said the steel would be recycled, while the "    \
    "operator's cabin, with its levers and logbooks, goes to the town "     \
    "museum, where a room is being cleared for it.</p>"                     \
    "<p>Work on the new ferry terminal, which needs the space, starts in "  \
    "the spring and should take two years, weather permitting.</p>"      \
    "<p>Until then the quay stays closed to cars, and the footpath along "  \
    "the water, shut since the autumn, reopens at the end of the month "   \
    "with new railings, benches and lamps.</p>"


#define TEASERS(more)                                                       \
    "<ul class=\"more\">"                                                   \
    "<li><h3>Ferry fares rise in April</h3><p>Single tickets, returns, "    \
    "and season passes all go up, the operator said, citing fuel. "         \
    more "</p></li>"                                                        \
    "<li><h3>Lighthouse opens to visitors</h3><p>Tours, on weekends, "      \
    "at noon and at three, from May, for groups of ten at most. "           \
    more "</p></li>"                                                        \
    "<li><h3>Fish market moves indoors</h3><p>Stalls, cold rooms, and "     \
    "a café, in the old customs shed, by the end of the summer. "           \
    more "</p></li>"                                                        \
    "<li><h3>Sailing school needs boats</h3><p>Dinghies, oars, and "        \
    "life jackets, donated, lent, or sold cheaply, are all welcome. "       \
    more "</p></li>"                                                        \
    "<li><h3>Tide tables for the year</h3><p>Printed, free, at the "        \
    "harbour office, the library, and, for now, the chandlery. "            \
    more "</p></li>"                                                        \
    "</ul>"


static void
test_author_profile(void)
{
    char  *t;

    t = text_of("<html><body><div class=\"main\">" STORY
        "<div class=\"profile\"><div class=\"bio-text\">"
        "<p>Martin Ostrow is a senior writer for the Harbour Gazette, where "
        "he covers shipping, ports, unions, and the occasional storm. He is "
        "the author of two books about the coast, and lives by the sea with "
        "his wife, two dogs, and a boat that rarely leaves the slipway.</p>"
        "</div></div>"
        "</div></body></html>");

    ok(strstr(t, "After forty years over the east quay") != NULL,
       "profile: the story stays");
    ok(strstr(t, "benches and lamps") != NULL, "profile: to its end");
    ok(strstr(t, "Martin Ostrow is a senior writer") == NULL,
       "profile: the author's biography goes");
    free(t);
}


static void
test_teaser_list(void)
{
    char  *t;

    t = text_of("<html><body><div class=\"columns\">"
        "<div class=\"story\">" STORY "</div>"
        TEASERS("<a href=\"/more\">More</a>")
        "</div></body></html>");

    ok(strstr(t, "benches and lamps") != NULL, "teasers: the story stays");
    ok(strstr(t, "Ferry fares rise") == NULL
       && strstr(t, "Single tickets") == NULL,
       "teasers: the list of other stories beside it goes");
    free(t);

    /* list items without headings beside the story are its own list */
    t = text_of("<html><body><div class=\"columns\">"
        "<div class=\"story\">" STORY "</div>"
        "<ul class=\"notes\">"
        "<li><p>The crane, built in 1984, lifted containers, timber, and "
        "steel, of up to forty tonnes, day and night, for three lines.</p></li>"
        "<li><p>Its cabin, reached by a ladder of ninety rungs, had a "
        "heater, a radio, a kettle, and, on clear days, a view of the bay."
        "</p></li>"
        "<li><p>Its last driver, who worked it, on and off, for twenty "
        "years, pressed the final button, to applause, at noon.</p></li>"
        "<li><p>The museum, once the room is ready, will open the cabin, "
        "levers, logbooks, and all, to visitors, on Sundays.</p></li>"
        "</ul>"
        "</div></body></html>");

    ok(strstr(t, "ninety rungs") != NULL,
       "teasers: a list without headings beside the story stays");
    free(t);

    /* headed items that do not link away are part of the story */
    t = text_of("<html><body><div class=\"columns\">"
        "<div class=\"story\">" STORY "</div>" TEASERS("")
        "</div></body></html>");

    ok(strstr(t, "Ferry fares rise") != NULL && strstr(t, "chandlery") != NULL,
       "teasers: a headed list without links beside the story stays");
    free(t);
}


/* Text in <p><span> is one paragraph, not two: markup around a paragraph's
 * words must not make it outscore plain paragraphs. */
static void
test_inline_counted_once(void)
{
    char  *t;

    t = text_of("<html><body>"
        "<div class=\"x\"><div class=\"when\">Monday</div><div class=\"a\">"
        "<p><span><span>Notice one: the quay, the slipway, the crane yard, "
        "and the car park, are closed, from Monday, to all traffic."
        "</span></span></p>"
        "<p><span><span>Notice two: the ferry, the water taxi, and the "
        "night boat, sail, as before, from the west pier, until May."
        "</span></span></p>"
        "<p><span><span>Notice three: the fish market, the chandlery, and "
        "the café, stay open, with access, on foot, from the beach."
        "</span></span></p>"
        "<p><span><span>Notice four: the footpath, the cycle lane, and the "
        "benches, by the water, reopen, with lamps, in June."
        "</span></span></p>"
        "</div></div>"
        "<div class=\"y\"><div class=\"when\">Tuesday</div><div class=\"b\">"
        "<p>The crane, built in 1984, was lifted away, in pieces, on "
        "Tuesday, while a crowd, of dockers, watched from the quay.</p>"
        "<p>The steel, the motors, and the cables, will be recycled, the "
        "port said, and the cabin, with its levers, goes to a museum.</p>"
        "<p>Its last driver, who worked it, for twenty years, pressed the "
        "final button, to applause, at noon, on the dot.</p>"
        "<p>The terminal, which needs the space, the road, and the yard, "
        "starts, in spring, and takes two years, or more.</p>"
        "</div></div>"
        "</body></html>");

    ok(strstr(t, "The crane, built in 1984") != NULL
       && strstr(t, "Notice one") == NULL,
       "inline: plain paragraphs are not outscored by wrapped ones");
    free(t);
}


/* A <noscript> is read only for its picture: escaped markup or a
 * "JavaScript" notice in one is never text. */
static void
test_noscript(void)
{
    char  *t;

    t = text_of("<html><body><div class=\"story\">" STORY
        "<noscript>&lt;object width=\"600\"&gt;&lt;param name=\"movie\" "
        "value=\"player.swf\"&gt;&lt;/object&gt;</noscript>"
        "<p>The crane's last lift is on video, filmed from the pier by the "
        "harbour club, and runs for four minutes.</p>"
        "<noscript><p>Please enable JavaScript to watch the video.</p>"
        "</noscript>"
        "</div></body></html>");

    ok(strstr(t, "filmed from the pier") != NULL, "noscript: the story");
    ok(strstr(t, "object") == NULL && strstr(t, "player.swf") == NULL,
       "noscript: escaped markup in it is not text");
    ok(strstr(t, "enable JavaScript") == NULL,
       "noscript: nor its notice");
    free(t);
}


/* Links back to the top of the page between sections are navigation;
 * sharing links and tag lines are tools. */
static void
test_back_to_top(void)
{
    char  *t;

    t = text_of("<html><body><div class=\"story\">" STORY
        "<p><a href=\"#top\">Back to Top</a></p>"
        "<h2>The cabin</h2>"
        "<p>The operator's cabin, with its levers, its logbooks and a "
        "calendar from 1991, goes on show at the museum in the summer.</p>"
        "<div><a href=\"#\">\xe2\x86\x91 Top of page</a></div>"
        "<p><a href=\"/send\">Email to a friend</a></p>"
        "<p>Entry to the museum stays free on Sundays, the town said.</p>"
        "<p>Tagged as: <a href=\"/t/c\">cranes</a>, "
        "<a href=\"/t/h\">harbour</a></p>"
        "</div></body></html>");

    ok(strstr(t, "calendar from 1991") != NULL
       && strstr(t, "free on Sundays") != NULL, "top: the sections stay");
    ok(strstr(t, "Back to Top") == NULL && strstr(t, "Top of page") == NULL,
       "top: the links back to the top go");
    ok(strstr(t, "Email to a friend") == NULL,
       "tools: a sharing link left in the text goes");
    ok(strstr(t, "Tagged as") == NULL, "tools: the tags line goes");
    free(t);
}


int
main(void)
{
    reader_init();

    test_author_profile();
    test_teaser_list();
    test_inline_counted_once();
    test_noscript();
    test_back_to_top();

    return done_testing();
}
