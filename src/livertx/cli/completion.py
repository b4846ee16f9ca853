"""Shell completion: command names, options, option values, and the stage, modality and drug
names of the catalog.

`livertx completion SHELL` prints a script for bash, zsh or fish. The script calls
`livertx __complete SHELL WORD...` with the words typed so far, the last one unfinished, and
gets one candidate per line. Names are given as they are; each script quotes them for its
shell (bash with `printf %q`; zsh's `compadd` and fish quote by themselves), so that a name of
two words, `transarterial chemoembolization`, stays one argument. Where a file path belongs
(`--catalog PATH`, `validate PATH`) the answer is the single line FILES and the shell completes
file names; anywhere else, no match means no candidates, never file names.
"""

from __future__ import annotations

import os
from typing import Any

FILES = "__files__"
"""The answer that asks the shell for its own file-name completion."""

NAME_ARGUMENTS = {
    "stage": ("stages",),
    "explain": ("modalities",),
    "drug": ("drugs",),
    "compare": ("modalities", "drugs"),
}
"""Which name tables complete each command's positional arguments."""

PATH_METAVARS = frozenset({"PATH", "DIR", "FILE", "OLD", "NEW"})
"""Parameters shown with one of these metavars take a file or folder path."""

SCRIPTS = {
    "bash": r"""# livertx completion for bash. Load it from ~/.bashrc:
#   eval "$(livertx completion bash)"
_livertx_complete() {
    local IFS=$'\n' word
    local -a found
    found=($(livertx __complete bash "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
    COMPREPLY=()
    if [[ "${found[0]}" == __files__ ]]; then
        compopt -o default  # a path: bash's own file names
        return 0
    fi
    for word in "${found[@]}"; do
        COMPREPLY+=("$(printf '%q' "$word")")
    done
}
complete -F _livertx_complete livertx
""",
    "zsh": r"""#compdef livertx
# livertx completion for zsh. Load it from ~/.zshrc, after compinit:
#   eval "$(livertx completion zsh)"
_livertx() {
    local -a found
    found=(${(f)"$(livertx __complete zsh "${(@)words[2,CURRENT]}" 2>/dev/null)"})
    if [[ "${found[1]}" == __files__ ]]; then
        _files
        return
    fi
    compadd -- "${found[@]}"
}
compdef _livertx livertx
""",
    "fish": r"""# livertx completion for fish. Save it where fish looks for completions:
#   livertx completion fish > ~/.config/fish/completions/livertx.fish
function __livertx_complete
    set -l found (livertx __complete fish (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)
    if test "$found[1]" = __files__
        __fish_complete_path (commandline -ct)
    else
        printf '%s\n' $found
    end
end
complete -c livertx -f -a '(__livertx_complete)'
""",
}


def _unquote(word: str) -> str:
    """The word as the program will receive it: an opening quote and backslash escapes, which
    the shell hands over as typed, removed."""
    if word[:1] in ("'", '"'):
        word = word[1:]
    out, escaped = [], False
    for ch in word:
        if escaped or ch != "\\":
            out.append(ch)
            escaped = False
        else:
            escaped = True
    return "".join(out)


def _options(command: Any) -> dict[str, Any]:
    """Each option string of a Click command (`--json`, `-n`), with its parameter."""
    return {
        opt: p
        for p in command.params
        if p.param_type_name == "option"
        for opt in (*p.opts, *p.secondary_opts)
    }


def _filter_values(option: str, catalog_path: str | None) -> list[str]:
    """The values --source, --min-trust, --status, --kind and --color take."""
    if option == "--color":
        return ["auto", "always", "never"]
    if option == "--status":
        from ..catalog.model import Status

        return [s.value for s in reversed(Status)]
    from .output import load

    try:
        catalog = load(catalog_path)
    except Exception:  # completion must never break the shell
        return []
    if option == "--source":
        return [s.id for s in catalog.sources]
    if option == "--min-trust":
        return [t.id for t in catalog.trust_tiers]
    from ..query import kind_names

    return kind_names(catalog)


FILTER_OPTIONS = frozenset({"--source", "--min-trust", "--status", "--kind", "--color"})


