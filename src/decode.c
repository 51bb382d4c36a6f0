/*
 * Bytes to UTF-8.
 *
 * The order of signals (WHATWG-like, hardened by pages that lie):
 *   1. a BOM (UTF-8, UTF-16LE/BE);
 *   2. a UTF-16 body without BOM (NULs at every other byte), or binary;
 *   3. the transport charset (hint), else the <meta> prescan of 64 KB;
 *      but bytes that are valid UTF-8 with multibyte sequences are UTF-8
 *      whatever a legacy label says (a "gb2312" page made of UTF-8);
 *   4. no usable label: UTF-8 when the bytes are (mostly) UTF-8, else a
 *      statistical guess between the CJK double-byte encodings and
 *      windows-1252, with <html lang> as a prior;
 *   5. iconv, opened per call, with U+FFFD for every run of bad bytes.
 *
 * The output is valid UTF-8 without NUL or C0 controls other than TAB, LF,
 * FF and CR: each of those becomes U+FFFD, not a space, so that cleaning
 * never creates a token boundary the browser would not see (a control
 * inside "<img\x01src=x>" must not turn it into "<img src=x>").
 *
 * Labels: gb2312/gbk are decoded as GB18030, big5 as BIG5-HKSCS, shift_jis
 * as CP932, euc-kr as CP949, latin1/ascii as windows-1252; utf-16 in a label
 * means UTF-8 (a real UTF-16 body was caught by its BOM or its NULs); utf-7
 * and unknown names are ignored.
 */

#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"


#define RD_SNIFF_BYTES    4096      /* binary and UTF-16 sniffing */
#define RD_BINARY_MIN     32        /* control bytes that can make binary */
#define RD_PRESCAN_BYTES  65536     /* <meta> and <html lang> */
#define RD_GUESS_BYTES    16384     /* the statistical guess */
#define RD_GIVE_UP_BAD    64        /* bad bytes that end the UTF-8 pass */
#define RD_LABEL_MAX      48

#define RD_FFFD           "\xEF\xBF\xBD"

#define RD_K20            0x2020202020202020ull     /* word-at-a-time tests */
#define RD_K80            0x8080808080808080ull


typedef enum {
    RD_ENC_UTF8 = 0,
    RD_ENC_UTF16LE,
    RD_ENC_UTF16BE,
    RD_ENC_ICONV                    /* an ASCII-compatible legacy encoding */
} rd_enc_kind_e;

typedef struct {
    rd_enc_kind_e   kind;
    int             ascii;          /* ASCII bytes decode to themselves */
    char            name[24];       /* WHATWG name, reported */
    char            iconv[24];      /* glibc iconv name */
} rd_enc_t;


/* WHATWG Encoding Standard labels of the encodings glibc iconv has.  The
 * numbered families (windows-125x, iso-8859-x) are parsed in rd_enc_lookup */
typedef struct {
    const char     *label;
    const char     *name;
    const char     *iconv;
} rd_label_t;

