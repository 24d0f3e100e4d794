/**
 * A database for the scan tests: valid identifiers made by the generators'
 * own check-digit code, decoys that miss the checks, misleading names, empty
 * and all-null columns, health and non-health ICD-10 shapes, Cyrillic names,
 * awkward identifiers, a partitioned table, a big table (TABLESAMPLE), and
 * three relations that must be skipped: a view that sleeps past the statement
 * timeout, a view whose function tries to write, and a view whose error
 * message quotes a seeded value (`value "860101300123x" is out of range for
 * type integer`).
 *
 * `values` lists every value inserted, so tests can assert that none of them
 * reaches any output; `expected` is the verdict each reported column must get.
 */
import pg from 'pg'

import {breakCheckDigit, groupsOfFour, makeBin, makeCard, makeEmail, makeIin, makeKzIban, makeKzPhone, many, printCard} from './generators.js'

export interface Seeded {
  /** Every value inserted into the database (the big table's generated phones excepted: see BIG_PHONE). */
  values: string[]
  /** dataset.column -> classes (`;` list) for every column the scan must report. */
  expected: Record<string, string>
  /** Relations the scan must skip, with their SQLSTATE. */
  skipped: Record<string, string>
}

export const BIG_ROWS = 120_000
/** The big table's phones are `+7701` and 7 digits from generate_series: never printed either. */
export const BIG_PHONE = /\+7701\d{7}/

const ICD = ['J45.0', 'E11.9', 'I10.0', 'C50.9', 'F32.1', 'K21.0', 'M54.5', 'J06.9', 'N39.0', 'G40.3', 'A15.0', 'B20.1']
const PRODUCT_CODES = ['A12.5', 'B34.1', 'C77.2', 'D10.4', 'E55.0', 'H20.7', 'K88.3', 'L42.9', 'M11.1', 'P60.6', 'R73.2', 'S99.8']

/** An IBAN whose check digits are off by one: fails mod 97. */
function ibanDecoy(iban: string): string {
  const check = Number(iban.slice(2, 4))
  return iban.slice(0, 2) + String(check === 98 ? 2 : check + 1).padStart(2, '0') + iban.slice(4)
}

