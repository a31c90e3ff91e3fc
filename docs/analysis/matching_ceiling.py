"""How far can the Wikidata twinnings go, foreign -> French? (offline analysis, not part of the product)

Fits a conditional-logit ranker (softmax over the French candidates of each held-out pair, L2-regularised) on
21 features of (foreign seeker X, French candidate F) over the 5 folds of one shuffle, then measures recall@10 on
the folds of other shuffles. A learned model over every signal the dataset carries bounds what a hand-weighted
score can reach on the same protocol (docs/matching.md, "How far the data go").

Needs numpy and scipy. Usage:
  node docs/analysis/populations.js ../shared/data/twinnings > /tmp/populations.tsv
  python3 docs/analysis/matching_ceiling.py ../shared/data/twinnings /tmp/populations.tsv [--ppr] [--geo] [--soft] [--profile] [--cv]
--ppr adds 4 features: personalised PageRank from the seeker over the whole twinning graph (foreign-foreign links
included), restart 0.15 and 0.5, raw and degree-weighted (log): multi-hop network proximity beyond shared partners.
--geo adds 10 features from GeoNames and world-countries (columns 3-6 of populations.tsv): administrative rank
(capital, seat of a first-level division, ...) of both places and their match, F's partners in X's first-level
division, French towns near F partnered there, the share of F's partners whose country shares a language with X's,
F's partners in X's UN subregion (other countries), and a francophone-country interaction.
--soft adds 2 features: "soft" shared partners, the candidate's foreign partners near the seeker's partners (sum of
exp(-km/50) and exp(-km/150) over the pairs), a geographic relaxation of the network factor.
--profile adds 4 features (2026-11-25): how far the pair's distance is from the candidate's usual partner distance
(mean log km to its foreign partners) and from the seeker's usual French-partner distance, how far the seeker's
population is from the candidate's partners' usual one, and the spread of the candidate's partner distances.
--cv measures out of sample instead: for each shuffle, 5-fold cross-validation (fit on 4 folds' pairs, rank the
5th), for the conditional logit, gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, pointwise)
and their blend (sum of standardised scores). Needs scikit-learn (Debian: python3-sklearn, run with /usr/bin/python3).
"""
import collections, math, sys
import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

data, pops = sys.argv[1], sys.argv[2]
PPR = '--ppr' in sys.argv[3:]
GEO = '--geo' in sys.argv[3:]
CV = '--cv' in sys.argv[3:]
SOFT = '--soft' in sys.argv[3:]
PROFILE = '--profile' in sys.argv[3:]
RANK = {'PPLC': 0, 'PPLA': 1, 'PPLA2': 2, 'PPLA3': 3, 'PPLA4': 4}
nodes = {}
for line in open(f'{data}/nodes.tsv').read().strip().split('\n')[1:]:
    f = line.split('\t')
    nodes[f[0]] = dict(lng=float(f[2]), lat=float(f[3]), cc=f[5], cont=f[6], pop=None, fc='?', adm=None, langs=set(), sub=None)
for line in open(pops):
    q, p, *geo = line.rstrip('\n').split('\t') + [''] * 4
    if q not in nodes:
        continue
    if p and float(p) > 0:
        nodes[q]['pop'] = float(p)
    fc, adm, langs, sub = geo[:4]
    nodes[q].update(fc=fc or '?', adm=f"{nodes[q]['cc']}.{adm}" if adm else None, langs=set(langs.split(',')) - {''}, sub=sub or None)
links = {tuple(sorted(l.split('\t'))) for l in open(f'{data}/links.tsv').read().strip().split('\n')[1:]}
links = sorted((a, b) for a, b in links if a in nodes and b in nodes and a != b)
french = sorted(q for q in nodes if nodes[q]['cc'] == 'FR')
pairs = sorted((a, b) if nodes[a]['cc'] == 'FR' else (b, a) for a, b in links if (nodes[a]['cc'] == 'FR') != (nodes[b]['cc'] == 'FR'))


