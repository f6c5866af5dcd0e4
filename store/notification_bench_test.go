package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"roost/store"
	"roost/store/storetest"
)

// BenchmarkNotificationGroups reads the first page of 40 groups for an
// account with 20,000 notifications: favourites and reblogs of its 500
// statuses by 200 accounts, follows (in groups of 1,000, as if spread over
// days) and mentions.
func BenchmarkNotificationGroups(b *testing.B) {
	db := storetest.Open(b)
	ctx := context.Background()
	var me store.ID
	err := db.Write(ctx, func(tx *store.Tx) error {
		accounts := make([]store.ID, 201)
		for i := range accounts {
			accounts[i] = db.NewID()
			if err := tx.InsertAccount(&store.Account{ID: accounts[i], Username: "u" + strconv.Itoa(i), URI: "https://roost.test/u/" + strconv.Itoa(i)}); err != nil {
				return err
			}
		}
		me = accounts[0]
		statuses := make([]store.ID, 500)
		for i := range statuses {
			statuses[i] = db.NewID()
			if err := tx.InsertStatus(&store.Status{ID: statuses[i], URI: "https://roost.test/s/" + strconv.Itoa(i), AccountID: me, Visibility: "public"}); err != nil {
				return err
			}
		}
		types := []string{store.NotifyFavourite, store.NotifyFavourite, store.NotifyReblog, store.NotifyMention, store.NotifyFollow}
		for i := 0; i < 20000; i++ {
			id := db.NewID()
			n := &store.Notification{ID: id, AccountID: me, FromAccountID: accounts[1+i%200], Type: types[i%len(types)], CreatedAt: time.Now()}
			st := statuses[i%len(statuses)]
			switch n.Type {
			case store.NotifyFollow:
				n.GroupKey = "follow-" + strconv.Itoa(i/1000)
			case store.NotifyMention:
				n.StatusID, n.GroupKey = &st, "ungrouped-"+store.FormatID(id)
			default:
				n.StatusID, n.GroupKey = &st, n.Type+"-"+store.FormatID(st)+"-1"
			}
			if err := tx.InsertNotification(n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	second, err := db.NotificationGroups(ctx, me, store.NotificationFilter{}, store.Page{Limit: 40})
	if err != nil {
		b.Fatal(err)
	}
	pages := []struct {
		name string
		page store.Page
	}{
		{"first", store.Page{Limit: 40}},
		{"next", store.Page{Limit: 40, MaxID: second[len(second)-1].Newest}},
		{"prev", store.Page{Limit: 40, MinID: second[len(second)-1].Newest}},
	}
	for _, pg := range pages {
		b.Run(pg.name, func(b *testing.B) {
			for b.Loop() {
				groups, err := db.NotificationGroups(ctx, me, store.NotificationFilter{}, pg.page)
				if err != nil || len(groups) == 0 {
					b.Fatalf("%d groups, %v", len(groups), err)
				}
			}
		})
	}
}