static const rd_label_t  rd_labels[] = {
    { "unicode-1-1-utf-8", "utf-8", "UTF-8" },
    { "unicode11utf8", "utf-8", "UTF-8" },
    { "unicode20utf8", "utf-8", "UTF-8" },
    { "utf-8", "utf-8", "UTF-8" },
    { "utf8", "utf-8", "UTF-8" },
    { "x-unicode20utf8", "utf-8", "UTF-8" },

    /* utf-16 in a label: the bytes are ASCII-compatible, so UTF-8 */
    { "csunicode", "utf-8", "UTF-8" },
    { "iso-10646-ucs-2", "utf-8", "UTF-8" },
    { "ucs-2", "utf-8", "UTF-8" },
    { "unicode", "utf-8", "UTF-8" },
    { "unicodefeff", "utf-8", "UTF-8" },
    { "unicodefffe", "utf-8", "UTF-8" },
    { "utf-16", "utf-8", "UTF-8" },
    { "utf-16be", "utf-8", "UTF-8" },
    { "utf-16le", "utf-8", "UTF-8" },

    { "chinese", "gb18030", "GB18030" },
    { "csgb2312", "gb18030", "GB18030" },
    { "csiso58gb231280", "gb18030", "GB18030" },
    { "gb18030", "gb18030", "GB18030" },
    { "gb2312", "gb18030", "GB18030" },
    { "gb_2312", "gb18030", "GB18030" },
    { "gb_2312-80", "gb18030", "GB18030" },
    { "gbk", "gb18030", "GB18030" },
    { "iso-ir-58", "gb18030", "GB18030" },
    { "x-gbk", "gb18030", "GB18030" },

    { "big5", "big5", "BIG5-HKSCS" },
    { "big5-hkscs", "big5", "BIG5-HKSCS" },
    { "cn-big5", "big5", "BIG5-HKSCS" },
    { "csbig5", "big5", "BIG5-HKSCS" },
    { "x-x-big5", "big5", "BIG5-HKSCS" },

    { "cseucpkdfmtjapanese", "euc-jp", "EUC-JP" },
    { "euc-jp", "euc-jp", "EUC-JP" },
    { "x-euc-jp", "euc-jp", "EUC-JP" },

    { "csiso2022jp", "iso-2022-jp", "ISO-2022-JP" },
    { "iso-2022-jp", "iso-2022-jp", "ISO-2022-JP" },

    { "csshiftjis", "shift_jis", "CP932" },
    { "ms932", "shift_jis", "CP932" },
    { "ms_kanji", "shift_jis", "CP932" },
    { "shift-jis", "shift_jis", "CP932" },
    { "shift_jis", "shift_jis", "CP932" },
    { "sjis", "shift_jis", "CP932" },
    { "windows-31j", "shift_jis", "CP932" },
    { "x-sjis", "shift_jis", "CP932" },

    { "cseuckr", "euc-kr", "CP949" },
    { "csksc56011987", "euc-kr", "CP949" },
    { "euc-kr", "euc-kr", "CP949" },
    { "iso-ir-149", "euc-kr", "CP949" },
    { "korean", "euc-kr", "CP949" },
    { "ks_c_5601-1987", "euc-kr", "CP949" },
    { "ks_c_5601-1989", "euc-kr", "CP949" },
    { "ksc5601", "euc-kr", "CP949" },
    { "ksc_5601", "euc-kr", "CP949" },
    { "windows-949", "euc-kr", "CP949" },

    { "ansi_x3.4-1968", "windows-1252", "CP1252" },
    { "ascii", "windows-1252", "CP1252" },
    { "cp819", "windows-1252", "CP1252" },
    { "csisolatin1", "windows-1252", "CP1252" },
    { "ibm819", "windows-1252", "CP1252" },
    { "iso-ir-100", "windows-1252", "CP1252" },
    { "l1", "windows-1252", "CP1252" },
    { "latin1", "windows-1252", "CP1252" },
    { "us-ascii", "windows-1252", "CP1252" },
    { "x-user-defined", "windows-1252", "CP1252" },

    { "csisolatin5", "windows-1254", "CP1254" },
    { "iso-ir-148", "windows-1254", "CP1254" },
    { "l5", "windows-1254", "CP1254" },
    { "latin5", "windows-1254", "CP1254" },

    { "dos-874", "windows-874", "CP874" },
    { "tis-620", "windows-874", "CP874" },
    { "windows-874", "windows-874", "CP874" },

    { "csisolatin2", "iso-8859-2", "ISO-8859-2" },
    { "iso-ir-101", "iso-8859-2", "ISO-8859-2" },
    { "l2", "iso-8859-2", "ISO-8859-2" },
    { "latin2", "iso-8859-2", "ISO-8859-2" },
    { "csisolatin3", "iso-8859-3", "ISO-8859-3" },
    { "l3", "iso-8859-3", "ISO-8859-3" },
    { "latin3", "iso-8859-3", "ISO-8859-3" },
    { "csisolatin4", "iso-8859-4", "ISO-8859-4" },
    { "l4", "iso-8859-4", "ISO-8859-4" },
    { "latin4", "iso-8859-4", "ISO-8859-4" },
    { "csisolatincyrillic", "iso-8859-5", "ISO-8859-5" },
    { "cyrillic", "iso-8859-5", "ISO-8859-5" },
    { "arabic", "iso-8859-6", "ISO-8859-6" },
    { "csisolatinarabic", "iso-8859-6", "ISO-8859-6" },
    { "csisolatingreek", "iso-8859-7", "ISO-8859-7" },
    { "greek", "iso-8859-7", "ISO-8859-7" },
    { "greek8", "iso-8859-7", "ISO-8859-7" },
    { "csisolatinhebrew", "iso-8859-8", "ISO-8859-8" },
    { "hebrew", "iso-8859-8", "ISO-8859-8" },
    { "iso-8859-8-i", "iso-8859-8", "ISO-8859-8" },
    { "logical", "iso-8859-8", "ISO-8859-8" },
    { "visual", "iso-8859-8", "ISO-8859-8" },
    { "csisolatin6", "iso-8859-10", "ISO-8859-10" },
    { "l6", "iso-8859-10", "ISO-8859-10" },
    { "latin6", "iso-8859-10", "ISO-8859-10" },
    { "csisolatin9", "iso-8859-15", "ISO-8859-15" },
    { "l9", "iso-8859-15", "ISO-8859-15" },

    { "cskoi8r", "koi8-r", "KOI8-R" },
    { "koi", "koi8-r", "KOI8-R" },
    { "koi8", "koi8-r", "KOI8-R" },
    { "koi8-r", "koi8-r", "KOI8-R" },
    { "koi8_r", "koi8-r", "KOI8-R" },
    { "koi8-ru", "koi8-u", "KOI8-U" },
    { "koi8-u", "koi8-u", "KOI8-U" },

    { "866", "ibm866", "IBM866" },
    { "cp866", "ibm866", "IBM866" },
    { "csibm866", "ibm866", "IBM866" },
    { "ibm866", "ibm866", "IBM866" },

    { "csmacintosh", "macintosh", "MACINTOSH" },
    { "mac", "macintosh", "MACINTOSH" },
    { "macintosh", "macintosh", "MACINTOSH" },
    { "x-mac-roman", "macintosh", "MACINTOSH" },
    { "x-mac-cyrillic", "x-mac-cyrillic", "MAC-CYRILLIC" },
    { "x-mac-ukrainian", "x-mac-cyrillic", "MAC-CYRILLIC" }
};


static int
rd_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}


static int
rd_is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}


/* Case-insensitive: does [p, end) start with the lower-case word s? */
static int
rd_starts(const unsigned char *p, const unsigned char *end, const char *s)
{
    for ( ; *s; p++, s++) {
        if (p >= end || rd_lower(*p) != *s) {
            return 0;
        }
    }

    return 1;
}


static void
rd_enc_set(rd_enc_t *enc, const char *name, const char *iconv_name)
{
    size_t  n;

    enc->kind = strcmp(name, "utf-8") == 0 ? RD_ENC_UTF8 : RD_ENC_ICONV;
    enc->ascii = strcmp(name, "iso-2022-jp") != 0;

    n = strlen(name);
    memcpy(enc->name, name, n + 1);
    n = strlen(iconv_name);
    memcpy(enc->iconv, iconv_name, n + 1);
}


/* A decimal number of at most 2 digits, optionally ":year" after it. */
static int
rd_label_number(const char *s, const char *suffix_allowed)
{
    int  n = 0, digits = 0;

    while (*s >= '0' && *s <= '9' && digits < 3) {
        n = n * 10 + (*s++ - '0');
        digits++;
    }

    if (digits == 0 || digits > 2 || (*s && !(*suffix_allowed && *s == ':'))) {
        return -1;
    }

    return n;
}