def km(a, b):
    r = math.pi / 180
    A, B = nodes[a], nodes[b]
    h = math.sin((B['lat'] - A['lat']) * r / 2) ** 2 + math.cos(A['lat'] * r) * math.cos(B['lat'] * r) * math.sin((B['lng'] - A['lng']) * r / 2) ** 2
    return 12742 * math.asin(min(1, math.sqrt(h)))


S = lambda x: 1 - math.exp(-x)
NAMES = ['log(1+foreign partners of F)', 'F has no partner in X country', 'log(1+partners of F in X country)', 'Adamic-Adar (saturated)',
         'shared partner exists', 'distance/1000 km', 'log distance', 'size factor', '|log10 pop ratio|', 'log10 pop F', 'log10 pop F x log10 pop X',
         'pop F unknown', 'partners of F near X (150 km)', 'partners of F near X (800 km)', 'partner-country profile cosine',
         'French towns near F partnered in X country', 'partners of F on X continent', 'log(1+deg X) x log(1+foreign partners of F)',
         'F near X French partners', 'mean log degree of F partners', '|mean log degree of F partners - log(1+deg X)|']
if GEO:
    NAMES += ['same admin rank', '|admin rank diff|', 'F capital x X capital', 'F regional seat x X capital or regional seat', 'F rank unknown',
              'partners of F in X first-level division', 'French towns near F partnered in X first-level division',
              'share of F partners sharing a language with X (other countries)', 'partners of F in X subregion (other countries)',
              'X country francophone x log(1+foreign partners of F)']
if SOFT:
    NAMES += ['soft shared partners (F partners near X partners, 50 km)', 'soft shared partners (150 km)']
if PROFILE:
    NAMES += ['|log d(F,X) - mean log d(F, its foreign partners)|', '|log pop X - mean log pop of F foreign partners|', '|log d(F,X) - mean log d(X, its French partners)|', 'F partners distance spread']
if PPR:
    NAMES += ['log PPR (restart 0.15)', 'log PPR x degree (0.15)', 'log PPR (restart 0.5)', 'log PPR x degree (0.5)']


