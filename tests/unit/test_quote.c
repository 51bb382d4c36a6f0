/*
 * A quotation is part of what quotes it: when the best-scored block is
 * the quoted passage inside a reply (a forum thread whose second post
 * quotes the first), the reply around it is the content too, not the
 * quotation alone.  The page is written here, in a forum's shape.
 */

#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "tap.h"
#include "text_of.h"


#define FIRST                                                               \
    "Hello all!<br><br>We are planning a week of walking in the hills "     \
    "next summer, with two children, and wonder which valley has the "      \
    "gentlest paths, the best huts, and buses back to town when legs give " \
    "out.<br><br>We would rather avoid long drives, so a base in one "      \
    "village, with walks from the door, would suit us better than moving "  \
    "on every day, though we do not mind a short train ride.<br><br>Any "  \
    "advice on maps, huts that take bookings, and weather in July would "   \
    "also help, as we have never walked there before.<br><br>Thanks!"

#define POST(n, body)                                                       \
    "<article class=\"message\" id=\"js-post-" n "\">"                      \
    "<div class=\"message-inner\"><div class=\"message-main\">"             \
    "<div class=\"message-content\"><article class=\"message-body\"><div>"  \
    "<div class=\"wrapper\">" body "</div></div></article></div></div>"     \
    "</div></article>"

#define QUOTE(text)                                                         \
    "<blockquote class=\"quote\">"                                          \
    "<div class=\"bbCodeBlock-title\">"                                     \
    "<a href=\"/goto/post?id=1\">Ana said:</a></div>"                       \
    "<div class=\"bbCodeBlock-content\">"                                   \
    "<div class=\"bbCodeBlock-expandContent\">" text "</div>"               \
    "<div class=\"bbCodeBlock-expandLink\">"                                \
    "<a role=\"button\">Show more</a></div></div></blockquote>"


static void
test_quoted_winner(void)
{
    char  *t;

    t = text_of("<html><body><div class=\"thread\">"
        POST("1", FIRST)
        POST("2", QUOTE(FIRST) "The lower valley is the one for you: the "
             "river path is flat for miles, and the hut by the lake serves "
             "lunch.")
        "</div></body></html>");
    ok(strstr(t, "gentlest paths") != NULL, "the first post stays");
    ok(strstr(t, "river path is flat") != NULL,
       "the reply that quotes it is the content too");
    free(t);
}


int
main(void)
{
    test_quoted_winner();
    return done_testing();
}