/*
 * The encoding of a label (WHATWG: trimmed, case-insensitive); 0 when
 * unknown or never honoured (utf-7, the "replacement" encodings).
 */
static int
rd_enc_lookup(const unsigned char *label, size_t len, rd_enc_t *enc)
{
    char    buf[RD_LABEL_MAX], name[24], iconv_name[24];
    int     n;
    size_t  i;

    while (len && (rd_is_ws(*label) || *label == '"' || *label == '\'')) {
        label++;
        len--;
    }
    while (len && (rd_is_ws(label[len - 1]) || label[len - 1] == '"'
                   || label[len - 1] == '\''))
    {
        len--;
    }

    if (len == 0 || len >= sizeof(buf)) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        buf[i] = (char) rd_lower(label[i]);
    }
    buf[len] = '\0';

    for (i = 0; i < sizeof(rd_labels) / sizeof(rd_labels[0]); i++) {
        if (strcmp(buf, rd_labels[i].label) == 0) {
            rd_enc_set(enc, rd_labels[i].name, rd_labels[i].iconv);
            return 1;
        }
    }

    /* windows-125x, cp125x, x-cp125x */
    n = -1;
    if (strncmp(buf, "windows-125", 11) == 0) {
        n = rd_label_number(buf + 11, "");
    } else if (strncmp(buf, "cp125", 5) == 0) {
        n = rd_label_number(buf + 5, "");
    } else if (strncmp(buf, "x-cp125", 7) == 0) {
        n = rd_label_number(buf + 7, "");
    }

    if (n >= 0 && n <= 8) {
        snprintf(name, sizeof(name), "windows-125%d", n);
        snprintf(iconv_name, sizeof(iconv_name), "CP125%d", n);
        rd_enc_set(enc, name, iconv_name);
        return 1;
    }

    /* iso-8859-N, iso8859-N, iso8859N, iso_8859-N[:year] */
    n = -1;
    if (strncmp(buf, "iso-8859-", 9) == 0 || strncmp(buf, "iso8859-", 8) == 0
        || strncmp(buf, "iso_8859-", 9) == 0)
    {
        n = rd_label_number(strchr(buf, '9') + 2, buf[3] == '_' ? ":" : "");
    } else if (strncmp(buf, "iso8859", 7) == 0) {
        n = rd_label_number(buf + 7, "");
    }

    switch (n) {
    case 1:
        rd_enc_set(enc, "windows-1252", "CP1252");
        return 1;
    case 9:
        rd_enc_set(enc, "windows-1254", "CP1254");
        return 1;
    case 11:
        rd_enc_set(enc, "windows-874", "CP874");
        return 1;
    case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 10:
    case 13: case 14: case 15: case 16:
        snprintf(name, sizeof(name), "iso-8859-%d", n);
        snprintf(iconv_name, sizeof(iconv_name), "ISO-8859-%d", n);
        rd_enc_set(enc, name, iconv_name);
        return 1;
    default:
        return 0;
    }
}


/* ---- UTF-8: validation and the cleaning copy, one pass ------------------ */

typedef struct {
    size_t      multibyte;      /* well-formed sequences of 2..4 bytes */
    size_t      bad;            /* bytes in ill-formed sequences */
    int         same;           /* RD_UTF8_BORROW and nothing replaced: the
                                   input is the output, nothing was copied */
} rd_utf8_stats_t;

enum {
    RD_UTF8_GIVE_UP = 0x01,     /* stop once the bytes are clearly not UTF-8 */
    RD_UTF8_BORROW  = 0x02      /* copy nothing when nothing is replaced */
};


/* The length of the well-formed sequence at p (Unicode table 3-7), or 0. */
static size_t
rd_utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned  c = p[0], lo = 0x80, hi = 0xbf;
    size_t    n, i;

    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }

    if ((size_t) (end - p) < n || p[1] < lo || p[1] > hi) {
        return 0;
    }

    for (i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xbf) {
            return 0;
        }
    }

    return n;
}


static int
rd_is_bad_control(unsigned c)
{
    return c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r';
}


/*
 * Copies UTF-8 into out with NUL and C0 controls made U+FFFD and each run
 * of ill-formed bytes made one U+FFFD, counting what it saw.  ASCII without
 * controls goes 8 bytes at a time and is copied in runs.  With
 * RD_UTF8_GIVE_UP, the pass stops as soon as the bytes are clearly not UTF-8
 * (a legacy page then costs a few hundred bytes here, not a copy), leaving
 * out partial.  With RD_UTF8_BORROW, the copy is made only from the first
 * byte that must be replaced: valid UTF-8 (most pages) is not copied at all.
 */
static void
rd_utf8_copy(const unsigned char *in, size_t len, reader_buf_t *out,
    rd_utf8_stats_t *st, unsigned flags)
{
    uint64_t              w;
    size_t                n;
    const unsigned char  *p, *end, *run, *bad_end;

    st->multibyte = 0;
    st->bad = 0;
    st->same = 0;

    if (!(flags & RD_UTF8_BORROW) && !rd_buf_reserve(out, len + 1)) {
        return;
    }

    p = in;
    end = in + len;
    run = in;
    bad_end = NULL;

    while (p < end) {

        while (end - p >= 8) {
            memcpy(&w, p, 8);
            /* a byte >= 0x80, or (exactly) one < 0x20 */
            if ((w | ((w - RD_K20) & ~w)) & RD_K80) {
                break;
            }
            p += 8;
        }

        if (p == end) {
            break;
        }

        if (*p >= 0x20 && *p < 0x80) {
            p++;
            continue;
        }

        if (*p < 0x80) {
            if (!rd_is_bad_control(*p)) {
                p++;
                continue;
            }

            if (run == in && !rd_buf_reserve(out, len + 1)) {
                return;                 /* the first replacement */
            }
            rd_buf_append(out, run, p - run);
            rd_buf_append(out, RD_FFFD, 3);
            run = ++p;
            continue;
        }

        n = rd_utf8_seq(p, end);
        if (n) {
            st->multibyte++;
            p += n;
            continue;
        }

        /* a lead cut off by the end of the buffer is not evidence */
        if (end - p >= 4 || *p < 0xc2 || *p > 0xf4) {
            st->bad++;

            if ((flags & RD_UTF8_GIVE_UP) && st->bad >= RD_GIVE_UP_BAD
                && st->multibyte < 4 * st->bad)
            {
                st->bad = len;          /* so that it is not plausible */
                return;
            }
        }

        if (run == in && !rd_buf_reserve(out, len + 1)) {
            return;
        }
        rd_buf_append(out, run, p - run);
        if (p != bad_end) {
            rd_buf_append(out, RD_FFFD, 3);
        }
        bad_end = run = ++p;
    }

    if (run == in && (flags & RD_UTF8_BORROW)) {
        st->same = 1;
        return;
    }

    rd_buf_append(out, run, p - run);
}


