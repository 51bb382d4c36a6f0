#!/usr/bin/env python3
"""Metadata accuracy: title, byline and published date against the corpus.

    tools/meta_eval.py [--extract build/reader-extract] [--corpus ../shared/corpus]
                       [--datasets wcxb,zh-cwced,mozilla] [--failures FIELD]

Runs `reader-extract --format json --force` on every case (with --url and
--charset from meta.json) and compares with the case's meta.json (mozilla:
expected-metadata.json):
  title      equal after whitespace and case normalisation
  byline     the expected name contained in ours or ours in it (normalised)
  published  the same day
Prints one table row per dataset: cases that have the field, hits, rate.
--failures title|byline|published lists the misses of one field.
Skips (exit 0) when the corpus is absent.
"""
import argparse, json, os, re, subprocess, sys, unicodedata
from concurrent.futures import ThreadPoolExecutor

from eval import command

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIELDS = ('title', 'byline', 'published')
DEFAULT_DATASETS = 'wcxb,zh-cwced,mozilla'


def norm(s):
    s = unicodedata.normalize('NFKC', s or '')
    return re.sub(r'\s+', ' ', s).strip().casefold()


def day(s):
    m = re.match(r'\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})', s or '')
    return m and '%s-%02d-%02d' % (m.group(1), int(m.group(2)), int(m.group(3)))


def match(field, want, got):
    if got is None:
        return False
    if field == 'title':
        return norm(want) == norm(got)
    if field == 'byline':
        w, g = norm(want), norm(got)
        return bool(w and g) and (w in g or g in w)
    return day(want) is not None and day(want) == day(got)


def expected(cd, meta):
    """The expected fields of a case: meta.json, or Readability's metadata."""
    exp = {f: meta.get(f) for f in FIELDS}
    moz = os.path.join(cd, 'expected-metadata.json')
    if os.path.isfile(moz):
        m = json.load(open(moz, encoding='utf-8'))
        exp = {'title': m.get('title'), 'byline': m.get('byline'),
               'published': m.get('publishedTime')}
    return {f: v for f, v in exp.items() if isinstance(v, str) and v.strip()}


def run(tool, cd, meta):
    cmd = command(tool, cd, meta, 'json')
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return None, 'timeout'
    try:
        return json.loads(r.stdout.decode('utf-8', 'replace')), None
    except ValueError:
        return None, 'exit %d, no JSON' % r.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--extract', default=os.path.join(ROOT, 'build', 'reader-extract'))
    ap.add_argument('--corpus', default=os.path.join(ROOT, '..', 'shared', 'corpus'))
    ap.add_argument('--datasets', default=DEFAULT_DATASETS)
    ap.add_argument('--failures', choices=FIELDS)
    ap.add_argument('--jobs', type=int, default=2)
    a = ap.parse_args()

    if not os.path.isdir(a.corpus):
        print('meta_eval: no corpus at %s, skipped' % a.corpus)
        return 0
    if not os.access(a.extract, os.X_OK):
        print('meta_eval: %s is not built' % a.extract, file=sys.stderr)
        return 1

    work = []
    for ds in a.datasets.split(','):
        d = os.path.join(a.corpus, ds)
        if not os.path.isdir(d):
            continue
        for c in sorted(os.listdir(d)):
            cd = os.path.join(d, c)
            if os.path.isfile(os.path.join(cd, 'source.html')):
                meta = json.load(open(os.path.join(cd, 'meta.json'), encoding='utf-8'))
                exp = expected(cd, meta)
                if exp:
                    work.append((ds, c, cd, meta, exp))

    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        outs = list(ex.map(lambda w: run(a.extract, w[2], w[3]), work))

    if outs and all(o is None or 'title' not in o for o, _ in outs):
        print('meta_eval: the extractor printed no metadata JSON (is the json '
              'format still a stub?)', file=sys.stderr)
        return 1

    rows, misses = {}, []
    for (ds, c, cd, meta, exp), (out, err) in zip(work, outs):
        row = rows.setdefault(ds, {f: [0, 0] for f in FIELDS})
        for f, want in exp.items():
            got = out.get(f) if out else None
            row[f][0] += 1
            if match(f, want, got):
                row[f][1] += 1
            elif f == a.failures:
                misses.append((c, want, got if out else err))

    print('%-12s %18s %18s %18s' % ('dataset', 'title', 'byline', 'published'))
    for ds in sorted(rows):
        cells = []
        for f in FIELDS:
            n, k = rows[ds][f]
            cells.append('%3d/%-3d %5.1f%%' % (k, n, 100.0 * k / n) if n else '-')
        print('%-12s %18s %18s %18s' % (ds, *cells))

    for c, want, got in misses:
        print('%s\n  want: %r\n  got:  %r' % (c, want, got))
    return 0


if __name__ == '__main__':
    sys.exit(main())
