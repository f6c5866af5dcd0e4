// Package ap converts between ActivityStreams 2.0 and Roost's model.
//
// Reading: ParseActivity, ParseActor and ParseNote take the raw bytes of
// an inbox delivery or a fetched document and return plain values (Activity,
// Actor, Note) that map onto store.Account and store.Status (Actor.ApplyTo,
// Note.ToStatus). They are liberal about shapes (a string where an array
// is allowed, an object where an IRI is expected, Mastodon, GoToSocial,
// Akkoma, Misskey and Pixelfed extensions) and strict about safety: input
// is size- and depth-capped, every IRI kept is absolute http(s), and all
// HTML is sanitised to Mastodon's allow-list (SanitizeHTML). An activity
// type Roost does not handle parses as TypeUnknown, which the inbox
// acknowledges and drops.
//
// Writing: an Emitter builds the documents of local objects (actors,
// Notes and Questions addressed per visibility, activities, collections)
// in Mastodon's shapes, serialised with Marshal. Tests prove that each one
// resolves through the superseriousbusiness/activity library and parses
// back through this package into the values it was built from.
//
// The package does no I/O: fetching, signing and delivery live in the
// sibling packages.
package ap