export async function seedScanDatabase(url: string): Promise<Seeded> {
  const n = 60
  // IINs that do not start with 0 survive a bigint column.
  const iins = many(n * 2, 101, makeIin).filter((v) => !v.startsWith('0')).slice(0, n)
  const textIins = many(n, 102, makeIin)
  const phones = many(n, 103, makeKzPhone)
  const emails = many(n, 104, makeEmail)
  const bins = many(n, 105, makeBin)
  const ibans = many(n, 106, makeKzIban)
  const cards = many(n, 107, (r) => makeCard(r))
  const cardinality = many(n, 108, (r) => printCard(makeCard(r, '4', 16)))
  const partitionIbans = many(n, 109, (r) => groupsOfFour(makeKzIban(r)))
  const cyrIins = many(n, 110, makeIin)
  const weirdPhones = many(n, 111, makeKzPhone)
  const decoyIins = many(n, 112, makeIin).map(breakCheckDigit)
  const decoyIbans = many(n, 113, makeKzIban).map(ibanDecoy)
  const decoyCards = many(n, 114, (r) => makeCard(r)).map(breakCheckDigit)
  const diagnoses = Array.from({length: n}, (_, i) => ICD[i % ICD.length]!)
  const products = Array.from({length: n}, (_, i) => PRODUCT_CODES[i % PRODUCT_CODES.length]!)
  const counts = Array.from({length: n}, (_, i) => String(i * 7 + 3))

  const client = new pg.Client({connectionString: url})
  client.on('error', () => {})
  await client.connect()
  const insert = (table: string, columns: string[], arrays: unknown[][], types: string[]) =>
    client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
      arrays,
    )
  try {
    await client.query(`
      CREATE SCHEMA abs;
      CREATE SCHEMA med;
      CREATE SCHEMA shop;
      CREATE TABLE abs.clients (id serial PRIMARY KEY, ref_no bigint, doc text, contact_phone text, mail text, legacy_code text, created_at timestamptz DEFAULT now(), balance numeric);
      CREATE TABLE abs.companies (id serial PRIMARY KEY, counterparty text, name text);
      CREATE TABLE abs.accounts (id serial PRIMARY KEY, acc text);
      CREATE TABLE abs.cards (id serial PRIMARY KEY, pan varchar(32));
      CREATE TABLE abs.decoys (id serial PRIMARY KEY, code_a text, code_b text, code_c text);
      CREATE TABLE abs.payments (iban text, part int) PARTITION BY LIST (part);
      CREATE TABLE abs.payments_1 PARTITION OF abs.payments FOR VALUES IN (1);
      CREATE TABLE abs.payments_2 PARTITION OF abs.payments FOR VALUES IN (2);
      CREATE TABLE abs.events (id bigint, msisdn_raw text);
      CREATE TABLE public.stats (cardinality text, row_count bigint);
      CREATE TABLE public.empty_clients (iin text, note text);
      CREATE TABLE med.diagnoses (id serial PRIMARY KEY, code text);
      CREATE TABLE shop.products (id serial PRIMARY KEY, code text, price numeric);
      CREATE TABLE public."пациенты" ("иин" text, "диагноз" text);
      CREATE TABLE public."we""ird.table" ("col""umn" text);
      CREATE TABLE public.audit (at timestamptz DEFAULT now(), what text);
      CREATE FUNCTION public.touch() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
        BEGIN INSERT INTO public.audit (what) VALUES ('scanned'); RETURN 'x'; END $$;
      CREATE VIEW public.slow AS SELECT pg_sleep(5)::text AS x;
      CREATE VIEW public.trap AS SELECT public.touch() AS x;
      CREATE VIEW public.leaky AS SELECT (doc || 'x')::int::text AS x FROM abs.clients;
    `)
    await insert('abs.clients', ['ref_no', 'doc', 'contact_phone', 'mail', 'legacy_code', 'balance'], [iins, textIins, phones, emails, iins.map(() => null), counts], ['bigint', 'text', 'text', 'text', 'text', 'numeric'])
    await insert('abs.companies', ['counterparty', 'name'], [bins, bins.map((_, i) => `Company ${i}`)], ['text', 'text'])
    await insert('abs.accounts', ['acc'], [ibans], ['text'])
    await insert('abs.cards', ['pan'], [cards], ['text'])
    await insert('abs.decoys', ['code_a', 'code_b', 'code_c'], [decoyIins, decoyIbans, decoyCards], ['text', 'text', 'text'])
    await insert('abs.payments', ['iban', 'part'], [partitionIbans, partitionIbans.map((_, i) => 1 + (i % 2))], ['text', 'int'])
    await client.query(`INSERT INTO abs.events SELECT g, '+7701' || lpad((g % 10000000)::text, 7, '0') FROM generate_series(1, ${BIG_ROWS}) g`)
    await insert('public.stats', ['cardinality', 'row_count'], [cardinality, counts], ['text', 'bigint'])
    await insert('med.diagnoses', ['code'], [diagnoses], ['text'])
    await insert('shop.products', ['code', 'price'], [products, counts], ['text', 'numeric'])
    await insert('public."пациенты"', ['"иин"', '"диагноз"'], [cyrIins, diagnoses], ['text', 'text'])
    await insert('public."we""ird.table"', ['"col""umn"'], [weirdPhones], ['text'])
    await client.query('ANALYZE')
  } finally {
    await client.end()
  }

  return {
    values: [
      ...iins, ...textIins, ...phones, ...emails, ...bins, ...ibans, ...cards, ...cardinality, ...partitionIbans, ...cyrIins,
      ...weirdPhones, ...decoyIins, ...decoyIbans, ...decoyCards, ...diagnoses, ...products,
    ],
    expected: {
      'abs.accounts.acc': 'bank_secret',
      'abs.cards.pan': 'bank_secret',
      // By its name: an account balance is bank secrecy (names.ts), whatever the numbers.
      'abs.clients.balance': 'bank_secret',
      'abs.clients.contact_phone': 'personal',
      'abs.clients.doc': 'personal',
      'abs.clients.mail': 'personal',
      'abs.clients.ref_no': 'personal',
      'abs.companies.counterparty': '',
      'abs.events.msisdn_raw': 'personal',
      'abs.payments.iban': 'bank_secret',
      'med.diagnoses.code': 'personal;health',
      'public.empty_clients.iin': 'personal',
      'public.stats.cardinality': 'bank_secret',
      'public.we"ird.table.col"umn': 'personal',
      'public.пациенты.диагноз': 'personal;health',
      'public.пациенты.иин': 'personal',
      'shop.products.code': '',
    },
    skipped: {'public.leaky': '22003', 'public.slow': '57014', 'public.trap': '25006'},
  }
}

/** A digest of every user table's content, to show a scan wrote nothing. */
export async function contentDigest(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({connectionString: url})
  client.on('error', () => {})
  await client.connect()
  try {
    const {rows: tables} = await client.query<{schema: string; name: string}>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2`,
    )
    const digest: Record<string, string> = {}
    for (const t of tables) {
      const name = `"${t.schema.replaceAll('"', '""')}"."${t.name.replaceAll('"', '""')}"`
      const {rows} = await client.query<{n: string; md5: string}>(`SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${name} t`)
      digest[`${t.schema}.${t.name}`] = `${rows[0]!.n}:${rows[0]!.md5}`
    }
    const {rows: seq} = await client.query<{s: string}>(`SELECT string_agg(sequencename || '=' || coalesce(last_value::text, '-'), ',' ORDER BY sequencename) AS s FROM pg_sequences`)
    digest['(sequences)'] = seq[0]!.s ?? ''
    return digest
  } finally {
    await client.end()
  }
}
