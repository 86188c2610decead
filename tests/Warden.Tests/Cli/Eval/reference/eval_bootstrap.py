# Re-derives warden eval's per-run bootstrap interval independently of the C# code:
# .NET's seeded System.Random (Knuth subtractive generator, Net5CompatSeedImpl/CompatPrng),
# Next(n) = (int)(Sample() * n), the mean of n draws per resample, then numpy's linear quantile
# as Warden's Quantile.OfSorted computes it. Per-query values come from `eval -q --json`;
# Python's sorted() on ASCII qids is the same ordinal order Warden uses.
import json, math, sys
INT_MAX = 2**31 - 1
class NetRandom:
    def __init__(self, seed):
        a = [0]*56
        sub = INT_MAX if seed == -2**31 else abs(seed)
        mj = 161803398 - sub
        a[55] = mj
        mk = 1; ii = 0
        for i in range(1, 55):
            ii += 21
            if ii >= 55: ii -= 55
            a[ii] = mk
            mk = mj - mk
            if mk < 0: mk += INT_MAX
            mj = a[ii]
        for _ in range(1, 5):
            for i in range(1, 56):
                n = i + 30
                if n >= 55: n -= 55
                a[i] -= a[1 + n]
                if a[i] < 0: a[i] += INT_MAX
        self.a = a; self.inext = 0; self.inextp = 21
    def sample(self):
        i = self.inext + 1
        if i >= 56: i = 1
        j = self.inextp + 1
        if j >= 56: j = 1
        r = self.a[i] - self.a[j]
        if r == INT_MAX: r -= 1
        if r < 0: r += INT_MAX
        self.a[i] = r; self.inext = i; self.inextp = j
        return r * (1.0 / INT_MAX)
    def next(self, n):
        return int(self.sample() * n)

def quantile(s, p):
    n = len(s); h = (n - 1) * p; f = math.floor(h); below = min(int(f), n - 1)
    t = 0 if below == n - 1 else h - f
    if t == 0: return s[below]
    a, b = s[below], s[below + 1]; d = b - a
    return b - d * (1 - t) if t >= 0.5 else a + d * t

def interval(values, resamples, seed, confidence):
    rnd = NetRandom(seed); n = len(values); means = []
    for _ in range(resamples):
        s = 0.0
        for _ in range(n): s += values[rnd.next(n)]
        means.append(s / n)
    means.sort(); alpha = 1 - confidence
    return quantile(means, alpha / 2), quantile(means, 1 - alpha / 2)

# Usage (pinned by EvalBootstrapReferenceTests):
#        warden eval --qrels samples/data/qrels.txt --compliance samples/data/compliance.qrels \
#          --run samples/data/v1.run --run samples/data/v2.run --seed 7 --json -q > eval.json
#        python3 eval_bootstrap.py eval.json
doc = json.load(open(sys.argv[1]))
args = (doc["resamples"], doc["seed"], doc["confidence"])
per_query = []
for i, run in enumerate(doc["runs"]):
    rows = {q["qid"]: q for q in run["per_query"]}
    per_query.append(rows)
    for metric in ("ndcg", "compliance"):
        values = [rows[qid][metric] for qid in sorted(rows)]
        lo, hi = interval(values, *args)
        print(f"run {i} {metric}: ci_low {lo!r} ci_high {hi!r} | warden {run[metric]['ci_low']!r} {run[metric]['ci_high']!r}")
if len(per_query) == 2:
    # The paired delta resamples second − first per shared query (ordinal qid order) the same way.
    shared = sorted(set(per_query[0]) & set(per_query[1]))
    for metric in ("ndcg", "compliance"):
        values = [per_query[1][q][metric] - per_query[0][q][metric] for q in shared]
        lo, hi = interval(values, *args)
        d = doc["delta"][metric]
        print(f"delta {metric}: ci_low {lo!r} ci_high {hi!r} | warden {d['ci_low']!r} {d['ci_high']!r}")
