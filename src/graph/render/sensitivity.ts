/**
 * Sensitivity: the one class a picture shows for a node or an edge, the most
 * sensitive it holds or carries (health > bank_secret > personal > internal >
 * public), `unknown` when it holds nothing known (a gap), `none` for an
 * aggregate with no systems in it. Each level has a colour pair shared by the
 * DOT and Mermaid renderers, so the two pictures read the same.
 */
import type {DataClass} from '../../model/inventory.js'

export const SENSITIVITY_ORDER = ['health', 'bank_secret', 'personal', 'internal', 'public', 'unknown', 'none'] as const
export type Sensitivity = (typeof SENSITIVITY_ORDER)[number]

export function sensitivityOf(classes: readonly DataClass[]): Sensitivity {
  for (const level of SENSITIVITY_ORDER) if ((classes as readonly string[]).includes(level)) return level
  return 'unknown'
}

/** Fill (light, under black text) and stroke (dark, for borders and edges). */
export const PALETTE: Readonly<Record<Sensitivity, {fill: string; stroke: string}>> = {
  health: {fill: '#f8c9c4', stroke: '#b03a2e'},
  bank_secret: {fill: '#e3d0f0', stroke: '#7d3c98'},
  personal: {fill: '#fde2c0', stroke: '#ca6f1e'},
  internal: {fill: '#d6e9f8', stroke: '#2e86c1'},
  public: {fill: '#d5f5e3', stroke: '#229954'},
  unknown: {fill: '#eeeeee', stroke: '#707b7c'},
  none: {fill: '#ffffff', stroke: '#b3b6b7'},
}

/** Colour of `after` and group edges, which carry no data. */
export const CONSTRAINT_COLOUR = '#7f8c8d'

export const LEGEND: Readonly<Record<Sensitivity, string>> = {
  health: 'health',
  bank_secret: 'bank_secret',
  personal: 'personal',
  internal: 'internal',
  public: 'public',
  unknown: 'unknown (gap)',
  none: 'no systems',
}
