/**
 * A tiny JSON Schema (2020-12) validator for the subset kosh's schemas use:
 * type, const, enum, properties, required, additionalProperties, items,
 * minimum, minLength, pattern and local `$ref` (`#/$defs/name`). It throws on
 * any other keyword, so a schema can never hold a constraint that is silently
 * ignored here; that is what makes it safe to use instead of a full validator
 * (ajv) for a handful of small, hand-written schemas.
 */

type Schema = Record<string, unknown>

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs', 'examples', '$comment'])
const KEYWORDS = new Set(['type', 'const', 'enum', 'properties', 'required', 'additionalProperties', 'items', 'minimum', 'minLength', 'pattern', '$ref'])

/** Every error as `path: what`; an empty list when the value is valid. */
export function validate(schema: Schema, value: unknown): string[] {
  const errors: string[] = []
  check(schema, schema, value, '$', errors)
  return errors
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function resolve(root: Schema, ref: string): Schema {
  const match = /^#\/\$defs\/([^/]+)$/.exec(ref)
  const target = match ? (root.$defs as Record<string, Schema> | undefined)?.[match[1]] : undefined
  if (!target) throw new Error(`unsupported or unknown $ref ${ref}`)
  return target
}

function check(root: Schema, schema: Schema, value: unknown, at: string, errors: string[]): void {
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !KEYWORDS.has(keyword)) throw new Error(`the tiny validator does not know the keyword "${keyword}" (at ${at})`)
  }
  if (typeof schema.$ref === 'string') check(root, resolve(root, schema.$ref), value, at, errors)
  const type = typeOf(value)
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]
    const ok = types.some((t) => t === type || (t === 'number' && type === 'integer'))
    if (!ok) {
      errors.push(`${at}: expected ${types.join(' or ')}, found ${type}`)
      return
    }
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${at}: expected ${JSON.stringify(schema.const)}`)
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`)
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: ${value} is below ${schema.minimum}`)
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`)
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`)
  }
  if (type === 'array' && schema.items !== undefined) {
    ;(value as unknown[]).forEach((item, i) => check(root, schema.items as Schema, item, `${at}[${i}]`, errors))
  }
  if (type === 'object') {
    const object = value as Record<string, unknown>
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    for (const name of (schema.required ?? []) as string[]) if (!(name in object)) errors.push(`${at}: missing required property "${name}"`)
    for (const [name, item] of Object.entries(object)) {
      if (name in properties) check(root, properties[name], item, `${at}.${name}`, errors)
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property "${name}"`)
      else if (typeof schema.additionalProperties === 'object') check(root, schema.additionalProperties as Schema, item, `${at}.${name}`, errors)
    }
  }
}
