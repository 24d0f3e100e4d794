/**
 * The fixed world a synthetic inventory lives in: zones, the links between them,
 * owners, and the words system names and flow purposes are made of. A bank and a
 * health ministry move from their own server rooms into the state Tier-III centre;
 * four partners in Kazakhstan stay where they are; one foreign cloud holds a few
 * systems that should never have been there.
 *
 * Class sets are bit masks (see `CLASS_BIT`) so the generator can intersect them fast.
 */
import {CLASSES, type DataClass} from '../model/inventory.js'

export const CLASS_BIT: Readonly<Record<DataClass, number>> = {public: 1, internal: 2, personal: 4, health: 8, bank_secret: 16}
export const PUBLIC = CLASS_BIT.public
export const INTERNAL = CLASS_BIT.internal
export const PERSONAL = CLASS_BIT.personal
export const HEALTH = CLASS_BIT.health
export const BANK_SECRET = CLASS_BIT.bank_secret
export const SENSITIVE_BITS = PERSONAL | HEALTH | BANK_SECRET
/** `public` and `internal` may reside anywhere. */
export const ANYWHERE = PUBLIC | INTERNAL

/** `;`-joined class lists for every mask, in the canonical order of CLASSES. */
export const CLASS_LIST: readonly string[] = Array.from({length: 32}, (_, mask) => CLASSES.filter((c) => mask & CLASS_BIT[c]).join(';'))

/** What a zone's systems may hold: `kind` tells the generator how to use it. */
export interface ZoneSpec {
  id: string
  name: string
  country: string
  role: 'source' | 'target' | 'external'
  /** Sensitive classes approved for residency. */
  approved: number
  approvedUntil?: string
  kind: 'bank' | 'health' | 'target' | 'partner' | 'foreign'
}

export const BANK_DC = 0
export const HEALTH_DC = 1
export const TIER3 = 2
export const FOREIGN_CLOUD = 7
/** Indexes in ZONES of the partner zones (retained systems live there). */
export const PARTNER_ZONES = [3, 4, 5, 6] as const

export const ZONES: readonly ZoneSpec[] = [
  {id: 'bank-dc', name: 'Qazyna Bank ДЦ, Алматы (bank own data centre)', country: 'KZ', role: 'source', approved: PERSONAL | BANK_SECRET, approvedUntil: '2027-06-30', kind: 'bank'},
  {id: 'health-dc', name: 'Денсаулық сақтау министрлігінің серверлік бөлмесі (Ministry of Health server room, Astana)', country: 'KZ', role: 'source', approved: PERSONAL | HEALTH, approvedUntil: '2027-12-31', kind: 'health'},
  {id: 'tier3', name: 'Мемлекеттік Tier-III деректерді өңдеу орталығы (State Tier-III data-processing centre)', country: 'KZ', role: 'target', approved: SENSITIVE_BITS, kind: 'target'},
  {id: 'credit-bureau', name: 'Кредитное бюро, Алматы (credit bureau)', country: 'KZ', role: 'external', approved: PERSONAL | BANK_SECRET, kind: 'partner'},
  {id: 'egov-hub', name: 'Электрондық үкімет шлюзі (e-government gateway)', country: 'KZ', role: 'external', approved: PERSONAL, kind: 'partner'},
  {id: 'clinic-net', name: 'Сеть частных клиник «Шипагер» (private clinic network)', country: 'KZ', role: 'external', approved: PERSONAL | HEALTH, kind: 'partner'},
  {id: 'payment-switch', name: 'Межбанковский процессинговый центр (interbank payment switch)', country: 'KZ', role: 'external', approved: BANK_SECRET, kind: 'partner'},
  {id: 'cloud-de', name: 'Public cloud region eu-central (Frankfurt)', country: 'DE', role: 'external', approved: 0, kind: 'foreign'},
]

/**
 * Links: every pair of zones a flow can cross, in any state of any plan, approving
 * the sensitive classes both ends may hold. The foreign cloud is linked for every
 * sensitive class so that moving its misplaced systems out adds no transit finding.
 */
export function zoneLinks(): Array<{a: number; b: number; approved: number}> {
  const links: Array<{a: number; b: number; approved: number}> = []
  const home = [BANK_DC, HEALTH_DC]
  links.push({a: BANK_DC, b: TIER3, approved: SENSITIVE_BITS})
  links.push({a: HEALTH_DC, b: TIER3, approved: SENSITIVE_BITS})
  links.push({a: BANK_DC, b: HEALTH_DC, approved: ZONES[BANK_DC].approved & ZONES[HEALTH_DC].approved})
  for (const partner of PARTNER_ZONES) {
    links.push({a: TIER3, b: partner, approved: ZONES[partner].approved})
    for (const zone of home) {
      const both = ZONES[zone].approved & ZONES[partner].approved
      if (both) links.push({a: zone, b: partner, approved: both})
    }
  }
  for (const zone of [BANK_DC, HEALTH_DC, TIER3]) links.push({a: zone, b: FOREIGN_CLOUD, approved: SENSITIVE_BITS})
  return links
}

export const BANK_OWNERS = [
  'Qazyna Bank — Розничный бизнес',
  'Qazyna Bank — Корпоративный бизнес',
  'Qazyna Bank — Карточный процессинг',
  'Qazyna Bank — Казначейство',
  'Qazyna Bank — Риск-менеджмент',
  'Qazyna Bank — Комплаенс и AML',
  'Qazyna Bank — Бухгалтерия',
  'Qazyna Bank — HR',
  'Qazyna Bank — IT Infrastructure',
  'Qazyna Bank — Digital Channels',
  'Qazyna Bank — Контакт-орталық',
  'Qazyna Bank — Маркетинг',
  'Qazyna Bank — Data Office',
  'Qazyna Life (страховая дочерняя компания)',
  'Qazyna Leasing, ТОО',
] as const

