/**
 * What is left of a rendering once the inventory's own text (ids, names,
 * owners, justifications), code and file names are taken out: in Russian and
 * Kazakh it must hold no Latin word, so no English string slipped through.
 */
import type {PlanDocument} from '../../src/export/plan-document.js'

export function inventoryText(doc: PlanDocument): string[] {
  const out = new Set<string>([doc.inventory.name, doc.format])
  for (const w of doc.waves) {
    for (const s of w.systems) {
      for (const t of [s.id, s.name, s.owner, s.from, s.to]) out.add(t)
      for (const r of s.reasons) for (const t of [r.system, r.flow, r.group, r.zone]) if (t) out.add(t)
    }
  }
  for (const s of doc.retained) for (const t of [s.id, s.name, s.owner, s.zone]) out.add(t)
  for (const z of doc.sensitivity) out.add(z.zone)
  for (const f of [...doc.findings, ...doc.verification.present, ...doc.verification.introduced, ...doc.verification.final]) {
    for (const subject of f.subjects) out.add(subject)
    if (f.zone) out.add(f.zone)
    for (const z of (f.links ?? []).flat()) out.add(z)
    const waiver = f.waiver
    if (waiver) {
      out.add(waiver.owner)
      out.add(waiver.justification)
    }
  }
  for (const c of doc.verification.conditions) out.add(c.subject)
  for (const i of doc.infeasible) for (const s of i.systems) out.add(s)
  return [...out].filter((t) => t !== '').sort((a, b) => b.length - a.length)
}

const ALLOWED = /\b(?:plan\.json\.sig|plan\.sha256\.sig|plan\.sha256|plan\.json|plan\.md|plan\.html|waves\.csv|systems\.csv|flows\.csv|zones\.csv|waivers\.csv|links\.csv|docs\/reviewers\.md|SHA-256|Ed25519|Tier-III|Tier III|R[0-4]|S\d+|--pins)\b/g

/** Latin words left after removing the inventory's text, code spans and known names. */
export function strayLatin(rendered: string, doc: PlanDocument): string[] {
  let text = rendered.replace(/```mermaid[\s\S]*?```/g, '').replace(/`[^`]*`/g, '').replace(/<code[^>]*>[\s\S]*?<\/code>/g, '')
  for (const t of inventoryText(doc)) text = text.split(t).join(' ').split(escapeMd(t)).join(' ').split(escapeHtml(t)).join(' ')
  text = text.replace(ALLOWED, ' ')
  return [...new Set(text.match(/[A-Za-z]{2,}/g) ?? [])]
}

const escapeMd = (t: string) => t.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
const escapeHtml = (t: string) => t.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!)