/* UTF-8 that is worth keeping: at most one bad byte per 4 good sequences. */
static int
rd_utf8_plausible(const rd_utf8_stats_t *st)
{
    return st->bad == 0 || st->multibyte >= 4 * st->bad;
}


/* ---- iconv --------------------------------------------------------------- */

/* Whether text holds a NUL or a C0 control that must go; 8 bytes a step. */
static int
rd_has_bad_control(const unsigned char *p, size_t n)
{
    size_t                i;
    uint64_t              w;
    const unsigned char  *end = p + n;

    for ( ; end - p >= 8; p += 8) {
        memcpy(&w, p, 8);
        if ((w - RD_K20) & ~w & RD_K80) {       /* a byte < 0x20, exactly */
            for (i = 0; i < 8; i++) {
                if (rd_is_bad_control(p[i])) {
                    return 1;
                }
            }
        }
    }

    for ( ; p < end; p++) {
        if (rd_is_bad_control(*p)) {
            return 1;
        }
    }

    return 0;
}


/*
 * Legacy bytes to UTF-8, appended to out.  A run of bytes iconv refuses
 * becomes one U+FFFD; an incomplete sequence at the end, one more.  The
 * output is valid UTF-8 by construction; only when the source held NULs or
 * controls does it go through rd_utf8_copy to be cleaned.
 */
static reader_status_e
rd_iconv(const unsigned char *in, size_t len, const char *from,
    reader_buf_t *out)
{
    int               err;
    char             *inp, *outp;
    size_t            start, inleft, outleft, rc;
    iconv_t           cd;
    reader_buf_t      tmp;
    rd_utf8_stats_t   st;
    const char       *bad_end;

    cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t) -1) {
        return READER_UNDECODABLE;
    }

    start = out->len;
    inp = (char *) in;
    inleft = len;
    bad_end = NULL;

    /* UTF-8 output has no shift state to flush at the end */
    while (rd_buf_reserve(out, inleft * 2 + 16)) {
        outp = (char *) out->data + out->len;
        outleft = out->cap - out->len - 1;

        rc = iconv(cd, &inp, &inleft, &outp, &outleft);
        err = errno;
        out->len = (unsigned char *) outp - out->data;

        if (rc != (size_t) -1 || err == E2BIG) {
            if (inleft == 0) {
                break;
            }
            continue;
        }

        /* EILSEQ, or EINVAL: a sequence cut off by the end */
        if (inp != bad_end) {
            rd_buf_append(out, RD_FFFD, 3);
        }

        inp += err == EINVAL ? inleft : 1;
        inleft = (char *) in + len - inp;
        bad_end = inp;
    }

    iconv_close(cd);

    if (out->failed) {
        return READER_ERROR;
    }

    out->data[out->len] = '\0';

    if (!rd_has_bad_control(out->data + start, out->len - start)) {
        return READER_OK;
    }

    memset(&tmp, 0, sizeof(reader_buf_t));
    rd_buf_append(&tmp, out->data + start, out->len - start);
    out->len = start;

    if (!tmp.failed) {
        rd_utf8_copy(tmp.data, tmp.len, out, &st, 0);
    }

    out->failed |= tmp.failed;
    reader_buf_free(&tmp);

    return out->failed ? READER_ERROR : READER_OK;
}


/* ---- sniffing: binary and UTF-16 without BOM ----------------------------- */

typedef enum {
    RD_SNIFF_TEXT = 0,
    RD_SNIFF_UTF16LE,
    RD_SNIFF_UTF16BE,
    RD_SNIFF_BINARY
} rd_sniff_e;


/*
 * UTF-16 markup is half NUL bytes, all on one side of each pair.  Binary is
 * more than 1 in 20 NUL or C0 control bytes (TAB, LF, FF, CR and ESC are
 * text), and at least RD_BINARY_MIN of them so that a few controls in a tiny
 * page do not count: random bytes have about 11%, the most control-ridden
 * real pages stay under 3%.
 */
static rd_sniff_e
rd_sniff(const unsigned char *in, size_t len)
{
    size_t  i, n, pairs, nul[2], ctrl;

    n = len < RD_SNIFF_BYTES ? len : RD_SNIFF_BYTES;
    nul[0] = nul[1] = ctrl = 0;

    for (i = 0; i < n; i++) {
        if (in[i] == 0) {
            nul[i & 1]++;
        } else if (rd_is_bad_control(in[i]) && in[i] != 0x1b) {
            ctrl++;
        }
    }

    pairs = n / 2;

    if (pairs && nul[1] * 4 >= pairs && nul[0] * 8 <= nul[1]) {
        return RD_SNIFF_UTF16LE;
    }

    if (pairs && nul[0] * 4 >= pairs && nul[1] * 8 <= nul[0]) {
        return RD_SNIFF_UTF16BE;
    }

    ctrl += nul[0] + nul[1];

    return ctrl >= RD_BINARY_MIN && ctrl * 20 > n ? RD_SNIFF_BINARY
                                                  : RD_SNIFF_TEXT;
}


