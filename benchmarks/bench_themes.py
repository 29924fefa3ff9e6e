"""Benchmark of socinno_lit's themes: do dominant themes recover where records came from?

Joins real exports from different fields (../shared/data), fits themes, and reports:

* NMI between dominant theme and source with ``n_themes`` = number of sources;
* purity of the themes with ``n_themes="auto"`` (and the chosen number, and its curve);
* topic coherence (NPMI of each theme's top ten words, by co-occurrence in the records);
* on corpora of one field, the share of the largest theme at the automatic number of themes;
* the same for plain scikit-learn NMF on TF-IDF, for NMF with sublinear tf, and for litstudy 1.0.6's NMF run on the
  same records in the same run (litstudy needs bibtexparser 1.x, so it runs in its own
  virtual environment, ``benchmarks/_work/litstudy-venv``, as a separate process);
* determinism (two fits with the same seed, compared byte for byte);
* the time to fit 20,000 real abstracts (domain exports replicated with fresh keys) with
  a fixed number of themes and with ``"auto"``.

Run from the project root::

    python3 benchmarks/bench_themes.py            # everything (about 10 minutes)
    python3 benchmarks/bench_themes.py --quick    # no litstudy, no 20,000-record run

Results are printed as Markdown and written to ``benchmarks/_work/bench_themes.json``.
This file doubles as the litstudy child script (``--litstudy-child SPEC``): in that mode
it imports only the standard library and litstudy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT.parent / "shared" / "data"
WORK = PROJECT / "benchmarks" / "_work"
VENV = WORK / "litstudy-venv"

# The mix of the issue: five fields, one label per source group.
MIXES: dict[str, dict[str, list[str]]] = {
    "five fields (Scopus OR)": {
        "social entrepreneurship": ["domain/scopus_social_entrepreneurship.bib"],
        "policy diffusion": ["domain/scopus_policy_diffusion.bib"],
        "health economics": ["formats/wos_healthecon_part1.bib", "formats/wos_healthecon_part2.bib"],
        "operations research": ["formats/scopus_old_dises.bib"],
        "public history": ["formats/zotero_public_history.bib"],
    },
    "five fields (WoS OR)": {
        "social entrepreneurship": ["domain/scopus_social_entrepreneurship.bib"],
        "policy diffusion": ["domain/scopus_policy_diffusion.bib"],
        "health economics": ["formats/wos_healthecon_part1.bib", "formats/wos_healthecon_part2.bib"],
        "operations research": ["formats/wos_dises.bib"],
        "public history": ["formats/zotero_public_history.bib"],
    },
}
MIXES["four fields (WoS health economics RIS)"] = {
    "social entrepreneurship": ["domain/scopus_social_entrepreneurship.bib"],
    "policy diffusion": ["domain/scopus_policy_diffusion.bib"],
    "health economics": ["formats/wos_healthecon_all.ris"],
    "digital government": ["domain/mendeley_digital_government.bib"],
}
# Corpora of one field each: the blob measure (the share of the largest theme).
SINGLE = [
    "domain/scopus_social_entrepreneurship.bib",
    "domain/scopus_policy_diffusion.bib",
    "formats/wos_healthecon_all.ris",
]
DOMAIN = [
    "domain/scopus_social_entrepreneurship.bib",
    "domain/scopus_policy_diffusion.bib",
    "domain/mendeley_digital_government.bib",
    "domain/wos_policy_diffusion.txt",
]


def normalised_title(title: str) -> str:
    """Letters and digits of a title, lower-cased: how records are matched with litstudy's."""
    return re.sub(r"[\W_]+", "", title.lower())


# --- litstudy child (runs under the litstudy virtual environment) ---------------------


