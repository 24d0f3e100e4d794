#!/usr/bin/env python3
"""An inventory shaped like the exports of other tools, for benchmarking kosh.

`kosh generate` writes tidy files: short ascii ids, rows in id order, the
columns in SPEC order. A CMDB or discovery export looks different, and this
generator makes one to keep the benchmark honest:

- ids are UUIDs, Cyrillic names and zero-padded numbers, some cells padded
  with spaces;
- rows are shuffled, columns reordered, two columns kosh does not know;
- every flows cell quoted, CRLF line ends, a BOM, quoted line breaks in notes;
- two hubs that receive 80,000 flows each (for 1,000,000 flows);
- Cyrillic purposes, 8% test and dev systems, retained systems in a
  credit-bureau zone that is approved for personal data only.

The inventory always has a valid plan: every zone but the bureau approves every
class, flows into the bureau carry `personal` only, `after` goes from later to
earlier in one global order, and tight pairs, groups and `after` never mix.

    python3 bench/export_shaped.py --systems 100000 --flows 1000000 --seed 7 --out DIR
"""

import argparse
import csv
import os
import random
import uuid

SOURCE_ZONES = [
    ('dc-almaty-1', 'ЦОД Алматы-1 (банк)', '2030-12-31'),
    ('dc-astana-gov', 'Серверная министерства, Астана', ''),
    ('dc-shymkent', 'Шымкент аймақтық серверлік бөлмесі', '2031-06-30'),
    ('dc-karaganda', 'Karaganda regional DC', ''),
]
TARGET = 'tier3-gov'
BUREAU = 'credit-bureau'
SENSITIVE = 'personal;health;bank_secret'
OWNERS = ['Министерство здравоохранения', 'Qazyna Bank — IT', 'Әкімдік — цифрландыру басқармасы',
          'Sapa Insurance', 'Kazakh Telecom — BSS', 'Министерство финансов — КГД', 'Halyk Scoring LLP']
PURPOSES = ['скоринг', 'страхование', 'интеграция', 'отчётность', 'есептілік', 'репликация', 'audit', 'billing']
CLASSES = ['', '', '', 'personal', 'bank_secret', 'health', 'internal', 'public', 'personal;bank_secret']
BASES = ['consent', 'law', 'contract']
STRATEGIES = ['rehost', 'rehost', 'rehost', 'replatform', 'refactor', 'relocate', 'repurchase']
CRITICALITY = ['low', 'medium', 'medium', 'high', 'critical']


def system_ids(rng, n):
    ids = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            ids.append(str(uuid.UUID(int=rng.getrandbits(128), version=4)))
        elif kind == 1:
            ids.append(f'жүйе-{i:06d}')
        else:
            ids.append(f'SYS-{i:09d}')
    return ids


