#!/usr/bin/env python3
"""An inventory shaped like a national CMDB, for benchmarking kosh.

Written from the inventory format alone, as another team's tool would write
one, it finds the costs the other generators here leave out:

- a dozen source server rooms that approve only some classes, a foreign cloud
  zone, external zones holding retained systems, waivers and datasets;
- 30% of flows with empty classes, which carry everything their source holds:
  classes spread along the dependencies until most systems hold most classes,
  so most systems and flows have a violation present today (about 900,000 at
  100,000 systems / 1,000,000 flows), every one removed by the move;
- a fifth to a half of the sensitive flows between owners with no legal basis;
- `--style messy`: a BOM, CRLF, every cell quoted, rows shuffled, columns
  reordered, UUID ids; `--style many-violations`: legacy zones and their links
  approve even less.

    python3 bench/cmdb_shaped.py --systems 100000 --flows 1000000 --seed 1 --out DIR [--style messy]

Feasibility by construction (SPEC section 5):
  * the single target zone 'tier3' approves every sensitive class and has a link
    approving every sensitive class to every other zone, so moving any system to
    tier3 never creates a new violation;
  * retained systems sit in tier3 or in an external KZ zone approving every
    sensitive class (external zones are linked to each other and to tier3 with all
    classes); retained/retired systems take part in no after/group/tight/pin;
  * `after` only names systems with a smaller index; systems having or named in
    an `after` are never pinned, grouped or tight-coupled;
  * groups are contiguous runs of 2-6 systems with one environment;
  * tight flows join two prod systems outside any after/group/pin;
  * pins (wave 1-3) only on prod systems with no after/group/tight.
"""
import argparse
import csv
import os
import random
import sys
import time

SENSITIVE = "personal;health;bank_secret"

# ----------------------------------------------------------------------------
# vocabularies
# ----------------------------------------------------------------------------
REGIONS = ["Астана", "Алматы", "Шымкент", "Қарағанды", "Актобе", "Атырау", "Павлодар",
           "Өскемен", "Қостанай", "Тараз", "Түркістан", "Семей", "Кокшетау", "Орал"]

LEGACY_ZONES = [
    ("ast-mz-sr", "Серверная МЗ РК, Астана", "Астана"),
    ("ala-ktc-dc1", "Kazakhtelecom DC-1, Almaty", "Алматы"),
    ("ala-halyk-dc", 'ЦОД АО "Народный банк", Алматы', "Алматы"),
    ("shym-akimat-sr", "Шымкент қаласы әкімдігінің серверлік бөлмесі", "Шымкент"),
    ("krg-filial-sr", "Серверная Карагандинского филиала", "Қарағанды"),
    ("ast-mf-sr", "Серверная Министерства финансов, Астана", "Астана"),
    ("ast-nit-dc", "ЦОД АО «НИТ» (старый корпус)", "Астана"),
    ("ala-kaspi-dc", "Kaspi legacy DC, Almaty", "Алматы"),
    ("akt-oblzdrav-sr", "Ақтөбе облыстық денсаулық сақтау басқармасы, серверлік", "Актобе"),
    ("pvl-sr", "Pavlodar regional server room", "Павлодар"),
    ("atr-sr", "Серверная ТОО \"АтырауИнформ\"", "Атырау"),
    ("ukg-sr", "Өскемен серверлік бөлмесі №2", "Өскемен"),
]
EXTERNAL_ZONES = [
    ("ext-egov", "Шлюз электронного правительства (ШЭП)", "Астана"),
    ("ext-nbrk", "National Bank of Kazakhstan, interbank network", "Алматы"),
]
FOREIGN_ZONES = [
    ("aws-fra", "AWS eu-central-1 (Frankfurt)", "DE", "Frankfurt"),
    ("yc-ru-central1", "Yandex Cloud ru-central1", "RU", "Москва"),
    ("azure-weu", "Azure West Europe, Amsterdam", "NL", "Amsterdam"),
]

