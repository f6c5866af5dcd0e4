package store

import "strings"

// A follow may limit the home timeline to the target's posts in some
// languages (Mastodon's follows.languages). The codes are stored
// comma-separated; '' means every language.

// JoinLanguages is how a follow's languages are stored.
func JoinLanguages(codes []string) string { return strings.Join(codes, ",") }

// SplitLanguages reads stored languages back; nil means all.
func SplitLanguages(stored string) []string {
	if stored == "" {
		return nil
	}
	return strings.Split(stored, ",")
}

// languageUnwanted holds when the follower follows the author with a
// choice of languages that leaves out language, the status's own: the one
// home rule for languages, for the home timeline and its stream alike.
// As in Mastodon, a status without a language is always kept. Each
// argument is an SQL expression.
func languageUnwanted(follower, author, language string) string {
	return `EXISTS (SELECT 1 FROM follows fl WHERE fl.account_id = ` + follower + ` AND fl.target_account_id = ` + author + `
		AND fl.languages != '' AND ` + language + ` != '' AND instr(',' || fl.languages || ',', ',' || ` + language + ` || ',') = 0)`
}

// FollowLanguages returns the languages of follower's follow of target, or
// of its pending request; nil when neither limits them.
func (tx *Tx) FollowLanguages(follower, target ID) ([]string, error) {
	var stored string
	err := tx.QueryRowContext(tx.ctx, `SELECT COALESCE(MAX(languages), '') FROM (SELECT languages FROM follows WHERE account_id = ?1 AND target_account_id = ?2
		UNION ALL SELECT languages FROM follow_requests WHERE account_id = ?1 AND target_account_id = ?2)`, follower, target).Scan(&stored)
	return SplitLanguages(stored), err
}
