# ssox shell integration for zsh. In ~/.zshrc (before or after compinit):
#
#   eval "$(ssox init zsh)"
#
# Inside `ssox PROFILE` it shows the profile and the time its credentials have
# left at the front of RPROMPT ("ui-dev 47m", yellow under 15 minutes, red
# once expired, magenta "ui-dev login" when only a login renews them; no
# colour with NO_COLOR), the same text `ssox prompt` prints, computed with
# builtins so a prompt costs no process. When the keys run short
# (SSOX_RENEW_AT), the prompt renews them: one ssox process at that prompt,
# never a browser. `ssox use PROFILE` switches this shell to a profile and
# `ssox use --off` switches it back, through the function ssox below.
# SSOX_NO_PROMPT=1 leaves the prompt alone (the keys still renew);
# ssox_prompt_info still prints the segment. It also completes ssox's
# commands, flags, their values and profile names, from the command table,
# whether this comes before or after compinit.

typeset -g _ssox_bin='@SSOX@'
# _ssox_shown is what the hook last put in RPROMPT, to take it out again;
# sourcing this twice must not forget it, nor any state below.
typeset -g _ssox_shown=${_ssox_shown-} _ssox_level='' _ssox_text=${_ssox_text-}
# The renewal's state: no try before _ssox_retry_at (unless 0); while
# _ssox_watch names a token cache, none until its expiry differs from
# _ssox_seen (a login elsewhere), or _ssox_retry_at has come.
typeset -g _ssox_retry_at=${_ssox_retry_at-0} _ssox_watch=${_ssox_watch-} _ssox_seen=${_ssox_seen-}
# What `ssox use` changed: the names, in order, and each one's state before
# (u: unset; x: exported, then its value; s: a shell variable, then its value).
typeset -ga _ssox_saved
typeset -gA _ssox_was
zmodload zsh/datetime 2>/dev/null

# The next four functions are the one rule of package timeleft and
# internal/visible (Go), in builtins; a test runs both over many inputs.

# _ssox_hidden are the code points a name shows as escapes, as ranges (first
# last ...): control characters (Cc), format characters (Cf: bidirectional
# overrides, zero-width ones), and the line and paragraph separators. A test
# holds the list to Go's Unicode tables.
typeset -ga _ssox_hidden
_ssox_hidden=(0 31 127 159 173 173 1536 1541 1564 1564 1757 1757 1807 1807 2192 2193 2274 2274 6158 6158 8203 8207 8232 8238 8288 8292 8294 8303 65279 65279 65529 65531 69821 69821 69837 69837 78896 78911 113824 113827 119155 119162 917505 917505 917536 917631)

