/**
 * Shell completion scripts, generated from the command table: commands, aliases, each command's
 * flags, runtimes after `--runtime`, folders after `deploy`, and function names (read with
 * `denofn ls --json`, silently nothing when the platform is not reachable).
 */
import { COMMON, SHORT_FLAGS, VERB_FLAGS } from "./args.ts";
import { STARTERS } from "./commands/new.ts";
import { ALIASES, HELP } from "./usage.ts";

/** The shells `denofn completion` knows. */
export const SHELLS = ["bash", "zsh", "fish"];

const NAMED = ["describe", "invoke", "logs", "rm", "restart"];
const FILES = ["dir", "file", "stack", "token-file"];

const verbsOf = (
  verb: string,
) => [verb, ...Object.keys(ALIASES).filter((a) => ALIASES[a] === verb)];
const flagsOf = (verb: string) => [...VERB_FLAGS[verb], ...COMMON];
/** `sed` that prints the names of `denofn ls --json` (top-level "name" keys of the array). */
const NAMES_SED = `sed -n 's/^    "name": "\\(.*\\)",$/\\1/p'`;

function bash(): string {
  const verbs = Object.keys(VERB_FLAGS).flatMap(verbsOf).join(" ");
  const flagCases = Object.keys(VERB_FLAGS).map((v) =>
    `      ${verbsOf(v).join("|")}) COMPREPLY=($(compgen -W "${
      flagsOf(v).map((f) => `--${f}`).join(" ")
    }" -- "$cur")) ;;`
  ).join("\n");
  const named = NAMED.flatMap(verbsOf).join("|");
  return `# denofn completion for bash: source <(denofn completion bash)
_denofn() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local verbs="${verbs}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "$verbs --help --version" -- "$cur")); return 0
  fi
  local verb="\${COMP_WORDS[1]}"
  case "$prev" in
    --runtime) COMPREPLY=($(compgen -W "${Object.keys(STARTERS).join(" ")}" -- "$cur")); return 0 ;;
    ${FILES.map((f) => `--${f}`).join("|")}) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
  esac
  if [[ "$cur" == -* ]]; then
    case "$verb" in
${flagCases}
    esac
    return 0
  fi
  case "$verb" in
    deploy) COMPREPLY=($(compgen -d -- "$cur")) ;;
    ${named}) COMPREPLY=($(compgen -W "$(denofn ls --json 2>/dev/null | ${NAMES_SED})" -- "$cur")) ;;
    help) COMPREPLY=($(compgen -W "$verbs" -- "$cur")) ;;
    completion) COMPREPLY=($(compgen -W "${SHELLS.join(" ")}" -- "$cur")) ;;
  esac
  return 0
}
complete -o default -F _denofn denofn
`;
}

function zsh(): string {
  return `# denofn completion for zsh: source <(denofn completion zsh)   (after compinit)
autoload -U +X bashcompinit && bashcompinit
${bash().split("\n").slice(1).join("\n")}`;
}

function fish(): string {
  const lines = [
    "# denofn completion for fish: denofn completion fish > ~/.config/fish/completions/denofn.fish",
    "complete -c denofn -f",
  ];
  const quote = (s: string) => `'${s.replaceAll("'", "\\'")}'`;
  for (const [verb, h] of Object.entries(HELP)) {
    for (const name of verbsOf(verb)) {
      lines.push(`complete -c denofn -n __fish_use_subcommand -a ${name} -d ${quote(h.summary)}`);
    }
    const when = `"__fish_seen_subcommand_from ${verbsOf(verb).join(" ")}"`;
    for (const flag of flagsOf(verb)) {
      const short = SHORT_FLAGS[flag] ? ` -s ${SHORT_FLAGS[flag]}` : "";
      const arg = flag === "runtime"
        ? ` -x -a ${quote(Object.keys(STARTERS).join(" "))}`
        : FILES.includes(flag)
        ? " -r -F"
        : "";
      lines.push(`complete -c denofn -n ${when} -l ${flag}${short}${arg}`);
    }
  }
  lines.push(
    `complete -c denofn -n "__fish_seen_subcommand_from ${
      NAMED.flatMap(verbsOf).join(" ")
    }" -a "(denofn ls --json 2>/dev/null | string match -r -g '^    \\"name\\": \\"(.*)\\",\\$')"`,
    `complete -c denofn -n "__fish_seen_subcommand_from deploy" -a "(__fish_complete_directories)"`,
    `complete -c denofn -n "__fish_seen_subcommand_from help" -a ${
      quote(Object.keys(HELP).join(" "))
    }`,
    `complete -c denofn -n "__fish_seen_subcommand_from completion" -a ${quote(SHELLS.join(" "))}`,
  );
  return lines.join("\n") + "\n";
}

/** The completion script for `shell` (one of {@link SHELLS}). */
export function completionScript(shell: string): string {
  return shell === "bash" ? bash() : shell === "zsh" ? zsh() : fish();
}
