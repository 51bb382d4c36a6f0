/*
 * The end of a story: a blog post whose body is loose text and <br> ends
 * in lists of the site's other posts, under labels and spread over nested
 * containers; a heading left last once its box was cleaned away; what
 * follows a post's tags line (an author box); a teaser of another post
 * ("…&nbsp;Read More..."); the comments under a picture post.  They go;
 * the story, links inside it, short link lists and a heading over a
 * picture stay.  The pages are written here.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "tap.h"
#include "text_of.h"


#define POST                                                                \
    "<html><body><div class=\"post\"><h1>Notes from the allotment</h1>"      \
    "<div class=\"post-body\">"                                             \
    "The frost came late this year, so the beans went in a fortnight "       \
    "after the usual date, and the first sowing of carrots was lost to "     \
    "the slugs before anyone thought of copper tape.<br><br>"               \
    "Next door's plot, which had been empty since the spring, was taken "    \
    "by a retired teacher who grows nothing but dahlias, in rows so "        \
    "straight that the committee asked her to judge the show.<br><br>"      \
    "By August the courgettes had won, as they always do, and every "        \
    "doorstep on the lane had a bag of them left on it at dawn."


#define TAGS                                                                \
    "<p class=\"meta\">Tagged as: <a href=\"/t/b\">beans</a>, "              \
    "<a href=\"/t/s\">slugs</a></p>"

#define AUTHOR_BOX                                                          \
    "<table><tr><td><p>Pat Meadows has kept plot nine since 1998 and "      \
    "writes about it every week, rain or shine, from a bench by the "       \
    "water butt, with a flask of tea and a notebook.</p></td></tr></table>"


#define LINK(n)  "<a href=\"/p/" #n "\">Another post from the plot, number " \
                 #n "</a><br>"


/* The text of the post followed by more (and the closing tags), with the
 * check that the story is all there. */
static char *
post_text(const char *more, const char *what)
{
    char  page[4096], *t;

    snprintf(page, sizeof(page), "%s%s</div></div></body></html>", POST,
             more);
    t = text_of(page);
    ok(strstr(t, "The frost came late") != NULL
       && strstr(t, "left on it at dawn") != NULL, "%s: the story stays", what);
    return t;
}


static void
test_loose_link_run(void)
{
    char  *t;

    t = post_text("<br><br><b><i>More from the plot:</i></b><br>"
        LINK(1) LINK(2) "<span>" LINK(3) "</span>"
        "<div>Grow your own, eat your own, give away the rest.</div>"
        "<div>" LINK(4) LINK(5) "</div>" LINK(6), "run");
    ok(strstr(t, "Another post") == NULL, "run: the link lines go");
    ok(strstr(t, "More from the plot") == NULL, "run: its label goes");
    ok(strstr(t, "Grow your own") == NULL,
       "run: a short line inside it goes with it");
    free(t);

    /* the story's only prose cites a link: still prose */
    t = text_of("<html><body><div><div class=\"entry\"><p>The committee "
        "met on Sunday in the shed, agreed the new rents, voted down the "
        "proposal for a second bonfire, and asked <a href=\"/w\">the "
        "water board</a> to mend the standpipe by the gate before May."
        "</p><ul class=\"nav\"><li>" LINK(1) "</li><li>" LINK(2)
        "</li><li>" LINK(3) "</li></ul></div></div></body></html>");
    ok(strstr(t, "the standpipe") != NULL
       && strstr(t, "Another post") == NULL,
       "run: after prose with a link in it");
    free(t);
}


