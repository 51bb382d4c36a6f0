#!/usr/bin/env python3
"""Accuracy evaluation: run reader-extract over ../shared/corpus and score it.

    tools/eval.py [--extract build/reader-extract] [--corpus ../shared/corpus]
                  [--datasets a,b] [--out DIR] [--baseline FILE] [--write-baseline]

Runs `reader-extract --format text --force` on every case (with --url and
--charset from meta.json), then ../shared/tools/score.py over the predictions.
With --baseline, exits 1 when a dataset's F1 falls more than 0.005 below it.
Skips (exit 0) when the corpus is absent.
"""
import argparse, json, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOLERANCE = 0.005


def cases(corpus, datasets):
    for ds in sorted(os.listdir(corpus)):
        d = os.path.join(corpus, ds)
        if not os.path.isdir(d) or (datasets and ds not in datasets):
            continue
        for c in sorted(os.listdir(d)):
            cd = os.path.join(d, c)
            if os.path.isfile(os.path.join(cd, 'source.html')):
                yield ds, c, cd


def command(tool, cd, meta, fmt):
    """reader-extract on a case as the benchmarks run it: forced, with the
    case's URL and transport charset."""
    cmd = [tool, '--format', fmt, '--force']
    if meta.get('url'):
        cmd += ['--url', meta['url']]
    if meta.get('charset'):
        cmd += ['--charset', meta['charset']]
    cmd.append(os.path.join(cd, 'source.html'))
    return cmd


def extract(tool, cd, out_path):
    meta = json.load(open(os.path.join(cd, 'meta.json')))
    cmd = command(tool, cd, meta, 'text')
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=20)
        out, rc = r.stdout, r.returncode
    except subprocess.TimeoutExpired:
        out, rc = b'', 'timeout'
    with open(out_path, 'wb') as f:
        f.write(out)
    return rc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--extract', default=os.path.join(ROOT, 'build', 'reader-extract'))
    ap.add_argument('--corpus', default=os.path.join(ROOT, '..', 'shared', 'corpus'))
    ap.add_argument('--datasets', default='')
    ap.add_argument('--out', default=None, help='keep predictions here')
    ap.add_argument('--baseline', default=None)
    ap.add_argument('--write-baseline', action='store_true')
    ap.add_argument('--per-page', default=None)
    a = ap.parse_args()

    score_py = os.path.join(a.corpus, '..', 'tools', 'score.py')
    if not os.path.isdir(a.corpus) or not os.path.isfile(score_py):
        print('eval: skipped: %s not present' % a.corpus)
        return 0

    datasets = set(filter(None, a.datasets.split(',')))
    out = a.out or tempfile.mkdtemp(prefix='reader-eval-')
    os.makedirs(out, exist_ok=True)
    todo = list(cases(a.corpus, datasets))
    crashes = []
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        for (ds, c, cd), rc in zip(todo, ex.map(
                lambda t: extract(a.extract, t[2], os.path.join(out, t[1] + '.txt')), todo)):
            if rc not in (0, 2):
                crashes.append('%s/%s: exit %s' % (ds, c, rc))

    cmd = [sys.executable, score_py, a.corpus, out, '--json']
    if datasets:
        cmd += ['--datasets', ','.join(sorted(datasets))]
    res = json.loads(subprocess.run(cmd, capture_output=True, check=True).stdout)
    if a.per_page:
        subprocess.run(cmd[:-1] + ['--per-page', a.per_page])

    table = scores(res)
    bl = a.baseline
    base = read_baseline(bl) if bl and not a.write_baseline else {}
    print('%-16s %6s %6s %6s %5s %6s %7s' % ('dataset', 'P', 'R', 'F1', 'n', 'base', 'delta'))
    for ds, (p, r, f, n) in table.items():
        if ds in base:
            tail = ' %6.3f %+7.3f' % (base[ds], f - base[ds])
        else:
            tail = ''
        print('%-16s %6.3f %6.3f %6.3f %5d%s' % (ds, p, r, f, n, tail))
    o = res.get('overall') or {}
    if o:
        print('%-16s %6.3f %6.3f %6.3f %5d' % ('overall', o['precision'], o['recall'], o['f1'], o['n']))
    for c in crashes:
        print('eval: abnormal exit: ' + c)

    rc = 1 if crashes else 0
    if bl and a.write_baseline:
        with open(bl, 'w') as f:
            f.write('# dataset\tF1 (tools/eval.py --write-baseline)\n')
            for ds, (p, r, f1, n) in table.items():
                f.write('%s\t%.3f\n' % (ds, f1))
        print('eval: baseline written to ' + bl)
    elif bl and not os.path.isfile(bl):
        print('eval: no baseline at %s: nothing gated' % bl)
    elif bl:
        for ds, want in base.items():
            if ds in table and table[ds][2] < want - TOLERANCE:
                print('eval: REGRESSION %s: F1 %.3f < baseline %.3f' % (ds, table[ds][2], want))
                rc = 1
        if rc == 0:
            print('eval: no dataset below its baseline (tolerance %.3f)' % TOLERANCE)
    if a.out is None:
        subprocess.run(['rm', '-rf', out])
    return rc


def read_baseline(path):
    """{dataset: F1} from a baseline file; {} when there is none."""
    base = {}
    if os.path.isfile(path):
        for line in open(path):
            if line.startswith('#') or not line.strip():
                continue
            ds, want = line.split()
            base[ds] = float(want)
    return base


def scores(res):
    """{dataset: (P, R, F1, n)} from score.py --json output."""
    table = {}
    per = res.get('datasets') or res.get('per_dataset') or {}
    for ds, v in sorted(per.items()):
        table[ds] = (v['precision'], v['recall'], v['f1'], v.get('n', v.get('pages', 0)))
    return table


if __name__ == '__main__':
    sys.exit(main())
