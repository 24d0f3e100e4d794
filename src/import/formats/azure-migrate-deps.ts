/**
 * The Azure Migrate dependency-analysis export (agentless "Export
 * application dependencies"): one row per connection seen in a time slot.
 *
 * Columns: Time slot, Source server name, Source IP, Source application,
 * Source process, Destination server name, Destination IP, Destination
 * application, Destination process, Destination port. Header names are
 * matched without regard to case or spacing (`Timeslot`, `Time slot`);
 * `Source IP`, the applications, processes and the time slot may be absent.
 *
 * Servers become systems (id: the server name in lower case). Connections
 * become flows, one per (source server, destination server) pair, aggregated
 * over time slots, processes and ports: kosh plans moves of systems, and a
 * second port between the same two servers adds no constraint and no data
 * class. The ports go into a `ports` column and the purpose reads
 * `1433 sqlservr, 443 w3wp` (the destination application, else its process).
 * A destination (or source) with no server name is looked up by its address
 * among the named servers; when no single server has it, it becomes an
 * external system `ext-10-1-2-3` (`ext-fd00--1` for IPv6) named by the
 * address, for the zone map to place. A connection of a server to itself is
 * skipped.
 */
import {appendAll} from '../../model/lists.js'
import {formatAddress, parseAddress, type Address} from '../address.js'
import {IMPORTED_FROM, note, serverId, type Draft, type DraftFlow, type DraftSystem} from '../draft.js'
import {cell, cellError, columnKey, findColumn, formatRef, missingColumns, type SourceRow, type SourceTable} from '../source.js'
import {addressList} from './mapped.js'

const SIDES = {
  source: {name: 'Source server name', ip: 'Source IP', application: 'Source application', process: 'Source process'},
  destination: {name: 'Destination server name', ip: 'Destination IP', application: 'Destination application', process: 'Destination process'},
} as const
type Side = keyof typeof SIDES
const TIME_SLOT = 'Time slot'
const PORT = 'Destination port'
const REQUIRED = [SIDES.source.name, SIDES.destination.name, SIDES.destination.ip, PORT]

interface Endpoint {
  name: string
  address?: Address
  /** The address in canonical text (see formatAddress), '' when none. */
  addressText: string
  application: string
  process: string
}

/** Column keys under which a zone-map `column=value` line sees each side's values: the side's own column and a side-neutral alias. */
function keysOf(side: Side) {
  const columns = SIDES[side]
  return {name: [columnKey(columns.name), 'servername'], ip: [columnKey(columns.ip), 'ip'], application: [columnKey(columns.application), 'application'], process: [columnKey(columns.process), 'process']}
}
const KEYS = {source: keysOf('source'), destination: keysOf('destination')}
const TIME_SLOT_KEY = columnKey(TIME_SLOT)
const PORT_KEY = columnKey(PORT)

interface Connection {
  table: SourceTable
  row: SourceRow
  timeSlot: string
  source: Endpoint
  destination: Endpoint
  port?: number
}

