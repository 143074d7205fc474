package pyjson

import "testing"

// The expected strings are what CPython 3's json.dumps prints for the same
// values (sort_keys=True, ensure_ascii default).
func TestDumpsMatchesPython(t *testing.T) {
	tests := []struct {
		v    any
		sep  Separators
		want string
	}{
		{map[string]any{"roleName": "Admin", "accountId": "123", "sessionName": "njoitaws"}, Compact,
			`{"accountId":"123","roleName":"Admin","sessionName":"njoitaws"}`},
		{map[string]any{"tool": "botocore", "startUrl": "https://x/start", "region": "us-east-1", "scopes": []string{"sso:account:access"}, "session_name": "s"}, Default,
			`{"region": "us-east-1", "scopes": ["sso:account:access"], "session_name": "s", "startUrl": "https://x/start", "tool": "botocore"}`},
		{map[string]any{"scopes": nil, "session_name": nil}, Default, `{"scopes": null, "session_name": null}`},
		{"a<b>&\"\\\n\x01é😀", Compact, `"a<b>&\"\\\n\u0001\u00e9\ud83d\ude00"`},
		{[]string{}, Compact, `[]`},
		// botocore's assume-role cache key, and a response in its order.
		{map[string]any{"RoleArn": "arn:aws:iam::1:role/R", "DurationSeconds": 900, "ExternalId": "x"}, Default,
			`{"DurationSeconds": 900, "ExternalId": "x", "RoleArn": "arn:aws:iam::1:role/R"}`},
		{Object{{"b", 1}, {"a", Object{{"z", -2}, {"y", "s"}}}}, Default, `{"b": 1, "a": {"z": -2, "y": "s"}}`},
	}
	for _, tt := range tests {
		if got := Dumps(tt.v, tt.sep); got != tt.want {
			t.Errorf("Dumps(%v) = %s\nwant %s", tt.v, got, tt.want)
		}
	}
}
