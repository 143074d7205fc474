# ssox shell integration for fish. In ~/.config/fish/config.fish:
#
#   ssox init fish | source
#
# Inside `ssox PROFILE` it shows the profile and the time its credentials have
# left at the front of the right prompt ("ui-dev 47m", yellow under 15
# minutes, red once expired, magenta "ui-dev login" when only a login renews
# them; no colour with NO_COLOR), keeping any fish_right_prompt you have: the
# same text `ssox prompt` prints, computed with builtins (fish 3.5 or later;
# older fish runs date once a prompt). When the keys run short
# (SSOX_RENEW_AT), the prompt renews them: one ssox process at that prompt,
# never a browser. `ssox use PROFILE` switches this shell to a profile and
# `ssox use --off` switches it back, through the function ssox below.
# SSOX_NO_PROMPT=1 leaves the prompt alone (the keys still renew). It also
# completes ssox's commands, flags, their values and profile names, from
# the command table.

set -g __ssox_bin '@SSOX@'
# The renewal's state, kept when sourced twice: no try before
# __ssox_retry_at (unless 0); while __ssox_watch names a token cache, none
# until its expiry differs from __ssox_seen (a login elsewhere), or
# __ssox_retry_at has come.
set -q __ssox_retry_at; or set -g __ssox_retry_at 0
set -q __ssox_watch; or set -g __ssox_watch ''
set -q __ssox_seen; or set -g __ssox_seen ''

# __ssox_now prints the unix time. fish has no clock builtin, but `path
# mtime` tells when / last changed and how long ago: together, now.
if contains path (builtin -n)
    function __ssox_now
        math (path mtime /) + (path mtime --relative /)
    end
else
    function __ssox_now
        command date +%s
    end
end

# The next four functions are the one rule of package timeleft and
# internal/visible (Go), in builtins; a test runs both over many inputs.
# fish counts in floating point, exact up to 2^53: hence 15 digits.

# __ssox_unix prints the unix time $argv[1] holds as 1 to 15 ASCII digits,
# and fails on anything else (timeleft.ParseUnix).
function __ssox_unix
    string match -qr '^[0-9]{1,15}\z' -- "$argv[1]"; or return 1
    math "$argv[1]"
end

# __ssox_epoch prints the unix time of the RFC 3339 timestamp $argv[1], and
# fails on anything else (timeleft.ParseRFC3339).
function __ssox_epoch
    set -l f (string match -r '^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\z' -- "$argv[1]")
    or return 1
    set -l y (math $f[2])
    set -l mo (math $f[3])
    set -l dd (math $f[4])
    set -l h (math $f[5])
    set -l mi (math $f[6])
    set -l s (math $f[7])
    set -l off 0
    test $mo -ge 1 -a $mo -le 12 -a $dd -ge 1 -a $h -lt 24 -a $mi -lt 60 -a $s -lt 60; or return 1
    set -l days (math "30 + ($mo + floor($mo / 8)) % 2")
    if test $mo -eq 2
        set days 28
        if test (math "$y % 4") -eq 0 -a \( (math "$y % 100") -ne 0 -o (math "$y % 400") -eq 0 \)
            set days 29
        end
    end
    test $dd -le $days; or return 1
    if test $f[8] != Z
        set -l oh (math (string sub -s 2 -l 2 -- $f[8]))
        set -l om (math (string sub -s 5 -l 2 -- $f[8]))
        test $oh -lt 24 -a $om -lt 60; or return 1
        set off (math "($oh * 3600 + $om * 60) * "(string sub -l 1 -- $f[8])"1")
    end
    # Days from 1970-01-01 to a Gregorian date (Howard Hinnant's days_from_civil).
    set -l mp (math $mo + 9)
    if test $mo -gt 2
        set mp (math $mo - 3)
    else
        set y (math $y - 1)
    end
    set -l era (math "floor($y / 400)")
    set -l yoe (math "$y - $era * 400")
    set -l doy (math "floor((153 * $mp + 2) / 5) + $dd - 1")
    set -l doe (math "$yoe * 365 + floor($yoe / 4) - floor($yoe / 100) + $doy")
    math "($era * 146097 + $doe - 719468) * 86400 + $h * 3600 + $mi * 60 + $s - $off"
