/**
 * The languages of plan.md and plan.html: English, Russian and Kazakh, each a
 * complete set of the fixed strings, with the shared glossary's terms.
 */
import {en} from './en.js'
import {formatter, type Formatter} from './format.js'
import {kk} from './kk.js'
import {ru} from './ru.js'
import type {Lang, Messages} from './types.js'

export {LANGS, isLang, type Glossary, type Lang, type Messages} from './types.js'
export type {Formatter} from './format.js'

export const MESSAGES: Readonly<Record<Lang, Messages>> = {en, ru, kk}

/** A language's strings and its number and date formats together. */
export interface Text {
  m: Messages
  f: Formatter
}

export function textFor(lang: Lang): Text {
  const m = MESSAGES[lang]
  return {m, f: formatter(m)}
}
