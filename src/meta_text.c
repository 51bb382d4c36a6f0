/*
 * Metadata in visible text: dates ("2025年4月16日 09:30", "16 April 2025",
 * "April 16, 2025", "2025-04-16", "16.04.2025") and byline lines ("By Jane
 * Doe", "记者 | 李明", "文/张三", "بقلم: ..."), plus the string cleaning
 * every metadata value goes through.  Everything here is linear in the
 * input and bounded: no backtracking, fixed-size token windows.
 */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"


/* ---- cleaning ----------------------------------------------------------- */

static int
rd_hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c |= 0x20;
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}


/* An HTML character reference at s (the '&'): its code point and length.
 * Only the references that leak into JSON-LD and double-escaped meta. */
static uint32_t
rd_entity(const char *s, const char *end, size_t *n)
{
    static const struct {
        const char  *name;
        uint32_t     cp;
    } named[] = {
        { "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' },
        { "apos;", '\'' }, { "nbsp;", ' ' }, { "#39;", '\'' }
    };

    const char  *p = s + 1;
    uint32_t     cp = 0;
    size_t       i;
    int          hex, d, digits = 0;

    for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        size_t  len = strlen(named[i].name);

        if ((size_t) (end - p) >= len && memcmp(p, named[i].name, len) == 0) {
            *n = len + 1;
            return named[i].cp;
        }
    }

    if (p >= end || *p != '#') {
        return 0;
    }

    hex = p + 1 < end && (p[1] == 'x' || p[1] == 'X');
    for (p += hex ? 2 : 1; p < end && digits < 7; p++, digits++) {
        d = hex ? rd_hexval((unsigned char) *p)
                : (*p >= '0' && *p <= '9' ? *p - '0' : -1);
        if (d < 0) {
            break;
        }
        cp = cp * (hex ? 16 : 10) + (uint32_t) d;
    }

    if (digits == 0 || p >= end || *p != ';' || cp > 0x10ffff
        || (cp >= 0xd800 && cp <= 0xdfff))
    {
        return 0;
    }

    *n = (size_t) (p + 1 - s);
    return cp ? cp : 0xfffd;
}


/*
 * Trims, collapses whitespace, drops control characters, optionally decodes
 * character references, and caps the length at max characters (with an
 * ellipsis and at a word boundary when RD_CLEAN_ELLIPSIS).  NULL when
 * nothing is left.
 */
char *
rd_meta_clean(rd_arena_t *a, const char *s, size_t len, size_t max,
    unsigned flags)
{
    const unsigned char  *p = (const unsigned char *) s, *end = p + len;
    unsigned char        *out, *o, *space = NULL;
    uint32_t              cp;
    size_t                chars = 0, n;
    int                   pend = 0;

    if (s == NULL) {
        return NULL;
    }

    /* a reference never decodes longer than it is written */
    out = rd_arena_alloc(a, len + 4);
    if (out == NULL) {
        return NULL;
    }

    for (o = out; p < end; ) {
        if (*p == '&' && (flags & RD_CLEAN_ENTITIES)
            && (cp = rd_entity((const char *) p, (const char *) end, &n)))
        {
            p += n;
        } else {
            cp = rd_utf8_next(&p, end);
        }

        if (rd_is_space(cp) || cp < 0x20 || cp == 0x7f) {
            pend = o > out;
            continue;
        }

        if (chars >= max) {
            if (flags & RD_CLEAN_ELLIPSIS) {
                /* prefer a word boundary when one is near the end */
                if (space && (size_t) (o - space) < 40) {
                    o = space;
                }
                memcpy(o, "\xe2\x80\xa6", 3);
                o += 3;
            }
            break;
        }

        if (pend) {
            space = o;
            *o++ = ' ';
            chars++;
            pend = 0;
        }

        o += rd_utf8_put(cp, o);
        chars++;
    }

    if (o == out) {
        return NULL;
    }

    *o = '\0';
    return (char *) out;
}


int
rd_meta_is_url(const char *s)
{
    return strstr(s, "://") != NULL || strncasecmp(s, "www.", 4) == 0;
}


/* ---- tokens ------------------------------------------------------------- */

enum {
    RD_T_NUM = 1,
    RD_T_WORD,
    RD_T_UNIT,          /* 年 月 日 时 分 秒 and their ja/ko forms */
    RD_T_SEP,
    RD_T_SPACE
};

typedef struct {
    uint8_t      type;
    uint8_t      digits;
    uint32_t     c;         /* SEP: the character; UNIT: Y M D h m s */
    uint32_t     value;     /* NUM */
    const char  *p;         /* WORD: its bytes */
    size_t       len;
} rd_tok_t;

#define RD_TOKS  96


static int
rd_digit(uint32_t cp)
{
    if (cp >= '0' && cp <= '9') {
        return (int) (cp - '0');
    }
    if (cp >= 0xff10 && cp <= 0xff19) {             /* full-width */
        return (int) (cp - 0xff10);
    }
    if (cp >= 0x0660 && cp <= 0x0669) {             /* Arabic-Indic */
        return (int) (cp - 0x0660);
    }
    if (cp >= 0x06f0 && cp <= 0x06f9) {             /* Persian */
        return (int) (cp - 0x06f0);
    }
    return -1;
}


static uint32_t
rd_unit(uint32_t cp)
{
    switch (cp) {
    case 0x5e74: case 0xb144:                       /* 年 년 */
        return 'Y';
    case 0x6708: case 0xc6d4:                       /* 月 월 */
        return 'M';
    case 0x65e5: case 0x53f7: case 0xc77c:          /* 日 号 일 */
        return 'D';
    case 0x65f6: case 0x6642: case 0x70b9: case 0xc2dc:  /* 时 時 点 시 */
        return 'h';
    case 0x5206: case 0xbd84:                       /* 分 분 */
        return 'm';
    case 0x79d2: case 0xcd08:                       /* 秒 초 */
        return 's';
    }
    return 0;
}


static int
rd_letter(uint32_t cp)
{
    if (cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    }
    return !rd_is_space(cp) && rd_digit(cp) < 0 && rd_unit(cp) == 0
           && !(cp >= 0x2000 && cp <= 0x206f) && !(cp >= 0x3000 && cp <= 0x303f)
           && !(cp >= 0xff00 && cp <= 0xff0f) && !(cp >= 0xff1a && cp <= 0xff20)
           && cp != 0x060c && cp != 0x061b && cp != 0x061f && cp != 0x00b7;
}


/* Month names: English, German, French, Spanish, Portuguese, Italian,
 * Dutch and Arabic (Egyptian and Levantine), lower case. */