def write(path, header, rows, quote_all=False):
    with open(path, 'w', encoding='utf-8-sig', newline='') as out:
        writer = csv.writer(out, lineterminator='\r\n', quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--systems', type=int, required=True)
    parser.add_argument('--flows', type=int, required=True)
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    n, m = args.systems, args.flows
    os.makedirs(args.out, exist_ok=True)

    zones = [(zid, name, 'KZ', 'source', SENSITIVE, until) for zid, name, until in SOURCE_ZONES]
    zones.append((TARGET, 'Мемлекеттік Tier-III ДӨО', 'KZ', 'target', SENSITIVE, ''))
    zones.append((BUREAU, 'Кредитное бюро (Алматы)', 'KZ', 'external', 'personal', ''))
    write(os.path.join(args.out, 'zones.csv'), ['id', 'name', 'country', 'role', 'approved_classes', 'approved_until'], zones)

    everywhere = [z[0] for z in SOURCE_ZONES] + [TARGET]
    links = [(a, b, SENSITIVE) for i, a in enumerate(everywhere) for b in everywhere[i + 1:]]
    links += [(BUREAU, z, 'personal') for z in everywhere]
    write(os.path.join(args.out, 'links.csv'), ['zone_a', 'zone_b', 'approved_classes'], links)

    ids = system_ids(rng, n)
    # place 0..n-1 is the global order: `after` only names a smaller place
    retained = set(range(n - max(2, n // 200), n))          # the bureau's systems
    environment = ['prod'] * n
    for i in range(n):
        if i not in retained and rng.random() < 0.08:
            environment[i] = rng.choice(['test', 'dev'])
    group = [''] * n
    tight_free = [True] * n
    after = [''] * n
    grouped_upto = n // 10
    for i in range(0, grouped_upto, 5):                      # groups of five prod systems
        for j in range(i, min(i + 5, grouped_upto)):
            if environment[j] == 'prod':
                group[j] = f'app-{i // 5:05d}'
                tight_free[j] = False
    for i in range(grouped_upto, n):
        if i in retained or environment[i] != 'prod' or rng.random() > 0.1:
            continue
        befores = {rng.randrange(grouped_upto, i) for _ in range(rng.randint(1, 3))} if i > grouped_upto else set()
        befores = [b for b in befores if b not in retained and environment[b] == 'prod']
        if befores:
            after[i] = ';'.join(ids[b] for b in befores)
            tight_free[i] = False
            for b in befores:
                tight_free[b] = False

    systems = []
    for i in range(n):
        is_retained = i in retained
        zone = BUREAU if is_retained else SOURCE_ZONES[i % len(SOURCE_ZONES)][0]
        classes = 'personal' if is_retained else rng.choice(CLASSES)
        row = {
            'id': ids[i] if i % 17 else f'  {ids[i]} ',
            'name': f'Информационная система №{i} «{rng.choice(PURPOSES)}»',
            'owner': rng.choice(OWNERS),
            'zone': zone,
            'target_zone': '' if is_retained or i % 11 else TARGET,
            'classes': classes,
            'storage_gb': f'{rng.random() * 500:.1f}',
            'criticality': rng.choice(CRITICALITY),
            'strategy': 'retain' if is_retained else rng.choice(STRATEGIES),
            'after': after[i],
            'wave': '',
            'group': group[i],
            'environment': environment[i],
            'cmdb_ci': f'CI{rng.getrandbits(40):012x}',
        }
        systems.append(row)
    rng.shuffle(systems)
    system_columns = ['name', 'id', 'zone', 'owner', 'cmdb_ci', 'classes', 'strategy', 'target_zone',
                      'storage_gb', 'criticality', 'environment', 'group', 'after', 'wave']
    write(os.path.join(args.out, 'systems.csv'), system_columns, [[s[c] for c in system_columns] for s in systems])

    hubs = [0, 1]                 # system places: two integration buses
    movable = [i for i in range(n) if i not in retained]
    bureau = sorted(retained)
    hub_share = 80_000 * m // 1_000_000
    flows = []
    tight_pairs = 0
    for k in range(m):
        coupling = 'loose'
        if k < 2 * hub_share:
            source, target = rng.choice(movable), hubs[k % 2]
        elif rng.random() < 0.03:
            source, target = rng.choice(movable), rng.choice(bureau)
        else:
            source = rng.choice(movable)
            # mostly layered: towards smaller places, with a little locality
            span = max(1, min(source, 2000))
            target = source - rng.randint(1, span) if source > 0 and rng.random() < 0.9 else rng.choice(movable)
            if target == source:
                target = (source + 1) % n
            if (target in retained) or target == source:
                target = hubs[k % 2]
            if (tight_pairs < n // 50 and tight_free[source] and tight_free[target]
                    and environment[source] == environment[target] and target not in hubs and source not in hubs):
                coupling = 'tight'
                tight_pairs += 1
        if target in retained:
            classes = 'personal'
        elif source in retained:
            classes = rng.choice(['', 'personal'])
        else:
            classes = rng.choice(CLASSES)
        notes = 'строка 1\nстрока 2' if k % 500 == 0 else ''
        flows.append((
            f'{ids[source]}', f'{ids[target]}', str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            classes, rng.choice(PURPOSES), rng.choice(BASES), coupling, notes, f'obs-{k % 9973}',
        ))
    rng.shuffle(flows)
    write(os.path.join(args.out, 'flows.csv'),
          ['source', 'target', 'id', 'classes', 'purpose', 'legal_basis', 'coupling', 'notes', 'observed_by'],
          flows, quote_all=True)


if __name__ == '__main__':
    main()
