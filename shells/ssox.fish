# ssox shell integration for fish. In ~/.config/fish/config.fish:
#
#   ssox init fish | source
#
# Inside `ssox PROFILE` it shows the profile and the time its credentials have
# left at the front of the right prompt ("ui-dev 47m", yellow under 15
# minutes, red once expired; no colour with NO_COLOR), keeping any
# fish_right_prompt you have. fish has no clock builtin, so each prompt runs
# `ssox prompt`, and only inside ssox. SSOX_NO_PROMPT=1 leaves the prompt
# alone. It also completes profile names after `ssox`, `ssox exec`, ...

set -g __ssox_bin '@SSOX@'

# ssox_prompt_info prints the segment, for prompts built by hand.
function ssox_prompt_info --description 'Print the ssox prompt segment'
    test -n "$SSOX_PROFILE"; or return 0
    command $__ssox_bin prompt
end

# __ssox_right_prompt prints the segment, coloured by the time left that the
# default text ends with.
function __ssox_right_prompt
    contains -- (string lower -- "$SSOX_NO_PROMPT") 1 true yes on; and return
    set -l seg (ssox_prompt_info)
    test -n "$seg"; or return
    set -l colour
    if test -z "$NO_COLOR"
        set -l minutes (string match -rg ' ([0-9]+)m$' -- $seg)
        if string match -q '* expired' -- $seg
            set colour red
        else if test -n "$minutes"; and test "$minutes" -lt 15
            set colour yellow
        else if string match -qr ' [0-9]+[hmd][0-9m]*$' -- $seg
            set colour green
        end
    end
    if set -q colour[1]
        set_color $colour
        echo -n $seg
        set_color normal
    else
        echo -n $seg
    end
end

# __ssox_wants_profile says whether the token being completed is where ssox
# expects a profile name.
function __ssox_wants_profile
    set -l words (commandline -opc)
    set -e words[1]
    if set -q words[1]
        switch $words[1]
            case exec login logout env console credential-process doctor status
                set -e words[1]
            case init list prompt setup version help
                return 1
        end
    end
    set -l skip 0
    for w in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case --region --min-ttl --sso-session --format --service --destination --duration --browser --browser-profile --container-ext
                set skip 1
            case '-*'
            case '*'
                return 1
        end
    end
    return 0
end

if status is-interactive
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
    complete -c ssox -n __ssox_wants_profile -f -a '(command $__ssox_bin list --names 2>/dev/null)'
    complete -c ssox -n 'test (count (commandline -opc)) -eq 2; and test (commandline -opc)[2] = init' -f -a 'zsh bash fish starship'
end