static void
test_kept(void)
{
    char  *t;

    /* two links are a reference, not a list of posts */
    t = post_text("<br><br>" LINK(1) LINK(2), "two links");
    ok(strstr(t, "number 1") != NULL && strstr(t, "number 2") != NULL,
       "kept: two link lines after the story");
    free(t);

    /* story after the links: they are inside it */
    t = post_text("<br><br>" LINK(1) LINK(2) LINK(3) LINK(4)
        "The dahlias, for the record, took every prize but one, which went "
        "to a marrow so large it needed two people and a wheelbarrow.",
        "links inside");
    ok(strstr(t, "number 4") != NULL && strstr(t, "wheelbarrow") != NULL,
       "kept: link lines followed by prose");
    free(t);

    /* prose with links in it is story, not a run of links */
    t = post_text("<br><br>Seeds came from <a href=\"/s\">the seed "
        "swap</a>, the rest from the market.<br>"
        "Thanks to <a href=\"/a\">Ann</a>, <a href=\"/b\">Bob</a> and "
        "<a href=\"/c\">Cy</a> for the tools, the shed and the tea.<br>",
        "prose with links");
    ok(strstr(t, "seed swap") != NULL && strstr(t, "for the tools") != NULL,
       "kept: sentences with a few links");
    free(t);

    /* sections of links under headings are the page's own index */
    t = post_text("<h3>Sowing</h3>" LINK(1) LINK(2) "<h3>Pruning</h3>"
        LINK(3) LINK(4), "index");
    ok(strstr(t, "number 1") != NULL && strstr(t, "number 4") != NULL,
       "kept: link lists in sections under headings");
    free(t);
}


static void
test_orphan_heading(void)
{
    char  *t;

    t = post_text("<h3>Elsewhere on the lane</h3>"
        "<div class=\"related-posts sidebar\"><a href=\"/x\">Sheds of the "
        "year</a> <a href=\"/y\">Compost, again</a></div>", "orphan");
    ok(strstr(t, "Elsewhere on the lane") == NULL,
       "orphan: a heading left last goes");
    free(t);

    t = post_text("<h3>The prize marrow</h3><p><img src=\"/m.jpg\" "
        "alt=\"\"></p>", "picture");
    ok(strstr(t, "The prize marrow") != NULL,
       "orphan: a heading over a picture stays");
    free(t);

    t = text_of("<html><body><div><h2>Spring sowing</h2>"
        "<h2>Summer pruning</h2></div></body></html>");
    ok(strstr(t, "Spring sowing") != NULL && strstr(t, "Summer pruning") != NULL,
       "orphan: a page of headings keeps them");
    free(t);
}


static void
test_tags_close(void)
{
    char  *t;

    t = post_text(TAGS AUTHOR_BOX, "tags");
    ok(strstr(t, "Tagged as") == NULL && strstr(t, "Pat Meadows") == NULL,
       "tags: the tags line and what follows it go");
    free(t);

    /* a link post: its list ends in bare links; an author box follows */
    t = post_text("<ul><li><a href=\"/a\">Rents</a>: the committee's new "
        "figures, and why the plots by the brook cost less.</li>"
        "<li><a href=\"/b\">Water</a>: the standpipe is mended at last, "
        "after a winter of carrying cans from the lane.</li>"
        "<li>" LINK(1) "</li><li>" LINK(2) "</li><li>" LINK(3) "</li></ul>"
        "<h3>About the author</h3>" AUTHOR_BOX, "link post");
    ok(strstr(t, "number 1") != NULL && strstr(t, "number 3") != NULL,
       "link post: bare links that end the post's own list stay");
    ok(strstr(t, "Pat Meadows") == NULL, "link post: the author box goes");
    free(t);

    t = text_of("<html><body><div><p>TAGS: a short word list at the top, "
        "before the story, stays where it is.</p>" POST
        "</div></div></div></body></html>");
    ok(strstr(t, "left on it at dawn") != NULL,
       "tags: a tags line early on cuts nothing");
    free(t);
}


static void
test_teaser(void)
{
    char  *t;

    t = post_text("<div>Featured Post</div>"
        "<div>Why do the dahlias always win? We asked the judges, the "
        "growers and the slugs for t&hellip;&nbsp; <a href=\"/d\">Read "
        "More...</a></div>"
        "<div>The show is in the parish hall; anyone may enter, and "
        "<a href=\"/rules\">the rules</a> ask for nothing but the plot "
        "number. Read more</div>", "teaser");
    ok(strstr(t, "dahlias always win") == NULL,
       "teaser: an excerpt cut short with a link to the rest goes");
    ok(strstr(t, "Featured Post") == NULL, "teaser: its label goes");
    ok(strstr(t, "the parish hall") != NULL,
       "teaser: a sentence not cut short stays");
    free(t);
}


