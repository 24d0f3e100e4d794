/**
 * Any CSV with one system per row (a CMDB extract, a spreadsheet), read
 * through the user's column map (`--map`, see column-map.ts). Only `id` must
 * be mapped; `name` defaults to the id. Ids are kept as written: a CMDB's
 * identifiers are the user's own.
 */
import type {ColumnMap} from '../column-map.js'
import type {Draft} from '../draft.js'
import type {SourceTable} from '../source.js'
import {addressList, draftFromRows, type MappedFormat} from './mapped.js'

export function draftGeneric(tables: SourceTable[], map: ColumnMap, mapFile: string): Draft {
  const extras: MappedFormat['extras'] = []
  if (map.has('ip')) extras.push({name: 'ips', value: ({addresses}) => addressList(addresses)})
  if (map.has('host')) extras.push({name: 'host', value: ({get}) => get('host')})
  return draftFromRows(tables, {what: 'the file the column map describes', required: [], defaults: [], map, mapFile, idOf: (raw) => raw.trim(), extras})
}