def litstudy_child(spec_path: str) -> None:
    """Load the files with litstudy, keep the benchmark's records, run its NMF, print JSON."""
    import litstudy  # noqa: PLC0415 - only available in the child's environment

    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    start = time.perf_counter()
    docs, labels, titles = [], [], []
    for label, path in spec["files"]:
        wanted = set(spec["titles"][label])
        for doc in litstudy.load_bibtex(path):
            title = normalised_title(doc.title or "")
            if title in wanted:
                docs.append(doc)
                labels.append(label)
                titles.append(title)
    loaded = time.perf_counter() - start
    docset = litstudy.DocumentSet(docs)
    start = time.perf_counter()
    corpus = litstudy.build_corpus(docset, ngram_threshold=0.8)  # as litstudy's own example
    built = time.perf_counter() - start
    runs = []
    for k in spec["ks"]:
        start = time.perf_counter()
        model = litstudy.train_nmf_model(corpus, k, seed=0, max_iter=250)
        runs.append(
            {
                "k": k,
                "seconds": time.perf_counter() - start,
                "topics": [int(t) for t in model.best_topic_for_documents()],
                "top_words": [model.best_tokens_for_topic(t, 6) for t in range(k)],
            }
        )
    print(json.dumps({"labels": labels, "titles": titles, "load_s": loaded, "corpus_s": built, "runs": runs}))


# --- helpers for the main process ------------------------------------------------------


def machine() -> dict[str, str]:
    """nproc, CPU model and Python version."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def purity(truth: list[str], clusters: list[int]) -> float:
    """Share of records whose cluster's most common source is their own source."""
    from collections import Counter

    by_cluster: dict[int, Counter[str]] = {}
    for label, cluster in zip(truth, clusters):
        by_cluster.setdefault(cluster, Counter())[label] += 1
    return sum(c.most_common(1)[0][1] for c in by_cluster.values()) / max(1, len(truth))


def nmi(truth: list[str], clusters: list[int]) -> float:
    from sklearn.metrics import normalized_mutual_info_score

    return float(normalized_mutual_info_score(truth, clusters))


def load_mix(groups: dict[str, list[str]]):  # noqa: ANN201 - (Corpus, labels)
    import socinno_lit as sl

    corpus, labels = sl.Corpus(), []
    for label, files in groups.items():
        part = sl.load(*[DATA / f for f in files])
        corpus = corpus + part
        labels += [label] * len(part)
    return corpus, labels