end

# __ssox_name prints SSOX_PROFILE as `ssox prompt` writes it, each control
# or format character an escape: printable ASCII as it is, any other name
# as ssox itself writes it, asked once a name.
function __ssox_name
    if string match -qr '^[ -~]*\z' -- "$SSOX_PROFILE"
        printf '%s\n' "$SSOX_PROFILE"
        return
    end
    if test "$SSOX_PROFILE" != "$__ssox_name_for"
        set -g __ssox_name_for "$SSOX_PROFILE"
        set -g __ssox_name (command $__ssox_bin prompt --format '{{.Profile}}' 2>/dev/null)
    end
    printf '%s\n' "$__ssox_name"
end

# __ssox_segment sets __ssox_text to the text `ssox prompt` prints by
# default at unix time $argv[1] ("" outside ssox) and __ssox_level to ok,
# soon, expired, login, or "" when the expiry is unknown.
function __ssox_segment
    set -g __ssox_text ''
    set -g __ssox_level ''
    test -n "$SSOX_PROFILE"; or return 0
    set -l name (__ssox_name)
    if test -n "$SSOX_LOGIN_NEEDED"
        set -g __ssox_text "$name login"
        set -g __ssox_level login
        return 0
    end
    set -l exp (__ssox_unix "$SSOX_EXPIRES"); or set exp (__ssox_epoch "$AWS_CREDENTIAL_EXPIRATION")
    if not set -q exp[1]
        set -g __ssox_text "$name"
        return 0
    end
    set -l left (math $exp - $argv[1])
    if test $left -le 0
        set -g __ssox_text "$name expired"
        set -g __ssox_level expired
        return 0
    end
    set -g __ssox_level ok
    test $left -lt 900; and set -g __ssox_level soon
    if test $left -lt 3600
        set -g __ssox_text "$name "(math "floor($left / 60)")m
    else if test $left -lt 86400
        set -g __ssox_text "$name "(math "floor($left / 3600)")h(printf '%02d' (math "floor($left % 3600 / 60)"))m
    else
        set -g __ssox_text "$name "(math "floor($left / 86400)")d
    end
end

# ssox_prompt_info prints the segment, for prompts built by hand.
function ssox_prompt_info --description 'Print the ssox prompt segment'
    __ssox_segment (__ssox_now)
    test -n "$__ssox_text"; and printf '%s\n' "$__ssox_text"
    return 0
end

# __ssox_token prints the expiresAt of the token cache file $argv[1],
# nothing when it cannot be read: a login writes a new one. Builtins only,
# and only from a regular file.
function __ssox_token
    test -f "$argv[1]" -a -r "$argv[1]"; or return 0
    set -l data
    read -z -n 65536 data <$argv[1] 2>/dev/null
    string match -rg '"expiresAt"\s*:\s*"([^"]*)"' -- "$data"
    return 0
end

# __ssox_due says whether the prompt at unix time $argv[1] renews the
# shell's keys: it has keys (not those of --server), their SSOX_RENEW_AT
# (else 15 minutes before SSOX_EXPIRES) has come, and the last try did not
# ask to wait.
function __ssox_due
    set -l now $argv[1]
    test -n "$SSOX_PROFILE" -a -n "$AWS_ACCESS_KEY_ID"; or return 1
    set -l at (__ssox_unix "$SSOX_RENEW_AT")
    if not set -q at[1]
        set -l exp (__ssox_unix "$SSOX_EXPIRES"); or return 1
        set at (math $exp - 900)
    end
    test $now -ge $at; or return 1
    if test -n "$__ssox_watch"
        test (__ssox_token $__ssox_watch | string collect) != "$__ssox_seen"
        or test $__ssox_retry_at -ne 0 -a $now -ge $__ssox_retry_at
        return
    end
    test $now -ge $__ssox_retry_at
