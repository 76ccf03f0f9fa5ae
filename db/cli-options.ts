/** The `--name value` and `--name=value` options of a command-line script, by name. */
export function parseOptions(argv: string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`Unexpected argument: ${argv[i]}`);
    options.set(match[1], match[2] ?? argv[++i] ?? "");
  }
  return options;
}