static const struct {
    const char  *name;
    uint8_t      month;
} rd_months[] = {
    { "january", 1 }, { "jan", 1 }, { "januar", 1 }, { "janvier", 1 },
    { "enero", 1 }, { "janeiro", 1 }, { "gennaio", 1 }, { "januari", 1 },
    { "jänner", 1 },
    { "february", 2 }, { "feb", 2 }, { "februar", 2 }, { "février", 2 },
    { "febrero", 2 }, { "fevereiro", 2 }, { "febbraio", 2 },
    { "februari", 2 }, { "fév", 2 },
    { "march", 3 }, { "mar", 3 }, { "märz", 3 }, { "mars", 3 },
    { "marzo", 3 }, { "março", 3 }, { "maart", 3 },
    { "april", 4 }, { "apr", 4 }, { "avril", 4 }, { "abril", 4 },
    { "aprile", 4 },
    { "may", 5 }, { "mai", 5 }, { "mayo", 5 }, { "maio", 5 },
    { "maggio", 5 }, { "mei", 5 },
    { "june", 6 }, { "jun", 6 }, { "juni", 6 }, { "juin", 6 },
    { "junio", 6 }, { "junho", 6 }, { "giugno", 6 },
    { "july", 7 }, { "jul", 7 }, { "juli", 7 }, { "juillet", 7 },
    { "julio", 7 }, { "julho", 7 }, { "luglio", 7 },
    { "august", 8 }, { "aug", 8 }, { "août", 8 }, { "agosto", 8 },
    { "augustus", 8 },
    { "september", 9 }, { "sep", 9 }, { "sept", 9 }, { "septembre", 9 },
    { "septiembre", 9 }, { "setiembre", 9 }, { "setembro", 9 },
    { "settembre", 9 },
    { "october", 10 }, { "oct", 10 }, { "oktober", 10 }, { "octobre", 10 },
    { "octubre", 10 }, { "outubro", 10 }, { "ottobre", 10 },
    { "november", 11 }, { "nov", 11 }, { "novembre", 11 },
    { "noviembre", 11 }, { "novembro", 11 },
    { "december", 12 }, { "dec", 12 }, { "dezember", 12 },
    { "décembre", 12 }, { "diciembre", 12 }, { "dezembro", 12 },
    { "dicembre", 12 },
    { "يناير", 1 }, { "فبراير", 2 }, { "مارس", 3 }, { "أبريل", 4 },
    { "إبريل", 4 }, { "مايو", 5 }, { "يونيو", 6 }, { "يوليو", 7 },
    { "أغسطس", 8 }, { "سبتمبر", 9 }, { "أكتوبر", 10 }, { "نوفمبر", 11 },
    { "ديسمبر", 12 }, { "شباط", 2 }, { "آذار", 3 }, { "نيسان", 4 },
    { "أيار", 5 }, { "حزيران", 6 }, { "تموز", 7 }, { "آب", 8 },
    { "أيلول", 9 }
};


static uint8_t
rd_month(const char *p, size_t len)
{
    char    low[16];
    size_t  i;

    if (len < 2 || len >= sizeof(low)) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        low[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char) (p[i] + 32) : p[i];
    }

    for (i = 0; i < sizeof(rd_months) / sizeof(rd_months[0]); i++) {
        if (rd_months[i].name[0] == low[0]
            && strlen(rd_months[i].name) == len
            && memcmp(rd_months[i].name, low, len) == 0)
        {
            return rd_months[i].month;
        }
    }
    return 0;
}


static int
rd_word_is(const rd_tok_t *t, const char *w)
{
    size_t  i, n = strlen(w);

    if (t->type != RD_T_WORD || t->len != n) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if ((t->p[i] | 0x20) != w[i]) {
            return 0;
        }
    }
    return 1;
}


/* Splits up to RD_TOKS tokens off s; returns how many. */
static size_t
rd_tokenize(const char *s, size_t len, rd_tok_t *toks)
{
    const unsigned char  *p = (const unsigned char *) s, *end = p + len, *q;
    rd_tok_t             *t;
    uint32_t              cp;
    size_t                n = 0;
    int                   d;

    while (p < end && n < RD_TOKS) {
        q = p;
        cp = rd_utf8_next(&p, end);
        t = &toks[n];
        memset(t, 0, sizeof(*t));

        if ((d = rd_digit(cp)) >= 0) {
            t->type = RD_T_NUM;
            t->value = (uint32_t) d;
            t->digits = 1;

            while (p < end) {
                const unsigned char  *r = p;

                cp = rd_utf8_next(&r, end);
                if ((d = rd_digit(cp)) < 0) {
                    break;
                }
                if (t->digits < 9) {
                    t->value = t->value * 10 + (uint32_t) d;
                }
                if (t->digits < 255) {
                    t->digits++;
                }
                p = r;
            }

            /* an English ordinal suffix belongs to its number */
            if (end - p >= 2 && t->digits <= 2
                && (memcmp(p, "st", 2) == 0 || memcmp(p, "nd", 2) == 0
                    || memcmp(p, "rd", 2) == 0 || memcmp(p, "th", 2) == 0)
                && (end - p == 2 || !rd_letter(p[2])))
            {
                p += 2;
            }

        } else if (rd_is_space(cp)) {
            if (n && toks[n - 1].type == RD_T_SPACE) {
                continue;
            }
            t->type = RD_T_SPACE;

        } else if ((t->c = rd_unit(cp))) {
            t->type = RD_T_UNIT;

        } else if (rd_letter(cp) && !rd_is_cjk(cp)) {
            t->type = RD_T_WORD;
            t->p = (const char *) q;

            while (p < end) {
                const unsigned char  *r = p;

                cp = rd_utf8_next(&r, end);
                if (!rd_letter(cp) || rd_is_cjk(cp)) {
                    break;
                }
                p = r;
            }

            t->len = (size_t) (p - q);

        } else {
            t->type = RD_T_SEP;
            /* full-width separators read as their ASCII forms */
            t->c = (cp >= 0xff01 && cp <= 0xff5e) ? cp - 0xfee0 : cp;
        }

        n++;
    }

    return n;
}


/* ---- dates -------------------------------------------------------------- */

typedef struct {
    unsigned    y, mo, d, h, mi, s;
    int         has_time, has_sec;
    char        tz[8];
} rd_date_t;


static int
rd_is_sep(const rd_tok_t *t, size_t i, size_t n, uint32_t c)
{
    return i < n && t[i].type == RD_T_SEP && t[i].c == c;
}


static size_t
rd_skip_space(const rd_tok_t *t, size_t i, size_t n)
{
    return (i < n && t[i].type == RD_T_SPACE) ? i + 1 : i;
}


static int
rd_num(const rd_tok_t *t, size_t i, size_t n, unsigned mind, unsigned maxd)
{
    return i < n && t[i].type == RD_T_NUM && t[i].digits >= mind
           && t[i].digits <= maxd;
}


