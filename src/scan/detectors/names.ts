/**
 * Column and table names as evidence, in Kazakh, Russian and English.
 *
 * A column called `iin`, `ИИН_клиента`, `жсн`, `diagnosis` or `шот_нөмірі`
 * says what it holds even when the sample is empty or masked, so a matching
 * name is evidence of its own kind (`name`) beside the value detectors. Names
 * are split into tokens first (snake_case, camelCase, kebab-case, spaces,
 * letter/digit boundaries; lower case; `ё` read as `е`) and hints match whole
 * tokens, never raw substrings: `cardinality` is not `card`, `accountable` is
 * not `account`, `счетчик` (a counter) is not `счет`. Russian and Kazakh hints
 * are stems that match with their case, number and possessive endings
 * (`телефона`, `шоттары`, `денсаулығы`); English ones with a plural `-s/-es`.
 *
 * Three refinements keep names honest:
 * - a hint that only names a key or an attribute of the data (`address_id`,
 *   `card_type`, `phone_verified`, `is_account_active`, `тип_счета`) is reported with its
 *   qualifier but gives no class: the data lives elsewhere, and the values
 *   decide. Health hints are the exception: a diagnosis id, a disability type
 *   or an HIV status still tells something about a person's health.
 * - a hint is cancelled by a token that changes its meaning (`ip_address`,
 *   `sim_card`, `user_account`, `health_check`).
 * - a bare `name` (`имя`, `аты`) is a person's name only when the rest of the
 *   column name is about a person (`client_name`) or the table is
 *   (`clients.name`, `пациенты.имя`); `product_name` or `тауар_аты` are not.
 *
 * Table and schema names never classify a column by themselves; they give
 * context: a health context (`patients`, `диагнозы`, `аурухана`) lets ICD-10
 * shaped values count, and a person context lets a bare `name` count.
 */
import type {DataClass} from '../../model/inventory.js'

/** How a name token matched a hint: the hint's id, the dictionary term (never the raw name), its classes. */
export interface NameHint {
  /** Stable id of the hint, e.g. `iin`, `address`, `health`. */
  hint: string
  /** The dictionary term that matched (a stem or a word from this file), safe to print. */
  term: string
  /** Classes the hint gives the column; empty for a business id, a reference or an attribute. */
  classes: DataClass[]
  /** Set when the name only refers to the data (`address_id`) or describes it (`card_type`). */
  qualifier?: 'reference' | 'attribute'
  /** The table hint that made this column hint count (a bare `name` in table `clients`). */
  context?: NameHint
}

export interface TableContext {
  /** A health hint in the table or schema name: ICD-10 shaped values count. */
  health?: NameHint
  /** A person hint in the table or schema name: a bare `name` column is a person's name. */
  person?: NameHint
}

interface HintRule {
  id: string
  classes: DataClass[]
  /** English words, whole tokens; a plural `-s`/`-es` matches too. */
  en?: string[]
  /** Russian stems: the token is the stem plus a Russian case/number ending (or none). */
  ru?: string[]
  /** Kazakh stems: the token is the stem plus plural, possessive and genitive suffixes (or none). */
  kk?: string[]
  /** Abbreviations and transliterations, matched exactly. */
  exact?: string[]
  /** Two tokens that must both appear in the name (`first` + `name`). */
  pairs?: [string, string][]
  /** Tokens that change the meaning, cancelling the hint (`ip` in `ip_address`). */
  unless?: string[]
}

const RU_ENDINGS = new Set([
  '', 'а', 'я', 'ы', 'и', 'у', 'ю', 'е', 'о', 'ь', 'й',
  'ом', 'ем', 'ой', 'ей', 'ою', 'ам', 'ям', 'ах', 'ях', 'ов', 'ев', 'ью', 'ами', 'ями',
  'ий', 'ый', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ого', 'его', 'ых', 'их', 'ым', 'им', 'ую', 'юю',
  'ия', 'ии', 'ию', 'ием', 'иям', 'иях',
])

/** Kazakh plural, then possessive, then genitive/accusative: all optional (`шот`, `шоты`, `шоттары`, `шотының`). */
const KK_SUFFIXES = /^(?:лар|лер|дар|дер|тар|тер)?(?:ы|і|сы|сі)?(?:ның|нің|дың|дің|тың|тің|н|ны|ні|ды|ді|ты|ті)?$/

