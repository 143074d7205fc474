package timeleft

// The parsers below are the one rule for reading an expiry that the shell
// hooks of package shells copy with their builtins; a test runs both over
// many inputs. Keep them small enough to copy exactly.

// maxUnixDigits bounds a unix time in seconds: 15 digits reach beyond the
// year 31 million and stay exact in every shell's arithmetic, fish's
// floating point (exact to 2^53) included; bash's 64 bits overflow at 19.
const maxUnixDigits = 15

// ParseUnix reads a unix time in seconds written as 1 to 15 ASCII digits
// (SSOX_EXPIRES, SSOX_RENEW_AT): no sign, no space, nothing else.
func ParseUnix(s string) (int64, bool) {
	if s == "" || len(s) > maxUnixDigits {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}

// ParseRFC3339 reads an RFC 3339 timestamp as the unix second it falls in:
// YYYY-MM-DDTHH:MM:SS, optionally a '.' and digits (a fraction, dropped),
// then Z or ±HH:MM; every field in its range (a day that exists, hours
// 0-23, minutes and seconds 0-59, an offset under 24 hours). This is what
// Go's time.Parse(time.RFC3339) takes on its strict path, without the
// lenient fallback that also takes one-digit hours or a "+24:60" offset.
func ParseRFC3339(s string) (int64, bool) {
	if len(s) < len("2006-01-02T15:04:05Z") {
		return 0, false
	}
	num := func(i, n int) (int64, bool) { return ParseUnix(s[i : i+n]) }
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	min, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) ||
		s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || min > 59 || sec > 59 {
		return 0, false
	}
	rest := s[19:]
	if len(rest) >= 2 && rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i > 1 {
			rest = rest[i:]
		}
	}
	var off int64
	switch {
	case rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := ParseUnix(rest[1:3])
		om, ok2 := ParseUnix(rest[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return 0, false
		}
		off = oh*3600 + om*60
		if rest[0] == '-' {
			off = -off
		}
	default:
		return 0, false
	}
	return daysFromCivil(year, month, day)*86400 + hour*3600 + min*60 + sec - off, true
}

func daysIn(month, year int64) int64 {
	if month == 2 {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + (month+month/8)%2
}

// daysFromCivil counts the days from 1970-01-01 to a Gregorian date (Howard
// Hinnant's days_from_civil), in integer arithmetic a shell has too.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := m + 9
	if m > 2 {
		mp = m - 3
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
