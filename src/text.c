/* UTF-8 decoding and script-aware text measuring. */

#include "internal.h"


uint32_t
rd_utf8_multi(const unsigned char **pp, const unsigned char *end)
{
    const unsigned char  *p = *pp;
    uint32_t              cp, min;
    int                   n, i;

    cp = *p++;

    if (cp >= 0xc2 && cp <= 0xdf) {
        n = 1; cp &= 0x1f; min = 0x80;
    } else if (cp >= 0xe0 && cp <= 0xef) {
        n = 2; cp &= 0x0f; min = 0x800;
    } else if (cp >= 0xf0 && cp <= 0xf4) {
        n = 3; cp &= 0x07; min = 0x10000;
    } else {
        *pp = p;
        return 0xfffd;
    }

    for (i = 0; i < n; i++) {
        if (p >= end || (*p & 0xc0) != 0x80) {
            *pp = p;
            return 0xfffd;
        }
        cp = (cp << 6) | (*p++ & 0x3f);
    }

    *pp = p;

    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return 0xfffd;
    }

    return cp;
}


size_t
rd_utf8_put(uint32_t cp, unsigned char out[4])
{
    if (cp < 0x80) {
        out[0] = (unsigned char) cp;
        return 1;
    }

    if (cp < 0x800) {
        out[0] = (unsigned char) (0xc0 | (cp >> 6));
        out[1] = (unsigned char) (0x80 | (cp & 0x3f));
        return 2;
    }

    if (cp < 0x10000) {
        out[0] = (unsigned char) (0xe0 | (cp >> 12));
        out[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
        out[2] = (unsigned char) (0x80 | (cp & 0x3f));
        return 3;
    }

    out[0] = (unsigned char) (0xf0 | (cp >> 18));
    out[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3f));
    out[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
    out[3] = (unsigned char) (0x80 | (cp & 0x3f));
    return 4;
}


int
rd_is_space_wide(uint32_t cp)
{
    return cp == 0xa0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200b)
           || cp == 0x202f || cp == 0x205f || cp == 0xfeff;
}


int
rd_is_cjk(uint32_t cp)
{
    return (cp >= 0x2e80 && cp <= 0x2fdf)       /* radicals */
           || (cp >= 0x3040 && cp <= 0x30ff)    /* kana */
           || (cp >= 0x3100 && cp <= 0x31ff)    /* bopomofo, kana ext */
           || (cp >= 0x3400 && cp <= 0x4dbf)    /* Han ext A */
           || (cp >= 0x4e00 && cp <= 0x9fff)    /* Han */
           || (cp >= 0xac00 && cp <= 0xd7af)    /* Hangul syllables */
           || (cp >= 0xf900 && cp <= 0xfaff)    /* compatibility ideographs */
           || (cp >= 0xff10 && cp <= 0xff5a)    /* full-width digits, letters */
           || (cp >= 0x20000 && cp <= 0x3134f); /* Han ext B..G */
}


static int
rd_is_comma(uint32_t cp)
{
    switch (cp) {
    case ',': case 0x060c: case 0x3001: case 0xfe10: case 0xfe11:
    case 0xfe50: case 0xfe51: case 0xff0c: case 0xff64: case 0x055d:
    case 0x1363: case 0x1802: case 0x1808: case 0xa60d: case 0xa6f5:
    case 0x07f8: case 0x2e41: case 0x2e34:
        return 1;
    }
    return 0;
}


static int
rd_is_stop(uint32_t cp)
{
    switch (cp) {
    case '.': case '!': case '?': case 0x3002: case 0xff01: case 0xff1f:
    case 0xff61: case 0x2026: case 0x203c: case 0x2047: case 0x2048:
    case 0x2049: case 0x061f: case 0x06d4: case 0x0964: case 0xff0e:
        return 1;
    }
    return 0;
}


