/**
 * Passwords never reach output: any `scheme://user:password@host` in a message
 * has its password replaced, and the password of `PGPASSWORD` is masked too.
 */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)(@)/gi

export function redactSecrets(text: string): string {
  let out = text.replace(URL_PASSWORD, '$1***$3')
  const pgPassword = process.env.PGPASSWORD
  if (pgPassword && pgPassword.length >= 3) out = out.split(pgPassword).join('***')
  return out
}

/** A connection string with its password masked, for messages. */
export function redactUrl(url: string): string {
  return redactSecrets(url)
}