def features(X, F, adj):
    cX = nodes[X]['cc']
    fp = adj[F]
    n_c = sum(1 for p in fp if nodes[p]['cc'] == cX)
    n_for = sum(1 for p in fp if nodes[p]['cc'] != 'FR')
    aa = sum(1 / math.log(1 + len(adj[p])) for p in adj[X] if F in adj[p])
    d = km(X, F)
    px, pf = nodes[X]['pop'], nodes[F]['pop']
    size = math.exp(-abs(math.log10(pf / px))) if px and pf else 0.5
    lp, lx = (math.log10(pf) if pf else 5), (math.log10(px) if px else 5)
    near = [km(X, p) for p in fp if nodes[p]['cc'] != 'FR']
    cx = collections.Counter(nodes[p]['cc'] for p in adj[X] if nodes[p]['cc'] != 'FR')
    cf = collections.Counter(nodes[p]['cc'] for p in fp if nodes[p]['cc'] != 'FR')
    nx, nf = math.sqrt(sum(v * v for v in cx.values())), math.sqrt(sum(v * v for v in cf.values()))
    profile = sum(cx[k] * cf[k] for k in cx) / (nx * nf) if nx and nf else 0
    region = sum(math.exp(-km(F, G) / 200) for G in french if G != F and any(nodes[p]['cc'] == cX for p in adj[G]))
    continent = sum(1 for p in fp if nodes[p]['cont'] == nodes[X]['cont'] and nodes[p]['cc'] != cX)
    ldx = math.log1p(len(adj[X]))
    fr_x = sum(math.exp(-km(F, G) / 150) for G in adj[X] if nodes[G]['cc'] == 'FR')
    pdeg = float(np.mean([math.log1p(len(adj[p])) for p in fp])) if fp else 0.0
    geo = []
    if GEO:
        rf, rx = RANK.get(nodes[F]['fc'], 5), RANK.get(nodes[X]['fc'], 5)
        ax, lx_ = nodes[X]['adm'], nodes[X]['langs']
        in_adm = sum(1 for p in fp if ax and nodes[p]['adm'] == ax)
        reg_adm = sum(math.exp(-km(F, G) / 200) for G in french if G != F and ax and any(nodes[p]['adm'] == ax for p in adj[G]))
        other = [p for p in fp if nodes[p]['cc'] not in ('FR', cX)]
        lang = sum(1 for p in other if nodes[p]['langs'] & lx_) / len(other) if other else 0
        subr = sum(1 for p in other if nodes[X]['sub'] and nodes[p]['sub'] == nodes[X]['sub'])
        geo = [rf == rx, abs(rf - rx), rf == 0 and rx == 0, rf == 1 and rx <= 1, nodes[F]['fc'] == '?', S(in_adm), S(reg_adm), lang, S(subr / 2),
               ('fra' in lx_) * math.log1p(n_for)]
    soft = []
    if SOFT:
        P = [p for p in adj[X] if p != F]
        Qf = [q for q in fp if q not in adj[X] and q != X and nodes[q]['cc'] != 'FR']
        if P and Qf:
            D = haversine(COORD[[INDEX[p] for p in P]], COORD[[INDEX[q] for q in Qf]])
            soft = [S(np.exp(-D / 50).sum()), S(np.exp(-D / 150).sum() / 3)]
        else:
            soft = [0.0, 0.0]
    prof = []
    if PROFILE:
        fpd = [math.log(km(F, p) + 10) for p in fp if nodes[p]['cc'] != 'FR']
        fpp = [math.log10(nodes[p]['pop']) for p in fp if nodes[p]['cc'] != 'FR' and nodes[p]['pop']]
        xpd = [math.log(km(X, p) + 10) for p in adj[X] if nodes[p]['cc'] == 'FR']
        ld = math.log(d + 10)
        prof = [abs(ld - np.mean(fpd)) if fpd else 0.0, abs(lx - np.mean(fpp)) if fpp else 0.0, abs(ld - np.mean(xpd)) if xpd else 0.0, float(np.std(fpd)) if len(fpd) > 1 else 0.0]
    return [math.log1p(n_for), n_c == 0, math.log1p(n_c), S(aa), aa > 0, d / 1000, math.log(d + 10), size, abs(lp - lx), lp, lp * lx, pf is None,
            S(sum(math.exp(-k / 150) for k in near)), S(sum(math.exp(-k / 800) for k in near)), profile, S(region), S(continent / 3),
            ldx * math.log1p(n_for), S(fr_x), pdeg, abs(pdeg - ldx)] + geo + soft + prof


def haversine(A, B):
    """Pairwise great-circle km between rows of A and B ([lat, lng] degrees)."""
    a, b = np.radians(A)[:, None, :], np.radians(B)[None, :, :]
    h = np.sin((b[..., 0] - a[..., 0]) / 2) ** 2 + np.cos(a[..., 0]) * np.cos(b[..., 0]) * np.sin((b[..., 1] - a[..., 1]) / 2) ** 2
    return 12742 * np.arcsin(np.minimum(1, np.sqrt(h)))


INDEX = {q: i for i, q in enumerate(sorted(nodes))}
COORD = np.array([[nodes[q]['lat'], nodes[q]['lng']] for q in sorted(nodes)])


def personalised_pagerank(adj, seekers, restart):
    """Columns: the PageRank of every node for a walk restarting at each seeker (30 power iterations)."""
    rows = [INDEX[a] for a in adj for _ in adj[a]]
    cols = [INDEX[b] for a in adj for b in adj[a]]
    A = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(INDEX), len(INDEX)))
    deg = np.asarray(A.sum(1)).ravel()
    P = sp.diags(np.where(deg > 0, 1 / np.maximum(deg, 1), 0)) @ A
    E = np.zeros((len(INDEX), len(seekers)))
    E[[INDEX[x] for x in seekers], np.arange(len(seekers))] = 1
    R, v = restart * E, E
    for _ in range(30):
        v = (1 - restart) * (P.T @ v)
        R = R + restart * v
    return R, deg


