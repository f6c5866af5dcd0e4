package actions

import (
	"context"
	"testing"
	"time"

	"roost/store"
	"roost/store/storetest"
)

// TestGroupKey checks Mastodon's grouping window: a notification joins the
// latest group of its kind while that group is under 12 hours old.
func TestGroupKey(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	var me, other store.ID
	err := db.Write(ctx, func(tx *store.Tx) error {
		me, other = db.NewID(), db.NewID()
		for i, id := range []store.ID{me, other} {
			if err := tx.InsertAccount(&store.Account{ID: id, Username: "u" + itoa(i), URI: "https://roost.test/u/" + itoa(i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Unix(1_800_000_000, 0)
	hour := itoa(int(start.Unix() / 3600))
	tests := []struct {
		name   string
		after  time.Duration
		prefix string
		want   string
	}{
		{"first starts a group", 0, "follow", "follow-" + hour},
		{"joins within the span", 11 * time.Hour, "follow", "follow-" + hour},
		{"starts anew after the span", 12 * time.Hour, "follow", "follow-" + itoa(int(start.Unix()/3600)+12)},
		{"other kinds keep their own groups", 13 * time.Hour, "favourite-42", "favourite-42-" + itoa(int(start.Unix()/3600)+13)},
		{"a prefix is not confused with a longer one", 13 * time.Hour, "favourite-4", "favourite-4-" + itoa(int(start.Unix()/3600)+13)},
	}
	for _, tc := range tests {
		err := db.Write(ctx, func(tx *store.Tx) error {
			key, err := groupKey(tx, me, tc.prefix, start.Add(tc.after))
			if err != nil {
				return err
			}
			if key != tc.want {
				t.Errorf("%s: key %q, want %q", tc.name, key, tc.want)
			}
			return tx.InsertNotification(&store.Notification{ID: db.NewID(), AccountID: me, FromAccountID: other, Type: "follow", GroupKey: key})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
