# shellcheck shell=bash
# ssox shell integration for bash. In ~/.bashrc:
#
#   eval "$(ssox init bash)"
#
# Inside `ssox PROFILE` it shows the profile and the time its credentials have
# left at the front of PS1 ("ui-dev 47m", yellow under 15 minutes, red once
# expired; no colour with NO_COLOR), the same text `ssox prompt` prints,
# computed with builtins (bash 4.2 or later) so a prompt costs no process.
# SSOX_NO_PROMPT=1 leaves the prompt alone; ssox_prompt_info still prints the
# segment. It also completes profile names after `ssox`, `ssox exec`, ...

_ssox_bin='@SSOX@'
# _ssox_shown is what the hook last put in PS1, to take it out again;
# sourcing this twice must not forget it.
_ssox_shown=${_ssox_shown-} _ssox_level='' _ssox_text=${_ssox_text-}

# _ssox_epoch sets REPLY to the unix time of the RFC 3339 timestamp $1, as
# Go's time.Parse reads it, and fails on anything else.
_ssox_epoch() {
  local re='^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})([.,][0-9]+)?(Z|([+-])([0-9]{2}):([0-9]{2}))$'
  [[ ${1-} =~ $re ]] || return 1
  local -a f=("${BASH_REMATCH[@]}")
  local y=$((10#${f[1]})) mo=$((10#${f[2]})) d=$((10#${f[3]})) h=$((10#${f[4]})) mi=$((10#${f[5]})) s=$((10#${f[6]}))
  local off=0 leap era yoe doy doe
  ((leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
  ((mo >= 1 && mo <= 12 && d >= 1 && h < 24 && mi < 60 && s < 60)) || return 1
  ((d <= (mo == 2 ? 28 + leap : 30 + (mo + (mo > 7)) % 2))) || return 1
  [[ -n ${f[9]} ]] && off=$((${f[9]}1 * (10#${f[10]} * 3600 + 10#${f[11]} * 60)))
  # Days from 1970-01-01 to a Gregorian date (Howard Hinnant's days_from_civil).
  ((y -= mo <= 2, era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400))
  ((doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy))
  REPLY=$(((era * 146097 + doe - 719468) * 86400 + h * 3600 + mi * 60 + s - off))
}

# _ssox_name sets REPLY to SSOX_PROFILE with each control character written
# as an escape (\x1b, \u009b), as `ssox prompt` writes it: a profile name
# cannot drive the terminal.
_ssox_name() {
  REPLY=$SSOX_PROFILE
  [[ $REPLY == *[[:cntrl:]]* ]] || return 0
  local c e i out=''
  for ((i = 0; i < ${#SSOX_PROFILE}; i++)); do
    c=${SSOX_PROFILE:i:1}
    if [[ $c == [[:cntrl:]] ]]; then
      printf -v e '%d' "'$c"
      if ((e < 128)); then
        printf -v e '\\x%02x' "$e"
      else
        printf -v e '\\u%04x' "$e"
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
  REPLY='' _ssox_level=''
  [[ -n ${SSOX_PROFILE-} ]] || return 0
  local exp now left m name
  _ssox_name
  name=$REPLY
  # Digits only: anything else would be evaluated as arithmetic.
  if [[ ${SSOX_EXPIRES-} =~ ^[0-9]+$ ]]; then
    exp=$((10#$SSOX_EXPIRES))
  elif _ssox_epoch "${AWS_CREDENTIAL_EXPIRATION-}"; then
    exp=$REPLY
  else
    REPLY=$name
    return 0
  fi
  if [[ -n ${EPOCHSECONDS-} ]]; then
    now=$EPOCHSECONDS
  else
    printf -v now '%(%s)T' -1
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

# ssox_prompt_info prints the segment, for prompts built by hand.
ssox_prompt_info() {
  local REPLY
  _ssox_segment
  [[ -z $REPLY ]] || printf '%s\n' "$REPLY"
}

# _ssox_prompt_command puts the segment at the front of PS1, in place of the
# one it put there before, so it also works when another hook rewrites PS1.
_ssox_prompt_command() {
  local ret=$? REPLY seg
  PS1=${PS1#"$_ssox_shown"}
  _ssox_shown=''
  case ${SSOX_NO_PROMPT-} in
    1 | [Tt][Rr][Uu][Ee] | [Yy][Ee][Ss] | [Oo][Nn]) return $ret ;;
  esac
  _ssox_segment
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
    esac
  fi
  _ssox_shown="$seg "
  PS1=$_ssox_shown$PS1
  return $ret
}

# _ssox_complete completes a profile name where ssox expects one, and a
# command name after it (`ssox ui-dev -- ter<TAB>`); -o default gives file
# names past that.
_ssox_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} i=1 sub='' name
  COMPREPLY=()
  if ((COMP_CWORD > 1)); then
    case ${COMP_WORDS[1]} in
      exec | login | logout | env | console | credential-process | doctor | status) sub=${COMP_WORDS[1]} i=2 ;;
      init)
        ((COMP_CWORD == 2)) && for name in zsh bash fish starship; do
          [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
        done
        return 0
        ;;
      list | prompt | setup | version | help) return 0 ;;
    esac
  fi
  for (( ; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --region | --min-ttl | --sso-session | --format | --service | --destination | --duration | --browser | --browser-profile | --container-ext) ((i++)) ;;
      -*) ;;
      *)
        [[ -z $sub || $sub == exec ]] || return 0
        ((i++))
        [[ ${COMP_WORDS[i]} == -- ]] && ((i < COMP_CWORD)) && ((i++))
        ((i == COMP_CWORD)) && mapfile -t COMPREPLY < <(compgen -c -- "$cur")
        return 0
        ;;
    esac
  done
  [[ $cur == -* ]] && return 0
  # Not compgen -W, which would expand $(...) in a profile name.
  while IFS= read -r name; do
    [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
  done < <("$_ssox_bin" list --names 2>/dev/null)
  return 0
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
