package ap

import (
	"slices"

	"roost/store"
)

// Visibility computes a remote status's visibility from its addressing,
// the way Mastodon does (ActivityPub::Activity::Create#visibility_from_audience):
// Public in to is public, Public in cc is unlisted, the author's followers
// collection in to or cc is followers-only, anything else is direct.
//
// followersURL is the author's followers collection as their actor
// document names it. When it is unknown ("") a followers-only post is
// treated as direct: showing it to fewer people is the safe mistake.
func Visibility(to, cc []string, followersURL string) string {
	switch {
	case slices.ContainsFunc(to, isPublic):
		return store.VisibilityPublic
	case slices.ContainsFunc(cc, isPublic):
		return store.VisibilityUnlisted
	case followersURL != "" && (slices.Contains(to, followersURL) || slices.Contains(cc, followersURL)):
		return store.VisibilityPrivate
	default:
		return store.VisibilityDirect
	}
}

// Addressing returns Mastodon's to and cc for a local status:
//
//	public:   to Public,    cc followers + mentioned
//	unlisted: to followers, cc Public + mentioned
//	private:  to followers, cc mentioned
//	direct:   to mentioned
func Addressing(visibility, followersURL string, mentioned []string) (to, cc []string) {
	switch visibility {
	case store.VisibilityPublic:
		return []string{Public}, append([]string{followersURL}, mentioned...)
	case store.VisibilityUnlisted:
		return []string{followersURL}, append([]string{Public}, mentioned...)
	case store.VisibilityPrivate:
		return []string{followersURL}, slices.Clone(mentioned)
	default:
		return slices.Clone(mentioned), nil
	}
}