/* ---- the <meta> prescan (WHATWG "prescan a byte stream") ---------------- */

typedef struct {
    const unsigned char  *name;
    size_t                name_len;
    const unsigned char  *value;
    size_t                value_len;
} rd_attr_t;


/* One attribute at *pp; 0 at '>' or the end (WHATWG "get an attribute"). */
static int
rd_get_attr(const unsigned char **pp, const unsigned char *end, rd_attr_t *a)
{
    unsigned char         quote;
    const unsigned char  *p = *pp;

    while (p < end && (rd_is_ws(*p) || *p == '/')) {
        p++;
    }

    if (p >= end || *p == '>') {
        *pp = p;
        return 0;
    }

    a->name = p;
    a->value = p;
    a->value_len = 0;

    /* an '=' first is part of the name */
    for (p++; p < end && *p != '=' && *p != '/' && *p != '>' && !rd_is_ws(*p);
         p++)
    {
        /* the name */
    }
    a->name_len = p - a->name;

    while (p < end && rd_is_ws(*p)) {
        p++;
    }

    if (p >= end || *p != '=') {
        *pp = p;
        return 1;
    }

    for (p++; p < end && rd_is_ws(*p); p++) {
        /* spaces after '=' */
    }

    if (p < end && (*p == '"' || *p == '\'')) {
        quote = *p++;
        a->value = p;
        while (p < end && *p != quote) {
            p++;
        }
        a->value_len = p - a->value;
        *pp = p < end ? p + 1 : p;
        return 1;
    }

    a->value = p;
    while (p < end && !rd_is_ws(*p) && *p != '>') {
        p++;
    }
    a->value_len = p - a->value;
    *pp = p;
    return 1;
}


static int
rd_attr_is(const rd_attr_t *a, const char *name)
{
    return a->name_len == strlen(name)
           && rd_starts(a->name, a->name + a->name_len, name);
}


/* WHATWG "extract a character encoding from a meta element" (content=). */
static int
rd_charset_from_content(const unsigned char *p, const unsigned char *end,
    rd_enc_t *enc)
{
    unsigned char         quote;
    const unsigned char  *v;

    while (p < end) {
        if (!rd_starts(p, end, "charset")) {
            p++;
            continue;
        }

        for (p += 7; p < end && rd_is_ws(*p); p++) {
            /* spaces before '=' */
        }

        if (p >= end || *p != '=') {
            continue;
        }

        for (p++; p < end && rd_is_ws(*p); p++) {
            /* spaces after '=' */
        }

        if (p < end && (*p == '"' || *p == '\'')) {
            quote = *p++;
            v = p;
            while (p < end && *p != quote) {
                p++;
            }
            return p < end && rd_enc_lookup(v, p - v, enc);
        }

        v = p;
        while (p < end && !rd_is_ws(*p) && *p != ';') {
            p++;
        }
        return rd_enc_lookup(v, p - v, enc);
    }

    return 0;
}


/*
 * Finds the charset of the first usable <meta> in the first 64 KB (a meta
 * with an unknown label is passed over, as browsers do) and, on the way,
 * the lang of <html>.  Returns whether a charset was found.
 */
static int
rd_prescan_meta(const unsigned char *p, size_t len, rd_enc_t *enc,
    char *lang, size_t lang_size)
{
    int                   meta, is_html, have, need_pragma, got_pragma;
    size_t                n;
    unsigned              seen;
    rd_enc_t              cand;
    rd_attr_t             a;
    const unsigned char  *end, *q;

    end = p + (len < RD_PRESCAN_BYTES ? len : RD_PRESCAN_BYTES);

    while (p < end) {
        p = memchr(p, '<', end - p);
        if (p == NULL) {
            break;
        }

        if (rd_starts(p, end, "<!--")) {
            for (q = p + 2; q + 3 <= end && memcmp(q, "-->", 3) != 0; q++) {
                /* the end of the comment */
            }
            p = q + 3 < end ? q + 3 : end;
            continue;
        }

        meta = rd_starts(p, end, "<meta") && p + 5 < end
               && (rd_is_ws(p[5]) || p[5] == '/');

        q = p + 1 + (p + 1 < end && p[1] == '/');

        if (!meta && !(q < end && rd_lower(*q) >= 'a' && rd_lower(*q) <= 'z'))
        {
            /* "<!", "</", "<?" without a name: skip to '>'; else text */
            if (p + 1 < end && (p[1] == '!' || p[1] == '/' || p[1] == '?')) {
                q = memchr(p, '>', end - p);
                p = q ? q + 1 : end;
            } else {
                p++;
            }
            continue;
        }

        if (meta) {
            p += 6;                         /* "<meta" and a space or '/' */
            is_html = 0;

        } else {
            for (q = p + 1; q < end && !rd_is_ws(*q) && *q != '>'; q++) {
                /* the tag name */
            }
            is_html = q - p == 5 && rd_starts(p, end, "<html");
            p = q;
        }

        have = 0;               /* the charset: 0 none yet, 1 usable, -1 not */
        need_pragma = 0;
        got_pragma = 0;
        seen = 0;               /* the first of each attribute counts */

        while (rd_get_attr(&p, end, &a)) {
            if (is_html && lang[0] == '\0' && rd_attr_is(&a, "lang")) {
                n = a.value_len < lang_size - 1 ? a.value_len : lang_size - 1;
                memcpy(lang, a.value, n);
                lang[n] = '\0';
            }

            if (!meta) {
                continue;
            }

            if (rd_attr_is(&a, "http-equiv") && !(seen & 1)) {
                seen |= 1;
                got_pragma = a.value_len == 12
                             && rd_starts(a.value, a.value + 12,
                                          "content-type");

            } else if (rd_attr_is(&a, "content") && !(seen & 2)) {
                seen |= 2;
                if (have == 0
                    && rd_charset_from_content(a.value,
                                               a.value + a.value_len, &cand))
                {
                    have = 1;
                    need_pragma = 1;
                }

            } else if (rd_attr_is(&a, "charset") && !(seen & 4)) {
                seen |= 4;
                have = rd_enc_lookup(a.value, a.value_len, &cand) ? 1 : -1;
                need_pragma = 0;
            }
        }

        if (p < end) {
            p++;                            /* the '>' */
        }

        if (have == 1 && (!need_pragma || got_pragma)) {
            *enc = cand;
            return 1;
        }
    }

    return 0;
}


