#!/usr/bin/env python3
"""Lists common English words that spelling correction turns into a word of another stem.

Spelling correction corrects any word it does not know to the nearest word of the knowledge
base; it has no general dictionary, so a real word one or two letters from a domain word is
"corrected" ("walking" -> "talking", "unavailable" -> "available"). This script runs the
20,000 most frequent English words (the `wordfreq` package) through `advisor explain` and
prints those whose correction changes the Snowball stem, for `Intents/known-words.yaml`.
Corrections to the same stem ("computers" -> "computer") are harmless and left out.

    pip install wordfreq snowballstemmer
    swift build -c release
    python3 Scripts/known-words.py [--advisor .build/release/advisor] [--top 20000]

Review the list before adding it: a real word that students mostly mistype for a domain word
("manger", "coarse") must stay correctable.
"""
import argparse
import re
import subprocess

import snowballstemmer
import wordfreq


def corrections(advisor, words, chunk=150):
    found = []
    for start in range(0, len(words), chunk):
        text = " ".join(words[start:start + chunk])
        out = subprocess.run([advisor, "explain", "--", text], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("corrections:") and "none" not in line:
                for pair in line.split(":", 1)[1].split(","):
                    if "→" in pair:
                        found.append(tuple(part.strip() for part in pair.split("→")))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advisor", default=".build/release/advisor")
    parser.add_argument("--top", type=int, default=20000)
    args = parser.parse_args()
    # The corrector leaves words of four letters or fewer alone.
    words = [w for w in wordfreq.top_n_list("en", args.top) if re.fullmatch("[a-z]{5,}", w)]
    stemmer = snowballstemmer.stemmer("english")
    changed = sorted({word for word, to in corrections(args.advisor, words) if stemmer.stemWord(word) != stemmer.stemWord(to)})
    print(", ".join(changed))


if __name__ == "__main__":
    main()