def plain_nmf(corpus, k: int, sublinear: bool = False) -> tuple[list[int], list[list[str]]]:  # noqa: ANN001
    """The reference points of the issue: scikit-learn NMF on TF-IDF, nothing more (and
    the same with sublinear tf); the dominant topic of each record and each topic's top words."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english", min_df=2, sublinear_tf=sublinear)
    X = vectorizer.fit_transform([r.text for r in corpus])
    model = NMF(k, random_state=0, max_iter=400)
    W = model.fit_transform(X)
    words = vectorizer.get_feature_names_out()
    tops = [[str(words[i]) for i in row.argsort()[::-1][:10]] for row in model.components_]
    return W.argmax(axis=1).tolist(), tops


def npmi(topics: list[list[str]], corpus) -> float:  # noqa: ANN001
    """Mean NPMI of the pairs of each topic's top ten words, by co-occurrence in records.

    Every topic's words (phrases split into words) are looked up in the same lower-cased
    word sets of the records, so that our themes and the baselines are scored alike
    (Bouma 2009; pairs that never co-occur score -1).
    """
    import math
    from itertools import combinations

    docs = [set(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", r.text.lower())) for r in corpus]
    n = len(docs)
    scores = []
    for topic in topics:
        words = list(dict.fromkeys(w for term in topic for w in term.lower().split()))[:10]
        has = {w: {i for i, d in enumerate(docs) if w in d} for w in words}
        for a, b in combinations(words, 2):
            pa, pb, pab = len(has[a]) / n, len(has[b]) / n, len(has[a] & has[b]) / n
            if pa == 0 or pb == 0:
                continue
            scores.append(-1.0 if pab == 0 else (1.0 if pab == 1 else math.log(pab / (pa * pb)) / -math.log(pab)))
    return sum(scores) / max(1, len(scores))


def ours_topics(model, n: int = 10) -> list[list[str]]:  # noqa: ANN001
    return [model.themes_.top_terms(t, n) for t in range(model.themes_.n_themes)]


def repeated_words(model) -> int:  # noqa: ANN001
    """Themes whose top ten terms say a word twice (the issue's "no repeated terms")."""
    bad = 0
    for terms in ours_topics(model):
        words = [w for term in terms for w in term.split()]
        bad += len(words) != len(set(words))
    return bad


def bench_single(path: str) -> dict:
    import socinno_lit as sl

    corpus = sl.load(DATA / path)
    model, seconds = fit(corpus, "auto")
    sizes = model.themes_.sizes
    k = model.n_themes_
    plain, plain_tops = plain_nmf(corpus, k)
    sub, sub_tops = plain_nmf(corpus, k, sublinear=True)
    return {
        "file": path, "records": len(corpus), "k": k, "seconds": seconds,
        "largest_share": float(sizes.max() / sizes.sum()), "sizes": sizes.tolist(),
        "largest_share_plain_nmf": max(plain.count(t) for t in set(plain)) / len(plain),
        "largest_share_sublinear_nmf": max(sub.count(t) for t in set(sub)) / len(sub),
        "npmi": {"ours": npmi(ours_topics(model), corpus), "plain_nmf": npmi(plain_tops, corpus),
                 "sublinear_nmf": npmi(sub_tops, corpus)},
        "themes_repeating_a_word": repeated_words(model),
        "labels": list(model.themes_.labels),
    }


def fit(corpus, n_themes):  # noqa: ANN001, ANN201
    import socinno_lit as sl

    start = time.perf_counter()
    model = sl.ThemeModel(n_themes=n_themes, random_state=0).fit(corpus)
    return model, time.perf_counter() - start


def ensure_litstudy(install: bool) -> tuple[Path | None, str]:
    """The litstudy venv's python, creating it if asked; or None and why not."""
    python = VENV / "bin" / "python"
    if not python.exists() and install:
        try:
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True)
            subprocess.run(
                [str(VENV / "bin" / "pip"), "install", "-q", "litstudy==1.0.6", "bibtexparser<2"],
                check=True, capture_output=True, timeout=900,
            )
        except (subprocess.SubprocessError, OSError) as err:
            return None, f"litstudy could not be installed: {err}"
    if not python.exists():
        return None, "litstudy virtual environment missing (run without --no-install)"
    return python, ""


