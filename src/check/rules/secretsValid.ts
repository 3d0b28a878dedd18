import { diag } from '../../diagnostics/codes.js';
import type { RuleContext } from '../context.js';
import type { SecretValue } from '../model.js';

const SECRET_MOUNT = '/etc/flyte/secrets';
const SECRET_ENV = /^[A-Z_][A-Z0-9_]*$/;
const SECRET_KEY = /^[A-Za-z0-9_.-]+$/;

/** Secrets are what flyte-sdk accepts: a key, the one mount directory, an upper-case variable name. */
export function secretsValid(ctx: RuleContext): void {
  const check = (secret: SecretValue) => {
    if (!SECRET_KEY.test(secret.key)) {
      ctx.report(diag.invalidSecret(secret.span, secret.key === '' ? 'a secret needs a non-empty key' : `\`${secret.key}\` is not a valid secret key`, 'use letters, digits, `_`, `-` and `.`'));
      // The variable name derived from a bad key is bad too: one mistake, one diagnostic.
      return;
    }
    if (secret.group !== undefined && !SECRET_KEY.test(secret.group)) {
      ctx.report(diag.invalidSecret(secret.span, `\`${secret.group}\` is not a valid secret group`, 'use letters, digits, `_`, `-` and `.`'));
      return;
    }
    // flyte-sdk compares the string exactly: `/etc/flyte/secrets/` is refused too.
    if (secret.mount !== undefined && secret.mount !== SECRET_MOUNT) {
      ctx.report(diag.invalidSecret(secret.span, `secrets can only be mounted at \`${SECRET_MOUNT}\`, not \`${secret.mount}\``, `write \`mount="${SECRET_MOUNT}"\`, or use \`as_env_var=\``));
    }
    if (secret.asEnvVar !== undefined && !SECRET_ENV.test(secret.asEnvVar)) {
      ctx.report(diag.invalidSecret(secret.span, `\`${secret.asEnvVar}\` is not a valid environment variable name for a secret`, 'use upper-case letters, digits and `_`, not starting with a digit'));
    }
  };
  for (const { layer } of ctx.layers) if ('secrets' in layer) for (const s of layer.secrets) check(s);
  for (const { image } of ctx.images) if (image.registrySecret) check(image.registrySecret);
}