const HINTS: readonly HintRule[] = [
  {
    id: 'iin',
    classes: ['personal'],
    exact: ['iin', 'иин', 'жсн', 'zhsn', 'inn', 'инн', 'rnn', 'рнн'],
  },
  {
    // A business identification number: reported, never sensitive by itself (see iin.ts).
    id: 'bin',
    classes: [],
    exact: ['bin', 'бин', 'бсн', 'bsn'],
  },
  {
    id: 'passport',
    classes: ['personal'],
    en: ['passport'],
    ru: ['паспорт', 'паспортн', 'удостоверени'],
    kk: ['төлқұжат', 'куәлік', 'куәліг'],
    exact: ['pasport'],
  },
  {
    id: 'phone',
    classes: ['personal'],
    en: ['phone', 'telephone', 'cellphone', 'phonenumber', 'mobile', 'msisdn'],
    ru: ['телефон', 'телефонн', 'мобильн', 'сотов'],
    kk: ['телефон', 'ұялы'],
    exact: ['tel', 'telefon', 'mob', 'тел', 'моб'],
    unless: ['app', 'application', 'version', 'platform', 'os', 'sdk', 'приложение', 'приложения'],
  },
  {
    id: 'email',
    classes: ['personal'],
    en: ['email', 'mailbox'],
    ru: ['почт'],
    kk: ['пошта'],
    pairs: [['e', 'mail'], ['эл', 'почта'], ['электронная', 'почта'], ['электрондық', 'пошта']],
  },
  {
    id: 'address',
    classes: ['personal'],
    en: ['address', 'addr', 'street', 'residence', 'domicile'],
    ru: ['адрес', 'прописк', 'улиц', 'местожительств', 'проживани'],
    kk: ['мекенжай', 'көше'],
    exact: ['adres', 'adress'],
    pairs: [['мекен', 'жай']],
    unless: [
      'ip', 'ipv4', 'ipv6', 'mac', 'host', 'server', 'url', 'uri', 'web', 'net', 'network', 'memory', 'mem',
      'bind', 'listen', 'remote', 'local', 'proxy', 'gateway', 'dns', 'smtp', 'base', 'wallet', 'contract',
    ],
  },
  {
    id: 'birth',
    classes: ['personal'],
    en: ['birth', 'birthday', 'birthdate', 'birthplace'],
    ru: ['рожден'],
    kk: ['туған'],
    exact: ['dob', 'rozhdeniya', 'rojdeniya'],
  },
  {
    id: 'person-name',
    classes: ['personal'],
    en: ['surname', 'lastname', 'firstname', 'middlename', 'fullname', 'patronymic', 'forename', 'givenname', 'familyname', 'maidenname'],
    ru: ['фамили', 'отчеств'],
    exact: ['fio', 'фио', 'familiya', 'familia', 'otchestvo', 'тегі', 'есімі', 'жөні'],
    pairs: [['first', 'name'], ['last', 'name'], ['middle', 'name'], ['full', 'name'], ['given', 'name'], ['family', 'name'], ['maiden', 'name'], ['әкесінің', 'аты']],
  },
  {
    id: 'gender',
    classes: ['personal'],
    en: ['gender', 'sex'],
    exact: ['жынысы'],
  },
  {
    id: 'nationality',
    classes: ['personal'],
    en: ['nationality', 'ethnicity', 'religion'],
    ru: ['национальност', 'вероисповедани'],
    exact: ['ұлты'],
  },
  {
    id: 'card',
    classes: ['bank_secret'],
    en: ['card', 'cardnumber', 'cvv', 'cvc', 'cvv2'],
    ru: ['карт', 'карточк'],
    kk: ['карта'],
    exact: ['pan'],
    unless: [
      'sim', 'sd', 'id', 'identity', 'report', 'business', 'score', 'video', 'graphics', 'sound', 'network', 'memory',
      'index', 'route', 'map', 'loyalty', 'discount', 'gift', 'bonus', 'сим', 'маршрута', 'маршрут', 'скидочная', 'бонусная',
    ],
  },
  {
    id: 'account',
    classes: ['bank_secret'],
    en: ['account', 'acct', 'iban', 'accountnumber'],
    ru: ['счет'],
    kk: ['шот'],
    exact: ['schet'],
    unless: ['user', 'login', 'service', 'email', 'social', 'cloud', 'storage', 'ledger', 'chart', 'фактура', 'фактуры'],
  },
  {
    // Pay of an employee: personal data, not a bank secret.
    id: 'salary',
    classes: ['personal'],
    en: ['salary', 'salaries', 'wage', 'payroll'],
    ru: ['зарплат', 'заработн', 'оклад'],
    kk: ['жалақы'],
  },
  {
    id: 'balance',
    classes: ['bank_secret'],
    en: ['balance'],
    ru: ['баланс', 'остаток', 'остатк'],
    kk: ['қалдық', 'қалдығ'],
    unless: ['load', 'stock', 'inventory', 'warehouse', 'склад', 'склада'],
  },
  {
    id: 'deposit',
    classes: ['bank_secret'],
    en: ['deposit', 'loan'],
    ru: ['вклад', 'депозит', 'займ', 'заем'],
    kk: ['депозит', 'несие'],
  },
  {
    id: 'health',
    classes: ['health'],
    en: [
      'diagnosis', 'diagnoses', 'diag', 'dx', 'icd', 'health', 'disease', 'illness', 'symptom', 'anamnesis', 'medical',
      'medication', 'prescription', 'allergy', 'allergies', 'disability', 'hiv', 'pregnancy', 'vaccination', 'blood',
    ],
    ru: [
      'диагноз', 'здоровь', 'болезн', 'заболевани', 'анамнез', 'симптом', 'медицинск', 'лечени', 'аллерги',
      'инвалидност', 'беременност', 'прививк', 'вакцинаци', 'кров',
    ],
    kk: ['денсаулық', 'денсаулығ', 'ауру', 'диагноз', 'мүгедектік', 'мүгедектіг', 'емдеу'],
    exact: ['diagnoz', 'mkb', 'мкб', 'ахж', 'вич'],
    unless: ['check', 'checks', 'endpoint', 'url', 'probe', 'ping', 'monitor'],
  },
]