/* ---- the statistical guess ----------------------------------------------- */

/*
 * Each candidate reads the bytes as its own units (a double-byte pair, a
 * single byte...) and sorts every unit into a class with the share it has in
 * ordinary text of that encoding and the number of characters in it.  The
 * page then costs sum(log2(size / share)) bits per class plus RD_BAD_BITS
 * per byte the candidate cannot read: the cheapest candidate explains the
 * bytes best.  Classes are coarse on purpose; what separates the candidates
 * is where their frequent characters sit (GB2312 level-1 hanzi, Big5's
 * frequent block with its low trail bytes, Shift_JIS kana, Korean hangul in
 * B0-C8 where Chinese also uses C9-D7) and how a Latin-1 page has isolated
 * high bytes.  <html lang> is a prior worth RD_LANG_BITS.
 */

#define RD_CLASSES    7
#define RD_BAD        RD_CLASSES
#define RD_BAD_BITS   24.0
#define RD_LANG_BITS  16.0

typedef struct {
    double      share;          /* of the non-ASCII units of real text */
    double      size;           /* characters in the class */
} rd_class_t;

/* Reads the unit at p (p[0] >= 0x80): its length, 0 at a cut-off end. */
typedef size_t (*rd_unit_pt)(const unsigned char *p, const unsigned char *end,
    unsigned *cls);

typedef struct {
    const char     *name;
    const char     *iconv;
    const char     *lang;           /* the <html lang> group it is written in */
    rd_unit_pt      unit;
    rd_class_t      cls[RD_CLASSES];
} rd_model_t;


static int
rd_in(unsigned c, unsigned lo, unsigned hi)
{
    return c >= lo && c <= hi;
}


static size_t
rd_unit_gb18030(const unsigned char *p, const unsigned char *end,
    unsigned *cls)
{
    unsigned  c = p[0], t;

    *cls = RD_BAD;

    if (!rd_in(c, 0x81, 0xfe)) {
        return 1;
    }
    if (end - p < 2) {
        return 0;
    }

    t = p[1];

    if (rd_in(t, 0x30, 0x39)) {
        if (end - p < 4) {
            return 0;
        }
        if (!rd_in(p[2], 0x81, 0xfe) || !rd_in(p[3], 0x30, 0x39)) {
            return 1;
        }
        *cls = 5;
        return 4;
    }

    if (t < 0x40 || t == 0x7f || t == 0xff) {
        return 1;
    }

    if (t < 0xa1) {
        *cls = 4;                           /* GBK extensions */
    } else if (rd_in(c, 0xa1, 0xa3)) {
        *cls = 0;                           /* punctuation, full-width */
    } else if (rd_in(c, 0xa4, 0xa9)) {
        *cls = 1;                           /* kana, Greek, box drawing */
    } else if (rd_in(c, 0xb0, 0xd7)) {
        *cls = 2;                           /* level-1 hanzi */
    } else if (rd_in(c, 0xd8, 0xf7)) {
        *cls = 3;                           /* level-2 hanzi */
    } else {
        *cls = 4;
    }

    return 2;
}


static size_t
rd_unit_big5(const unsigned char *p, const unsigned char *end, unsigned *cls)
{
    unsigned  c = p[0], t;

    *cls = RD_BAD;

    if (!rd_in(c, 0x81, 0xfe)) {
        return 1;
    }
    if (end - p < 2) {
        return 0;
    }

    t = p[1];

    if (!rd_in(t, 0x40, 0x7e) && !rd_in(t, 0xa1, 0xfe)) {
        return 1;
    }

    if (rd_in(c, 0xa1, 0xa3)) {
        *cls = 0;                           /* punctuation, symbols */
    } else if (rd_in(c, 0xa4, 0xc6)) {
        *cls = 1;                           /* frequent hanzi */
    } else if (rd_in(c, 0xc9, 0xf9)) {
        *cls = 2;                           /* less frequent hanzi */
    } else {
        *cls = 3;                           /* HKSCS, user-defined */
    }

    return 2;
}


static size_t
rd_unit_sjis(const unsigned char *p, const unsigned char *end, unsigned *cls)
{
    unsigned  c = p[0], t;

    *cls = RD_BAD;

    if (rd_in(c, 0xa1, 0xdf)) {
        *cls = 0;                           /* half-width katakana */
        return 1;
    }
    if (!rd_in(c, 0x81, 0x9f) && !rd_in(c, 0xe0, 0xfc)) {
        return 1;
    }
    if (end - p < 2) {
        return 0;
    }

    t = p[1];

    if (!rd_in(t, 0x40, 0x7e) && !rd_in(t, 0x80, 0xfc)) {
        return 1;
    }

    if (c == 0x81) {
        *cls = 1;                           /* punctuation, symbols */
    } else if (rd_in(c, 0x82, 0x83)) {
        *cls = 2;                           /* hiragana, katakana */
    } else if (rd_in(c, 0x88, 0x98)) {
        *cls = 3;                           /* level-1 kanji */
    } else if (rd_in(c, 0x99, 0x9f) || rd_in(c, 0xe0, 0xea)) {
        *cls = 4;                           /* level-2 kanji */
    } else {
        *cls = 5;                           /* NEC, IBM, user-defined */
    }

    return 2;
}