static int
rd_valid(const rd_date_t *dt)
{
    static const unsigned char  days[] = {
        31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
    };

    return dt->y >= 1970 && dt->y <= 2099 && dt->mo >= 1 && dt->mo <= 12
           && dt->d >= 1 && dt->d <= days[dt->mo - 1];
}


/* A timezone after the time: Z, +08:00, +0800, GMT, UTC. */
static size_t
rd_date_tz(const rd_tok_t *t, size_t i, size_t n, rd_date_t *dt)
{
    size_t  j = i;
    int     sign;

    if (j < n && (rd_word_is(&t[j], "z") || rd_word_is(&t[j], "gmt")
                  || rd_word_is(&t[j], "utc")))
    {
        strcpy(dt->tz, "Z");
        return j + 1;
    }

    if (j + 1 < n && t[j].type == RD_T_SPACE
        && (rd_word_is(&t[j + 1], "gmt") || rd_word_is(&t[j + 1], "utc")))
    {
        strcpy(dt->tz, "Z");
        j += 2;
    }

    /* an offset directly attached, or after one space (RFC 2822) */
    if (j < n && t[j].type == RD_T_SPACE && j + 1 < n
        && t[j + 1].type == RD_T_SEP && rd_num(t, j + 2, n, 4, 4))
    {
        j++;
    }

    if (!(rd_is_sep(t, j, n, '+') || rd_is_sep(t, j, n, '-'))) {
        return dt->tz[0] ? j : i;
    }

    sign = t[j].c == '+' ? '+' : '-';

    if (rd_num(t, j + 1, n, 4, 4) && t[j + 1].value / 100 <= 14) {
        snprintf(dt->tz, sizeof(dt->tz), "%c%02u:%02u", sign,
                 t[j + 1].value / 100, t[j + 1].value % 100);
        return j + 2;
    }

    if (rd_num(t, j + 1, n, 2, 2) && t[j + 1].value <= 14
        && rd_is_sep(t, j + 2, n, ':') && rd_num(t, j + 3, n, 2, 2))
    {
        snprintf(dt->tz, sizeof(dt->tz), "%c%02u:%02u", sign,
                 t[j + 1].value, t[j + 3].value);
        return j + 4;
    }

    return i;
}


/* A time of day after a date: "09:30", "T09:30:00Z", ", 9:30 am",
 * "09时30分". */
static void
rd_date_time(const rd_tok_t *t, size_t i, size_t n, rd_date_t *dt)
{
    size_t  j, lead;
    unsigned h, m;

    /* up to three tokens between the date and the time */
    for (lead = 0; lead < 3 && i < n; lead++) {
        if (t[i].type == RD_T_SPACE
            || (t[i].type == RD_T_SEP
                && (t[i].c == ',' || t[i].c == '|' || t[i].c == '-'
                    || t[i].c == '@' || t[i].c == 0xb7 || t[i].c == '/'))
            || rd_word_is(&t[i], "t") || rd_word_is(&t[i], "at")
            || rd_word_is(&t[i], "um") || rd_word_is(&t[i], "a"))
        {
            i++;
            continue;
        }
        break;
    }

    if (!rd_num(t, i, n, 1, 2) || t[i].value > 24) {
        return;
    }
    h = t[i].value;
    j = i + 1;

    if (rd_is_sep(t, j, n, ':') && rd_num(t, j + 1, n, 2, 2)) {
        m = t[j + 1].value;
        j += 2;
        if (rd_is_sep(t, j, n, ':') && rd_num(t, j + 1, n, 2, 2)) {
            dt->s = t[j + 1].value;
            dt->has_sec = 1;
            j += 2;
            if (rd_is_sep(t, j, n, '.') && rd_num(t, j + 1, n, 1, 9)) {
                j += 2;         /* fractions of a second are dropped */
            }
        }

    } else if (j < n && t[j].type == RD_T_UNIT && t[j].c == 'h'
               && rd_num(t, j + 1, n, 1, 2) && j + 2 < n
               && t[j + 2].type == RD_T_UNIT && t[j + 2].c == 'm')
    {
        m = t[j + 1].value;
        j += 3;

    } else {
        return;
    }

    if (m > 59 || dt->s > 59) {
        return;
    }

    /* 12-hour clocks: "9:30 am", "9:30pm", "9:30 p.m." */
    {
        size_t  k = rd_skip_space(t, j, n);
        int     pm = -1;

        if (k < n && (rd_word_is(&t[k], "am") || rd_word_is(&t[k], "pm"))) {
            pm = (t[k].p[0] | 0x20) == 'p';
            j = k + 1;

        } else if (k < n && (rd_word_is(&t[k], "a") || rd_word_is(&t[k], "p"))
                   && rd_is_sep(t, k + 1, n, '.') && k + 2 < n
                   && rd_word_is(&t[k + 2], "m"))
        {
            pm = (t[k].p[0] | 0x20) == 'p';
            j = k + 3 + rd_is_sep(t, k + 3, n, '.');
        }

        if (pm >= 0) {
            if (h == 0 || h > 12) {
                return;
            }
            h = (h % 12) + (pm ? 12 : 0);
        }
    }

    if (h > 23) {
        return;
    }

    dt->h = h;
    dt->mi = m;
    dt->has_time = 1;
    rd_date_tz(t, j, n, dt);
}


/* Y-M-D, Y/M/D, Y.M.D (a space may follow the separator: "2025. 4. 16."). */
static size_t
rd_date_ymd(const rd_tok_t *t, size_t i, size_t n, rd_date_t *dt)
{
    uint32_t  c;
    size_t    j;

    if (!rd_num(t, i, n, 4, 4) || i + 1 >= n || t[i + 1].type != RD_T_SEP) {
        return 0;
    }

    c = t[i + 1].c;
    if (c != '-' && c != '/' && c != '.') {
        return 0;
    }

    j = rd_skip_space(t, i + 2, n);
    if (!rd_num(t, j, n, 1, 2) || !rd_is_sep(t, j + 1, n, c)) {
        return 0;
    }
    dt->mo = t[j].value;

    j = rd_skip_space(t, j + 2, n);
    if (!rd_num(t, j, n, 1, 2)) {
        return 0;
    }

    dt->y = t[i].value;
    dt->d = t[j].value;
    j++;
    return j + (c == '.' && rd_is_sep(t, j, n, '.'));
}


/* 2025年4月16日, 2025 年 4 月 16 日, 2025년 4월 16일. */
static size_t
rd_date_cjk(const rd_tok_t *t, size_t i, size_t n, rd_date_t *dt)
{
    static const uint32_t  units[] = { 'Y', 'M', 'D' };
    unsigned               v[3];
    size_t                 j = i, k;

    for (k = 0; k < 3; k++) {
        j = rd_skip_space(t, j, n);
        if (!rd_num(t, j, n, k == 0 ? 4 : 1, k == 0 ? 4 : 2)) {
            return 0;
        }
        v[k] = t[j].value;
        j = rd_skip_space(t, j + 1, n);
        if (j >= n || t[j].type != RD_T_UNIT || t[j].c != units[k]) {
            return 0;
        }
        j++;
    }

    dt->y = v[0];
    dt->mo = v[1];
    dt->d = v[2];
    return j;
}