export function draftAzureMigrateDeps(tables: SourceTable[]): Draft {
  const draft: Draft = {systems: [], flows: [], systemExtras: ['ips', IMPORTED_FROM], flowExtras: ['ports', IMPORTED_FROM, 'imported_rows'], columns: new Set(), notes: [], diagnostics: []}

  // Step 1: parse every row; a row that cannot be read is reported and left out.
  const connections: Connection[] = []
  const cache: AddressCache = new Map()
  for (const table of tables) {
    for (const name of table.header) draft.columns.add(columnKey(name))
    const missing = missingColumns(table, REQUIRED, 'an Azure Migrate dependency export')
    if (missing.length > 0) {
      appendAll(draft.diagnostics, missing)
      continue
    }
    const at = indicesOf(table)
    for (const row of table.rows) {
      const connection = readConnection(table, at, row, draft, cache)
      if (connection) connections.push(connection)
    }
  }
  for (const side of Object.values(KEYS)) for (const keys of Object.values(side)) for (const key of keys) draft.columns.add(key)

  // Step 2: which named server owns each address, so an unnamed endpoint can be resolved to it.
  const owners = new Map<string, Set<string>>()
  for (const c of connections) {
    for (const end of [c.source, c.destination]) {
      if (end.name && end.address) {
        let named = owners.get(end.addressText)
        if (!named) owners.set(end.addressText, (named = new Set()))
        named.add(serverId(end.name))
      }
    }
  }

  // Step 3: endpoints to systems, connections to flows.
  const systems = new Map<string, DraftSystem & {addressSet: Map<string, Address>}>()
  const flows = new Map<string, DraftFlow & {ports: Map<number | undefined, Set<string>>}>()
  const asSource = new Set<string>()
  const resolved = new Set<string>()
  const ambiguous = new Set<string>()
  const slots = new Set<string>()
  let loopbacks = 0
  const systemOf = (end: Endpoint, side: Side, c: Connection): string => {
    let id: string
    let external = false
    if (end.name) id = serverId(end.name)
    else {
      const named = owners.get(end.addressText)
      if (named?.size === 1) {
        id = [...named][0]
        resolved.add(end.addressText)
      } else {
        if (named) ambiguous.add(end.addressText)
        id = `ext-${end.addressText.replace(/[.:]/g, '-')}`
        external = true
      }
    }
    let system = systems.get(id)
    if (!system) {
      const ref = {file: c.table.file, line: c.row.line}
      system = {id, values: {id, name: end.name || end.addressText}, extra: {}, ref, external, addressSet: new Map(), facts: {hosts: [], addresses: [], attributes: new Map()}}
      systems.set(id, system)
    }
    if (end.address && !system.addressSet.has(end.addressText)) system.addressSet.set(end.addressText, end.address)
    const attributes = system.facts.attributes as Map<string, Set<string>>
    const add = (keys: readonly string[], value: string) => {
      if (value === '') return
      for (const key of keys) {
        let values = attributes.get(key)
        if (!values) attributes.set(key, (values = new Set()))
        values.add(value)
      }
    }
    const keys = KEYS[side]
    add(keys.name, end.name)
    add(keys.ip, end.addressText)
    add(keys.application, end.application)
    add(keys.process, end.process)
    add([TIME_SLOT_KEY], c.timeSlot)
    if (side === 'destination' && c.port !== undefined) add([PORT_KEY], String(c.port))
    return id
  }

  for (const c of connections) {
    if (c.timeSlot) slots.add(c.timeSlot)
    const source = systemOf(c.source, 'source', c)
    asSource.add(source)
    const target = systemOf(c.destination, 'destination', c)
    if (source === target) {
      loopbacks++
      continue
    }
    const key = `${source}\u0000${target}`
    let flow = flows.get(key)
    if (!flow) {
      flow = {source, target, purpose: '', extra: {}, ref: {file: c.table.file, line: c.row.line}, rows: 0, ports: new Map()}
      flows.set(key, flow)
    }
    flow.rows++
    if (!flow.ports.has(c.port)) flow.ports.set(c.port, new Set())
    const label = c.destination.application || c.destination.process
    if (label) flow.ports.get(c.port)!.add(label)
  }

  for (const system of systems.values()) {
    const addresses = [...system.addressSet.values()]
    system.facts = {...system.facts, hosts: system.external ? [] : [system.values.name!, system.id], addresses}
    system.extra = {ips: addressList(addresses), [IMPORTED_FROM]: formatRef(system.ref)}
    const {addressSet: _, ...plain} = system
    draft.systems.push(plain)
  }
  for (const flow of flows.values()) {
    const ports = [...flow.ports.keys()].sort((a, b) => (a ?? -1) - (b ?? -1))
    flow.purpose = ports
      .map((port) => [port === undefined ? '' : String(port), [...flow.ports.get(port)!].sort().join('/')].filter(Boolean).join(' '))
      .filter(Boolean)
      .join(', ')
    flow.extra = {ports: ports.filter((p) => p !== undefined).join(';'), [IMPORTED_FROM]: formatRef(flow.ref), imported_rows: String(flow.rows)}
    const {ports: _, ...plain} = flow
    draft.flows.push(plain)
  }

  draft.notes.push(note('aggregated', `${connections.length} connection row(s)${slots.size > 0 ? ` over ${slots.size} time slot(s)` : ''} became ${flows.size} flow(s), one per pair of systems`))
  if (loopbacks > 0) draft.notes.push(note('loopback', `${loopbacks} row(s) connect a server to itself and were skipped`))
  const destinationOnly = draft.systems.filter((s) => !s.external && !asSource.has(s.id)).map((s) => s.id)
  if (destinationOnly.length > 0) draft.notes.push(note('destination-only', `${destinationOnly.length} server(s) appear only as destinations: dependency analysis is not enabled on them, so their own outbound connections are missing`, destinationOnly))
  if (resolved.size > 0) draft.notes.push(note('resolved-address', `${resolved.size} address(es) without a server name belong to a discovered server and were read as that server`, resolved))
  if (ambiguous.size > 0) draft.notes.push(note('ambiguous-address', `${ambiguous.size} address(es) without a server name belong to more than one discovered server, so each became an external system`, ambiguous))
  return draft
}

