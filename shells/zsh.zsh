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

# The next four functions are the one rule of package timeleft and
# internal/visible (Go), in builtins; a test runs both over many inputs.

# _ssox_hidden are the code points a name shows as escapes, as ranges (first
# last ...): control characters (Cc), format characters (Cf: bidirectional
# overrides, zero-width ones), and the line and paragraph separators. A test
# holds the list to Go's Unicode tables.
typeset -ga _ssox_hidden
_ssox_hidden=(0 31 127 159 173 173 1536 1541 1564 1564 1757 1757 1807 1807 2192 2193 2274 2274 6158 6158 8203 8207 8232 8238 8288 8292 8294 8303 65279 65279 65529 65531 69821 69821 69837 69837 78896 78911 113824 113827 119155 119162 917505 917505 917536 917631)

# _ssox_unix sets REPLY to the unix time $1 holds as 1 to 18 ASCII digits,
# and fails on anything else (timeleft.ParseUnix): more digits could
# overflow the arithmetic.
_ssox_unix() {
  emulate -L zsh
  [[ $1 =~ '^[0123456789]{1,18}$' ]] || return 1
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
# unix time $1 ("" outside ssox) and _ssox_level to ok, soon, expired, or ""
# when the expiry is unknown.
_ssox_segment() {
  emulate -L zsh
  REPLY='' _ssox_level=''
  [[ -n $SSOX_PROFILE ]] || return 0
  local -i now=$1 exp left m
  local name
  _ssox_name "$SSOX_PROFILE"
  name=$REPLY
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
  _ssox_segment $EPOCHSECONDS
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