/* 16.04.2025, 16-04-2025, 04/16/2025 (slashes read month first unless
 * the first number cannot be a month). */
static size_t
rd_date_dmy(const rd_tok_t *t, size_t i, size_t n, rd_date_t *dt)
{
    uint32_t  c;
    unsigned  a, b;

    if (!rd_num(t, i, n, 1, 2) || i + 1 >= n || t[i + 1].type != RD_T_SEP) {
        return 0;
    }

    c = t[i + 1].c;
    if ((c != '.' && c != '-' && c != '/') || !rd_num(t, i + 2, n, 1, 2)
        || !rd_is_sep(t, i + 3, n, c) || !rd_num(t, i + 4, n, 4, 4))
    {
        return 0;
    }

    a = t[i].value;
    b = t[i + 2].value;

    if ((c == '/' && a <= 12) || (c != '/' && b > 12 && a <= 12)) {
        dt->mo = a;
        dt->d = b;
    } else {
        dt->d = a;
        dt->mo = b;
    }

    dt->y = t[i + 4].value;
    return i + 5;
}


/* Skips spaces, the given separators and the words "de"/"del"/"of". */
static size_t
rd_skip_filler(const rd_tok_t *t, size_t i, size_t n, const char *seps)
{
    size_t  k;

    for (k = 0; k < 4 && i < n; k++) {
        if (t[i].type == RD_T_SPACE
            || (t[i].type == RD_T_SEP && t[i].c < 0x80
                && strchr(seps, (int) t[i].c))
            || rd_word_is(&t[i], "de") || rd_word_is(&t[i], "del")
            || rd_word_is(&t[i], "of"))
        {
            i++;
            continue;
        }
        break;
    }
    return i;
}


/* 16 April 2025, 16. April 2025, 16-Apr-2025, 16 de abril de 2025. */
static size_t
rd_date_d_month_y(const rd_tok_t *t, size_t i, size_t n, rd_date_t *dt)
{
    size_t  j;

    if (!rd_num(t, i, n, 1, 2)) {
        return 0;
    }

    j = rd_skip_filler(t, i + 1, n, ".-");
    if (j >= n || t[j].type != RD_T_WORD
        || (dt->mo = rd_month(t[j].p, t[j].len)) == 0)
    {
        return 0;
    }

    j = rd_skip_filler(t, j + 1, n, ".,-");
    if (!rd_num(t, j, n, 4, 4)) {
        return 0;
    }

    dt->d = t[i].value;
    dt->y = t[j].value;
    return j + 1;
}


/* April 16, 2025; Apr. 16 2025; April 16th, 2025. */
static size_t
rd_date_month_d_y(const rd_tok_t *t, size_t i, size_t n, rd_date_t *dt)
{
    size_t  j;

    if (i >= n || t[i].type != RD_T_WORD) {
        return 0;
    }

    j = rd_skip_filler(t, i + 1, n, ".");
    if (!rd_num(t, j, n, 1, 2)) {
        return 0;
    }
    dt->d = t[j].value;

    j = rd_skip_filler(t, j + 1, n, ",");
    if (!rd_num(t, j, n, 4, 4)) {
        return 0;
    }

    /* the month name last: most words are followed by no date */
    dt->mo = rd_month(t[i].p, t[i].len);
    if (dt->mo == 0) {
        return 0;
    }

    dt->y = t[j].value;
    return j + 1;
}


static int
rd_date_find(const char *text, size_t len, rd_date_t *dt)
{
    static size_t (*const forms[])(const rd_tok_t *, size_t, size_t,
                                   rd_date_t *) =
    {
        rd_date_ymd, rd_date_cjk, rd_date_dmy, rd_date_d_month_y,
        rd_date_month_d_y
    };

    rd_tok_t  toks[RD_TOKS];
    size_t    n, i, f, end;

    /* no digit in any script, no date: most lines */
    for (i = 0; i < len; i++) {
        unsigned char  c = (unsigned char) text[i];

        if ((c >= '0' && c <= '9') || c == 0xef || c == 0xd9 || c == 0xdb) {
            break;
        }
    }
    if (i == len) {
        return 0;
    }

    n = rd_tokenize(text, len, toks);

    for (i = 0; i < n; i++) {
        /* a date does not start in the middle of a number or a word */
        if (i > 0 && (toks[i - 1].type == RD_T_NUM
                      || (toks[i].type == RD_T_NUM
                          && rd_is_sep(toks, i - 1, n, '.'))))
        {
            continue;
        }

        for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
            memset(dt, 0, sizeof(*dt));
            end = forms[f](toks, i, n, dt);
            if (end == 0 || !rd_valid(dt)) {
                continue;
            }

            /* "1.2.2025.4" is a version, not a date */
            if (end + 1 < n && toks[end].type == RD_T_SEP
                && (toks[end].c == '.' || toks[end].c == '-'
                    || toks[end].c == '/')
                && toks[end + 1].type == RD_T_NUM)
            {
                continue;
            }

            rd_date_time(toks, end, n, dt);
            return 1;
        }
    }

    return 0;
}


const char *
rd_meta_date_from_text(rd_arena_t *a, const char *text, size_t len)
{
    rd_date_t   dt;
    char        buf[40];

    if (text == NULL || !rd_date_find(text, len, &dt)) {
        return NULL;
    }

    if (!dt.has_time) {
        snprintf(buf, sizeof(buf), "%04u-%02u-%02u", dt.y, dt.mo, dt.d);

    } else if (dt.has_sec) {
        snprintf(buf, sizeof(buf), "%04u-%02u-%02uT%02u:%02u:%02u%s",
                 dt.y, dt.mo, dt.d, dt.h, dt.mi, dt.s, dt.tz);
    } else {
        snprintf(buf, sizeof(buf), "%04u-%02u-%02uT%02u:%02u%s",
                 dt.y, dt.mo, dt.d, dt.h, dt.mi, dt.tz);
    }

    return rd_arena_strdup(a, buf);
}


/* ---- bylines ------------------------------------------------------------ */

static int
rd_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff)
           || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
}


static int
rd_prefix_ci(const char *p, const char *end, const char *w)
{
    size_t  i, n = strlen(w);

    if ((size_t) (end - p) < n) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        char  c = p[i];

        if (c >= 'A' && c <= 'Z') {
            c = (char) (c + 32);
        }
        if (c != w[i]) {
            return 0;
        }
    }
    return 1;
}


/* ---- CJK bylines ---- */