/* A post that is a picture: its comments are not the story, even when
 * they are all the page's text. */
static void
test_photo_post_comments(void)
{
    char  *t;

    t = text_of("<html><body><div class=\"post\"><h3>Sunday morning</h3>"
        "<div class=\"post-body\"><img src=\"/sunday.jpg\" alt=\"\"></div>"
        "</div><div class=\"comments\" id=\"comments\"><h4>3 comments:</h4>"
        "<dl><dd><p>What a lovely light on the water, it makes me want to "
        "get up early for once and walk down to the harbour with a camera."
        "</p></dd><dd><p>Beautiful colours, as always. Which lens did you "
        "use for this one? It looks wider than the ones from last week."
        "</p></dd><dd><p>This is my favourite of the series so far, thank "
        "you for sharing it, and have a good week ahead of you all.</p></dd>"
        "</dl></div></body></html>");
    ok(strstr(t, "lovely light") == NULL && strstr(t, "favourite") == NULL,
       "photo post: its comments are not the article");
    free(t);

    /* nothing scores: the one hAtom entry is the page, not its sidebar */
    t = text_of("<html><body><div class=\"sidebar-box\"><h2>Pages</h2><ul>"
        "<li><a href=\"/\">blog.</a></li><li><a href=\"/faq\">questions."
        "</a></li></ul></div><div class=\"post hentry\"><h3>Sunday "
        "morning</h3><div class=\"post-body\"><img src=\"/sunday.jpg\" "
        "alt=\"\"></div></div></body></html>");
    ok(strstr(t, "Sunday morning") != NULL && strstr(t, "questions") == NULL,
       "photo post: the entry, not the sidebar");
    free(t);

    /* a commentary (an opinion piece) is not a comment thread */
    t = text_of("<html><body><div class=\"commentary\"><h1>Keep the "
        "allotments</h1><p>The council wants the land for parking, and "
        "says nobody would miss a few sheds; it has not asked the people "
        "who have grown food there for forty years.</p><p>A car park "
        "feeds nobody, and the waiting list for a plot is longer now than "
        "it has ever been, which tells its own story.</p></div>"
        "</body></html>");
    ok(strstr(t, "feeds nobody") != NULL,
       "commentary: an opinion piece's wrapper is no comment thread");
    free(t);
}


/* The line walk's arrays grow with the content, up to their bounds:
 * past a few hundred lines the run still goes; past the bound of lines
 * (2048) there is no verdict and it stays. */
static void
test_many_lines(void)
{
    size_t   lines[2] = { 600, 2100 }, i, k, len;
    char    *page, *t;
    int      gone[2];

    for (i = 0; i < 2; i++) {
        page = malloc(lines[i] * 16 + 4096);
        if (page == NULL) {
            abort();
        }
        len = (size_t) sprintf(page, "%s<br>", POST);
        for (k = 0; k < lines[i]; k++) {
            len += (size_t) sprintf(page + len, "Row %zu.<br>", k);
        }
        sprintf(page + len, "<br>%s</div></div></body></html>",
                LINK(1) LINK(2) LINK(3) LINK(4) LINK(5) LINK(6));

        t = text_of(page);
        gone[i] = strstr(t, "Another post") == NULL;
        free(t);
        free(page);
    }

    ok(gone[0], "many lines: the run after 600 short lines goes");
    ok(!gone[1], "many lines: past the bound of lines, no verdict");
}


int
main(void)
{
    reader_init();

    test_loose_link_run();
    test_kept();
    test_orphan_heading();
    test_tags_close();
    test_teaser();
    test_photo_post_comments();
    test_many_lines();

    return done_testing();
}
