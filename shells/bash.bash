# shellcheck shell=bash
# ssox shell integration for bash. In ~/.bashrc:
#
#   eval "$(ssox init bash)"
#
# Inside `ssox PROFILE` it shows the profile and the time its credentials have
# left at the front of PS1 ("ui-dev 47m", yellow under 15 minutes, red once
# expired, magenta "ui-dev login" when only a login renews them; no colour
# with NO_COLOR), the same text `ssox prompt` prints, computed with builtins
# (bash 4.2 or later) so a prompt costs no process. When the keys run short
# (SSOX_RENEW_AT), the prompt renews them: one ssox process at that prompt,
# never a browser. `ssox use PROFILE` switches this shell to a profile and
# `ssox use --off` switches it back, through the function ssox below.
# SSOX_NO_PROMPT=1 leaves the prompt alone (the keys still renew);
# ssox_prompt_info still prints the segment. It also completes ssox's
# commands, flags, their values and profile names, from the command table.

_ssox_bin='@SSOX@'
# _ssox_shown is what the hook last put in PS1, to take it out again;
# sourcing this twice must not forget it, nor any state below.
_ssox_shown=${_ssox_shown-} _ssox_level='' _ssox_text=${_ssox_text-}
# The renewal's state: no try before _ssox_retry_at (unless 0); while
# _ssox_watch names a token cache, none until its expiry differs from
# _ssox_seen (a login elsewhere), or _ssox_retry_at has come.
_ssox_retry_at=${_ssox_retry_at-0} _ssox_watch=${_ssox_watch-} _ssox_seen=${_ssox_seen-}
# What `ssox use` changed: the names, in order, and each one's state before
# (u: unset; x: exported, then its value; s: a shell variable, then its value).
declare -ga _ssox_saved
declare -gA _ssox_was

# The next four functions are the one rule of package timeleft and
# internal/visible (Go), in builtins; a test runs both over many inputs.

# _ssox_hidden are the code points a name shows as escapes, as ranges (first
# last ...): control characters (Cc), format characters (Cf: bidirectional
# overrides, zero-width ones), and the line and paragraph separators. A test
# holds the list to Go's Unicode tables.
_ssox_hidden=(0 31 127 159 173 173 1536 1541 1564 1564 1757 1757 1807 1807 2192 2193 2274 2274 6158 6158 8203 8207 8232 8238 8288 8292 8294 8303 65279 65279 65529 65531 69821 69821 69837 69837 78896 78911 113824 113827 119155 119162 917505 917505 917536 917631)