static size_t
rd_unit_eucjp(const unsigned char *p, const unsigned char *end, unsigned *cls)
{
    unsigned  c = p[0];

    *cls = RD_BAD;

    if (c == 0x8e || c == 0x8f || rd_in(c, 0xa1, 0xfe)) {
        if (end - p < 2 + (c == 0x8f)) {
            return 0;
        }
    } else {
        return 1;
    }

    if (c == 0x8e) {
        if (!rd_in(p[1], 0xa1, 0xdf)) {
            return 1;
        }
        *cls = 0;                           /* half-width katakana */
        return 2;
    }

    if (c == 0x8f) {
        if (!rd_in(p[1], 0xa1, 0xfe) || !rd_in(p[2], 0xa1, 0xfe)) {
            return 1;
        }
        *cls = 1;                           /* JIS X 0212 */
        return 3;
    }

    if (!rd_in(p[1], 0xa1, 0xfe)) {
        return 1;
    }

    if (rd_in(c, 0xa1, 0xa2)) {
        *cls = 2;                           /* punctuation, symbols */
    } else if (rd_in(c, 0xa4, 0xa5)) {
        *cls = 3;                           /* hiragana, katakana */
    } else if (rd_in(c, 0xb0, 0xcf)) {
        *cls = 4;                           /* level-1 kanji */
    } else if (rd_in(c, 0xd0, 0xf4)) {
        *cls = 5;                           /* level-2 kanji */
    } else {
        *cls = 6;
    }

    return 2;
}


static size_t
rd_unit_euckr(const unsigned char *p, const unsigned char *end, unsigned *cls)
{
    unsigned  c = p[0], t;

    *cls = RD_BAD;

    if (!rd_in(c, 0x81, 0xfe)) {
        return 1;
    }
    if (end - p < 2) {
        return 0;
    }

    t = p[1];

    if (c >= 0xa1 && rd_in(t, 0xa1, 0xfe)) {
        if (rd_in(c, 0xa1, 0xac)) {
            *cls = 0;                       /* symbols, jamo */
        } else if (rd_in(c, 0xb0, 0xc8)) {
            *cls = 1;                       /* hangul */
        } else if (rd_in(c, 0xca, 0xfd)) {
            *cls = 2;                       /* hanja */
        } else {
            *cls = 3;
        }
        return 2;
    }

    if (c <= 0xc6 && (rd_in(t, 0x41, 0x5a) || rd_in(t, 0x61, 0x7a)
                      || rd_in(t, 0x81, 0xfe)))
    {
        *cls = 4;                           /* CP949 extended hangul */
        return 2;
    }

    return 1;
}


static size_t
rd_unit_1252(const unsigned char *p, const unsigned char *end, unsigned *cls)
{
    unsigned  c = p[0];

    if (c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d) {
        *cls = RD_BAD;                      /* undefined */

    } else if (end - p >= 2 && p[1] >= 0x80) {
        *cls = 3;                           /* Latin text rarely has two */

    } else {
        *cls = c < 0xa0 ? 0 : c < 0xc0 ? 1 : 2;     /* quotes, symbols,
                                                       letters */
    }

    return 1;
}


/* First in the list wins a tie. */
static const rd_model_t  rd_models[] = {
    { "gb18030", "GB18030", "zh", rd_unit_gb18030,
      { { 0.12, 282 }, { 0.01, 564 }, { 0.78, 3755 }, { 0.06, 3008 },
        { 0.03, 21886 }, { 0.001, 1587600 } } },

    { "big5", "BIG5-HKSCS", "zh-hant", rd_unit_big5,
      { { 0.12, 471 }, { 0.80, 5401 }, { 0.06, 7652 }, { 0.02, 6000 } } },

    { "shift_jis", "CP932", "ja", rd_unit_sjis,
      { { 0.01, 63 }, { 0.12, 188 }, { 0.35, 376 }, { 0.45, 3196 },
        { 0.05, 3196 }, { 0.01, 5000 } } },

    { "euc-jp", "EUC-JP", "ja", rd_unit_eucjp,
      { { 0.005, 63 }, { 0.001, 8836 }, { 0.12, 188 }, { 0.35, 188 },
        { 0.45, 3008 }, { 0.05, 3384 }, { 0.01, 1500 } } },

    { "euc-kr", "CP949", "ko", rd_unit_euckr,
      { { 0.08, 1128 }, { 0.90, 2350 }, { 0.01, 4888 }, { 0.001, 600 },
        { 0.005, 8822 } } },

    { "windows-1252", "CP1252", "latin", rd_unit_1252,
      { { 0.20, 27 }, { 0.10, 32 }, { 0.55, 64 }, { 0.15, 123 } } }
};


/* The group of <html lang> the models know: zh, zh-hant, ja, ko or latin. */
static const char *
rd_lang_group(const char *lang)
{
    char    buf[16];
    size_t  i;

    for (i = 0; lang[i] && i < sizeof(buf) - 1; i++) {
        buf[i] = (char) rd_lower((unsigned char) lang[i]);
    }
    buf[i] = '\0';

    if (i == 0) {
        return "";
    }

    if (strncmp(buf, "zh", 2) == 0 && (buf[2] == '\0' || buf[2] == '-'
                                        || buf[2] == '_'))
    {
        return strstr(buf, "hant") || strstr(buf, "tw") || strstr(buf, "hk")
               || strstr(buf, "mo") ? "zh-hant" : "zh";
    }

    if (strncmp(buf, "ja", 2) == 0 || strncmp(buf, "ko", 2) == 0) {
        buf[2] = '\0';
        return strcmp(buf, "ja") == 0 ? "ja" : "ko";
    }

    return "latin";
}


/* The first byte >= 0x80 at or after p, or end; 8 bytes a step. */
static const unsigned char *
rd_skip_ascii(const unsigned char *p, const unsigned char *end)
{
    uint64_t  w;

    for ( ; end - p >= 8; p += 8) {
        memcpy(&w, p, 8);
        if (w & RD_K80) {
            break;
        }
    }

    while (p < end && *p < 0x80) {
        p++;
    }

    return p;
}


