/** Exit codes of the `denofn` CLI: scripts may rely on them. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Bad usage: unknown verb or flag, missing argument. */
  usage: 1,
  /** The server is unreachable or answered 5xx. */
  server: 2,
  /** The function (or record) does not exist. */
  notFound: 3,
  /** Missing or wrong admin token. */
  auth: 4,
  /** The server refused the request: bad archive, failed build, invalid input. */
  rejected: 5,
  /** `invoke`: the function answered with a status >= 400. */
  functionError: 6,
} as const;

/** An error the CLI reports with a message and an exit code. */
export class CliError extends Error {
  constructor(readonly exitCode: number, message: string, readonly body?: unknown) {
    super(message);
    this.name = "CliError";
  }
}

/** A usage error (exit 1). */
export function usage(message: string): CliError {
  return new CliError(EXIT.usage, `${message}\nRun "denofn help" for usage.`);
}
