/**
 * oclif.manifest.json: every command's id, flags, arguments and help, written
 * after the TypeScript build (`npm run build`). With it oclif imports only the
 * command being run; without it, it imports every command module at start-up
 * to list them. bin/run.js writes it again when dist/ is newer (a build by
 * `tsc` alone), so it never describes commands that are no longer there.
 *
 * Run as a script: `node dist/cli/manifest.js` writes the manifest of the package.
 */
import {renameSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const MANIFEST = 'oclif.manifest.json'

/** The package folder: dist/cli/manifest.js -> the folder of package.json. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** True when oclif.manifest.json is missing or older than the compiled commands it describes. */
export function manifestIsStale(root = ROOT): boolean {
  try {
    // tsc rewrites every file it emits, so one of them dates the whole build.
    return statSync(join(root, MANIFEST)).mtimeMs < statSync(fileURLToPath(import.meta.url)).mtimeMs
  } catch {
    return true
  }
}

/** Build the manifest from dist/commands (as `oclif manifest` does) and write it, atomically. */
export async function writeManifest(root = ROOT): Promise<void> {
  const {Plugin} = await import('@oclif/core/config')
  const {settings} = await import('@oclif/core/settings')
  settings.enableAutoTranspile = false
  const plugin = new Plugin({root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true})
  await plugin.load()
  const file = join(root, MANIFEST)
  // Several kosh processes may write it at once: each writes its own file and renames it.
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify(plugin.manifest))
  renameSync(temporary, file)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await writeManifest()