# _ssox_unix sets REPLY to the unix time $1 holds as 1 to 15 ASCII digits,
# and fails on anything else (timeleft.ParseUnix): more digits could
# overflow the arithmetic.
_ssox_unix() {
  emulate -L zsh
  [[ $1 =~ '^[0123456789]{1,15}$' ]] || return 1
  REPLY=$(( 10#$1 ))
}

# _ssox_epoch sets REPLY to the unix time of the RFC 3339 timestamp $1, and
# fails on anything else (timeleft.ParseRFC3339).
_ssox_epoch() {
  emulate -L zsh
  local d='[0123456789]'
  [[ $1 =~ "^($d$d$d$d)-($d$d)-($d$d)T($d$d):($d$d):($d$d)(\\.$d+)?(Z|([+-])($d$d):($d$d))\$" ]] || return 1
  local -i y=10#$match[1] mo=10#$match[2] dd=10#$match[3] h=10#$match[4] mi=10#$match[5] s=10#$match[6] off=0 leap
  (( leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ))
  (( mo >= 1 && mo <= 12 && dd >= 1 && h < 24 && mi < 60 && s < 60 )) || return 1
  (( dd <= (mo == 2 ? 28 + leap : 30 + (mo + mo / 8) % 2) )) || return 1
  if [[ -n $match[9] ]]; then
    (( 10#$match[10] < 24 && 10#$match[11] < 60 )) || return 1
    off=$(( ${match[9]}1 * (10#$match[10] * 3600 + 10#$match[11] * 60) ))
  fi
  # Days from 1970-01-01 to a Gregorian date (Howard Hinnant's days_from_civil).
  local -i era yoe doy doe
  (( y -= mo <= 2, era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400 ))
  (( doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + dd - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy ))
  REPLY=$(( (era * 146097 + doe - 719468) * 86400 + h * 3600 + mi * 60 + s - off ))
}

# _ssox_name sets REPLY to $1 with each character of _ssox_hidden written as
# an escape (\x1b, \u009b) and each byte that is not UTF-8 as \xff, as
# `ssox prompt` writes it: a profile name cannot drive the terminal. It
# reads bytes, whatever the locale, and decodes UTF-8 as Go does.
_ssox_name() {
  emulate -L zsh
  setopt no_multibyte
  REPLY=$1
  [[ $1 == *[^\ -~]* ]] || return 0
  local s=$1 out='' e c
  local -i i=1 n=$#s b r size k lo hi j
  while (( i <= n )); do
    c=$s[i]
    (( b = #c, r = b, size = 1, lo = 0x80, hi = 0xbf ))
    if (( b >= 0xc2 && b <= 0xdf )); then
      (( size = 2, r = b & 0x1f ))
    elif (( b >= 0xe0 && b <= 0xef )); then
      (( size = 3, r = b & 0x0f, lo = b == 0xe0 ? 0xa0 : 0x80, hi = b == 0xed ? 0x9f : 0xbf ))
    elif (( b >= 0xf0 && b <= 0xf4 )); then
      (( size = 4, r = b & 0x07, lo = b == 0xf0 ? 0x90 : 0x80, hi = b == 0xf4 ? 0x8f : 0xbf ))
    elif (( b >= 0x80 )); then
      size=0
    fi
    for (( k = 1; k < size; k++ )); do
      c=$s[i+k]
      if (( i + k > n )) || (( #c < lo || #c > hi )); then
        size=0
        break
      fi
      (( r = r << 6 | #c & 0x3f, lo = 0x80, hi = 0xbf ))
    done
    if (( size == 0 )); then
      printf -v e '\\x%02x' $b
      out+=$e
      (( i++ ))
      continue
    fi
    e=$s[i,i+size-1]
    for (( j = 1; j < $#_ssox_hidden; j += 2 )); do
      if (( r >= _ssox_hidden[j] && r <= _ssox_hidden[j+1] )); then
        if (( r < 0x80 )); then
          printf -v e '\\x%02x' $r
        else
          printf -v e '\\u%04x' $r
        fi
        break
      fi
    done
    out+=$e
    (( i += size ))
  done
  REPLY=$out
}

# _ssox_segment sets REPLY to the text `ssox prompt` prints by default at
# unix time $1 ("" outside ssox) and _ssox_level to ok, soon, expired, login,
# or "" when the expiry is unknown.
_ssox_segment() {
  emulate -L zsh
  REPLY='' _ssox_level=''
  [[ -n $SSOX_PROFILE ]] || return 0
  local -i now=$1 exp left m
  local name
  _ssox_name "$SSOX_PROFILE"
  name=$REPLY
  if [[ -n $SSOX_LOGIN_NEEDED ]]; then
    REPLY="$name login" _ssox_level=login
    return 0
  fi
  if _ssox_unix "$SSOX_EXPIRES" || _ssox_epoch "$AWS_CREDENTIAL_EXPIRATION"; then
    exp=$REPLY
  else
    REPLY=$name
    return 0
  fi
  (( left = exp - now ))
  if (( left <= 0 )); then
    REPLY="$name expired" _ssox_level=expired
    return 0
  fi
  _ssox_level=ok
  (( left < 900 )) && _ssox_level=soon
  if (( left < 3600 )); then
    REPLY="$name $(( left / 60 ))m"
  elif (( left < 86400 )); then
    m=$(( left % 3600 / 60 ))
    REPLY="$name $(( left / 3600 ))h${(l:2::0:)m}m"
  else
    REPLY="$name $(( left / 86400 ))d"
  fi
}

# ssox_prompt_info prints the segment, for prompts built by hand.
ssox_prompt_info() {
  local REPLY
  _ssox_segment $EPOCHSECONDS
  [[ -z $REPLY ]] || print -r -- "$REPLY"
}

# _ssox_token sets REPLY to the expiresAt of the token cache file $1, ""
# when it cannot be read: a login writes a new one. Builtins only, and only
# from a regular file.
_ssox_token() {
  emulate -L zsh
  REPLY=''
  [[ -f $1 && -r $1 ]] || return 0
  local data
  { read -r -u 0 -k 65536 data <"$1" } 2>/dev/null
  [[ $data =~ '"expiresAt"[[:space:]]*:[[:space:]]*"([^"]*)"' ]] && REPLY=$match[1]
  return 0
}

# _ssox_due says whether the prompt at unix time $1 renews the shell's keys:
# it has keys (not those of --server), their SSOX_RENEW_AT (else 15 minutes
# before SSOX_EXPIRES) has come, and the last try did not ask to wait.
_ssox_due() {
  emulate -L zsh
  local -i now=$1 at
  [[ -n $SSOX_PROFILE && -n $AWS_ACCESS_KEY_ID ]] || return 1
  if _ssox_unix "$SSOX_RENEW_AT"; then
    at=$REPLY
  elif _ssox_unix "$SSOX_EXPIRES"; then
    (( at = REPLY - 900 ))
  else
    return 1
  fi
  (( now >= at )) || return 1
  if [[ -n $_ssox_watch ]]; then
    _ssox_token $_ssox_watch
    [[ $REPLY != "$_ssox_seen" ]] || (( _ssox_retry_at && now >= _ssox_retry_at ))
    return
  fi
  (( now >= _ssox_retry_at ))
}

# _ssox_next records when the hook tries again: not before unix time $1
# (unless 0), and, when $2 names a token cache, once it changes.
_ssox_next() {
  _ssox_retry_at=$1 _ssox_watch=$2 _ssox_seen=''
  if [[ -n $2 ]]; then
    local REPLY
    _ssox_token $2
    _ssox_seen=$REPLY
  fi
}

# _ssox_renew has ssox renew the keys without a login and applies what it
# prints; it tells the user itself when only a login helps.
_ssox_renew() {
  local code
  code=$(command "$_ssox_bin" use --shell zsh --renew)
  eval "$code"
}

# _ssox_save keeps each variable named, as it is before its first change
# by `ssox use`; with -s only in a shell `ssox use` has switched already.
_ssox_save() {
  emulate -L zsh
  if [[ $1 == -s ]]; then
    shift
    (( $#_ssox_saved )) || return 0
  fi
  local n
  for n; do
    (( $_ssox_saved[(Ie)$n] )) && continue
    _ssox_saved+=($n)
    if (( ! ${+parameters[$n]} )); then
      _ssox_was[$n]=u
    elif [[ ${parameters[$n]} == *export* ]]; then
      _ssox_was[$n]=x${(P)n}
    else
      _ssox_was[$n]=s${(P)n}
    fi
  done
}

# _ssox_restore puts back every variable _ssox_save kept: `ssox use --off`.
_ssox_restore() {
  emulate -L zsh
  if (( ! $#_ssox_saved )); then
    print -ru2 -- "ssox: this shell is not switched by 'ssox use'; nothing to switch off"
    return 1
  fi
  local n
  for n in $_ssox_saved; do
    case $_ssox_was[$n] in
      (u) unset $n ;;
      (x*) typeset -gx $n=${_ssox_was[$n]#x} ;;
      (s*) typeset -g +x $n=${_ssox_was[$n]#s} ;;
    esac
  done
  _ssox_saved=() _ssox_was=()
  _ssox_next 0 ''
}

# ssox runs ssox, but for `ssox use`, whose output it evaluates: only code
# run by the shell itself can change the shell's variables.
ssox() {
  if [[ $1 != use ]]; then
    command ssox "$@"
    return
  fi
  shift
  local code
  local -i ret=0 evs
  code=$(command "$_ssox_bin" use --shell zsh "$@") || ret=$?
  eval "$code"
  evs=$?
  return $(( ret ? ret : evs ))
}

# _ssox_precmd renews the keys when they run short, then puts the segment at
# the front of RPROMPT, in place of the one it put there before, so it also
# works when a theme rewrites RPROMPT.
_ssox_precmd() {
  local -i subst=0
  [[ -o promptsubst ]] && subst=1
  emulate -L zsh
  local REPLY seg
  local -i now=$EPOCHSECONDS
  _ssox_due $now && _ssox_renew
  [[ -n $_ssox_shown ]] && RPROMPT=${RPROMPT#"$_ssox_shown"}
  _ssox_shown=''
  [[ ${(L)SSOX_NO_PROMPT} == (1|true|yes|on) ]] && return 0
  _ssox_segment $now
  [[ -n $REPLY ]] || return 0
  # A profile name is text, never a prompt escape or, with PROMPT_SUBST, code.
  seg=${REPLY//\%/%%}
  if (( subst )); then
    _ssox_text=$seg
    seg='${_ssox_text}'
  fi
  if [[ -z $NO_COLOR ]]; then
    case $_ssox_level in
      (ok) seg="%F{green}$seg%f" ;;
      (soon) seg="%F{yellow}$seg%f" ;;
      (expired) seg="%F{red}$seg%f" ;;
      (login) seg="%F{magenta}$seg%f" ;;
    esac
  fi
  _ssox_shown=$seg${RPROMPT:+ }
  RPROMPT=$_ssox_shown$RPROMPT
}

# The command table, as `ssox init zsh` writes it from ssox's own (empty
# here): _ssox_commands are the commands' names, and by command ("-" for
# `ssox PROFILE`) _ssox_args what its argument is (none, profile, exec: a
# profile then a command, words: one of its _ssox_values), _ssox_flags its
# flags (each that takes a value with "=" after it), _ssox_values by
# "command --flag" the values of a flag that has a fixed set, and _ssox_from
# the arguments of the ssox command that prints more (sso-session names).
typeset -ga _ssox_commands
typeset -gA _ssox_args _ssox_flags _ssox_values _ssox_from
# @TABLE@

# _ssox completes ssox's command line as ssox reads it: a command or a
# profile first, then the command's flags, the values of a flag that has a
# fixed set (nothing for a free one), a profile where one goes, and from CMD
# of `ssox PROFILE -- CMD` on what zsh would complete without ssox.
_ssox() {
  emulate -L zsh
  local cmd=- w flags args all=" ${(j: :)_ssox_flags} "
  local -i i at=0 n=0 ended=0
  # The command is the first word that is neither a flag nor the value of
  # one (of any command's flags).
  for (( i = 2; i < CURRENT; i++ )); do
    w=$words[i]
    [[ $w == -- ]] && break
    if [[ $w == -?* ]]; then
      [[ $w != *=* && $all == *" $w= "* ]] && (( i++ ))
      continue
    fi
    (( $_ssox_commands[(Ie)$w] )) && cmd=$w at=i
    break
  done
  flags=" $_ssox_flags[$cmd] " args=$_ssox_args[$cmd]
  for (( i = 2; i < CURRENT; i++ )); do
    (( i == at )) && continue
    w=$words[i]
    if (( ! ended )) && [[ $w == -- ]]; then
      if [[ $args == exec ]]; then
        _ssox_command $(( i + 1 ))
        return
      fi
      ended=1
    elif (( ! ended )) && [[ $w == -?* ]]; then
      # Before the command, a flag may be any command's.
      if [[ $w != *=* && ( $flags == *" $w= "* || ( $at -eq 0 || $i -lt $at ) && $all == *" $w= "* ) ]]; then
        (( i++ ))
        if (( i == CURRENT )); then
          _ssox_values "$cmd $w"
          return
        fi
      fi
    elif [[ $args == exec ]] && (( n == 1 )); then
      _ssox_command $i
      return
    else
      (( n++ ))
    fi
  done
  if (( ! ended )) && [[ $PREFIX == -* ]]; then
    if [[ $PREFIX == -*=* ]]; then
      w=${PREFIX%%=*}
      [[ $flags == *" $w= "* ]] || return 1
      compset -P '*='
      _ssox_values "$cmd $w"
      return
    fi
    compadd -- ${(s: :)flags//=/}
    return
  fi
  case $args:$n in
    (exec:1) _ssox_command $CURRENT ;;
    (exec:0|profile:0)
      (( at )) || compadd -- $_ssox_commands
      compadd -- ${(f)"$("$_ssox_bin" list --names 2>/dev/null)"}
      ;;
    (words:0) compadd -- ${(s: :)_ssox_values[$cmd]} ;;
    (*) return 1 ;;
  esac
}

# _ssox_values offers the values of the flag $1 ("command --flag").
_ssox_values() {
  local -a from
  from=(${(s: :)_ssox_from[$1]})
  compadd -- ${(s: :)_ssox_values[$1]}
  (( $#from )) && compadd -- ${(f)"$("$_ssox_bin" $from 2>/dev/null)"}
  return 0
}

# _ssox_command completes the command that starts at words[$1] as zsh would
# without ssox.
_ssox_command() {
  shift $(( $1 - 1 )) words
  (( CURRENT -= $1 - 1 ))
  _normal
}

# _ssox_compdef has the completion system complete ssox with _ssox, once
# compinit has defined compdef: at the first prompt, when this script came
# before compinit in .zshrc (which also resets what compdef set before it).
_ssox_compdef() {
  precmd_functions=(${precmd_functions:#_ssox_compdef})
  (( $+functions[compdef] )) && compdef _ssox ssox
  return 0
}

if [[ -o interactive ]]; then
  (( ${precmd_functions[(I)_ssox_precmd]} )) || precmd_functions+=(_ssox_precmd)
  # Now, when compinit has run; and at the first prompt, which comes after
  # a compinit later in .zshrc. Without compinit there is no completion
  # system to join; the script still ends with status 0, as an rc file
  # expects.
  (( $+functions[compdef] )) && compdef _ssox ssox
  (( ${precmd_functions[(I)_ssox_compdef]} )) || precmd_functions+=(_ssox_compdef)
fi
