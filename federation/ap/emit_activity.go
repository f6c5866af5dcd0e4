package ap

import (
	"strconv"
	"time"

	"roost/store"
)

// ActivityDoc is an activity document. Object is an IRI or an embedded
// document (a Note, an actor, a Tombstone, another activity).
type ActivityDoc struct {
	Context   any      `json:"@context,omitempty"`
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	Actor     string   `json:"actor"`
	Published string   `json:"published,omitempty"`
	To        []string `json:"to,omitempty"`
	Cc        []string `json:"cc,omitempty"`
	Object    any      `json:"object"`
	Target    string   `json:"target,omitempty"`
	Content   string   `json:"content,omitempty"` // a Flag's comment
}

// embedded returns a copy without @context, for use inside another activity.
func (d *ActivityDoc) embedded() *ActivityDoc {
	c := *d
	c.Context = nil
	return &c
}

type tombstoneDoc struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	AtomURI string `json:"atomUri"`
}

// Create wraps a Note in its Create, addressed like the note; the id is
// the status IRI plus "/activity", as Mastodon names it.
func (e Emitter) Create(note *NoteDoc) *ActivityDoc {
	return &ActivityDoc{
		Context: ldContext, ID: note.ID + "/activity", Type: "Create", Actor: note.AttributedTo,
		Published: note.Published, To: note.To, Cc: note.Cc, Object: note.embedded(),
	}
}

// UpdateNote announces an edited status (or new poll counts) at time at.
func (e Emitter) UpdateNote(note *NoteDoc, at time.Time) *ActivityDoc {
	return &ActivityDoc{
		Context: ldContext, ID: note.ID + "#updates/" + strconv.FormatInt(at.Unix(), 10), Type: "Update",
		Actor: note.AttributedTo, Published: formatTime(at), To: note.To, Cc: note.Cc, Object: note.embedded(),
	}
}

// UpdateActor announces a changed profile to everyone.
func (e Emitter) UpdateActor(actor *ActorDoc, at time.Time) *ActivityDoc {
	return &ActivityDoc{
		Context: ldContext, ID: actor.ID + "#updates/" + strconv.FormatInt(at.Unix(), 10), Type: "Update",
		Actor: actor.ID, To: []string{Public}, Object: actor.embedded(),
	}
}

// DeleteNote tells the status's audience that it is gone; the object is a
// Tombstone so that peers need not fetch it.
func (e Emitter) DeleteNote(s *store.Status, author *store.Account, mentioned []string) *ActivityDoc {
	to, cc := Addressing(s.Visibility, e.paths.Followers(author.Username), mentioned)
	return &ActivityDoc{
		Context: ldContext, ID: s.URI + "#delete", Type: "Delete", Actor: e.paths.Actor(author.Username),
		To: to, Cc: cc, Object: tombstoneDoc{ID: s.URI, Type: "Tombstone", AtomURI: s.URI},
	}
}

// DeleteActor announces that a local account is gone for good.
func (e Emitter) DeleteActor(username string) *ActivityDoc {
	actor := e.paths.Actor(username)
	return &ActivityDoc{Context: ldContext, ID: actor + "#delete", Type: "Delete", Actor: actor, To: []string{Public}, Object: actor}
}

// Follow asks object (an actor IRI) to accept actor as a follower; id is
// the follow request's own IRI, kept to match the Accept and the Undo.
func (e Emitter) Follow(id, actor, object string) *ActivityDoc {
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Follow", Actor: actor, Object: object}
}

// Accept answers a Follow with the Follow embedded, as peers expect.
func (e Emitter) Accept(id, actor string, follow *ActivityDoc) *ActivityDoc {
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Accept", Actor: actor, Object: follow.embedded()}
}

// Reject refuses (or later removes) a follower.
func (e Emitter) Reject(id, actor string, follow *ActivityDoc) *ActivityDoc {
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Reject", Actor: actor, Object: follow.embedded()}
}