export const HEALTH_OWNERS = [
  'Денсаулық сақтау министрлігі',
  'Министерство здравоохранения РК — Департамент цифровизации',
  'Әлеуметтік медициналық сақтандыру қоры',
  'Республиканский центр электронного здравоохранения',
  'Ұлттық онкология орталығы',
  'Алматы қаласының қоғамдық денсаулық сақтау басқармасы',
  'Astana City Polyclinic No. 4',
  'Министерство труда и социальной защиты населения',
  'Комитет санитарно-эпидемиологического контроля',
  'Ұлттық статистика бюросы',
  'Ministry of Digital Development — Data Governance',
] as const

/** Owners of the retained systems, by partner zone index. */
export const PARTNER_OWNERS: Readonly<Record<number, readonly string[]>> = {
  3: ['Кредитное бюро — операционный департамент', 'Credit Bureau — Data Products'],
  4: ['Электрондық үкімет операторы', 'Оператор ИКИ «электронного правительства»'],
  5: ['Сеть клиник «Шипагер», ТОО', 'Shipager Clinics — IT'],
  6: ['Межбанковский процессинговый центр', 'Interbank Switch — Clearing Operations'],
}

/** System name stems by zone kind and layer (0: stores ... 5: reporting), each with the stem of its move group's name. */
export const BANK_KINDS: ReadonlyArray<ReadonlyArray<readonly [name: string, group: string]>> = [
  [['Хранилище документов', 'docs'], ['Архив клиентских досье', 'archive'], ['Payments DB cluster', 'payments-db'], ['DWH staging', 'dwh']],
  [['АБС (core banking)', 'core-banking'], ['Карточный процессинг', 'cards'], ['Кредитный конвейер', 'loans'], ['Реестр залогов', 'collateral'], ['Клиентское досье (CIF)', 'cif']],
  [['Скоринг', 'scoring'], ['AML-мониторинг', 'aml'], ['Антифрод', 'antifraud'], ['Тарифный модуль', 'tariffs'], ['Расчёт резервов МСФО 9', 'ifrs9']],
  [['ESB шина', 'esb'], ['API gateway', 'api-gw'], ['SWIFT gateway', 'swift'], ['Шлюз ШЭП', 'shep'], ['Интеграция с кредитным бюро', 'bureau-int']],
  [['Интернет-банк', 'ibank'], ['Mobile banking backend', 'mobile'], ['CRM контакт-центра', 'crm'], ['SME portal', 'sme'], ['Мониторинг банкоматов', 'atm']],
  [['Отчётность НБРК', 'nbrk-reports'], ['BI dashboards', 'bi'], ['Data lake analytics', 'datalake'], ['Регуляторлық есептілік', 'reg-reports']],
]

export const HEALTH_KINDS: ReadonlyArray<ReadonlyArray<readonly [name: string, group: string]>> = [
  [['Медициналық құжаттар архиві', 'med-archive'], ['Регистр пациентов (БД)', 'patients-db'], ['PACS image store', 'pacs']],
  [['Электронды денсаулық паспорты', 'ehr'], ['Регистр прикреплённого населения', 'rpn'], ['Лабораторная ИС', 'lis'], ['Дәрі-дәрмек есебі', 'pharmacy']],
  [['Электронная очередь', 'queue'], ['Telemedicine service', 'telemed'], ['Дәрігерге жазылу', 'booking'], ['Расчёт тарифов ОСМС', 'osms-tariffs']],
  [['Интеграционная шина МЗ', 'moh-bus'], ['HL7 FHIR gateway', 'fhir'], ['ШЭП адаптер', 'shep-moh']],
  [['Пациент порталы', 'patient-portal'], ['Кабинет врача', 'doctor-ws'], ['Mobile app backend', 'moh-mobile']],
  [['Медицинская статистика', 'med-stats'], ['Эпидемиологический мониторинг', 'epi'], ['Есептілік (reporting)', 'moh-reports']],
]

export const PARTNER_KINDS: Readonly<Record<number, readonly string[]>> = {
  3: ['Кредитный отчёт API', 'Credit history registry'],
  4: ['Электрондық үкімет шлюзі — адаптер', 'ГБД ФЛ запросы'],
  5: ['МИС клиники', 'Clinic lab results exchange'],
  6: ['Межбанковский клиринг', 'Card switch'],
}

export const FOREIGN_KINDS = ['Маркетинговая CRM (SaaS)', 'E-mail рассылки (SaaS)', 'HR анкеты онлайн (SaaS)', 'Customer survey tool'] as const

export const PURPOSES: Readonly<Record<'bank' | 'health' | 'foreign', readonly string[]>> = {
  bank: ['scoring', 'payments', 'kyc', 'aml', 'reporting', 'notifications', 'клиентский профиль', 'отчётность', 'card authorisation', 'collections'],
  health: ['treatment', 'insurance', 'statistics', 'appointments', 'prescriptions', 'медициналық есеп', 'лабораторные результаты'],
  foreign: ['marketing', 'newsletters', 'surveys'],
}

/** What flows to and from each partner zone are for. */
export const PARTNER_PURPOSE: Readonly<Record<number, string>> = {3: 'credit history', 4: 'identity check', 5: 'insurance', 6: 'clearing'}
