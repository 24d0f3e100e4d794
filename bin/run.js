#!/usr/bin/env node
// The installed kosh: the compiled dist/ with oclif's production settings,
// whatever NODE_ENV says (vitest sets it to "test", which would make oclif
// read tsconfig.json and look for ts-node and tsx on every start).
import {execute} from '@oclif/core/execute'
import {settings} from '@oclif/core/settings'

import {manifestIsStale, writeManifest} from '../dist/cli/manifest.js'

settings.enableAutoTranspile = false

// oclif.manifest.json lets oclif import only the command being run. npm run build
// writes it; after a build by tsc alone it is older than dist/, so write it again.
// If that fails, oclif finds the commands itself, as it would without a manifest.
if (manifestIsStale()) await writeManifest().catch(() => {})

await execute({dir: import.meta.url})