end

# __ssox_next records when the hook tries again: not before unix time
# $argv[1] (unless 0), and, when $argv[2] names a token cache, once it
# changes.
function __ssox_next
    set -g __ssox_retry_at $argv[1]
    set -g __ssox_watch $argv[2]
    set -g __ssox_seen ''
    test -n "$argv[2]"; and set -g __ssox_seen (__ssox_token $argv[2] | string collect)
    return 0
end

# __ssox_renew has ssox renew the keys without a login and applies what it
# prints; it tells the user itself when only a login helps.
function __ssox_renew
    command $__ssox_bin use --shell fish --renew | source
end

# __ssox_save keeps each variable named, as it is before its first change
# by `ssox use`; with -s only in a shell `ssox use` has switched already.
function __ssox_save
    if test "$argv[1]" = -s
        set -e argv[1]
        set -q __ssox_saved[1]; or return 0
    end
    for n in $argv
        contains -- $n $__ssox_saved; and continue
        set -g __ssox_saved $__ssox_saved $n
        if not set -q $n
            set -g __ssox_how_$n u
            continue
        end
        if set -qx $n
            set -g __ssox_how_$n x
        else
            set -g __ssox_how_$n s
        end
        set -g __ssox_was_$n $$n
    end
end

# __ssox_restore puts back every variable __ssox_save kept: `ssox use --off`.
function __ssox_restore
    if not set -q __ssox_saved[1]
        echo "ssox: this shell is not switched by 'ssox use'; nothing to switch off" >&2
        return 1
    end
    for n in $__ssox_saved
        set -l how __ssox_how_$n
        set -l was __ssox_was_$n
        switch $$how
            case u
                set -e -g $n
            case x
                set -gx $n $$was
            case s
                set -gu $n $$was
        end
        set -e -g $how
        set -q $was; and set -e -g $was
    end
    set -e -g __ssox_saved
    __ssox_next 0 ''
end

# ssox runs ssox, but for `ssox use`, whose output it evaluates: only code
# run by the shell itself can change the shell's variables.
function ssox --description 'ssox; `ssox use` switches this shell'
    if test "$argv[1]" != use
        command ssox $argv
        return
    end
    set -e argv[1]
    command $__ssox_bin use --shell fish $argv | source
    set -l st $pipestatus
    test $st[1] -ne 0; and return $st[1]
    return $st[2]
end

# __ssox_right_prompt prints the segment the last prompt computed, in the
# colour of its level.
function __ssox_right_prompt
    contains -- (string lower -- "$SSOX_NO_PROMPT") 1 true yes on; and return
    test -n "$__ssox_text"; or return
    set -l colour
    if test -z "$NO_COLOR"
        switch "$__ssox_level"
            case ok
                set colour green
            case soon
                set colour yellow
            case expired
                set colour red
            case login
                set colour magenta
        end
    end
    if set -q colour[1]
        set_color $colour
        echo -n $__ssox_text
        set_color normal
    else
        echo -n $__ssox_text
    end
end

# The command table, as `ssox init fish` writes it from ssox's own (empty
# here): __ssox_commands are the commands' names, and by command (its name
# with "_" for "-", empty for `ssox PROFILE`) __ssox_args_NAME what its
# argument is (none, profile, exec: a profile then a command, words: one of
# __ssox_words_NAME), __ssox_flags_NAME its flags (each that takes a value
# with "=" after it), __ssox_values_NAME_FLAG the values of a flag that
# has a fixed set, and __ssox_from_NAME_FLAG the arguments of the ssox
# command that prints more (sso-session names).
set -g __ssox_commands
# @TABLE@