KINDS = ["АИС", "ИС", "Информационная система", "Подсистема", "Портал", "Реестр",
         "База данных", "ААЖ", "Ақпараттық жүйе", "Тізілім", "Дерекқор",
         "Core", "Portal", "Registry", "Gateway", "Data Mart", "CRM", "Billing", "Service"]
SUBJECTS = ["Электронное здравоохранение", "Государственные закупки", "Налоговое администрирование",
            "Социальные выплаты", "Земельный кадастр", "Регистр прикреплённого населения",
            "Учёт пациентов", "Кредитный конвейер", "Скоринг", "Документооборот",
            "Е-лицензирование", "Миграционный учёт", "Пенсионные накопления", "Казначейство",
            "Денсаулық сақтау", "Мемлекеттік сатып алу", "Салық әкімшілендіру",
            "Әлеуметтік төлемдер", "Жер кадастры", "Білім беру", "Халықты тіркеу",
            "Зейнетақы", "Қазынашылық", "Retail Loans", "Cards Processing", "AML Monitoring",
            "HR", "Payroll", "Treasury", "Customer 360", "Fraud Detection", "Mobile Banking",
            "Document Management", "Lab Results", "Telemedicine", "Deposits"]
QUALIFIERS = ["модуль 2", "филиал Алматы", "backend", "front office", "архив", "тест-контур",
              "ETL", "API", "отчётность", "есептілік", "legacy", "v2"]

ORG_BASES = [
    "Министерство здравоохранения РК", "Министерство финансов РК",
    "Министерство труда и социальной защиты населения РК",
    "Министерство цифрового развития, инноваций и аэрокосмической промышленности РК",
    "Комитет государственных доходов", 'АО "Национальные информационные технологии"',
    'НАО "Государственная корпорация "Правительство для граждан""',
    'АО "Народный Банк Казахстана"', 'АО "Kaspi Bank"', 'АО "Банк ЦентрКредит"',
    'АО "Казпочта"', 'РГП "Республиканский центр электронного здравоохранения"',
    "ҚР Денсаулық сақтау министрлігі", "ҚР Қаржы министрлігі", "ҚР Оқу-ағарту министрлігі",
    '"Азаматтарға арналған үкімет" мемлекеттік корпорациясы', "ҚР Ішкі істер министрлігі",
    "Halyk Bank", "Kaspi Bank", "Bank CenterCredit", "Freedom Bank Kazakhstan",
    "Kazakhtelecom", "National Bank of Kazakhstan", "KEGOC", "Samruk-Kazyna", "Air Astana",
    "Eurasian Bank", "Jusan Bank", "ForteBank",
]
DEPTS = ["ДИТ", "Департамент ИТ", "Управление цифровизации", "Служба безопасности",
         "Департамент рисков", "Бэк-офис", "АТ департаменті", "Цифрландыру басқармасы",
         "IT Department", "Risk", "Operations", "Data Office", "Retail", "Treasury"]

CLASS_SETS = [  # (declared classes, weight)
    ("", 8), ("public", 8), ("internal", 10), ("public;internal", 3),
    ("personal", 22), ("internal;personal", 8), ("personal;bank_secret", 10),
    ("bank_secret", 6), ("health", 9), ("personal;health", 5),
    ("internal;health", 3), ("personal;health;bank_secret", 2), ("health;bank_secret", 1),
]
CRITICALITY = [("low", 20), ("medium", 45), ("high", 25), ("critical", 10)]
MOVE_STRATEGIES = [("rehost", 84), ("replatform", 7), ("refactor", 4), ("relocate", 3),
                   ("repurchase", 2)]
PURPOSES = ["scoring", "insurance", "reporting", "billing", "AML", "identity verification",
            "статистика", "есептілік", "медицинская помощь", "әлеуметтік төлем",
            "кредитование", "payroll", "analytics", "notification", ""]
