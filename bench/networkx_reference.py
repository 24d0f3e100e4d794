#!/usr/bin/env python3
"""Reference for kosh's benchmark: what a short networkx script does with the same files.

Only load + graph + strongly connected components + condensation + topological
generations: far less than `kosh plan` (no validation, classification, rules,
verification or export). kosh's target is to do all of its work in less than
half the time this takes. Needs networkx (Debian: apt-get install python3-networkx).

usage: networkx_reference.py INVENTORY_DIR
"""
import csv
import sys
import time

import networkx as nx


def main(folder: str) -> None:
    started = time.perf_counter()
    graph = nx.DiGraph()
    with open(f"{folder}/systems.csv", newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            graph.add_node(row["id"])
            for dependency in filter(None, (row.get("after") or "").split(";")):
                graph.add_edge(dependency.strip(), row["id"])
    with open(f"{folder}/flows.csv", newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            graph.add_edge(row["source"], row["target"])
    condensed = nx.condensation(graph)
    generations = list(nx.topological_generations(condensed))
    elapsed = time.perf_counter() - started
    print(f"nodes={graph.number_of_nodes()} edges={graph.number_of_edges()} "
          f"components={condensed.number_of_nodes()} generations={len(generations)} seconds={elapsed:.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
