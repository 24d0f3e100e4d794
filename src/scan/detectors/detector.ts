/**
 * What a value detector is: a named, pure test of one sampled value.
 *
 * A detector validates (checksum, numbering plan, structure) wherever a check
 * exists, so that a hit means "this is very probably the thing", not "this has
 * the right shape". Detectors never keep, log or return the value they test:
 * the column classifier only counts their answers.
 */
import type {DataClass} from '../../model/inventory.js'

export interface Detector {
  /** Stable name used in evidence, e.g. `iin-checksum`. */
  readonly name: string
  /** The classes a column gets when this detector's hits pass the threshold; empty for evidence that is not sensitive by itself (a BIN). */
  readonly classes: readonly DataClass[]
  /**
   * `health-context`: the value's shape alone is too common to count (ICD-10
   * codes look like product codes), so hits count only when the column, table
   * or schema name says the data is about health.
   */
  readonly requires?: 'health-context'
  /** Whether one value (already trimmed, never empty) is what this detector looks for. */
  test(value: string): boolean
}