PROTOCOLS = ["https", "soap", "jdbc", "sftp", "ibm-mq", "kafka", "rest", "smb"]
DS_COLUMNS = {  # class -> [(column, evidence)]
    "personal": [("iin", "iin-checksum"), ("fio", "column-name"), ("phone", "kz-phone"),
                 ("email", "email"), ("тегі", "column-name"), ("аты_жөні", "column-name"),
                 ("иин", "iin-checksum")],
    "health": [("diagnosis_icd10", "icd10"), ("диагноз", "column-name"), ("мкб10", "icd10")],
    "bank_secret": [("iban", "kz-iban"), ("card_pan", "luhn"), ("счет", "kz-iban"),
                    ("остаток", "column-name"), ("bin", "bin-checksum")],
    "internal": [("dept_code", "column-name"), ("note", "column-name")],
    "public": [("title", "column-name")]}


def weighted(rng, pairs):
    """Return a function drawing from (value, weight) pairs quickly."""
    vals = [v for v, _ in pairs]
    cum = []
    t = 0
    for _, w in pairs:
        t += w
        cum.append(t)
    import bisect
    br = bisect.bisect_right
    r = rng.random
    total = float(t)
    n = len(vals) - 1

    def draw():
        i = br(cum, r() * total)
        return vals[i if i <= n else n]
    return draw


def make_uuid(rng):
    v = rng.getrandbits(128)
    v = (v & ~(0xF000 << 64)) | (0x4000 << 64)          # version 4
    v = (v & ~(0xC000 << 48)) | (0x8000 << 48)          # variant
    h = "%032x" % v
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


# ----------------------------------------------------------------------------
# writer
# ----------------------------------------------------------------------------
class Out:
    def __init__(self, outdir, style, rng):
        self.outdir = outdir
        self.messy = style == "messy"
        self.rng = rng

    def write(self, name, header, rows, shuffle=False):
        path = os.path.join(self.outdir, name)
        tmp = path + ".tmp"
        enc = "utf-8-sig" if self.messy else "utf-8"
        perm = None
        if self.messy:
            perm = list(range(len(header)))
            while len(perm) > 1 and perm == sorted(perm):
                self.rng.shuffle(perm)
            header = [header[i] for i in perm]
            if shuffle and isinstance(rows, list):
                self.rng.shuffle(rows)
        with open(tmp, "w", encoding=enc, newline="") as f:
            w = csv.writer(f, lineterminator="\r\n" if self.messy else "\n",
                           quoting=csv.QUOTE_ALL if self.messy else csv.QUOTE_MINIMAL)
            w.writerow(header)
            if perm is None:
                if isinstance(rows, list):
                    w.writerows(rows)
                else:
                    for chunk in rows:
                        w.writerows(chunk)
            else:
                if isinstance(rows, list):
                    rows = [rows]
                for chunk in rows:
                    w.writerows([[r[i] for i in perm] for r in chunk])
        os.replace(tmp, path)