// Undo withdraws a Follow, Like, Announce or Block; its id derives from the
// undone activity's, and it keeps that activity's audience.
func (e Emitter) Undo(activity *ActivityDoc) *ActivityDoc {
	return &ActivityDoc{
		Context: ldContext, ID: activity.ID + "/undo", Type: "Undo", Actor: activity.Actor,
		To: activity.To, Cc: activity.Cc, Object: activity.embedded(),
	}
}

// Like favourites a status.
func (e Emitter) Like(id, actor, object string) *ActivityDoc {
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Like", Actor: actor, Object: object}
}

// Announce reblogs objectURI (by objectAuthor). Mastodon addresses a public
// reblog to Public with the author and followers in cc, and an unlisted
// one the other way round.
func (e Emitter) Announce(reblog *store.Status, booster *store.Account, objectURI, objectAuthor string) *ActivityDoc {
	followers := e.paths.Followers(booster.Username)
	to, cc := []string{Public}, []string{objectAuthor, followers}
	if reblog.Visibility != store.VisibilityPublic {
		to, cc = []string{followers}, []string{Public, objectAuthor}
	}
	return &ActivityDoc{
		Context: ldContext, ID: reblog.URI + "/activity", Type: "Announce", Actor: e.paths.Actor(booster.Username),
		Published: formatTime(reblog.CreatedAt), To: to, Cc: cc, Object: objectURI,
	}
}

// Block tells object's server that actor blocks it.
func (e Emitter) Block(id, actor, object string) *ActivityDoc {
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Block", Actor: actor, Object: object}
}

// Move tells followers that actor now lives at target, which must list
// actor in its alsoKnownAs.
func (e Emitter) Move(id, actor, target string) *ActivityDoc {
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Move", Actor: actor, Object: actor, Target: target}
}

// Add pins a status: it joins the actor's featured collection.
func (e Emitter) Add(id, username, statusURI string) *ActivityDoc {
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Add", Actor: e.paths.Actor(username), Object: statusURI, Target: e.paths.Featured(username)}
}

// Remove unpins a status.
func (e Emitter) Remove(id, username, statusURI string) *ActivityDoc {
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Remove", Actor: e.paths.Actor(username), Object: statusURI, Target: e.paths.Featured(username)}
}

// AddTag features a hashtag: it joins the actor's featuredTags collection,
// as Mastodon sends it.
func (e Emitter) AddTag(id, username, name string) *ActivityDoc {
	h := e.hashtag(name)
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Add", Actor: e.paths.Actor(username), Object: &h, Target: e.paths.FeaturedTags(username)}
}

// RemoveTag unfeatures a hashtag.
func (e Emitter) RemoveTag(id, username, name string) *ActivityDoc {
	h := e.hashtag(name)
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Remove", Actor: e.paths.Actor(username), Object: &h, Target: e.paths.FeaturedTags(username)}
}

// voteDoc is a poll vote: a Note with only the chosen option's title.
type voteDoc struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	Name         string `json:"name"`
	AttributedTo string `json:"attributedTo"`
	InReplyTo    string `json:"inReplyTo"`
	To           string `json:"to"`
}

// PollVote casts one choice on a remote poll, the way Mastodon does: a
// Create of a Note named after the option, sent to the poll's author only.
// A multiple-choice vote is one PollVote per option, each with its own id.
func (e Emitter) PollVote(id, actor, questionURI, questionAuthor, option string) *ActivityDoc {
	vote := voteDoc{ID: id, Type: "Note", Name: option, AttributedTo: actor, InReplyTo: questionURI, To: questionAuthor}
	return &ActivityDoc{
		Context: ldContext, ID: id + "/activity", Type: "Create", Actor: actor,
		To: []string{questionAuthor}, Object: vote,
	}
}

// Flag forwards a report to the reported account's server. It is sent by
// the instance actor, so that the reporter stays anonymous, as Mastodon does.
func (e Emitter) Flag(id, account string, statusURIs []string, comment string) *ActivityDoc {
	objects := append([]string{account}, statusURIs...)
	return &ActivityDoc{Context: ldContext, ID: id, Type: "Flag", Actor: e.paths.InstanceActor(), Object: objects, Content: comment}
}
