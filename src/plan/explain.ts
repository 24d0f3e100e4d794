/** Infeasibility as text for a terminal: where, what, and the systems involved one per line. */
import type {Infeasibility} from './plan.js'
import {join} from 'node:path'

export function formatInfeasibility(item: Infeasibility, inventoryDir?: string): string {
  const at = `${inventoryDir ? join(inventoryDir, item.file) : item.file}:${item.line}`
  if (item.kind === 'after-cycle') return `${at}: ${item.kind}: ${item.message}`
  const systems = item.systems.length > 1 ? `\n  ${item.systems.join('\n  ')}` : ''
  return `${at}: ${item.kind}: ${item.message}${systems}`
}