def queries(seed, folds=5):
    order = np.random.default_rng(seed).permutation(len(pairs))
    out = []
    for k in range(folds):
        held = sorted({pairs[i] for i in order[k::folds]})
        adj = collections.defaultdict(set)
        for a, b in links:
            if (a, b) not in held and (b, a) not in held:
                adj[a].add(b)
                adj[b].add(a)
        pprs = [personalised_pagerank(adj, [X for _, X in held], r) for r in (0.15, 0.5)] if PPR else []
        for j, (F, X) in enumerate(held):
            candidates = [c for c in french if c not in adj[X]]
            M = [features(X, c, adj) + [f(R[INDEX[c], j], deg[INDEX[c]]) for R, deg in pprs for f in (lambda p, d: math.log(1e-9 + p), lambda p, d: math.log(1e-9 + p * max(d, 1)))] for c in candidates]
            out.append((np.array(M, dtype=float), candidates.index(F), np.array([len(adj[c]) for c in candidates], dtype=float), k))
    return out


def ranks(scores_of, Q):
    r = np.array([rank_of(scores_of(M, deg), i) for M, i, deg, _ in Q])
    return summary(r)


def rank_of(s, i):
    """Rank of candidate i (ties share the average rank)."""
    return (s > s[i] + 1e-12).sum() + ((np.abs(s - s[i]) <= 1e-12).sum() + 1) / 2


def summary(r):
    r = np.asarray(r)
    return f'recall@10 {(r <= 10).mean():.3f}  recall@50 {(r <= 50).mean():.3f}  MRR {(1 / r).mean():.3f}'


def nll(w, Q, l2=0.01):
    t = 0.0
    for M, i, *_ in Q:
        s = M @ w
        m = s.max()
        t -= s[i] - m - np.log(np.exp(s - m).sum())
    return t / len(Q) + l2 * (w @ w)


seeds = [1, 2, 3]
Qs = {s: queries(s) for s in seeds}
if CV:
    from sklearn.ensemble import HistGradientBoostingClassifier
    for sd in seeds:
        got = collections.defaultdict(list)
        for k in range(5):
            train, test = [q for q in Qs[sd] if q[3] != k], [q for q in Qs[sd] if q[3] == k]
            stacked = np.vstack([q[0] for q in train])
            mu, sd_ = stacked.mean(0), stacked.std(0) + 1e-9
            z = lambda M: (M - mu) / sd_
            w = minimize(lambda w: nll(w, [(z(M), i) for M, i, *_ in train]), np.zeros(len(NAMES)), method='L-BFGS-B').x
            labels = np.concatenate([np.arange(len(M)) == i for M, i, *_ in train])
            trees = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=8, min_samples_leaf=40, l2_regularization=1.0, random_state=0).fit(stacked, labels)
            for M, i, deg, _ in test:
                a, b = z(M) @ w, np.log(trees.predict_proba(M)[:, 1] + 1e-9)
                std = lambda v: (v - v.mean()) / (v.std() + 1e-9)
                for name, s_ in (('logit', a), ('trees', b), ('blend', std(a) + std(b)), ('popularity', deg)):
                    got[name].append(rank_of(s_, i))
        print(f'seed {sd}, 5-fold cross-validation: ' + '  |  '.join(f'{name} {summary(r)}' for name, r in got.items()), flush=True)
    sys.exit(0)
w = minimize(lambda w: nll(w, Qs[seeds[0]]), np.zeros(len(NAMES)), method='L-BFGS-B').x
print('fitted on the folds of seed', seeds[0])
for name, v in sorted(zip(NAMES, w), key=lambda t: -abs(t[1])):
    print(f'  {v:+.2f}  {name}')
for s in seeds:
    print(f'seed {s}: learned {ranks(lambda M, d: M @ w, Qs[s])}  |  popularity {ranks(lambda M, d: d, Qs[s])}')
