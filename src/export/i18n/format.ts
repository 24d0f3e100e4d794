/**
 * Numbers, dates and counted nouns in a language's own form, through Intl
 * (en-GB, ru-RU, kk-KZ). Node's full ICU has all three; should an ICU build
 * lack Kazakh month names, a hand-written table keeps dates Kazakh
 * ("2027 ж. 11 қаңтар"), never English.
 */
import type {DataClass} from '../../model/inventory.js'
import type {Forms, Lang, Messages} from './types.js'

const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан']

export interface Formatter {
  lang: Lang
  /** A whole or decimal number, grouped the locale's way (1 234 567,5 in ru and kk). */
  number(n: number): string
  /** A data volume in GB: at most two decimals. */
  gb(n: number): string
  /** An ISO date (YYYY-MM-DD) written out: 11 January 2027, 11 января 2027 г., 2027 ж. 11 қаңтар. */
  date(iso: string): string
  /** `n` and the noun form that agrees with it: "5 systems", "5 систем", "5 жүйе". */
  count(n: number, forms: Forms): string
  /** The noun form alone. */
  form(n: number, forms: Forms): string
  /**
   * Class names through the glossary: the first capitalised as the glossary
   * writes it (a table cell), or all in lower case inside a sentence.
   */
  classes(classes: readonly DataClass[], inSentence?: boolean): string
}

export function formatter(m: Messages): Formatter {
  const integer = new Intl.NumberFormat(m.locale, {maximumFractionDigits: 3})
  const volume = new Intl.NumberFormat(m.locale, {maximumFractionDigits: 2})
  const plural = new Intl.PluralRules(m.locale)
  const long = new Intl.DateTimeFormat(m.locale, {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'})
  const kazakhMonthsWork = m.lang !== 'kk' || KK_MONTHS.includes(monthName(long, new Date(Date.UTC(2027, 0, 11))))

  const form = (n: number, forms: Forms): string => {
    const category = plural.select(n)
    if (category === 'one') return forms.one
    if (category === 'few') return forms.few ?? forms.other
    if (category === 'many') return forms.many ?? forms.other
    return forms.other
  }

  return {
    lang: m.lang,
    number: (n) => integer.format(n),
    gb: (n) => volume.format(n),
    date(iso) {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
      if (!match) return iso
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
      if (!kazakhMonthsWork) return kazakhDate(year, month, day)
      return long.format(new Date(Date.UTC(year, month - 1, day)))
    },
    count: (n, forms) => `${integer.format(n)} ${form(n, forms)}`,
    form,
    classes(list, inSentence = false) {
      return list.map((c, i) => (i === 0 && !inSentence ? m.className(c) : lowerFirst(m.className(c), m.locale))).join(m.listSeparator)
    },
  }
}

/** A Kazakh date from the hand-written month table, in ICU's kk form: "2027 ж. 11 қаңтар". */
export function kazakhDate(year: number, month: number, day: number): string {
  return `${year} ж. ${day} ${KK_MONTHS[month - 1]}`
}

function monthName(format: Intl.DateTimeFormat, date: Date): string {
  return format.formatToParts(date).find((p) => p.type === 'month')?.value ?? ''
}

/** Lower-case the first letter, unless the word is an acronym or a name like "Tier-III". */
function lowerFirst(text: string, locale: string): string {
  const [first, second] = [text.charAt(0), text.charAt(1)]
  if (second && second === second.toLocaleUpperCase(locale) && second !== second.toLocaleLowerCase(locale)) return text
  return first.toLocaleLowerCase(locale) + text.slice(1)
}