def _value_candidates(param: Any, incomplete: str, catalog_path: str | None = None) -> list[str]:
    """What may follow an option that takes a value: its choices, or FILES for a path."""
    if (param.metavar or "") in PATH_METAVARS:
        return [FILES]
    named = FILTER_OPTIONS.intersection(param.opts)
    if named:
        values = _filter_values(next(iter(named)), catalog_path)
        return [v for v in values if v.startswith(incomplete)]
    choices = getattr(param.type, "choices", None)
    if choices:
        return [str(c) for c in choices if str(c).startswith(incomplete)]
    return []


def _names(kinds: tuple[str, ...], incomplete: str, catalog_path: str | None) -> list[str]:
    """Catalog names of these kinds that begin with what was typed, in any case or spacing."""
    from ..catalog.index import name_key, names_of
    from .output import load

    try:
        catalog = load(catalog_path)
    except Exception:  # completion must never break the shell
        return []
    prefix = name_key(incomplete)
    typed = incomplete.lower()
    names: list[str] = []
    for kind in kinds:
        table = names_of(catalog, kind)
        for key in table.keys:
            if key.startswith(prefix):
                # a document's garbled spelling (Vulumab) is found when typed, never offered
                texts = [e.text for e in table.by_key[key] if e.name_type != "source spelling"]
                if not texts:
                    continue
                # zsh and fish keep only candidates that begin with what was typed: when no
                # name is spelled that way ("radiofrequency a" for radiofrequency-ablation),
                # the name as the catalog matches it is offered instead.
                names += [t for t in texts if t.lower().startswith(typed)] or [key]
    # Shells filter candidates case-sensitively: offer "nexavar" to someone typing "nex".
    shown = (n if n.startswith(incomplete) else n.lower() for n in names)
    # With nothing typed yet, names of several words would crowd the list; they come once a
    # letter is typed.
    return sorted(dict.fromkeys(n for n in shown if " " not in n or incomplete))


def complete(app: Any, words: list[str]) -> str:
    """The answer to `livertx __complete SHELL WORD...` for a Typer app: one candidate a line."""
    import typer

    from ..textsafe import one_line

    found = candidates(typer.main.get_command(app), words)
    # the one cleaning of every door out: a candidate is one line with no control characters,
    # so that an alias holding a newline never becomes two candidates
    shown = dict.fromkeys(one_line(c) for c in found)
    return "".join(f"{c}\n" for c in shown if c)


def candidates(group: Any, words: list[str]) -> list[str]:
    """What may stand at the last of `words` (the words after `livertx`, the last unfinished),
    for the Click group of the livertx app."""
    *done, last = words or [""]
    incomplete = _unquote(last)
    command: Any = None
    options = _options(group)
    positional = 0
    catalog_path: str | None = None
    wants_value: Any = None
    for word in done:
        if wants_value is not None:
            if "--catalog" in wants_value.opts:
                catalog_path = _unquote(word)
            wants_value = None
        elif word.startswith("-"):
            name, eq, value = word.partition("=")
            param = options.get(name)
            if param is not None and not param.is_flag and not eq:
                wants_value = param
            elif name == "--catalog" and eq:
                catalog_path = _unquote(value)
        elif command is None:
            command = group.commands.get(word)
            if command is None:
                return []
            anywhere = {
                k: v
                for k, v in _options(group).items()
                if k in ("--color", "--no-pager", "--raw-csv")
            }
            options = {**anywhere, **_options(command)}
        else:
            positional += 1
    if wants_value is not None:
        catalog_path = catalog_path or os.environ.get("LIVERTX_CATALOG") or None
        return _value_candidates(wants_value, incomplete, catalog_path)
    if incomplete.startswith("-"):
        return sorted(o for o in (*options, "--help") if o.startswith(incomplete))
    if command is None:
        return sorted(
            name
            for name, c in group.commands.items()
            if name.startswith(incomplete) and not c.hidden
        )
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    if command.name == "completion":
        return [n for n in SCRIPTS if n.startswith(incomplete)]
    if command.name == "schema":
        from ..render.schemas import schema_names

        return [n for n in schema_names() if n.startswith(incomplete)]
    kinds = NAME_ARGUMENTS.get(command.name)
    if kinds is not None:
        catalog_path = catalog_path or os.environ.get("LIVERTX_CATALOG") or None
        return _names(kinds, incomplete, catalog_path)
    if positional < len(arguments) or (arguments and arguments[-1].nargs == -1):
        param = arguments[min(positional, len(arguments) - 1)]
        return _value_candidates(param, incomplete)
    return []