/* Markers after which a name follows; rank 2 an author, 1 an editor.
 * glue: the name may follow without a separator ("记者王五报道"). */
static const struct {
    const char  *word;
    uint8_t      rank;
    uint8_t      glue;
} rd_zh_markers[] = {
    { "责任编辑", 1, 0 }, { "責任編輯", 1, 0 }, { "责编", 1, 0 },
    { "编辑", 1, 0 }, { "編輯", 1, 0 }, { "編集", 1, 0 },
    { "记者", 2, 1 }, { "記者", 2, 1 }, { "通讯员", 2, 1 },
    { "作者", 2, 0 }, { "撰文", 2, 0 }, { "撰稿", 2, 0 }, { "执笔", 2, 0 },
    { "執筆者", 2, 0 }, { "執筆", 2, 0 }, { "采写", 2, 0 }, { "著者", 2, 0 },
    { "筆者", 2, 0 }, { "文", 2, 0 }
};

/* What ends a name glued to it: "记者王五报道", "罗科苏盈发自北京". */
static const char  *rd_zh_trailers[] = {
    "报道", "報道", "摄影", "攝影", "发自", "發自", "通讯员", "实习生",
    "摄", "文", NULL
};

/* Short words that a credit's brackets or a name slot may hold. */
static const char  *rd_zh_not_names[] = {
    "待续", "未完", "全文", "原文", "组图", "视频", "资料", "附件", "图片",
    "来源", "本报", "本刊", "楼主", "作者", "编辑", "记者", "附图", "转载",
    "原创", "专题", "图文", "摘编", "综合", "整理", "更新", "置顶", "精华",
    "文章", "阅读", "总阅读", "评论", "分享", "关注", "粉丝", NULL
};

/* First characters of the words that follow "记者" in prose. */
static const char  rd_zh_prose[] =
    "从在了获看注发采调日近今昨一也还就又对跟随将已正等们说表问到与和及是的"
    "來從這这";


static int
rd_zh_sep(uint32_t cp)
{
    return cp == ':' || cp == 0xff1a || cp == '|' || cp == 0xff5c
           || cp == '/' || cp == 0xff0f || cp == 0x4e28 /* 丨 */
           || cp == '=' || cp == 0xff1d || cp == 0x30fb /* ・ */
           || cp == 0x3011 /* 】 */ || cp == ']';
}


static int
rd_zh_close(uint32_t cp)
{
    return cp == ')' || cp == 0xff09 || cp == 0x3011 || cp == ']';
}


static int
rd_has_char(const char *set, uint32_t cp)
{
    const unsigned char  *p = (const unsigned char *) set;
    const unsigned char  *end = p + strlen(set);

    while (p < end) {
        if (rd_utf8_next(&p, end) == cp) {
            return 1;
        }
    }
    return 0;
}


static size_t
rd_zh_trailer_at(const unsigned char *p, const unsigned char *e)
{
    size_t  i, n;

    for (i = 0; rd_zh_trailers[i]; i++) {
        n = strlen(rd_zh_trailers[i]);
        if ((size_t) (e - p) >= n && memcmp(p, rd_zh_trailers[i], n) == 0) {
            return n;
        }
    }
    return 0;
}


static int
rd_zh_marker_at(const unsigned char *p, const unsigned char *e)
{
    size_t  i, n;

    for (i = 0; i < sizeof(rd_zh_markers) / sizeof(rd_zh_markers[0]); i++) {
        n = strlen(rd_zh_markers[i].word);
        if (n > 3 && (size_t) (e - p) >= n
            && memcmp(p, rd_zh_markers[i].word, n) == 0)
        {
            return 1;
        }
    }
    return 0;
}


/*
 * One Han name at p of 2..max characters (a middle dot allowed): its end,
 * or NULL.  A trailer inside the run ends the name and sets *glued.
 */
static const unsigned char *
rd_zh_name(const unsigned char *p, const unsigned char *e, size_t max,
    int *glued)
{
    const unsigned char  *w = p, *q;
    uint32_t              cp;
    size_t                k = 0, i;

    *glued = 0;

    while (p < e && k <= max) {
        if (k >= 2 && rd_zh_trailer_at(p, e)) {
            *glued = 1;
            break;
        }
        q = p;
        cp = rd_utf8_next(&q, e);
        if (!rd_han(cp) && cp != 0xb7 && cp != 0x30fb) {
            break;
        }
        p = q;
        k++;
    }

    if (k < 2 || k > max) {
        return NULL;
    }

    for (i = 0; rd_zh_not_names[i]; i++) {
        if (strlen(rd_zh_not_names[i]) == (size_t) (p - w)
            && memcmp(w, rd_zh_not_names[i], (size_t) (p - w)) == 0)
        {
            return NULL;
        }
    }
    return p;
}


static const unsigned char *
rd_user_name(const unsigned char *p, const unsigned char *e)
{
    const unsigned char  *w = p;

    int                   letters = 0;

    while (p < e && p - w <= 30
           && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
               || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'
               || *p == '-'))
    {
        letters += (*p | 0x20) >= 'a' && (*p | 0x20) <= 'z';
        p++;
    }
    return (letters && p - w >= 2 && p - w <= 30) ? p : NULL;
}


/*
 * Names after a marker: "记者 王建宏 张文攀", "作者：zboygirl".  Han names
 * or user names, separated by spaces or 、，.  A name glued to its marker
 * ("记者马俊峰/文") is one Han name of 2..4 characters ended by a
 * separator, a bracket, a space or a trailer.  Returns the end of the last
 * name, or NULL.
 */
static const char *
rd_zh_names(const char *s, const char *end, int separated)
{
    const unsigned char  *p = (const unsigned char *) s, *e = (const unsigned char *) end;
    const unsigned char  *q, *n, *last = NULL;
    uint32_t              cp;
    size_t                names = 0;
    int                   glued, skipped, ok;

    while (p < e && names < 8) {
        if (names) {
            for (skipped = 0; p < e; skipped++) {
                q = p;
                cp = rd_utf8_next(&q, e);
                if (!(rd_is_space(cp) || cp == 0x3001 || cp == ','
                      || cp == 0xff0c))
                {
                    break;
                }
                p = q;
            }
            if (!skipped) {
                break;
            }
        }

        q = p;
        cp = p < e ? rd_utf8_next(&q, e) : 0;
        glued = 0;

        if (rd_han(cp)) {
            if ((!separated && rd_has_char(rd_zh_prose, cp))
                || rd_zh_trailer_at(p, e) || rd_zh_marker_at(p, e))
            {
                break;      /* prose, "报道" or "记者…" after the names */
            }
            n = rd_zh_name(p, e, separated ? 6 : 4, &glued);
            if (n == NULL || (glued && names)) {
                break;          /* "山东冠县报道" is a place */
            }

        } else if (separated && cp < 0x80) {
            n = rd_user_name(p, e);
            if (n == NULL) {
                break;
            }

        } else {
            break;
        }

        /* what ends a name */
        if (n < e) {
            q = n;
            cp = rd_utf8_next(&q, e);
            ok = glued || rd_is_space(cp) || rd_zh_close(cp) || rd_zh_sep(cp)
                 || rd_zh_trailer_at(n, e) || cp == '(' || cp == 0xff08;
            if (separated) {
                ok = ok || cp == 0x3001 || cp == ',' || cp == 0xff0c;
            }
        } else {
            ok = separated;
        }

        if (!ok) {
            break;
        }

        last = n;
        p = n;
        names++;

        if (glued || !separated) {
            break;
        }
    }

    return (const char *) last;
}