# __ssox_complete prints what completes ssox's command line as ssox reads
# it: a command or a profile first, then the command's flags, the values of
# a flag that has a fixed set (nothing for a free one), a profile where one
# goes, and from CMD of `ssox PROFILE -- CMD` on what fish would complete
# without ssox.
function __ssox_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l cmd ''
    set -l at 0
    set -l all
    for v in (set -n | string match '__ssox_flags_*')
        set -a all $$v
    end
    # The command is the first word that is neither a flag nor the value of
    # one (of any command's flags).
    set -l i 2
    while test $i -le (count $words)
        set -l w $words[$i]
        test "$w" = --; and break
        if string match -q -- '-?*' $w
            not string match -q -- '*=*' $w; and contains -- $w= $all; and set i (math $i + 1)
            set i (math $i + 1)
            continue
        end
        if contains -- $w $__ssox_commands
            set cmd $w
            set at $i
        end
        break
    end
    set -l key (string replace -a -- - _ $cmd)
    set -l flags __ssox_flags_$key
    set flags $$flags
    set -l args __ssox_args_$key
    set args $$args
    set -l n 0
    set -l ended 0
    set i 2
    while test $i -le (count $words)
        set -l w $words[$i]
        if test $i -eq $at
        else if test $ended = 0 -a "$w" = --
            if test "$args" = exec
                __ssox_command $words[(math $i + 1)..-1]
                return
            end
            set ended 1
        else if test $ended = 0; and string match -q -- '-?*' $w
            # Before the command, a flag may be any command's.
            if not string match -q -- '*=*' $w
                and begin
                    contains -- $w= $flags
                    or begin
                        test $at -eq 0 -o $i -lt $at; and contains -- $w= $all
                    end
                end
                set i (math $i + 1)
                if test $i -gt (count $words)
                    __ssox_values $key $w
                    return
                end
            end
        else if test "$args" = exec -a $n -eq 1
            __ssox_command $words[$i..-1]
            return
        else
            set n (math $n + 1)
        end
        set i (math $i + 1)
    end
    if test $ended = 0; and string match -q -- '-*' $cur
        if string match -q -- '-*=*' $cur
            set -l w (string split -m 1 = -- $cur)[1]
            contains -- $w= $flags; and __ssox_values $key $w | string replace -r -- '^' "$w="
            return
        end
        string replace -r -- '=$' '' $flags
        return
    end
    switch $args:$n
        case exec:1
            __ssox_command
        case exec:0 profile:0
            test $at -eq 0; and printf '%s\n' $__ssox_commands
            command $__ssox_bin list --names 2>/dev/null
        case words:0
            set -l v __ssox_words_$key
            printf '%s\n' $$v
    end
end

# __ssox_values prints the values of command $argv[1]'s flag $argv[2].
function __ssox_values
    set -l k $argv[1]_(string replace -r -- '^-+' '' $argv[2] | string replace -a -- - _)
    set -l v __ssox_values_$k
    set -q $v; and printf '%s\n' $$v
    set v __ssox_from_$k
    set -q $v; and command $__ssox_bin $$v 2>/dev/null
    return 0
end

# __ssox_command prints what fish completes for the command $argv followed
# by the token being completed, as it would without ssox.
function __ssox_command
    set -l line (string escape -- $argv)
    complete -C "$line "(commandline -ct)
end

if status is-interactive
    # Each prompt: renew the keys when they run short, then the segment.
    function __ssox_on_prompt --on-event fish_prompt
        set -l now (__ssox_now)
        __ssox_due $now; and __ssox_renew
        __ssox_segment $now
    end
    # Sourced twice, fish_right_prompt is already ours: keep the first copy.
    if not functions -q __ssox_user_right_prompt
        if functions -q fish_right_prompt
            functions -c fish_right_prompt __ssox_user_right_prompt
        else
            function __ssox_user_right_prompt
            end
        end
        function fish_right_prompt --description 'ssox segment, then the right prompt it wraps'
            # First, while $status is still the last command's.
            set -l user (__ssox_user_right_prompt | string collect)
            set -l seg (__ssox_right_prompt | string collect)
            echo -n (string join ' ' -- $seg $user)
        end
    end
    complete -c ssox -f -a '(__ssox_complete)'
end
