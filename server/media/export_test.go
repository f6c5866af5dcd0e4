package media

// Scale exposes the box filter to the tests.
var Scale = scale
