/**
 * The AWS Cloud Migration Factory intake form: one server per row.
 *
 * Columns from the solution's published template (`0-intake-form.csv` in
 * aws-solutions/cloud-migration-factory-on-aws) and its server schema:
 * `wave_id, app_name, aws_region, aws_accountid, server_name,
 * server_os_family, server_os_version, server_fqdn, server_tier,
 * server_environment, subnet_IDs, securitygroup_IDs, ..., r_type, tags`.
 *
 * server_name -> id (lower case) and name; app_name -> group; wave_id -> wave
 * (a pin); r_type -> strategy (Retire, Retain, Relocate, Rehost, Repurchase,
 * Replatform, Rearchitect; TBC leaves it empty); server_environment ->
 * environment (production/prod -> prod, test/qa/uat -> test, dev ->
 * dev); server_fqdn is a host name for the zone map. The form has no owner
 * and no data classes: `--owner` or a `--map` line supplies the owner, and
 * the classes stay empty (a gap) until declared or scanned. A `--map` file
 * may override any of these or add others (e.g. `owner,aws_accountid`).
 */
import type {ColumnMap, MapEntry, MapTarget} from '../column-map.js'
import {serverId, type Draft} from '../draft.js'
import type {SourceTable} from '../source.js'
import {draftFromRows} from './mapped.js'

const DEFAULTS: [MapTarget, string][] = [
  ['id', 'server_name'],
  ['name', 'server_name'],
  ['group', 'app_name'],
  ['environment', 'server_environment'],
  ['wave', 'wave_id'],
  ['strategy', 'r_type'],
  ['host', 'server_fqdn'],
]

export function draftAwsCmf(tables: SourceTable[], map?: ColumnMap, mapFile?: string): Draft {
  return draftFromRows(tables, {
    what: 'an AWS Cloud Migration Factory intake form',
    required: ['server_name', 'app_name'],
    defaults: DEFAULTS.map(([target, column]): MapEntry => ({target, source: {kind: 'column', column}})),
    map,
    mapFile,
    idOf: serverId,
    extras: [
      {name: 'fqdn', value: ({get}) => get('host')},
      {name: 'os', value: ({table, row}) => ['server_os_family', 'server_os_version'].map((c) => cellOf(table, row.cells, c)).filter(Boolean).join(' ')},
      {name: 'tier', value: ({table, row}) => cellOf(table, row.cells, 'server_tier')},
      {name: 'wave_name', value: ({table, row}) => cellOf(table, row.cells, 'wave_name')},
    ],
  })
}

function cellOf(table: SourceTable, cells: string[], column: string): string {
  const i = table.header.indexOf(column)
  return i === -1 ? '' : (cells[i] ?? '').trim()
}