# ----------------------------------------------------------------------------
# generation
# ----------------------------------------------------------------------------
def gen(n_sys, n_flows, seed, outdir, style, extras):
    rng = random.Random("kosh-gen/%d/%s" % (seed, style))
    # separate stream for messy-only permutations, so content is comparable
    out = Out(outdir, style, random.Random("kosh-gen-layout/%d" % seed))
    messy = style == "messy"
    mv = style == "many-violations"
    R = rng.random
    RI = rng.randrange

    # ---------------- zones ----------------
    n_leg = rng.randint(3, 11)
    n_ext = rng.randint(1, 2)
    legacy = rng.sample(LEGACY_ZONES, n_leg)
    externals = EXTERNAL_ZONES[:n_ext]
    foreign = FOREIGN_ZONES[RI(len(FOREIGN_ZONES))]
    zone_rows = [["tier3", "Государственный ЦОД Tier III (ГТО), Астана", "KZ", "target",
                  SENSITIVE, "", "Астана"]]
    leg_appr = {}
    for zid, zname, city in legacy:
        if mv:
            appr = rng.choice(["", "", "personal", "health", "bank_secret"])
        else:
            cl = []
            if R() < 0.75:
                cl.append("personal")
            if R() < 0.35:
                cl.append("health")
            if R() < 0.35:
                cl.append("bank_secret")
            appr = ";".join(cl)
        leg_appr[zid] = appr
        until = ""
        if R() < 0.4:
            until = "%d-%02d-%02d" % (rng.randint(2028, 2030), rng.randint(1, 12), 28)
        zone_rows.append([zid, zname, "KZ", "source", appr, until, city])
    for zid, zname, city in externals:
        zone_rows.append([zid, zname, "KZ", "external", SENSITIVE, "", city])
    zone_rows.append([foreign[0], foreign[1], foreign[2], "source", "public;internal", "",
                      foreign[3]])
    out.write("zones.csv", ["id", "name", "country", "role", "approved_classes",
                            "approved_until", "city"], zone_rows)

    # ---------------- links ----------------
    channels = ["ЕТС ГО", "VPN", "MPLS", "dark fibre", "IPsec"]
    link_rows = []
    for z in zone_rows[1:]:
        link_rows.append(["tier3", z[0], SENSITIVE, rng.choice(channels)])
    for i in range(len(legacy)):
        for j in range(i + 1, len(legacy)):
            if R() < 0.45:
                if mv:
                    appr = "public;internal"
                else:
                    cl = [c for c in ("personal", "health", "bank_secret")
                          if R() < (0.6 if c == "personal" else 0.3)]
                    appr = ";".join(cl) if cl else "public;internal"
                link_rows.append([legacy[i][0], legacy[j][0], appr, rng.choice(channels)])
    for zid, _, _ in legacy:
        for eid, _, _ in externals:
            if R() < 0.5:
                appr = "public;internal" if mv else rng.choice(["personal", "personal;bank_secret",
                                                                 "internal", SENSITIVE])
                link_rows.append([zid, eid, appr, "ШЭП"])
    if len(externals) == 2:
        link_rows.append([externals[0][0], externals[1][0], SENSITIVE, "ШЭП"])
    out.write("links.csv", ["zone_a", "zone_b", "approved_classes", "channel"], link_rows,
              shuffle=True)

    # ---------------- owners ----------------
    owners = []
    seen = set()
    fmts = 0
    while len(owners) < 300 and fmts < 100000:
        fmts += 1
        k = R()
        if k < 0.15:
            o = rng.choice(ORG_BASES)
        elif k < 0.55:
            o = "%s, %s" % (rng.choice(ORG_BASES), rng.choice(DEPTS))
        elif k < 0.75:
            o = "%s (%s)" % (rng.choice(DEPTS), rng.choice(ORG_BASES))
        elif k < 0.88:
            o = rng.choice(["Акимат г. %s", "%s облысының әкімдігі", "Akimat of %s",
                            "Управление здравоохранения, %s"]) % rng.choice(REGIONS)
        else:
            o = "%s, %s, %s" % (rng.choice(ORG_BASES), rng.choice(DEPTS), rng.choice(REGIONS))
        if o not in seen:
            seen.add(o)
            owners.append(o)
    n_own = len(owners)

    # ---------------- systems: attributes ----------------
    N = n_sys
    width = max(6, len(str(N)))
    if messy:
        sid = [make_uuid(rng) for _ in range(N)]
    else:
        sid = ["IS-%0*d" % (width, i + 1) for i in range(N)]

    draw_cls = weighted(rng, CLASS_SETS)
    draw_crit = weighted(rng, CRITICALITY)
    draw_move = weighted(rng, MOVE_STRATEGIES)
    leg_w = [(z[0], rng.choice([1, 2, 3, 5, 8])) for z in legacy]
    draw_leg = weighted(rng, leg_w)
    ext_ids = [e[0] for e in externals]

    strategy = [""] * N
    zone = [""] * N
    env = ["prod"] * N
    owner = [0] * N
    classes = [""] * N
    free = [True] * N   # eligible for after/group/tight/pin (moving, not retired)
    cur_owner = RI(n_own)
    for i in range(N):
        u = R()
        if u < 0.015:
            strategy[i] = "retain"
            zone[i] = "tier3" if R() < 0.6 else ext_ids[RI(len(ext_ids))]
            free[i] = False
        else:
            if u < 0.035:
                strategy[i] = "retire"
                free[i] = False
            else:
                strategy[i] = draw_move()
            zone[i] = foreign[0] if R() < 0.03 else draw_leg()
        e = R()
        env[i] = "prod" if e < 0.9 else ("test" if e < 0.96 else "dev")
        if R() < 0.3:   # owners come in runs of related systems
            cur_owner = int(n_own * (R() ** 1.7))   # skewed: a few big owners
        owner[i] = cur_owner
        classes[i] = draw_cls()

    # groups: contiguous runs of 2-6 free systems, one environment (~3% of systems)
    group = [""] * N
    target_members = int(N * 0.03)
    members = 0
    gno = 0
    tries = 0
    while members < target_members and tries < N and N >= 2:
        tries += 1
        size = rng.randint(2, 6)
        start = RI(max(1, N - size))
        idx = list(range(start, min(N, start + size)))
        if len(idx) < 2 or any(not free[j] or group[j] for j in idx):
            continue
        gno += 1
        gname = "APP-%04d" % gno if not messy else "app:%s" % rng.choice(SUBJECTS)[:12] + "-%d" % gno
        genv = "prod" if R() < 0.85 else rng.choice(["test", "dev"])
        for j in idx:
            group[j] = gname
            env[j] = genv
        members += len(idx)

    # after: ~5% of free non-group systems name 1-3 earlier free non-group systems
    after = [""] * N
    in_after = [False] * N
    pool = []      # indexes eligible to be named, in increasing order
    for i in range(N):
        if not free[i] or group[i]:
            continue
        if pool and R() < 0.05:
            k = 1 if R() < 0.6 else rng.randint(2, 3)
            picks = []
            for _ in range(k):
                if R() < 0.5:
                    j = pool[max(0, len(pool) - 1 - RI(min(len(pool), 50)))]
                else:
                    j = pool[RI(len(pool))]
                if j not in picks:
                    picks.append(j)
            after[i] = ";".join(sid[j] for j in picks)
            in_after[i] = True
            for j in picks:
                in_after[j] = True
        pool.append(i)

    # tight pool: prod, free, no group, no after
    tight_pool = [i for i in range(N) if free[i] and not group[i] and not in_after[i]
                  and env[i] == "prod"]
    n_tight = int(n_flows * 0.01) if len(tight_pool) >= 2 else 0
    tight_pairs = []
    tight_mark = set()
    for _ in range(n_tight):
        a = RI(len(tight_pool) - 1)
        b = min(len(tight_pool) - 1, a + 1 + RI(20))
        tight_pairs.append((tight_pool[a], tight_pool[b]))
        tight_mark.add(tight_pool[a])
        tight_mark.add(tight_pool[b])

    # pins: a few prod free systems with no after/group/tight, waves 1-3
    wave = [""] * N
    pin_pool = [i for i in tight_pool if i not in tight_mark]
    n_pins = min(len(pin_pool), max(3, N // 500)) if N >= 20 else 0
    for i in rng.sample(pin_pool, n_pins):
        wave[i] = str(rng.choice([1, 1, 2, 2, 3]))

    # hubs: a few systems receiving many flows (some retained: eGov gateway, DWH)
    n_hubs = min(N, max(3, min(40, N // 2500)))
    hubs = rng.sample(range(N), n_hubs) if N else []

    # ---------------- systems: rows ----------------
    hubset = set(hubs)
    sys_rows = []
    ap = sys_rows.append
    for i in range(N):
        k = R()
        kind = KINDS[RI(len(KINDS))]
        subj = SUBJECTS[RI(len(SUBJECTS))]
        if i in hubset and R() < 0.5:
            name = rng.choice(["Хранилище данных (DWH), %s" % subj, "ШЭП адаптер \"%s\"" % subj,
                               "Enterprise Service Bus, %s" % subj])
        elif k < 0.35:
            name = "%s «%s»" % (kind, subj)
        elif k < 0.5:
            name = '%s "%s"' % (kind, subj)
        elif k < 0.65:
            name = "%s, %s" % (subj, QUALIFIERS[RI(len(QUALIFIERS))])
        elif k < 0.8:
            name = "%s %s (%s)" % (kind, subj, REGIONS[RI(len(REGIONS))])
        else:
            name = "%s %s" % (kind, subj)
        if R() < 0.1:
            name += " v%d" % rng.randint(2, 9)
        t = R()
        if t < 0.03:
            sgb = ""
        elif t < 0.7:
            sgb = str(int(rng.lognormvariate(4.0, 1.6)))
        else:
            sgb = "%.1f" % rng.lognormvariate(3.0, 1.8)
        tz = "tier3" if (strategy[i] != "retain" and R() < 0.05) else ""
        strat = strategy[i]
        if strat == "rehost" and R() < 0.4:
            strat = ""      # default
        envs = env[i]
        if envs == "prod" and R() < 0.3:
            envs = ""       # default
        crit = draw_crit()
        if crit == "medium" and R() < 0.3:
            crit = ""
        cmdb = "CI%07d" % (1000000 + i * 7 + RI(7))
        ap([sid[i], name, owners[owner[i]], zone[i], tz, classes[i], sgb, crit, strat,
            after[i], wave[i], group[i], envs, cmdb])
    sys_header = ["id", "name", "owner", "zone", "target_zone", "classes", "storage_gb",
                  "criticality", "strategy", "after", "wave", "group", "environment", "cmdb_ci"]
    out.write("systems.csv", sys_header, sys_rows, shuffle=True)
    del sys_rows

    # ---------------- flows ----------------
    M = n_flows
    fwidth = max(7, len(str(M)))
    other_cls = ["internal", "personal", "public", "personal;bank_secret", "health", "bank_secret"]
    split_cache = {}
    waiver_subjects = []     # R4 candidates: sensitive, different owners, no legal basis
    wrng = random.Random("kosh-gen-waivers/%d" % seed)

    def flow_rows():
        chunk = []
        cap = 50000
        tight_it = iter(tight_pairs)
        tight_left = len(tight_pairs)
        hub_n = len(hubs)
        nprot = len(PROTOCOLS)
        npurp = len(PURPOSES)
        fno = 0
        for k in range(M):
            fno += 1
            coupling = ""
            u = R()
            if tight_left and u < tight_left / (M - k):
                s, t = next(tight_it)
                tight_left -= 1
                coupling = "tight"
            else:
                s = RI(N)
                v = R()
                if v < 0.08:
                    t = hubs[RI(hub_n)]
                elif v < 0.12 or s >= N - 1:
                    t = RI(N)                        # back-edge / anywhere: cycles
                elif v < 0.6:
                    t = min(N - 1, s + 1 + RI(300))  # local, next layer
                else:
                    t = s + 1 + RI(N - 1 - s)        # any higher layer
                if t == s:
                    t = (s + 1) % N
                if R() < 0.05:
                    coupling = "loose"
            # classes
            c = R()
            if c < 0.3:
                cls = ""
            else:
                src = classes[s]
                if src and c < 0.9:
                    parts = split_cache.get(src)
                    if parts is None:
                        parts = split_cache[src] = src.split(";")
                    if len(parts) == 1 or R() < 0.5:
                        cls = src
                    else:
                        cls = parts[RI(len(parts))]
                else:
                    cls = other_cls[RI(len(other_cls))]
            # legal basis
            b = R()
            if owner[s] == owner[t]:
                lb = "" if b < 0.6 else ("none" if b < 0.7 else ("law" if b < 0.85 else "contract"))
            elif mv:
                lb = "" if b < 0.4 else ("none" if b < 0.5 else
                                         ("law" if b < 0.75 else ("contract" if b < 0.9 else "consent")))
            else:
                lb = ("law" if b < 0.38 else "contract" if b < 0.63 else "consent" if b < 0.78
                      else "none" if b < 0.85 else "")
            fid = make_uuid(rng) if messy else "FL-%0*d" % (fwidth, fno)
            if (lb == "" or lb == "none") and owner[s] != owner[t] and cls \
                    and cls not in ("public", "internal", "public;internal") \
                    and len(waiver_subjects) < 500 and wrng.random() < 0.01:
                waiver_subjects.append(fid)
            chunk.append((fid, sid[s], sid[t], cls, PURPOSES[RI(npurp)], lb, coupling,
                          PROTOCOLS[RI(nprot)]))
            if len(chunk) >= cap and not messy:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    flow_header = ["id", "source", "target", "classes", "purpose", "legal_basis", "coupling",
                   "protocol"]
    if messy:
        allrows = []
        for ch in flow_rows():
            allrows.extend(ch)
        out.write("flows.csv", flow_header, allrows, shuffle=True)
        del allrows
    else:
        out.write("flows.csv", flow_header, flow_rows())

    if not extras:
        return

    # ---------------- waivers ----------------
    wrows = []
    for fid in waiver_subjects[: min(500, max(1, M // 2000))]:
        wrows.append(["R4", fid,
                      rng.choice(["Договор в процессе подписания",
                                  "Келісімшарт дайындалуда", "Legal review pending, ticket SEC-%d"
                                  % rng.randint(100, 9999)]),
                      owners[RI(n_own)],
                      "%d-%02d-%02d" % (rng.randint(2028, 2029), rng.randint(1, 12),
                                        rng.randint(1, 28))])
    fz = [i for i in range(min(N, 5000)) if zone[i] == foreign[0]][:3]
    for i in fz:
        wrows.append(["R1", sid[i], "Migration to tier3 scheduled, exemption by order №%d"
                      % rng.randint(10, 999), owners[owner[i]], "2028-12-31"])
    out.write("waivers.csv", ["rule", "subject", "justification", "owner", "expires"], wrows,
              shuffle=True)

    # ---------------- datasets ----------------
    drows = []
    tables = ["public.clients", "dbo.patients", "core.accounts", "hr.employees",
              "reg.citizens", "med.visits", "cards.pan_store", "ref.regions"]
    for i in range(N):
        if R() < 0.01:
            for _ in range(rng.randint(1, 4)):
                c = rng.choice(["personal", "personal", "health", "bank_secret", "internal",
                                "public"])
                col, ev = rng.choice(DS_COLUMNS[c])
                drows.append([sid[i], rng.choice(tables), col, c, ev])
    out.write("datasets.csv", ["system", "dataset", "column", "classes", "evidence"], drows,
              shuffle=True)


def main(argv=None):
    p = argparse.ArgumentParser(description="Synthetic kosh inventory generator")
    p.add_argument("--systems", type=int, required=True)
    p.add_argument("--flows", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--style", choices=["default", "messy", "many-violations"], default="default")
    p.add_argument("--no-extras", action="store_true", help="skip datasets.csv and waivers.csv")
    a = p.parse_args(argv)
    if a.systems < 0 or a.flows < 0:
        p.error("--systems and --flows must be >= 0")
    if a.systems < 2 and a.flows > 0:
        p.error("flows need at least 2 systems")
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    gen(a.systems, a.flows, a.seed, a.out, a.style, not a.no_extras)
    print("generated %d systems, %d flows (%s) in %s in %.1fs"
          % (a.systems, a.flows, a.style, a.out, time.time() - t0), file=sys.stderr)


if __name__ == "__main__":
    main()
