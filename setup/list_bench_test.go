package setup

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// BenchmarkList1000 is issue 9's case: 1,000 accounts of two roles each, 50
// ms per call, every 40th ListAccountRoles throttled, pages of 100 (the
// portal's largest). One op is a whole `ssox setup` listing plus its plan:
//
//	go test -run '^$' -bench List1000 -benchtime 3x ./setup
func BenchmarkList1000(b *testing.B) {
	var accounts []fakeidc.Account
	for i := range 1000 {
		accounts = append(accounts, fakeidc.Account{ID: fmt.Sprintf("%012d", 200000000000+i), Name: fmt.Sprintf("account-%d", i),
			Roles: []string{"AdministratorAccess", "ReadOnlyAccess"}})
	}
	fake, s, token, netw := portal(b, 0, fakeidc.Options{Accounts: accounts, Latency: 50 * time.Millisecond, PageSize: 100})
	fake.AddFault(fakeidc.Fault{Op: "ListAccountRoles", Status: 429, Every: 40})
	b.ResetTimer()
	for b.Loop() {
		fake.ResetLog()
		got, err := List(context.Background(), s, nil, token, ListOptions{Net: netw})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := MakePlan("", s, got, "us-east-1", false, nil); err != nil || len(got) != 2000 {
			b.Fatalf("%d roles, %v", len(got), err)
		}
	}
	b.ReportMetric(float64(len(fake.Requests())), "requests/op")
	b.ReportMetric(float64(fake.Count("ListAccountRoles")-1000), "throttled/op")
}
