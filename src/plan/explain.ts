/** Infeasibility as text for a terminal: where, what, and the systems involved one per line. */
import type {Infeasibility} from './plan.js'
import {join} from 'node:path'

/** A long list (a deadline thousands of systems miss) is cut for the terminal; plan.json keeps it whole. */
const MAX_LISTED = 20

export function formatInfeasibility(item: Infeasibility, inventoryDir?: string): string {
  const at = `${inventoryDir ? join(inventoryDir, item.file) : item.file}:${item.line}`
  if (item.kind === 'after-cycle') return `${at}: ${item.kind}: ${item.message}`
  const shown = item.systems.length > MAX_LISTED ? [...item.systems.slice(0, MAX_LISTED), `... and ${item.systems.length - MAX_LISTED} more`] : item.systems
  const systems = item.systems.length > 1 ? `\n  ${shown.join('\n  ')}` : ''
  return `${at}: ${item.kind}: ${item.message}${systems}`
}
