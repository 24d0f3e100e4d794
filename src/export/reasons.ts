/**
 * Placement reasons as sentences: why a system is in its wave. English here;
 * plan.md and plan.html render the same codes in each language.
 */
import type {PlacementReason} from '../plan/plan.js'

export function reasonText(r: PlacementReason): string {
  switch (r.code) {
    case 'pinned':
      return `pinned to wave ${r.wave}`
    case 'after':
      return `after ${r.system} (wave ${r.wave})`
    case 'nonprod-first':
      return `after the non-prod systems of group ${r.group} (${r.system}, wave ${r.wave})`
    case 'order':
      return `not before ${r.system} (wave ${r.wave}): flow ${r.flow} would cross an unapproved zone otherwise`
    case 'ready':
      return 'nothing to wait for'
    case 'capacity':
      return 'moved to a later wave by capacity'
    case 'environment':
      return 'moved to a later wave: prod and non-prod do not share a wave'
    case 'removes-violation':
      return 'removes a violation present today'
    case 'deadline':
      return `must leave zone ${r.zone} before its approval ends (${r.date})`
    case 'tight':
      return `tightly coupled with ${r.system} (flow ${r.flow})`
    case 'group':
      return `moves with group ${r.group}`
    case 'together':
      return `moves with ${r.system}: either order would expose flow ${r.flow}`
    case 'cycle':
      return 'moves with systems it is ordered both before and after'
    case 'retire':
      return 'switched off in this wave'
  }
}

export function reasonsText(reasons: readonly PlacementReason[]): string {
  return reasons.map(reasonText).join('; ')
}
