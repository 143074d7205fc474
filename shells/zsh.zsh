# ssox shell integration for zsh. In ~/.zshrc, after compinit:
#
#   eval "$(ssox init zsh)"
#
# Inside `ssox PROFILE` it shows the profile and the time its credentials have
# left at the front of RPROMPT ("ui-dev 47m", yellow under 15 minutes, red
# once expired; no colour with NO_COLOR), the same text `ssox prompt` prints,
# computed with builtins so a prompt costs no process. SSOX_NO_PROMPT=1 leaves
# the prompt alone; ssox_prompt_info still prints the segment. It also
# completes profile names after `ssox`, `ssox exec`, `ssox login`, ...

typeset -g _ssox_bin='@SSOX@'
# _ssox_shown is what the hook last put in RPROMPT, to take it out again;
# sourcing this twice must not forget it.
typeset -g _ssox_shown=${_ssox_shown-} _ssox_level='' _ssox_text=${_ssox_text-}
zmodload zsh/datetime 2>/dev/null

# _ssox_epoch sets REPLY to the unix time of the RFC 3339 timestamp $1, as
# Go's time.Parse reads it, and fails on anything else.
_ssox_epoch() {
  emulate -L zsh
  [[ $1 =~ '^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})([.,][0-9]+)?(Z|([+-])([0-9]{2}):([0-9]{2}))$' ]] || return 1
  local -i y=$match[1] mo=$match[2] d=$match[3] h=$match[4] mi=$match[5] s=$match[6] off=0 leap
  (( leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ))
  (( mo >= 1 && mo <= 12 && d >= 1 && h < 24 && mi < 60 && s < 60 )) || return 1
  (( d <= (mo == 2 ? 28 + leap : 30 + (mo + (mo > 7)) % 2) )) || return 1
  [[ -n $match[9] ]] && off=$(( ${match[9]}1 * (10#$match[10] * 3600 + 10#$match[11] * 60) ))
  # Days from 1970-01-01 to a Gregorian date (Howard Hinnant's days_from_civil).
  local -i era yoe doy doe
  (( y -= mo <= 2, era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400 ))
  (( doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy ))
  REPLY=$(( (era * 146097 + doe - 719468) * 86400 + h * 3600 + mi * 60 + s - off ))
}

# _ssox_name sets REPLY to SSOX_PROFILE with each control character written
# as an escape (\x1b, \u009b), as `ssox prompt` writes it: a profile name
# cannot drive the terminal.
_ssox_name() {
  emulate -L zsh
  REPLY=$SSOX_PROFILE
  [[ $REPLY == *[[:cntrl:]]* ]] || return 0
  local c e out=''
  for c in "${(@s::)SSOX_PROFILE}"; do
    if [[ $c == [[:cntrl:]] ]]; then
      if (( #c < 128 )); then
        printf -v e '\\x%02x' $(( #c ))
      else
        printf -v e '\\u%04x' $(( #c ))
      fi
      out+=$e
    else
      out+=$c
    fi
  done
  REPLY=$out
}

# _ssox_segment sets REPLY to the text `ssox prompt` prints by default ("" outside
# ssox) and _ssox_level to ok, soon, expired, or "" when the expiry is unknown.
_ssox_segment() {
  emulate -L zsh
  REPLY='' _ssox_level=''
  [[ -n $SSOX_PROFILE ]] || return 0
  local -i exp left m
  local name
  _ssox_name
  name=$REPLY
  # Digits only: anything else would be evaluated as arithmetic.
  if [[ $SSOX_EXPIRES == <-> ]]; then
    exp=$(( 10#$SSOX_EXPIRES ))
  elif _ssox_epoch "$AWS_CREDENTIAL_EXPIRATION"; then
    exp=$REPLY
  else
    REPLY=$name
    return 0
  fi
  (( left = exp - EPOCHSECONDS ))
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
  _ssox_segment
  [[ -z $REPLY ]] || print -r -- "$REPLY"
}

# _ssox_precmd puts the segment at the front of RPROMPT, in place of the one
# it put there before, so it also works when a theme rewrites RPROMPT.
_ssox_precmd() {
  local -i subst=0
  [[ -o promptsubst ]] && subst=1
  emulate -L zsh
  local REPLY seg
  [[ -n $_ssox_shown ]] && RPROMPT=${RPROMPT#"$_ssox_shown"}
  _ssox_shown=''
  [[ ${(L)SSOX_NO_PROMPT} == (1|true|yes|on) ]] && return 0
  _ssox_segment
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
    esac
  fi
  _ssox_shown=$seg${RPROMPT:+ }
  RPROMPT=$_ssox_shown$RPROMPT
}

# _ssox completes a profile name where ssox expects one, and the command
# after it (`ssox ui-dev -- ter<TAB>`) as zsh would without ssox.
_ssox() {
  emulate -L zsh
  local -i i=2
  local sub=''
  if (( CURRENT > 2 )); then
    case $words[2] in
      (exec|login|logout|env|console|credential-process|doctor|status) sub=$words[2] i=3 ;;
      (init) (( CURRENT == 3 )) && compadd -- zsh bash fish starship; return ;;
      (list|prompt|setup|version|help) return 1 ;;
    esac
  fi
  for (( ; i < CURRENT; i++ )); do
    case $words[i] in
      (--region|--min-ttl|--sso-session|--format|--service|--destination|--duration|--browser|--browser-profile|--container-ext) (( i++ )) ;;
      (-*) ;;
      (*)
        [[ -z $sub || $sub == exec ]] || return 1
        (( i++ ))
        [[ $words[i] == -- ]] && (( i < CURRENT )) && (( i++ ))
        shift $(( i - 1 )) words
        (( CURRENT -= i - 1 ))
        _normal
        return
        ;;
    esac
  done
  [[ $PREFIX == -* ]] && return 1
  local -a profiles
  profiles=(${(f)"$("$_ssox_bin" list --names 2>/dev/null)"})
  compadd -- $profiles
}

if [[ -o interactive ]]; then
  (( ${precmd_functions[(I)_ssox_precmd]} )) || precmd_functions+=(_ssox_precmd)
  # Without compinit there is no completion system to join; the script
  # still ends with status 0, as an rc file expects.
  if (( $+functions[compdef] )); then
    compdef _ssox ssox
  fi
fi