/** Words that make a table a health context, on top of every health column hint. */
const HEALTH_TABLE: HintRule = {
  id: 'health',
  classes: [],
  en: ['patient', 'clinic', 'hospital', 'polyclinic', 'emr', 'ehr', 'medicine'],
  ru: ['пациент', 'больниц', 'поликлиник', 'клиник', 'госпитал', 'медицин'],
  kk: ['науқас', 'аурухана', 'емхана', 'медицина'],
}

/** Words about a person: as a table name (`clients`) or beside a bare `name` (`client_name`). */
const PERSON: HintRule = {
  id: 'person',
  classes: [],
  en: [
    'client', 'customer', 'patient', 'person', 'people', 'employee', 'staff', 'user', 'citizen', 'student', 'pupil',
    'member', 'contact', 'applicant', 'subscriber', 'holder', 'cardholder', 'beneficiary', 'borrower', 'depositor',
    'guarantor', 'individual', 'worker', 'resident', 'tenant', 'driver', 'doctor', 'physician', 'teacher', 'parent',
    'child', 'children', 'spouse', 'passenger', 'guest', 'visitor', 'candidate', 'recipient', 'payer', 'taxpayer',
  ],
  ru: [
    'клиент', 'пациент', 'сотрудник', 'работник', 'пользовател', 'гражданин', 'граждан', 'студент', 'абонент',
    'заявител', 'получател', 'плательщик', 'заемщик', 'вкладчик', 'физлиц', 'персонал', 'врач', 'пассажир',
  ],
  kk: ['азамат', 'қызметкер', 'науқас', 'оқушы', 'студент', 'клиент', 'тұлға', 'пайдаланушы', 'жолаушы'],
}

/** A bare "name": a person's name only about a person. */
const WEAK_NAME = new Set(['name', 'names', 'имя', 'имени', 'аты', 'imya'])
/** Tokens that do not change what a bare name is about (`name_of_client`). */
const FILLER = new Set(['of', 'the', 'full'])

/** Last tokens that make the name a key to the data rather than the data. */
const REFERENCE = new Set(['id', 'ids', 'uuid', 'guid', 'key', 'fk', 'pk', 'ref', 'ид'])
/** Last tokens that make the name a property of the data rather than the data. */
const ATTRIBUTE = new Set([
  'type', 'kind', 'status', 'count', 'cnt', 'flag', 'verified', 'confirmed', 'exists', 'enabled',
  'тип', 'статус', 'вид', 'кол', 'количество', 'саны', 'түрі', 'мәртебесі',
])
/**
 * First tokens that do the same: an English boolean (`is_phone_verified`,
 * `has_card`), or Russian, which puts the head noun first (`тип_счета`,
 * `статус_карты`, `ид_адреса`; whereas `номер_счета` is the account number).
 */
const REFERENCE_FIRST = new Set(['ид'])
const ATTRIBUTE_FIRST = new Set(['is', 'has', 'can', 'тип', 'статус', 'вид', 'кол', 'количество', 'признак', 'флаг'])