# _ssox_odd matches a name that does not show as it is: one with a
# character other than printable ASCII, listed rather than a range, which
# some locales collate otherwise.
_ssox_odd='*[!] !"#$%&'\''()*+,./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\^_`abcdefghijklmnopqrstuvwxyz{|}~-]*'

# _ssox_unix sets REPLY to the unix time $1 holds as 1 to 15 ASCII digits,
# and fails on anything else (timeleft.ParseUnix): more digits could
# overflow the arithmetic.
_ssox_unix() {
  local re='^[0123456789]{1,15}$'
  [[ ${1-} =~ $re ]] || return 1
  REPLY=$((10#$1))
}

# _ssox_epoch sets REPLY to the unix time of the RFC 3339 timestamp $1, and
# fails on anything else (timeleft.ParseRFC3339).
_ssox_epoch() {
  local d='[0123456789]'
  local re="^($d$d$d$d)-($d$d)-($d$d)T($d$d):($d$d):($d$d)(\\.$d+)?(Z|([+-])($d$d):($d$d))\$"
  [[ ${1-} =~ $re ]] || return 1
  local -a f=("${BASH_REMATCH[@]}")
  local y=$((10#${f[1]})) mo=$((10#${f[2]})) dd=$((10#${f[3]})) h=$((10#${f[4]})) mi=$((10#${f[5]})) s=$((10#${f[6]}))
  local off=0 leap era yoe doy doe
  ((leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
  ((mo >= 1 && mo <= 12 && dd >= 1 && h < 24 && mi < 60 && s < 60)) || return 1
  ((dd <= (mo == 2 ? 28 + leap : 30 + (mo + mo / 8) % 2))) || return 1
  if [[ -n ${f[9]} ]]; then
    ((10#${f[10]} < 24 && 10#${f[11]} < 60)) || return 1
    off=$((${f[9]}1 * (10#${f[10]} * 3600 + 10#${f[11]} * 60)))
  fi
  # Days from 1970-01-01 to a Gregorian date (Howard Hinnant's days_from_civil).
  ((y -= mo <= 2, era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400))
  ((doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + dd - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy))
  REPLY=$(((era * 146097 + doe - 719468) * 86400 + h * 3600 + mi * 60 + s - off))
}

# _ssox_name sets REPLY to $1 with each character of _ssox_hidden written as
# an escape (\x1b, \u009b) and each byte that is not UTF-8 as \xff, as
# `ssox prompt` writes it: a profile name cannot drive the terminal. It
# reads bytes (the C locale) and decodes UTF-8 as Go does.
_ssox_name() {
  REPLY=$1
  # shellcheck disable=SC2053
  [[ $1 == $_ssox_odd ]] || return 0
  local LC_ALL=C
  local s=$1 out='' e
  local -i i=0 n=${#s} b c r size k lo hi j
  while ((i < n)); do
    printf -v b %d "'${s:i:1}"
    ((r = b, size = 1, lo = 0x80, hi = 0xbf))
    if ((b >= 0xc2 && b <= 0xdf)); then
      ((size = 2, r = b & 0x1f))
    elif ((b >= 0xe0 && b <= 0xef)); then
      ((size = 3, r = b & 0x0f, lo = b == 0xe0 ? 0xa0 : 0x80, hi = b == 0xed ? 0x9f : 0xbf))
    elif ((b >= 0xf0 && b <= 0xf4)); then
      ((size = 4, r = b & 0x07, lo = b == 0xf0 ? 0x90 : 0x80, hi = b == 0xf4 ? 0x8f : 0xbf))
    elif ((b >= 0x80)); then
      size=0
    fi
    for ((k = 1; k < size; k++)); do
      c=0
      ((i + k < n)) && printf -v c %d "'${s:i+k:1}"
      if ((c < lo || c > hi)); then
        size=0
        break
      fi
      ((r = r << 6 | c & 0x3f, lo = 0x80, hi = 0xbf))
    done
    if ((size == 0)); then
      printf -v e '\\x%02x' "$b"
      out+=$e
      ((i++))
      continue
    fi
    e=${s:i:size}
    for ((j = 0; j < ${#_ssox_hidden[@]}; j += 2)); do
      if ((r >= _ssox_hidden[j] && r <= _ssox_hidden[j + 1])); then
        if ((r < 0x80)); then
          printf -v e '\\x%02x' "$r"
        else
          printf -v e '\\u%04x' "$r"
        fi
        break
      fi
    done
    out+=$e
    ((i += size))
  done
  REPLY=$out
}

# _ssox_segment sets REPLY to the text `ssox prompt` prints by default at
# unix time $1 ("" outside ssox) and _ssox_level to ok, soon, expired, login,
# or "" when the expiry is unknown.
_ssox_segment() {
  REPLY='' _ssox_level=''
  [[ -n ${SSOX_PROFILE-} ]] || return 0
  local now=$1 exp left m name
  _ssox_name "$SSOX_PROFILE"
  name=$REPLY
  if [[ -n ${SSOX_LOGIN_NEEDED-} ]]; then
    REPLY="$name login" _ssox_level=login
    return 0
  fi
  if _ssox_unix "${SSOX_EXPIRES-}" || _ssox_epoch "${AWS_CREDENTIAL_EXPIRATION-}"; then
    exp=$REPLY
  else
    REPLY=$name
    return 0
  fi
  ((left = exp - now))
  if ((left <= 0)); then
    REPLY="$name expired" _ssox_level=expired
    return 0
  fi
  _ssox_level=ok
  ((left < 900)) && _ssox_level=soon
  if ((left < 3600)); then
    REPLY="$name $((left / 60))m"
  elif ((left < 86400)); then
    printf -v m '%02d' $((left % 3600 / 60))
    REPLY="$name $((left / 3600))h${m}m"
  else
    REPLY="$name $((left / 86400))d"
  fi
}

# _ssox_now sets REPLY to the unix time, with a builtin.
_ssox_now() {
  if [[ -n ${EPOCHSECONDS-} ]]; then
    REPLY=$EPOCHSECONDS
  else
    printf -v REPLY '%(%s)T' -1
  fi
}

# ssox_prompt_info prints the segment, for prompts built by hand.
ssox_prompt_info() {
  local REPLY
  _ssox_now
  _ssox_segment "$REPLY"
  [[ -z $REPLY ]] || printf '%s\n' "$REPLY"
}

# _ssox_token sets REPLY to the expiresAt of the token cache file $1, ""
# when it cannot be read: a login writes a new one. Builtins only, and only
# from a regular file.
_ssox_token() {
  REPLY=''
  [[ -f $1 && -r $1 ]] || return 0
  local data='' re='"expiresAt"[[:space:]]*:[[:space:]]*"([^"]*)"'
  read -r -N 65536 data <"$1" 2>/dev/null
  [[ $data =~ $re ]] && REPLY=${BASH_REMATCH[1]}
  return 0
}

# _ssox_due says whether the prompt at unix time $1 renews the shell's keys:
# it has keys (not those of --server), their SSOX_RENEW_AT (else 15 minutes
# before SSOX_EXPIRES) has come, and the last try did not ask to wait.
_ssox_due() {
  local now=$1 at
  [[ -n ${SSOX_PROFILE-} && -n ${AWS_ACCESS_KEY_ID-} ]] || return 1
  if _ssox_unix "${SSOX_RENEW_AT-}"; then
    at=$REPLY
  elif _ssox_unix "${SSOX_EXPIRES-}"; then
    ((at = REPLY - 900))
  else
    return 1
  fi
  ((now >= at)) || return 1
  if [[ -n $_ssox_watch ]]; then
    _ssox_token "$_ssox_watch"
    [[ $REPLY != "$_ssox_seen" ]] || ((_ssox_retry_at && now >= _ssox_retry_at))
    return
  fi
  ((now >= _ssox_retry_at))
}

# _ssox_next records when the hook tries again: not before unix time $1
# (unless 0), and, when $2 names a token cache, once it changes.
_ssox_next() {
  _ssox_retry_at=$1 _ssox_watch=$2 _ssox_seen=''
  if [[ -n $2 ]]; then
    local REPLY
    _ssox_token "$2"
    _ssox_seen=$REPLY
  fi
}

# _ssox_renew has ssox renew the keys without a login and applies what it
# prints; it tells the user itself when only a login helps.
_ssox_renew() {
  local code
  code=$(command "$_ssox_bin" use --shell bash --renew)
  eval "$code"
}

# _ssox_save keeps each variable named, as it is before its first change
# by `ssox use`; with -s only in a shell `ssox use` has switched already.
_ssox_save() {
  local n d
  if [[ $1 == -s ]]; then
    shift
    ((${#_ssox_saved[@]})) || return 0
  fi
  for n; do
    [[ -n ${_ssox_was[$n]+kept} ]] && continue
    _ssox_saved+=("$n")
    if [[ -z ${!n+set} ]]; then
      _ssox_was[$n]=u
      continue
    fi
    if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 404)); then
      d=${!n@a}
    else
      d=$(declare -p "$n" 2>/dev/null)
      d=${d#declare -}
      d=${d%% *}
    fi
    if [[ $d == *x* ]]; then
      _ssox_was[$n]=x${!n}
    else
      _ssox_was[$n]=s${!n}
    fi
  done
}

# _ssox_restore puts back every variable _ssox_save kept: `ssox use --off`.
_ssox_restore() {
  local n v
  if ((${#_ssox_saved[@]} == 0)); then
    printf '%s\n' "ssox: this shell is not switched by 'ssox use'; nothing to switch off" >&2
    return 1
  fi
  for n in "${_ssox_saved[@]}"; do
    v=${_ssox_was[$n]}
    case $v in
      u) unset "$n" ;;
      x*)
        printf -v "$n" %s "${v#x}"
        export "${n?}"
        ;;
      s*)
        printf -v "$n" %s "${v#s}"
        export -n "${n?}"
        ;;
    esac
  done
  _ssox_saved=()
  _ssox_was=()
  _ssox_next 0 ''
}

# ssox runs ssox, but for `ssox use`, whose output it evaluates: only code
# run by the shell itself can change the shell's variables.
ssox() {
  if [[ ${1-} != use ]]; then
    command ssox "$@"
    return
  fi
  shift
  local code ret=0 evs
  code=$(command "$_ssox_bin" use --shell bash "$@") || ret=$?
  eval "$code"
  evs=$?
  return $((ret ? ret : evs))
}

# _ssox_prompt_command renews the keys when they run short, then puts the
# segment at the front of PS1, in place of the one it put there before, so
# it also works when another hook rewrites PS1.
_ssox_prompt_command() {
  local ret=$? REPLY seg now
  _ssox_now
  now=$REPLY
  _ssox_due "$now" && _ssox_renew
  PS1=${PS1#"$_ssox_shown"}
  _ssox_shown=''
  case ${SSOX_NO_PROMPT-} in
    1 | [Tt][Rr][Uu][Ee] | [Yy][Ee][Ss] | [Oo][Nn]) return $ret ;;
  esac
  _ssox_segment "$now"
  [[ -n $REPLY ]] || return $ret
  # A profile name is text, never a prompt escape or code: with promptvars
  # (the default) PS1 names a variable, whose value bash does not expand.
  if shopt -q promptvars; then
    _ssox_text=$REPLY
    # shellcheck disable=SC2016
    seg='${_ssox_text}'
  else
    seg=${REPLY//\\/\\\\}
  fi
  if [[ -z ${NO_COLOR-} ]]; then
    case $_ssox_level in
      ok) seg="\[\e[32m\]$seg\[\e[0m\]" ;;
      soon) seg="\[\e[33m\]$seg\[\e[0m\]" ;;
      expired) seg="\[\e[31m\]$seg\[\e[0m\]" ;;
      login) seg="\[\e[35m\]$seg\[\e[0m\]" ;;
    esac
  fi
  _ssox_shown="$seg "
  PS1=$_ssox_shown$PS1
  return $ret
}

# The command table, as `ssox init bash` writes it from ssox's own (empty
# here): _ssox_commands are the commands' names, and by command ("-" for
# `ssox PROFILE`) _ssox_args what its argument is (none, profile, exec: a
# profile then a command, words: one of its _ssox_values), _ssox_flags its
# flags (each that takes a value with "=" after it), _ssox_values by
# "command --flag" the values of a flag that has a fixed set, and _ssox_from
# the arguments of the ssox command that prints more (sso-session names).
_ssox_commands=()
declare -gA _ssox_args=() _ssox_flags=() _ssox_values=() _ssox_from=()
# @TABLE@

# _ssox_has says whether the space-separated list $1 holds the word $2.
_ssox_has() {
  [[ $2 != *[[:space:]]* && " $1 " == *" $2 "* ]]
}

# _ssox_offer adds each of the words $2... that starts with $1 to COMPREPLY.
# Not compgen -W, which would expand $(...) in a profile name.
_ssox_offer() {
  local cur=$1 w
  shift
  for w; do
    [[ $w == "$cur"* ]] && COMPREPLY+=("$w")
  done
  return 0
}

# _ssox_offer_values adds each value of the flag $2 ("command --flag") that
# starts with $1 to COMPREPLY, after $3.
_ssox_offer_values() {
  local w
  for w in ${_ssox_values[$2]-}; do
    _ssox_offer "$1" "$3$w"
  done
  [[ -n ${_ssox_from[$2]-} ]] || return 0
  while IFS= read -r w; do
    _ssox_offer "$1" "$3$w"
  done < <(
    # shellcheck disable=SC2086 # a list of words
    "$_ssox_bin" ${_ssox_from[$2]} 2>/dev/null
  )
}

# _ssox_complete completes ssox's command line as ssox reads it: a command
# or a profile first, then the command's flags, the values of a flag that
# has a fixed set (nothing for a free one), a profile where one goes, and
# from CMD of `ssox PROFILE -- CMD` on what bash would complete without ssox
# (-o default gives file names where nothing else is offered).
_ssox_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} cmd=- w name flags args
  local -i i at=0 n=0 ended=0
  COMPREPLY=()
  # The command is the first word that is neither a flag nor the value of
  # one (of any command's flags).
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    [[ $w == -- ]] && break
    if [[ $w == -?* ]]; then
      [[ $w != *=* ]] && _ssox_has "${_ssox_flags[*]}" "$w=" && ((i++))
      continue
    fi
    for name in "${_ssox_commands[@]}"; do
      [[ $w == "$name" ]] && cmd=$w at=i
    done
    break
  done
  flags=${_ssox_flags[$cmd]-} args=${_ssox_args[$cmd]-}
  for ((i = 1; i < COMP_CWORD; i++)); do
    ((i == at)) && continue
    w=${COMP_WORDS[i]}
    if ((!ended)) && [[ $w == -- ]]; then
      if [[ $args == exec ]]; then
        _ssox_command $((i + 1))
        return 0
      fi
      ended=1
    elif ((!ended)) && [[ $w == -?* ]]; then
      # Before the command, a flag may be any command's.
      if [[ $w != *=* ]] && { _ssox_has "$flags" "$w=" || { ((at == 0 || i < at)) && _ssox_has "${_ssox_flags[*]}" "$w="; }; }; then
        ((i++))
        name=$cur
        # --flag=value, which bash splits at the = (COMP_WORDBREAKS): the
        # word completed is the one after it.
        if [[ ${COMP_WORDS[i]-} == = ]]; then
          if ((i == COMP_CWORD)); then
            name=''
          else
            ((i++))
          fi
        fi
        if ((i == COMP_CWORD)); then
          _ssox_offer_values "$name" "$cmd $w"
          return 0
        fi
      fi
    elif [[ $args == exec ]] && ((n == 1)); then
      _ssox_command "$i"
      return 0
    else
      ((n++))
    fi
  done
  if ((!ended)) && [[ $cur == -*=* ]]; then
    # --flag=value in one word, where COMP_WORDBREAKS has no =.
    w=${cur%%=*}
    _ssox_has "$flags" "$w=" && _ssox_offer_values "$cur" "$cmd $w" "$w="
    return 0
  elif ((!ended)) && [[ $cur == -* ]]; then
    # shellcheck disable=SC2086 # a list of words
    _ssox_offer "$cur" ${flags//=/}
    return 0
  fi
  case $args:$n in
    exec:1) _ssox_command "$COMP_CWORD" ;;
    exec:0 | profile:0)
      # shellcheck disable=SC2086 # a list of words
      ((at == 0)) && _ssox_offer "$cur" "${_ssox_commands[@]}"
      while IFS= read -r name; do
        _ssox_offer "$cur" "$name"
      done < <("$_ssox_bin" list --names 2>/dev/null)
      ;;
    words:0)
      # shellcheck disable=SC2086 # a list of words
      _ssox_offer "$cur" ${_ssox_values[$cmd]-}
      ;;
  esac
  return 0
}

# _ssox_command completes the command that starts at COMP_WORDS[$1]: as
# bash-completion would, when it is loaded; else its name, and file names
# after it.
_ssox_command() {
  if declare -F _command_offset >/dev/null; then
    _command_offset "$1"
  elif (($1 == COMP_CWORD)); then
    mapfile -t COMPREPLY < <(compgen -c -- "${COMP_WORDS[COMP_CWORD]}")
  fi
}

if [[ $- == *i* ]]; then
  if [[ " ${PROMPT_COMMAND[*]-} " != *_ssox_prompt_command* ]]; then
    # Last, after any hook that sets PS1 afresh. Bash 5.1 runs every element
    # of an array PROMPT_COMMAND; keep it an array if it is one.
    if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501)) && [[ ${PROMPT_COMMAND+set} && ${PROMPT_COMMAND@a} == *a* ]]; then
      PROMPT_COMMAND+=(_ssox_prompt_command)
    else
      # A string here, whatever shellcheck infers from the branch above.
      # shellcheck disable=SC2128,SC2178
      PROMPT_COMMAND="${PROMPT_COMMAND:+$PROMPT_COMMAND$'\n'}_ssox_prompt_command"
    fi
  fi
  complete -o default -F _ssox_complete ssox
fi
