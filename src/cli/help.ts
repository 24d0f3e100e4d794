/** kosh's help: oclif's, with the exit-code table under every page. */
import {Help} from '@oclif/core/help'

import {EXIT_CODE_HELP} from './errors.js'

export default class KoshHelp extends Help {
  override async showRootHelp(): Promise<void> {
    await super.showRootHelp()
    this.log(EXIT_CODE_HELP + '\n')
  }

  override async showCommandHelp(command: Parameters<Help['showCommandHelp']>[0]): Promise<void> {
    await super.showCommandHelp(command)
    this.log(EXIT_CODE_HELP + '\n')
  }

  override async showTopicHelp(topic: Parameters<Help['showTopicHelp']>[0]): Promise<void> {
    await super.showTopicHelp(topic)
    this.log(EXIT_CODE_HELP + '\n')
  }
}
