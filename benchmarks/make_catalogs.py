"""Generate synthetic catalogs 10x and 100x the shipped one, for benchmarks only.

    python benchmarks/make_catalogs.py            # writes benchmarks/catalogs/treatments-x10.yaml and -x100.yaml
    python benchmarks/make_catalogs.py --factor 3 # any factor

The shipped catalog is copy 0, unchanged. Each further copy stands for another cancer described
by another set of documents: every record is copied with its own ids, names, aliases, brand names
and sources, and every reference and provenance entry points inside its own copy. The result uses
the same schema and passes `livertx validate`. Its medical content is synthetic: never use it for
anything but measuring speed.
"""

from __future__ import annotations

import argparse
import copy
import random
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "catalogs"
SITES = ["biliary", "pancreatic", "gastric", "colorectal", "renal", "lung", "breast", "ovarian", "thyroid", "bladder",
         "prostate", "cervical", "oesophageal", "skin", "brain", "bone", "head-neck", "uterine", "testicular", "adrenal"]  # fmt: skip
ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "cl",
    "dr",
    "pr",
    "tr",
    "sk",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "eo", "ia"]
CODAS = ["l", "n", "r", "s", "x", "", "m", "v"]
STEMS = {"immune checkpoint inhibitor": "limab", "targeted therapy": "tinib"}


def _syllables(rng: random.Random, count: int) -> str:
    return "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(count)
    )


class Namer:
    """Unique, pronounceable drug and brand names."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def unique(self, make: Any) -> str:
        while True:
            name = make()
            if name not in self.used:
                self.used.add(name)
                return name

    def generic(self, drug_class: str) -> str:
        stem = STEMS.get(drug_class.split(" (")[0], "tinib")
        return self.unique(lambda: _syllables(self.rng, 2) + stem)

    def brand(self) -> str:
        return self.unique(
            lambda: (
                _syllables(self.rng, 2).capitalize()
                + self.rng.choice(["a", "o", "ix", "ra", "eva"])
            )
        )


def make_copy(base: dict[str, Any], index: int, namer: Namer) -> dict[str, Any]:
    """Copy number `index` of every record kind, with its own ids, names and references."""
    site = SITES[(index - 1) % len(SITES)]
    label = f"{site} {index}"
    sfx = f"-c{index}"
    data = copy.deepcopy(base)

    def rid(ident: str) -> str:
        return ident + sfx

    def prov(items: list[dict[str, str]] | None) -> None:
        for p in items or ():
            p["source"] = rid(p["source"])

    def statements(items: list[dict[str, Any]] | None) -> None:
        for st in items or ():
            prov(st.get("provenance"))

    for s in data["sources"]:
        s["id"] = rid(s["id"])
        s["title"] = f"{s['title']} [{label}]"
    for st in data["stages"]:
        st["id"] = rid(st["id"])
        st["name"] = f"{st['name']} ({label})"
        st["aliases"] = [f"{a} {label}" for a in st.get("aliases", [])]
        st["includes"] = [rid(i) for i in st.get("includes", [])]
        prov(st.get("provenance"))
        statements(st.get("notes"))
    for m in data["modalities"]:
        m["id"] = rid(m["id"])
        m["name"] = f"{m['name']} ({label})"
        m["aliases"] = [f"{a} {label}" for a in m.get("aliases", [])]
        if "parent" in m:
            m["parent"] = rid(m["parent"])
        m["related"] = [rid(r) for r in m.get("related", [])]
        prov(m.get("provenance"))
        for group in ("how_it_works", "who_for", "side_effects", "limits", "notes", "statuses"):
            statements(m.get(group))
    renamed: dict[str, str] = {}
    for d in data["drugs"]:
        new = namer.generic(d["class"])
        renamed[d["name"]] = new
        d["id"] = rid(d["id"])
        d["name"] = new
        d["modality"] = rid(d["modality"])
        d["brands"] = [namer.brand() for _ in d.get("brands", [])]
        if d.get("salt_forms"):
            d["salt_forms"] = [
                f"{new} {salt.split()[-1]}" if " " in salt else f"{new}-s-malate"
                for salt in d["salt_forms"]
            ]
        if d.get("short_forms"):
            d["short_forms"] = [f"{new[:5]}{index}"]
        if d.get("synonyms"):
            d["synonyms"] = [
                namer.unique(lambda: _syllables(namer.rng, 3) + "nib") for _ in d["synonyms"]
            ]
        for sp in d.get("source_spellings", []):
            sp["text"] = f"{new[:-3].capitalize()}umab"
            prov(sp.get("provenance"))
        prov(d.get("provenance"))
        statements(d.get("notes"))
    for r in data["regimens"]:
        r["id"] = rid(r["id"])
        for c in r["components"]:
            for k in c:
                c[k] = rid(c[k])
        names = [renamed.get(w, w) for w in r["name"].split(" ")]
        r["name"] = " ".join(names) + ("" if len(r["components"]) == 1 else f" ({label})")
        r["aliases"] = [f"{a} {label}" for a in r.get("aliases", [])]
        prov(r.get("provenance"))
        statements(r.get("notes"))
    for o in data["stage_options"]:
        o["id"] = rid(o["id"])
        o["stages"] = [rid(s) for s in o.get("stages", [])]
        o["situations"] = [rid(s) for s in o.get("situations", [])]
        for k in o["option"]:
            o["option"][k] = rid(o["option"][k])
        prov(o.get("provenance"))
    for c in data["caveats"]:
        c["id"] = rid(c["id"])
        for key, ids in c["applies_to"].items():
            c["applies_to"][key] = [rid(i) for i in ids]
        statements(c.get("statements"))
    return data


def build(factor: int) -> dict[str, Any]:
    base = yaml.safe_load((ROOT / "data" / "treatments.yaml").read_text(encoding="utf-8"))
    out = copy.deepcopy(base)
    out["version"] = f"{base['version']}-synthetic-x{factor}"
    namer = Namer(seed=factor)
    namer.used.update(d["name"] for d in base["drugs"])
    for index in range(1, factor):
        part = make_copy(base, index, namer)
        for key in (
            "sources",
            "stages",
            "modalities",
            "drugs",
            "regimens",
            "stage_options",
            "caveats",
        ):
            out[key].extend(part[key])
    return out


def write(factor: int, out: Path = OUT) -> Path:
    out.mkdir(exist_ok=True)
    path = out / f"treatments-x{factor}.yaml"
    header = "# Synthetic catalog for benchmarks only, generated by benchmarks/make_catalogs.py. Not medical content.\n"
    path.write_text(
        header + yaml.safe_dump(build(factor), sort_keys=False, allow_unicode=True, width=120),
        encoding="utf-8",
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--factor",
        type=int,
        action="append",
        help="size as a multiple of the shipped catalog (default: 10 and 100)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=OUT,
        help=f"directory to write to (default: {OUT.relative_to(ROOT)})",
    )
    args = parser.parse_args()
    for factor in args.factor or [10, 100]:
        print(write(factor, args.out))


if __name__ == "__main__":
    main()
