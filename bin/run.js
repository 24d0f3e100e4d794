#!/usr/bin/env node
// The installed kosh: the compiled dist/ with oclif's production settings,
// whatever NODE_ENV says (vitest sets it to "test", which would make oclif
// read tsconfig.json and look for ts-node and tsx on every start).
import {execute} from '@oclif/core/execute'
import {settings} from '@oclif/core/settings'

settings.enableAutoTranspile = false

// oclif.manifest.json lets oclif import only the command being run. npm run build
// writes it; after a build by tsc alone it is older than dist/, so write it again.
// If that fails (or dist/ is not built), oclif finds the commands itself, as it
// would without a manifest.
const manifest = await import('../dist/cli/manifest.js').catch(() => undefined)
if (manifest?.manifestIsStale()) await manifest.writeManifest().catch(() => {})

await execute({dir: import.meta.url})
