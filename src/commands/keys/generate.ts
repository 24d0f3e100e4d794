import * as Flags from '@oclif/core/flags'

import {KoshCommand} from '../../cli/base.js'
import {writeKeyPair} from '../../sign/keys.js'

export interface KeysGenerateResult {
  privateKey: string
  publicKey: string
}

export default class KeysGenerate extends KoshCommand {
  static override summary = 'Make an Ed25519 key pair for signing plans'
  static override description = `Writes private.pem (PKCS#8, readable by you only: mode 0600) and public.pem (SPKI) to --out; refuses to overwrite either.
Sign a plan with kosh plan --sign-key DIR/private.pem; give reviewers public.pem (kosh verify PLAN_DIR --public-key public.pem, or openssl: see docs/reviewers.md).`
  static override examples = ['<%= config.bin %> keys generate --out keys', '<%= config.bin %> plan --sign-key keys/private.pem']
  static override flags = {
    out: Flags.string({description: 'folder for private.pem and public.pem (created if missing)', helpValue: 'DIR', required: true}),
  }

  async run(): Promise<KeysGenerateResult> {
    const {flags} = await this.parse(KeysGenerate)
    const {privateKey, publicKey} = await writeKeyPair(flags.out)
    if (!this.jsonEnabled()) {
      this.log(`Wrote ${privateKey} (private: keep it secret, mode 0600) and ${publicKey} (public: give it to reviewers)`)
    }
    return {privateKey, publicKey}
  }
}