def run_litstudy(python: Path, groups: dict[str, list[str]], corpus, labels, ks):  # noqa: ANN001, ANN201
    titles: dict[str, list[str]] = {}
    for record, label in zip(corpus, labels):
        titles.setdefault(label, []).append(normalised_title(record.title))
    files = [[label, str(DATA / f)] for label, fs in groups.items() for f in fs if f.endswith(".bib")]
    spec = WORK / "litstudy_spec.json"
    spec.write_text(json.dumps({"files": files, "titles": titles, "ks": list(ks)}), encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run(
        [str(python), __file__, "--litstudy-child", str(spec)], capture_output=True, text=True, timeout=3600
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["total_s"] = time.perf_counter() - start
    for run in result["runs"]:
        run["nmi"] = nmi(result["labels"], run["topics"])
        run["purity"] = purity(result["labels"], run["topics"])
    return result


def same_records(corpus, labels, matched_titles):  # noqa: ANN001, ANN201
    """Indices of our records that litstudy also loaded (matched by label and title)."""
    from collections import Counter

    left = Counter(matched_titles)
    keep = []
    for i, (record, label) in enumerate(zip(corpus, labels)):
        key = (label, normalised_title(record.title))
        if left[key] > 0:
            left[key] -= 1
            keep.append(i)
    return keep


def twenty_thousand():  # noqa: ANN201
    import socinno_lit as sl

    base = [r for r in sl.load(*[DATA / f for f in DOMAIN]) if r.abstract]
    records = tuple(base[i % len(base)].replace(key=f"r{i}") for i in range(20000))
    return sl.Corpus(records), len(base)


# --- the benchmark ---------------------------------------------------------------------


def bench_mix(name: str, groups: dict[str, list[str]], litstudy_python: Path | None, why: str) -> dict:
    corpus, labels = load_mix(groups)
    k = len(groups)
    fixed, fixed_s = fit(corpus, k)
    auto, auto_s = fit(corpus, "auto")
    again, _ = fit(corpus, k)
    same = (
        fixed.themes_.weights.tobytes() == again.themes_.weights.tobytes()
        and fixed.themes_.labels == again.themes_.labels
    )
    start = time.perf_counter()
    plain, plain_tops = plain_nmf(corpus, k)
    plain_s = time.perf_counter() - start
    start = time.perf_counter()
    sub, sub_tops = plain_nmf(corpus, k, sublinear=True)
    sub_s = time.perf_counter() - start
    out = {
        "mix": name,
        "records": len(corpus),
        "sources": {g: labels.count(g) for g in groups},
        "ours_fixed": {
            "k": k, "nmi": nmi(labels, fixed.themes_.dominant.tolist()),
            "purity": purity(labels, fixed.themes_.dominant.tolist()), "seconds": fixed_s,
            "labels": list(fixed.themes_.labels), "npmi": npmi(ours_topics(fixed), corpus),
        },
        "ours_auto": {
            "k": auto.n_themes_, "nmi": nmi(labels, auto.themes_.dominant.tolist()),
            "purity": purity(labels, auto.themes_.dominant.tolist()), "seconds": auto_s,
            "curve": dict(zip(auto.selection_.candidates, auto.selection_.scores)),
            "explain": auto.selection_.explain(), "labels": list(auto.themes_.labels),
        },
        "deterministic": same,
        "plain_nmf": {"k": k, "nmi": nmi(labels, plain), "purity": purity(labels, plain), "seconds": plain_s,
                      "npmi": npmi(plain_tops, corpus)},
        "sublinear_nmf": {"k": k, "nmi": nmi(labels, sub), "purity": purity(labels, sub), "seconds": sub_s,
                          "npmi": npmi(sub_tops, corpus)},
    }
    if litstudy_python is None:
        out["litstudy"] = {"error": why}
        return out
    lit = run_litstudy(litstudy_python, groups, corpus, labels, sorted({k, auto.n_themes_}))
    out["litstudy"] = lit
    if "error" not in lit:
        # Our figures on exactly the records litstudy loaded, for a like-for-like reading.
        keep = same_records(corpus, labels, list(zip(lit["labels"], lit["titles"])))
        truth = [labels[i] for i in keep]
        for key, model in (("ours_fixed", fixed), ("ours_auto", auto)):
            dominant = [int(model.themes_.dominant[i]) for i in keep]
            out[key]["same_records"] = {
                "n": len(keep), "nmi": nmi(truth, dominant), "purity": purity(truth, dominant)
            }
        del lit["titles"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip litstudy and the 20,000-record run")
    parser.add_argument("--no-install", action="store_true", help="do not create the litstudy venv")
    parser.add_argument("--litstudy-child", metavar="SPEC", help=argparse.SUPPRESS)
    parser.add_argument("--markdown", action="store_true", help="reprint the last results as Markdown")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(json.loads((WORK / "bench_themes.json").read_text(encoding="utf-8"))))
        return
    if args.litstudy_child:
        litstudy_child(args.litstudy_child)
        return
    sys.path.insert(0, str(PROJECT))
    WORK.mkdir(parents=True, exist_ok=True)
    python, why = (None, "skipped (--quick)") if args.quick else ensure_litstudy(not args.no_install)
    results = {"machine": machine(), "mixes": []}
    for name, groups in MIXES.items():
        results["mixes"].append(bench_mix(name, groups, python, why))
        print(f"done: {name}", file=sys.stderr, flush=True)
    results["single"] = []
    for path in SINGLE:
        results["single"].append(bench_single(path))
        print(f"done: {path}", file=sys.stderr, flush=True)
    if not args.quick:
        corpus, distinct = twenty_thousand()
        speed = {"records": len(corpus), "distinct_abstracts": distinct}
        for n in (10, "auto"):
            model, seconds = fit(corpus, n)
            speed[str(n)] = {"seconds": seconds, "k": model.n_themes_}
        results["speed"] = speed
    (WORK / "bench_themes.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(markdown(results))


def _row(mix: str, n: int, title: str, r: dict, seconds: str) -> str:
    coherence = f"{r['npmi']:.3f}" if "npmi" in r else "-"
    return f"| {mix} | {n} | {title} | {r['k']} | {r['nmi']:.3f} | {r['purity']:.3f} | {coherence} | {seconds} |"


def _litstudy_rows(mix: dict) -> list[str]:
    lit, name = mix["litstudy"], mix["mix"]
    if "error" in lit:
        return [f"| {name} | {mix['records']} | litstudy 1.0.6 NMF | - | - | - | - | {lit['error']} |"]
    rows = []
    for key, title in (("ours_fixed", "socinno_lit, k = sources"), ("ours_auto", "socinno_lit, auto")):
        same = {**mix[key]["same_records"], "k": mix[key]["k"]}
        rows.append(_row(name, same["n"], f"{title}, litstudy's records", same, "-"))
    for run in lit["runs"]:
        spent = f"{run['seconds']:.1f} (+{lit['load_s']:.0f} load, {lit['corpus_s']:.0f} corpus)"
        rows.append(_row(name, len(lit["labels"]), "litstudy 1.0.6 NMF", run, spent))
    return rows


def markdown(results: dict) -> str:
    """The results as the Markdown kept in benchmarks/README.md."""
    m = results["machine"]
    lines = [f"Machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']} ({m['platform']})", ""]
    lines += ["| mix | records | method | k | NMI | purity | NPMI | seconds |", "|---|---|---|---|---|---|---|---|"]
    for mix in results["mixes"]:
        name, n = mix["mix"], mix["records"]
        for title, key in (("socinno_lit, k = sources", "ours_fixed"), ("socinno_lit, auto", "ours_auto"),
                           ("plain scikit-learn NMF", "plain_nmf"), ("NMF, sublinear tf", "sublinear_nmf")):
            lines.append(_row(name, n, title, mix[key], f"{mix[key]['seconds']:.1f}"))
        lines += _litstudy_rows(mix)
    lines.append("")
    means = {key: sum(m[key]["nmi"] for m in results["mixes"]) / len(results["mixes"])
             for key in ("ours_fixed", "plain_nmf", "sublinear_nmf")}
    lines.append(
        f"Mean NMI over {len(results['mixes'])} mixes (k = sources): socinno_lit {means['ours_fixed']:.3f},"
        f" plain NMF {means['plain_nmf']:.3f} ({means['ours_fixed'] - means['plain_nmf']:+.3f}),"
        f" NMF with sublinear tf {means['sublinear_nmf']:.3f} ({means['ours_fixed'] - means['sublinear_nmf']:+.3f})."
    )
    lines += ["", "| single field | records | auto k | largest theme | plain NMF, same k | sublinear NMF, same k"
              " | NPMI ours | NPMI plain | NPMI sublinear | themes repeating a word |", "|---|---|---|---|---|---|---|---|---|---|"]
    for one in results.get("single", []):
        c = one["npmi"]
        lines.append(
            f"| {one['file']} | {one['records']} | {one['k']} | {one['largest_share']:.0%} |"
            f" {one['largest_share_plain_nmf']:.0%} | {one['largest_share_sublinear_nmf']:.0%} |"
            f" {c['ours']:.3f} | {c['plain_nmf']:.3f} | {c['sublinear_nmf']:.3f} | {one['themes_repeating_a_word']} |"
        )
    lines.append("")
    for one in results.get("single", []):
        lines.append(f"- {one['file']}: {'; '.join(one['labels'])}")
    for mix in results["mixes"]:
        same = mix["deterministic"]
        lines.append(f"- {mix['mix']}: two fits with the same seed identical byte for byte: {same}.")
        lines.append(f"  Auto: {mix['ours_auto']['explain']}")
        lines.append(f"  Labels (auto): {'; '.join(mix['ours_auto']['labels'])}")
    if "speed" in results:
        s = results["speed"]
        lines.append(
            f"- {s['records']} records ({s['distinct_abstracts']} distinct real abstracts replicated): "
            f"fixed 10 themes {s['10']['seconds']:.1f} s; "
            f"auto ({s['auto']['k']} themes) {s['auto']['seconds']:.1f} s."
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