static int
rd_is_punct(uint32_t cp)
{
    if (cp < 0x80) {
        return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@')
               || (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~');
    }

    return (cp >= 0x2010 && cp <= 0x205e)       /* general punctuation */
           || (cp >= 0x3001 && cp <= 0x3003)
           || (cp >= 0x3008 && cp <= 0x3011)    /* CJK brackets */
           || (cp >= 0x3014 && cp <= 0x301f)
           || (cp >= 0xff01 && cp <= 0xff0f)
           || (cp >= 0xff1a && cp <= 0xff20)
           || (cp >= 0xff3b && cp <= 0xff40)
           || (cp >= 0xff5b && cp <= 0xff65)
           || cp == 0x00b7 || cp == 0x060c || cp == 0x061b || cp == 0x061f
           || cp == 0x06d4 || cp == 0x0964;
}


/* ASCII classes for the measuring fast path. */
enum {
    RD_A_SPACE = 1,
    RD_A_COMMA = 2,
    RD_A_STOP  = 4,
    RD_A_PUNCT = 8
};

#define S  RD_A_SPACE
#define C  (RD_A_COMMA | RD_A_PUNCT)
#define E  (RD_A_STOP | RD_A_PUNCT)
#define P  RD_A_PUNCT

static const unsigned char  rd_ascii_class[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, S, S, 0, S, S, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    S, E, P, P, P, P, P, P, P, P, P, P, C, P, E, P,    /*  !"#$%&'()*+,-./ */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, P, P, P, P, P, E,    /* 0-9 :;<=>? */
    P, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    /* @A-O */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, P, P, P, P, P,    /* P-Z [\]^_ */
    P, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    /* `a-o */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, P, P, P, P, 0     /* p-z {|}~ */
};

#undef S
#undef C
#undef E
#undef P


void
rd_measure(const unsigned char *s, size_t n, rd_measure_t *m)
{
    const unsigned char  *p = s, *end = s + n, *q;
    uint32_t              cp;
    unsigned              cls;
    int                   in_word = 0;

    while (p < end) {
        if (*p < 0x80) {
            /* a run of ASCII letters and digits: one word, counted at once */
            if (rd_ascii_class[*p] == 0) {
                q = p;
                while (++p < end && *p < 0x80 && rd_ascii_class[*p] == 0) {
                    /* void */
                }
                m->chars += (uint32_t) (p - q);
                m->wlen += (uint32_t) (p - q);
                m->words += !in_word;
                in_word = 1;
                continue;
            }

            /* other ASCII: one table look-up instead of the classifiers */
            cls = rd_ascii_class[*p++];

            if (cls & RD_A_SPACE) {
                m->wlen += in_word;     /* one space between words */
                in_word = 0;
                continue;
            }

            m->chars++;
            m->wlen++;
            m->commas += (cls & RD_A_COMMA) != 0;
            m->stops += (cls & RD_A_STOP) != 0;

            if (cls & RD_A_PUNCT) {
                m->punct++;         /* punctuation starts no word */

            } else if (!in_word) {
                m->words++;
                in_word = 1;
            }
            continue;
        }

        cp = rd_utf8_next(&p, end);

        if (rd_is_space(cp)) {
            m->wlen += in_word;
            in_word = 0;
            continue;
        }

        m->chars++;

        if (rd_is_cjk(cp)) {
            m->cjk++;
            m->wlen += 3;
            in_word = 0;
            continue;
        }

        m->wlen++;

        if (rd_is_comma(cp)) {
            m->commas++;
            m->punct++;
        } else if (rd_is_stop(cp)) {
            m->stops++;
            m->punct++;
        } else if (rd_is_punct(cp)) {
            m->punct++;
        } else if (!in_word) {
            m->words++;
            in_word = 1;
        }
    }
}


uint64_t
rd_hash_text(uint64_t h, const unsigned char *s, size_t n)
{
    const unsigned char  *p = s, *end = s + n, *q;
    uint32_t              cp;

    while (p < end) {
        if (*p < 0x80) {
            /* most of it: one byte, one test */
            if (!rd_is_space(*p)) {
                h = (h ^ *p) * 1099511628211ull;
            }
            p++;
            continue;
        }

        q = p;
        cp = rd_utf8_multi(&p, end);
        if (rd_is_space(cp)) {
            continue;
        }
        for ( ; q < p; q++) {
            h = (h ^ *q) * 1099511628211ull;
        }
    }

    return h;
}