/** Column indices of one table, looked up once. */
function indicesOf(table: SourceTable) {
  const side = (columns: (typeof SIDES)[Side]) => ({
    name: findColumn(table, columns.name),
    ip: findColumn(table, columns.ip),
    application: findColumn(table, columns.application),
    process: findColumn(table, columns.process),
  })
  return {source: side(SIDES.source), destination: side(SIDES.destination), port: findColumn(table, PORT), timeSlot: findColumn(table, TIME_SLOT)}
}

/** Parsed addresses by their text as written: an export repeats each address on many rows. */
type AddressCache = Map<string, {address?: Address; text: string}>

function addressOf(cache: AddressCache, ip: string): {address?: Address; text: string} {
  let known = cache.get(ip)
  if (!known) {
    const address = parseAddress(ip)
    cache.set(ip, (known = {address, text: address ? formatAddress(address) : ''}))
  }
  return known
}

function readConnection(table: SourceTable, at: ReturnType<typeof indicesOf>, row: SourceRow, draft: Draft, cache: AddressCache): Connection | undefined {
  let ok = true
  const endpoint = (side: Side): Endpoint => {
    const columns = SIDES[side]
    const name = cell(row, at[side].name)
    const ip = cell(row, at[side].ip)
    const {address, text: addressText} = ip === '' ? {address: undefined, text: ''} : addressOf(cache, ip)
    if (ip !== '' && !address) {
      draft.diagnostics.push(cellError(table, row, at[side].ip, 'KOSH-IMPORT-BAD-ADDRESS', `"${columns.ip}" is not an IPv4 or IPv6 address`, ip, 'an address such as 10.1.2.3 or fd00::1'))
      ok = false
    } else if (name === '' && !address) {
      draft.diagnostics.push(cellError(table, row, at[side].name, 'KOSH-MISSING-VALUE', `the row names no ${side}: neither "${columns.name}" nor "${columns.ip}" is given`, '', 'a server name or an IP address'))
      ok = false
    }
    return {name, address, addressText, application: cell(row, at[side].application), process: cell(row, at[side].process)}
  }
  const source = endpoint('source')
  const destination = endpoint('destination')
  const portText = cell(row, at.port)
  let port: number | undefined
  if (portText !== '') {
    if (/^\d{1,5}$/.test(portText) && Number(portText) <= 65535) port = Number(portText)
    else {
      draft.diagnostics.push(cellError(table, row, at.port, 'KOSH-BAD-NUMBER', `"${PORT}" is not a port number`, portText, 'a whole number from 0 to 65535'))
      ok = false
    }
  }
  return ok ? {table, row, timeSlot: cell(row, at.timeSlot), source, destination, port} : undefined
}