static int
rd_byline_zh(const char *s, const char *end, const char **ns, const char **ne)
{
    const unsigned char  *p = (const unsigned char *) s, *e = (const unsigned char *) end;
    const unsigned char  *q, *after;
    const char           *name;
    uint32_t              cp, prev = 0;
    size_t                m, wl;
    int                   separated;

    while (p < e) {
        /* every marker is Han: three bytes from 0xe4 */
        for (m = 0; *p >= 0xe4 && *p <= 0xe9
                    && m < sizeof(rd_zh_markers) / sizeof(rd_zh_markers[0]); m++)
        {
            if ((unsigned char) rd_zh_markers[m].word[0] != *p
                || (size_t) (e - p) < (wl = strlen(rd_zh_markers[m].word))
                || memcmp(p, rd_zh_markers[m].word, wl) != 0)
            {
                continue;
            }

            /* "文" counts only where a word starts */
            if (wl == 3 && rd_han(prev)) {
                break;
            }

            separated = 0;
            for (after = p + wl; after < e; after = q) {
                q = after;
                cp = rd_utf8_next(&q, e);
                if (rd_zh_sep(cp)) {
                    separated = 2;
                } else if (rd_is_space(cp)) {
                    separated |= 1;
                } else {
                    break;
                }
            }

            if ((separated == 0 && !rd_zh_markers[m].glue)
                || (wl == 3 && !(separated & 2)))
            {
                break;
            }

            name = rd_zh_names((const char *) after, end, separated);
            if (name) {
                *ns = (const char *) after;
                *ne = name;
                return rd_zh_markers[m].rank;
            }
            break;
        }

        prev = rd_utf8_next(&p, e);
    }

    return 0;
}


/* A name at the start of a line that says it posted: "ggjjzhzz 发表于 ...". */
static int
rd_byline_posted(const char *s, const char *end, const char **ns,
    const char **ne)
{
    static const char    *verbs[] = { "发表于", "發表於", "发表", "发布于", NULL };
    const unsigned char  *p = (const unsigned char *) s, *e = (const unsigned char *) end;
    const unsigned char  *n, *q;
    size_t                i, len;
    int                   glued;

    n = (p < e && *p < 0x80) ? rd_user_name(p, e) : rd_zh_name(p, e, 4, &glued);
    if (n == NULL) {
        return 0;
    }

    for (q = n; q < e && *q == ' '; q++) {
        /* spaces */
    }

    for (i = 0; verbs[i]; i++) {
        len = strlen(verbs[i]);
        if ((size_t) (e - q) >= len && memcmp(q, verbs[i], len) == 0) {
            *ns = s;
            *ne = (const char *) n;
            return 2;
        }
    }
    return 0;
}


/* A credit in brackets at the end of a paragraph: "…（记者 胡晓蓉）",
 * "（常书香 马丹阳）", "（姚峰 上海报道）". */
static int
rd_byline_tail(const char *s, const char *end, const char **ns,
    const char **ne)
{
    const char           *open, *close, *name, *rest, *before;
    const unsigned char  *q;
    rd_measure_t          m;
    uint32_t              cp;
    size_t                n;
    int                   rank;

    while (end > s && (end[-1] == ' ' || end[-1] == '\n')) {
        end--;
    }

    if (end - s >= 3 && memcmp(end - 3, "\xef\xbc\x89", 3) == 0) {    /* ） */
        close = end - 3;
    } else if (end > s && end[-1] == ')') {
        close = end - 1;
    } else {
        return 0;
    }

    /* the opening bracket, at most 60 bytes back */
    for (open = close; open > s && close - open < 60; open--) {
        if (open[-1] == '(') {
            break;
        }
        if (open - s >= 3 && memcmp(open - 3, "\xef\xbc\x88", 3) == 0) {
            break;
        }
    }
    if (open == s || close - open >= 60) {
        return 0;
    }

    /* the credit stands alone or closes a sentence: "…体系。（记者 …）";
     * after a title's words, "(转载)" or "(附图)" is part of the title */
    before = open - (open[-1] == '(' ? 1 : 3);
    while (before > s && before[-1] == ' ') {
        before--;
    }
    if (before > s) {
        q = (const unsigned char *) before - 1;
        while (q > (const unsigned char *) s && (*q & 0xc0) == 0x80) {
            q--;
        }
        memset(&m, 0, sizeof(m));
        rd_measure(q, (size_t) ((const unsigned char *) before - q), &m);
        cp = rd_utf8_next(&q, (const unsigned char *) before);
        if (m.stops == 0 && cp != 0x201d && cp != 0x300d && cp != 0x300f
            && cp != '"')
        {
            return 0;
        }
    }

    rank = rd_byline_zh(open, close, ns, ne);
    if (rank || (unsigned char) *open < 0x80) {
        return rank;            /* Latin brackets hold asides, not names */
    }

    name = rd_zh_names(open, close, 1);
    if (name == NULL) {
        return 0;
    }

    /* nothing but names, or names and "上海报道" */
    for (rest = name; rest < close && *rest == ' '; rest++) {
        /* spaces */
    }
    n = (size_t) (close - rest);
    if (n && !(n <= 30 && n >= 6
               && rd_zh_trailer_at((const unsigned char *) close - 6,
                                   (const unsigned char *) close)))
    {
        return 0;
    }

    *ns = open;
    *ne = name;
    return 2;
}


/* Korean: "홍길동 기자" (the name comes first). */
static int
rd_byline_ko(const char *s, const char *end, const char **ns, const char **ne)
{
    const char  *p, *w;
    size_t       k;

    for (p = s; end - p >= 7; p++) {
        if (*p != ' ' || memcmp(p, " \xea\xb8\xb0\xec\x9e\x90", 7) != 0) {
            continue;                                           /* " 기자" */
        }

        /* 2..4 Hangul syllables (3 bytes each) before the space */
        for (w = p, k = 0; w - s >= 3 && k < 4; w -= 3, k++) {
            const unsigned char  *c = (const unsigned char *) w - 3;
            uint32_t              cp = rd_utf8_next(&c, (const unsigned char *) end);

            if (cp < 0xac00 || cp > 0xd7a3) {
                break;
            }
        }

        if (k >= 2 && (w == s || w[-1] == ' ' || w[-1] == ')')) {
            *ns = w;
            *ne = p;
            return 2;
        }
    }
    return 0;
}