/** Lower case with `ё` read as `е`, as both spellings are used in Russian names. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replaceAll('ё', 'е')
}

/**
 * The tokens of a column, table or schema name: split at anything that is not a
 * letter or digit, at camelCase humps (`birthDate`, `clientIIN`, `ДатаРождения`)
 * and between letters and digits (`icd10`, `address2`), then normalised.
 */
export function tokenize(name: string): string[] {
  const spaced = name
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2')
  return normalizeName(spaced)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '')
}

function matchesStem(token: string, stem: string, endings: (rest: string) => boolean): boolean {
  return token.startsWith(stem) && endings(token.slice(stem.length))
}

/** The dictionary term of `rule` that one token matches, if any. */
function matchToken(token: string, rule: HintRule): string | undefined {
  for (const word of rule.exact ?? []) if (token === word) return word
  for (const word of rule.en ?? []) if (token === word || token === `${word}s` || token === `${word}es`) return word
  for (const stem of rule.ru ?? []) if (matchesStem(token, stem, (rest) => RU_ENDINGS.has(rest))) return stem
  for (const stem of rule.kk ?? []) if (matchesStem(token, stem, (rest) => KK_SUFFIXES.test(rest))) return stem
  return undefined
}

/** The dictionary term of `rule` that a name's tokens match, if any (single tokens first, then pairs). */
function matchRule(tokens: readonly string[], rule: HintRule): string | undefined {
  if (rule.unless?.some((word) => tokens.includes(word))) return undefined
  for (const token of tokens) {
    const term = matchToken(token, rule)
    if (term !== undefined) return term
  }
  for (const [a, b] of rule.pairs ?? []) if (tokens.includes(a) && tokens.includes(b)) return `${a} ${b}`
  return undefined
}

function qualifierOf(tokens: readonly string[]): NameHint['qualifier'] {
  if (tokens.length < 2) return undefined
  const first = tokens[0]!
  const last = tokens[tokens.length - 1]!
  if (REFERENCE.has(last) || REFERENCE_FIRST.has(first)) return 'reference'
  if (ATTRIBUTE.has(last) || ATTRIBUTE_FIRST.has(first)) return 'attribute'
  return undefined
}

function isPersonWord(token: string): boolean {
  return matchToken(token, PERSON) !== undefined
}

/** The health and person context a table (and its schema) gives its columns. */
export function tableContext(schema: string, table: string): TableContext {
  const tokens = [...tokenize(table), ...tokenize(schema)]
  const context: TableContext = {}
  const healthRule = HINTS.find((rule) => rule.id === 'health')!
  const healthTerm = matchRule(tokens, healthRule) ?? matchRule(tokens, HEALTH_TABLE)
  if (healthTerm !== undefined) context.health = {hint: 'health', term: healthTerm, classes: []}
  const personTerm = matchRule(tokens, PERSON)
  if (personTerm !== undefined) context.person = {hint: 'person', term: personTerm, classes: []}
  return context
}

/**
 * The hints a column name gives, in dictionary order (deterministic). A hint
 * with a qualifier, or a business id, has no classes; a bare `name` counts only
 * about a person (see the header).
 */
export function columnNameHints(column: string, context: TableContext = {}): NameHint[] {
  const tokens = tokenize(column)
  const qualifier = qualifierOf(tokens)
  const hints: NameHint[] = []
  for (const rule of HINTS) {
    const term = matchRule(tokens, rule)
    if (term === undefined) continue
    const weakened = qualifier !== undefined && rule.id !== 'health'
    hints.push(weakened ? {hint: rule.id, term, classes: [], qualifier} : {hint: rule.id, term, classes: [...rule.classes]})
  }
  if (!hints.some((hint) => hint.hint === 'person-name')) {
    const bare = personNameFromBareName(tokens, context)
    if (bare !== undefined) hints.push(bare)
  }
  return hints
}

function personNameFromBareName(tokens: readonly string[], context: TableContext): NameHint | undefined {
  const index = tokens.findIndex((token) => WEAK_NAME.has(token))
  if (index === -1) return undefined
  const others = tokens.filter((token, i) => i !== index && !FILLER.has(token))
  if (!others.every(isPersonWord)) return undefined
  const hint: NameHint = {hint: 'person-name', term: tokens[index]!, classes: ['personal']}
  if (others.length > 0) return hint
  return context.person ? {...hint, context: context.person} : undefined
}

/** Whether a column hint or the table context says the data is about health (lets ICD-10 hits count). */
export function hasHealthContext(hints: readonly NameHint[], context: TableContext): boolean {
  return context.health !== undefined || hints.some((hint) => hint.hint === 'health')
}