static void
rd_guess(const unsigned char *in, size_t len, const char *lang, rd_enc_t *enc)
{
    size_t                i, k, n, count[RD_CLASSES + 1];
    double                bits, best;
    unsigned              cls;
    const char           *group;
    const rd_model_t     *m, *choice;
    const unsigned char  *p, *start, *end;

    /* the sample starts at the first non-ASCII byte: a unit boundary */
    end = in + len;
    p = rd_skip_ascii(in, end);
    if ((size_t) (end - p) > RD_GUESS_BYTES) {
        end = p + RD_GUESS_BYTES;
    }

    group = rd_lang_group(lang);
    choice = &rd_models[0];
    best = 0;
    start = p;

    for (i = 0; i < sizeof(rd_models) / sizeof(rd_models[0]); i++) {
        m = &rd_models[i];
        memset(count, 0, sizeof(count));

        for (p = start; p < end; p += n) {
            p = rd_skip_ascii(p, end);
            if (p == end) {
                break;
            }
            n = m->unit(p, end, &cls);
            if (n == 0) {
                break;
            }
            count[cls]++;
        }

        bits = count[RD_BAD] * RD_BAD_BITS;
        for (k = 0; k < RD_CLASSES; k++) {
            if (count[k]) {
                bits += count[k] * log2(m->cls[k].size / m->cls[k].share);
            }
        }

        if (strcmp(m->lang, group) == 0) {
            bits -= RD_LANG_BITS;
        }

        if (i == 0 || bits < best) {
            best = bits;
            choice = m;
        }
    }

    rd_enc_set(enc, choice->name, choice->iconv);
}


/* ---- the decision -------------------------------------------------------- */

/*
 * What the bytes are, given what rd_utf8_copy saw.  UTF-8 (with multibyte
 * sequences) beats a legacy label; a utf-8 label on bytes that are not UTF-8
 * is a misconfigured server default, so the <meta> or the guess decides.
 */
static void
rd_choose(const unsigned char *in, size_t len, const char *hint,
    const rd_utf8_stats_t *st, rd_enc_t *enc)
{
    int   labelled, plausible;
    char  lang[16];

    lang[0] = '\0';
    plausible = rd_utf8_plausible(st);

    /* a utf-8 label on bytes that are not UTF-8 counts as no label */
    labelled = hint != NULL
               && rd_enc_lookup((const unsigned char *) hint, strlen(hint),
                                enc)
               && (plausible || enc->kind != RD_ENC_UTF8);

    if (!labelled && !(plausible && st->multibyte)) {
        labelled = rd_prescan_meta(in, len, enc, lang, sizeof(lang))
                   && (plausible || enc->kind != RD_ENC_UTF8);
    }

    if (plausible) {
        if (!labelled || st->multibyte) {
            rd_enc_set(enc, "utf-8", "UTF-8");
        }
        return;             /* pure ASCII keeps its label */
    }

    if (!labelled) {
        rd_guess(in, len, lang, enc);
    }
}


static reader_status_e
rd_done(reader_buf_t *out, const char *name, char *charset,
    size_t charset_size)
{
    size_t  n;

    if (charset_size) {
        n = strlen(name);
        n = n < charset_size - 1 ? n : charset_size - 1;
        memcpy(charset, name, n);
        charset[n] = '\0';
    }

    return out->failed ? READER_ERROR : READER_OK;
}


reader_status_e
rd_decode(const unsigned char *in, size_t len, const char *hint,
    reader_buf_t *out, int *same, char *charset, size_t charset_size)
{
    size_t           start;
    rd_enc_t         enc;
    reader_status_e  rc;
    rd_utf8_stats_t  st;

    if (same) {
        *same = 0;
    }

    if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        rd_utf8_copy(in + 3, len - 3, out, &st, 0);
        return rd_done(out, "utf-8", charset, charset_size);
    }

    if (len >= 2 && in[0] == 0xff && in[1] == 0xfe) {
        rc = rd_iconv(in + 2, len - 2, "UTF-16LE", out);
        return rc ? rc : rd_done(out, "utf-16le", charset, charset_size);
    }

    if (len >= 2 && in[0] == 0xfe && in[1] == 0xff) {
        rc = rd_iconv(in + 2, len - 2, "UTF-16BE", out);
        return rc ? rc : rd_done(out, "utf-16be", charset, charset_size);
    }

    switch (rd_sniff(in, len)) {

    case RD_SNIFF_UTF16LE:
        rc = rd_iconv(in, len, "UTF-16LE", out);
        return rc ? rc : rd_done(out, "utf-16le", charset, charset_size);

    case RD_SNIFF_UTF16BE:
        rc = rd_iconv(in, len, "UTF-16BE", out);
        return rc ? rc : rd_done(out, "utf-16be", charset, charset_size);

    case RD_SNIFF_BINARY:
        return READER_UNDECODABLE;

    default:
        break;
    }

    /* one pass validates and makes the copy the common case keeps */
    start = out->len;
    rd_utf8_copy(in, len, out, &st,
                 RD_UTF8_GIVE_UP | (same ? RD_UTF8_BORROW : 0));
    if (out->failed) {
        return READER_ERROR;
    }

    rd_choose(in, len, hint, &st, &enc);

    if (rd_utf8_plausible(&st) && enc.ascii) {
        if (same) {
            *same = st.same;
        }
        return rd_done(out, enc.name, charset, charset_size);
    }

    out->len = start;
    rc = rd_iconv(in, len, enc.iconv, out);

    if (rc == READER_UNDECODABLE) {
        /* this iconv lacks the encoding: keep what UTF-8 makes of it */
        rd_utf8_copy(in, len, out, &st, 0);
        return rd_done(out, "utf-8", charset, charset_size);
    }

    return rc ? rc : rd_done(out, enc.name, charset, charset_size);
}
