#!/usr/bin/env python3
"""A bare inventory, as a short script would write one, for benchmarking kosh.

`kosh generate` and export_shaped.py write inventories that are in good order:
few findings, dependencies mostly layered. This one is what a quick script
gives, and it finds the costs those two leave out:

- only the columns kosh requires, plus classes and storage_gb: short rows
  (about 33 bytes a flow), no purpose, no legal basis;
- flows between random systems, nine in ten from lower to higher id, so most
  systems sit in one strongly connected component and move in one wave;
- most flows carry a sensitive class between different owners with no legal
  basis: an R4 finding for about two flows in three;
- with `--violations`, the old zones approve only part of what their systems
  hold and their link only public and internal data: a present violation for
  most systems and sensitive flows, every one removed by the move.

The plan is always valid: the target zone, and its links, approve every class.

    python3 bench/bare_shaped.py --systems 100000 --flows 1000000 --seed 1 --out DIR
"""

import argparse
import os
import random

ALL = 'public;internal;personal;health;bank_secret'
CLASSES = ['', 'personal', 'health', 'bank_secret', 'public', 'internal']


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--systems', type=int, required=True)
    parser.add_argument('--flows', type=int, required=True)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--violations', action='store_true', help='old zones and their link approve less than they hold')
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    n, m = args.systems, args.flows
    os.makedirs(args.out, exist_ok=True)

    old_a, old_b, between = ('public;internal;personal', 'public;internal;health', 'public;internal') if args.violations else (ALL, ALL, ALL)
    with open(os.path.join(args.out, 'zones.csv'), 'w', newline='') as f:
        f.write('id,name,country,role,approved_classes\n')
        f.write(f'dc-a,Old DC A,KZ,source,{old_a}\n')
        f.write(f'dc-b,Old DC B,KZ,source,{old_b}\n')
        f.write(f'tier3,Tier III,KZ,target,{ALL}\n')
    with open(os.path.join(args.out, 'links.csv'), 'w', newline='') as f:
        f.write('zone_a,zone_b,approved_classes\n')
        f.write(f'dc-a,dc-b,{between}\n')
        f.write(f'dc-a,tier3,{ALL}\n')
        f.write(f'dc-b,tier3,{ALL}\n')
    with open(os.path.join(args.out, 'systems.csv'), 'w', newline='') as f:
        f.write('id,name,owner,zone,classes,storage_gb\n')
        for i in range(n):
            f.write(f'S{i:06d},System {i},Owner {i % 50},{"dc-a" if i % 2 else "dc-b"},{rng.choice(CLASSES)},{rng.randint(1, 500)}\n')
    with open(os.path.join(args.out, 'flows.csv'), 'w', newline='') as f:
        f.write('id,source,target,classes\n')
        for j in range(m):
            a, b = rng.randrange(n), rng.randrange(n)
            if rng.random() < 0.9 and a > b:
                a, b = b, a
            f.write(f'F{j:07d},S{a:06d},S{b:06d},{rng.choice(CLASSES)}\n')


if __name__ == '__main__':
    main()
