package mastoapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/store"
)

// The viewer's own things (filters, lists, scheduled posts...) are served by
// handlers of the same few shapes; these write each shape once.

// renderOne answers with the entity of v, or with err when the operation failed.
func renderOne[T, E any](c echo.Context, entity func(T) E, v T, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, entity(v))
}

// renderAll answers with the entities of list: an empty list is [], never null.
func renderAll[T, E any](c echo.Context, entity func(T) E, list []T, err error) error {
	if err != nil {
		return err
	}
	out := make([]E, 0, len(list))
	for _, v := range list {
		out = append(out, entity(v))
	}
	return c.JSON(http.StatusOK, out)
}

// listOwned serves GET for all of the viewer's things of one kind.
func listOwned[T, E any](c echo.Context, op func(context.Context, *store.Account) ([]T, error), entity func(T) E) error {
	list, err := op(c.Request().Context(), viewerAccount(c))
	return renderAll(c, entity, list, err)
}

// getByID serves GET .../:id: one operation on the thing the path names.
func getByID[T, E any](c echo.Context, op func(context.Context, *store.Account, store.ID) (T, error), entity func(T) E) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := op(c.Request().Context(), viewerAccount(c), id)
	return renderOne(c, entity, v, err)
}

// createFromParams serves POST: the body parsed into an operation's arguments.
func createFromParams[A, T, E any](c echo.Context, parse func(*params) (A, error),
	op func(context.Context, *store.Account, A) (T, error), entity func(T) E) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	args, err := parse(p)
	if err != nil {
		return err
	}
	v, err := op(c.Request().Context(), viewerAccount(c), args)
	return renderOne(c, entity, v, err)
}

// updateByID serves PUT/POST .../:id: the body parsed into the arguments of
// an operation on the thing the path names.
func updateByID[A, T, E any](c echo.Context, parse func(*params) (A, error),
	op func(context.Context, *store.Account, store.ID, A) (T, error), entity func(T) E) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return createFromParams(c, parse, func(ctx context.Context, viewer *store.Account, args A) (T, error) {
		return op(ctx, viewer, id, args)
	}, entity)
}

// deleteByID serves DELETE .../:id, answering {} as Mastodon does.
func deleteByID(c echo.Context, op func(context.Context, *store.Account, store.ID) error) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := op(c.Request().Context(), viewerAccount(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}