/* ---- alphabetic bylines ---- */

static const char  *rd_by_markers[] = {
    "written by", "posted by", "reported by", "story by", "words by",
    "text by", "article by", "compiled by", "interview by", "by", "von",
    "par", "por", NULL
};

/* Markers that need a colon: "Author: Jane Doe". */
static const char  *rd_colon_markers[] = {
    "authors", "author", "autor", "autore", "auteur", "auteurs", "writer",
    "reporter", "\xd0\x90\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80",    /* Автор */
    NULL
};

/* Arabic: بقلم (by the pen of), كتب / كتبت (wrote), إعداد (prepared by). */
static const char  *rd_ar_markers[] = {
    "\xd8\xa8\xd9\x82\xd9\x84\xd9\x85",
    "\xd9\x83\xd8\xaa\xd8\xa8\xd8\xaa",
    "\xd9\x83\xd8\xaa\xd8\xa8",
    "\xd8\xa5\xd8\xb9\xd8\xaf\xd8\xa7\xd8\xaf",
    NULL
};

/* Words that end a name ("By Jane Doe Updated ..."). */
static const char  *rd_name_stops[] = {
    "on", "updated", "published", "posted", "last", "photo", "photos",
    "photographs", "video", "illustration", "illustrations", "for", "in",
    "at", "with", "from", "via", "source", "reviewed", "edited", "fact",
    "contributed", "mins", "min", "read", "share", "follow", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL
};

/* Capitalised words after "By" that are not names ("Sort By Date"). */
static const char  *rd_not_names[] = {
    "topic", "category", "date", "name", "author", "type", "price",
    "popularity", "relevance", "region", "country", "state", "year",
    "month", "subject", "tag", "brand", "size", "color", "rating",
    "location", "industry", "department", "program", "default", NULL
};

static const char  *rd_connectors[] = {
    "and", "&", "und", "et", "y", "e", "og", "en", "ve", "i", NULL
};

static const char  *rd_particles[] = {
    "de", "da", "das", "do", "dos", "del", "della", "di", "du", "des", "la",
    "le", "van", "von", "der", "den", "ter", "bin", "ibn", "al", "el", "st.",
    NULL
};

/* First words of a role after a name: "Jane Doe, Staff Writer". */
static const char  *rd_roles[] = {
    "staff", "senior", "contributing", "special", "guest", "freelance",
    "news", "managing", "associate", "deputy", "chief", "reporter",
    "correspondent", "editor", "writer", "contributor", "columnist",
    "journalist", "photographer", "executive", "political", "science",
    "technology", "business", "sports", "health", "manager", "engineer",
    "director", "producer", "designer", "analyst", "intern", "lead", NULL
};


/* The first byte of s as rd_prefix_ci compares it (A-Z folded). */
static char
rd_fold_c(const char *s)
{
    return (*s >= 'A' && *s <= 'Z') ? (char) (*s + 32) : *s;
}


static int
rd_word_in(const char *w, size_t n, const char **list)
{
    char  c;

    if (n == 0) {
        return 0;
    }

    for (c = rd_fold_c(w); *list; list++) {
        if ((*list)[0] == c && strlen(*list) == n
            && rd_prefix_ci(w, w + n, *list))
        {
            return 1;
        }
    }
    return 0;
}


static int
rd_name_break(uint32_t cp)
{
    return cp == ',' || cp == '|' || cp == 0x2022 || cp == 0xb7 || cp == 0x2014
           || cp == 0x2013 || cp == '/' || cp == '(' || cp == ')' || cp == '['
           || cp == ']' || cp == ':' || cp == ';' || cp == '!' || cp == '?'
           || cp == '"' || cp == 0x201c || cp == 0x201d || cp == 0x060c
           || cp == 0xff5c || cp == 0xff0c || cp == '<' || cp == '>'
           || cp == 0x3001 || cp == 0x3002;
}


/* Whether a word starts like a name: a capital, or a script without case. */
static int
rd_name_initial(uint32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'A' && cp <= 'Z';
    }
    if ((cp >= 0xdf && cp <= 0xff) || (cp >= 0x430 && cp <= 0x45f)
        || (cp >= 0x3b1 && cp <= 0x3c9))
    {
        return 0;       /* lower-case Latin-1, Cyrillic, Greek */
    }
    return rd_digit(cp) < 0 && !rd_name_break(cp);
}


/* Whether a role follows a comma or bar: a role word among the next four
 * words before the next comma ("Staff Writer", "AP Auto Writer"). */
static int
rd_role_follows(const unsigned char *p, const unsigned char *e)
{
    const unsigned char  *w;
    int                   words;

    while (p < e && (*p == ' ' || *p == ',' || *p == '|' || *p == '-')) {
        p++;
    }

    for (words = 0; p < e && words < 4 && *p != ',' && *p != '|'; words++) {
        for (w = p; p < e && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'); p++) {
            /* letters */
        }
        if (p > w && rd_word_in((const char *) w, (size_t) (p - w), rd_roles)) {
            return 1;
        }
        while (p < e && *p != ' ' && *p != ',' && *p != '|') {
            p++;
        }
        while (p < e && *p == ' ') {
            p++;
        }
    }
    return 0;
}


/*
 * Names from s: capitalised words with particles, joined by "and", "&" or
 * commas; stops at a break, a digit, a lower-case word or a role.  Returns
 * the end of the last name word (NULL when none); *role says a role
 * followed the names.
 */
static const char *
rd_latin_names(const char *s, const char *end, int *role)
{
    const unsigned char  *p = (const unsigned char *) s, *e = (const unsigned char *) end;
    const unsigned char  *w, *q, *last = NULL;
    uint32_t              cp, first;
    size_t                words = 0, wl;

    *role = 0;

    while (p < e && words < 12 && p - (const unsigned char *) s < 160) {
        while (p < e && *p == ' ') {
            p++;
        }
        if (p >= e) {
            break;
        }

        w = p;
        q = p;
        first = rd_utf8_next(&q, e);

        if (first == ',' || first == 0x060c) {
            if (last == NULL || rd_role_follows(q, e)) {
                *role = last != NULL;
                break;
            }
            p = q;
            continue;
        }

        while (p < e) {
            q = p;
            cp = rd_utf8_next(&q, e);
            if (rd_is_space(cp) || rd_name_break(cp)) {
                break;
            }
            if (rd_digit(cp) >= 0) {
                return (const char *) last;
            }
            p = q;
        }

        wl = (size_t) (p - w);
        if (wl == 0) {
            /* a break: a bar before a role still makes a byline */
            if ((first == '|' || first == 0x2013 || first == 0x2014)
                && last && rd_role_follows(w + 1, e))
            {
                *role = 1;
            }
            break;
        }

        if (rd_word_in((const char *) w, wl, rd_connectors)) {
            continue;
        }

        if (rd_word_in((const char *) w, wl, rd_name_stops)
            || rd_month((const char *) w, wl)
            || (words == 0 && rd_word_in((const char *) w, wl, rd_not_names)))
        {
            break;
        }

        if (!rd_name_initial(first)
            && !(words && rd_word_in((const char *) w, wl, rd_particles)))
        {
            break;
        }

        words++;
        last = p;
    }

    return (const char *) last;
}


