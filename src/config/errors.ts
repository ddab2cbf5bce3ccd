/** A configuration problem: the CLI prints `message` and exits with EXIT.config before touching the store. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
