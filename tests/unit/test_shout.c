/*
 * A paragraph that is one link in capitals, between the story's
 * paragraphs, is another story's headline in the site's promo style: it
 * goes.  A paragraph in capitals without a link, and a paragraph that is
 * one link in ordinary case, are the story's own and stay.  The page is
 * written here.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "tap.h"
#include "text_of.h"


#define PARA1                                                               \
    "<p>The ferry to the outer islands will run twice a day from May, the " \
    "operator said on Monday, after a winter of complaints from islanders " \
    "who had to stay overnight on the mainland for a doctor's visit.</p>"

#define PARA2                                                               \
    "<p>A second boat, bought second-hand from a Norwegian company, is "    \
    "being refitted in the harbour and should be ready by the end of "      \
    "April, weather and spare parts permitting, the operator added.</p>"

#define PARA3                                                               \
    "<p>Fares stay as they are for residents, while visitors will pay a "   \
    "pound more each way, which the council says will cover the extra "     \
    "crew and fuel for the summer timetable.</p>"


static char *
page(const char *between)
{
    static char  buf[4096];

    snprintf(buf, sizeof(buf), "<html><body><article><h1>Ferry doubles "
             "its crossings</h1>%s%s%s%s</article></body></html>",
             PARA1, between, PARA2, PARA3);
    return text_of(buf);
}


static void
test_shouting_link(void)
{
    char  *t;

    t = page("<p><strong><a href=\"/news/harbour-crane\">HARBOUR CRANE "
             "COMES DOWN AFTER FORTY YEARS ON THE QUAY</a></strong></p>");
    ok(strstr(t, "HARBOUR CRANE") == NULL,
       "a headline in capitals, all link, between paragraphs goes");
    ok(strstr(t, "second boat") != NULL && strstr(t, "outer islands")
       != NULL, "the story around it stays");
    free(t);

    t = page("<p><strong>THE FERRY WILL RUN TWICE A DAY FROM MAY, "
             "WHATEVER THE WEATHER</strong></p>");
    ok(strstr(t, "WHATEVER THE WEATHER") != NULL,
       "capitals without a link stay");
    free(t);

    t = page("<p><a href=\"/timetable\">The new timetable for the outer "
             "islands, with every crossing</a></p>");
    ok(strstr(t, "new timetable") != NULL,
       "a link in ordinary case stays");
    free(t);
}


int
main(void)
{
    test_shouting_link();
    return done_testing();
}