/* The length of a marker of the list at p with what may follow it: a
 * space or a colon, or (colon) spaces and a colon; 0 when none. */
static size_t
rd_marker(const char *p, const char *end, const char **list, int colon)
{
    const char  *c;
    size_t       n;
    char         first = p < end ? rd_fold_c(p) : '\0';

    for ( ; *list; list++) {
        if ((*list)[0] != first) {
            continue;
        }
        n = strlen(*list);
        if (!rd_prefix_ci(p, end, *list) || p + n >= end) {
            continue;
        }
        for (c = p + n; colon && c < end && *c == ' '; c++) {
            /* spaces before the colon */
        }
        if (colon ? (c < end && *c == ':')
                  : (p[n] == ' ' || p[n] == ':' || p[n] == '-'))
        {
            return (size_t) (c - p);
        }
    }
    return 0;
}


static int
rd_byline_latin(const char *s, const char *end, const char **ns,
    const char **ne)
{
    const char  *p = s, *name;
    size_t       n;
    int          role;

    /* leading decoration: dashes, bullets, brackets */
    while (p < end && (*p == ' ' || *p == '-' || *p == '(' || *p == '['
                       || *p == '|' || *p == '*'))
    {
        p++;
    }

    n = rd_marker(p, end, rd_by_markers, 0);
    if (n == 0) {
        n = rd_marker(p, end, rd_colon_markers, 1);
    }
    if (n == 0) {
        n = rd_marker(p, end, rd_ar_markers, 0);
    }

    if (n) {
        for (p += n; p < end && (*p == ' ' || *p == ':' || *p == '-'); p++) {
            /* what separates the marker from the name */
        }
        name = rd_latin_names(p, end, &role);

    } else {
        /* no marker: only "Name, Role" */
        name = rd_latin_names(p, end, &role);
        if (!role) {
            name = NULL;
        }
    }

    if (name == NULL) {
        return 0;
    }

    *ns = p;
    *ne = name;
    return 2;
}


/*
 * The name in a byline line and its rank: 2 an author, 1 an editor, 0 not
 * a byline.  Markers are looked for in the first 240 bytes only (bylines
 * are short, and a marker deep inside a paragraph is prose); a credit in
 * brackets may also end the text.
 */
int
rd_meta_byline_rank(const char *text, size_t len, const char **name,
    size_t *name_len)
{
    const char  *s = text, *end, *ns = NULL, *ne = NULL;
    int          rank;

    if (text == NULL) {
        return 0;
    }

    end = s + (len < 240 ? len : 240);

    rank = rd_byline_latin(s, end, &ns, &ne);
    if (rank == 0) {
        rank = rd_byline_zh(s, end, &ns, &ne);
    }
    if (rank == 0) {
        rank = rd_byline_ko(s, end, &ns, &ne);
    }
    if (rank == 0) {
        rank = rd_byline_posted(s, end, &ns, &ne);
    }
    if (rank == 0) {
        rank = rd_byline_tail(text, text + len, &ns, &ne);
    }

    if (rank) {
        *name = ns;
        *name_len = (size_t) (ne - ns);
    }
    return rank;
}


const char *
rd_meta_byline_from_line(rd_arena_t *a, const char *text, size_t len)
{
    const char  *name;
    size_t       n;

    if (rd_meta_byline_rank(text, len, &name, &n) != 2) {
        return NULL;
    }
    return rd_meta_clean(a, name, n, RD_META_BYLINE_MAX, 0);
}


/* Words that start link and button texts, never names ("Learn More"). */
static const char  *rd_ui_words[] = {
    "learn", "read", "more", "view", "see", "follow", "share", "about",
    "contact", "home", "menu", "search", "login", "log", "sign", "subscribe",
    "posts", "all", "by", "von", "par", "por", "username", NULL
};


/* Whether a short text is a name as a whole: "Jane Doe", "sean_g", "王建宏
 * 张文攀" (Han names of 2..4 characters), "Paramita (Guha) Ghosh", "Ann
 * Lee, MA"; two letters at least, no digits, no punctuation that names
 * never hold, no more than six words, not a button's words. */
int
rd_meta_name_like(const char *s, size_t len)
{
    const unsigned char  *p = (const unsigned char *) s, *e = p + len, *q, *w;
    uint32_t              cp;
    size_t                words = 0, letters = 0, lower = 0;
    int                   glued;

    if (len == 0 || len > 80) {
        return 0;
    }

    while (p < e) {
        if (*p == ' ') {
            p++;
            continue;
        }

        if (++words > 6
            || rd_prefix_ci((const char *) p, (const char *) e, "author"))
        {
            return 0;
        }

        q = p;
        cp = rd_utf8_next(&q, e);
        if (rd_han(cp)) {
            q = rd_zh_name(p, e, 4, &glued);
            if (q == NULL || glued || (q < e && *q != ' ')) {
                return 0;
            }
            letters += 2;
            p = q;
            continue;
        }

        for (w = p; p < e && *p != ' '; ) {
            cp = rd_utf8_next(&p, e);
            if (rd_digit(cp) >= 0 || rd_han(cp)
                || (cp < 0x80 && strchr("|:@/#[]<>{}\"!?;=+*", (int) cp)))
            {
                return 0;
            }
            letters += rd_letter(cp);
        }

        /* a dash or bullet between names and roles is no word */
        q = w;
        if (!rd_letter(rd_utf8_next(&q, p)) && p - w <= 3) {
            words--;
            continue;
        }

        if (words == 1 && rd_word_in((const char *) w, (size_t) (p - w),
                                     rd_ui_words))
        {
            return 0;
        }

        /* in a name of several words each starts with a capital, but for
         * particles and "and" (a lone user name may be lower case) */
        if (*w == '(') {
            w++;
        }
        q = w;
        cp = w < p ? rd_utf8_next(&q, p) : 0;
        if (!rd_name_initial(cp)
            && !rd_word_in((const char *) w, (size_t) (p - w), rd_particles)
            && !rd_word_in((const char *) w, (size_t) (p - w), rd_connectors))
        {
            lower++;
        }
    }

    return letters >= 2 && (lower == 0 || (words == 1 && lower == 1));
}

