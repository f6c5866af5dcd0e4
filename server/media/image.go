package media

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"

	"golang.org/x/image/webp"
)

// Sizes Roost keeps, following Mastodon: originals are brought down to
// about 8.3 megapixels (3840×2160), previews to at most 640 pixels a side.
const (
	maxOriginalPixels = 3840 * 2160
	thumbnailSide     = 640
	jpegQuality       = 85
)

// ErrTooManyPixels is an image whose declared size is over the limit; it is
// refused before its pixels are decoded, so a small file claiming 50000×50000
// cannot exhaust memory.
var ErrTooManyPixels = errors.New("image dimensions are too large")

// ErrUndecodable is an image whose bytes cannot be read.
var ErrUndecodable = errors.New("image could not be read")

// Size is an image's width and height in pixels.
type Size struct{ Width, Height int }

// Image is a processed upload: the file to serve in place of the upload
// (never the upload's own bytes, except GIFs, whose animation is kept), a
// preview and the preview's blurhash.
type Image struct {
	Original     []byte
	OriginalType Type
	OriginalSize Size
	Thumbnail    []byte
	ThumbnailExt string
	ThumbnailCT  string
	SmallSize    Size
	Blurhash     string
}

// ProcessImage re-encodes an uploaded image without its metadata, upright
// according to its EXIF orientation, and makes its preview. maxPixels bounds
// the declared width × height.
func ProcessImage(data []byte, t Type, maxPixels int64) (*Image, error) {
	src, err := decode(data, t, maxPixels)
	if err != nil {
		return nil, err
	}
	orientation := 1
	if t.ContentType == "image/jpeg" {
		orientation = jpegOrientation(data)
	}
	out := &Image{OriginalType: t}
	if t.ContentType == "image/gif" {
		// GIFs carry no EXIF; re-encoding would drop their animation.
		out.Original = data
		b := src.Bounds()
		out.OriginalSize = Size{b.Dx(), b.Dy()}
		return out, thumbnail(out, toRGBA(src, b.Dx(), b.Dy()))
	}
	w, h := fitArea(src.Bounds().Dx(), src.Bounds().Dy(), maxOriginalPixels)
	upright := orient(toRGBA(src, w, h), orientation)
	src = nil // let the decoded upload go before encoding
	b := upright.Bounds()
	out.OriginalSize = Size{b.Dx(), b.Dy()}
	keepAlpha := t.ContentType == "image/png" || (t.ContentType == "image/webp" && !upright.Opaque())
	if out.Original, out.OriginalType, err = encode(upright, keepAlpha); err != nil {
		return nil, err
	}
	return out, thumbnail(out, upright)
}

// FillImage crops an image around its centre to w×h and encodes it as a
// JPEG, as avatars (400×400) and headers (1500×500) are.
func FillImage(data []byte, t Type, maxPixels int64, w, h int) ([]byte, error) {
	src, err := decode(data, t, maxPixels)
	if err != nil {
		return nil, err
	}
	orientation := 1
	if t.ContentType == "image/jpeg" {
		orientation = jpegOrientation(data)
	}
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	if orientation >= 5 {
		sw, sh = sh, sw
	}
	// Crop the source to the target's aspect ratio, then scale.
	cw, ch := sw, int(math.Round(float64(sw)*float64(h)/float64(w)))
	if ch > sh {
		cw, ch = int(math.Round(float64(sh)*float64(w)/float64(h))), sh
	}
	upright := orient(toRGBA(src, b.Dx(), b.Dy()), orientation)
	x0, y0 := (sw-cw)/2, (sh-ch)/2
	cropped := upright.SubImage(image.Rect(x0, y0, x0+cw, y0+ch))
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src) // transparent parts become white in a JPEG
	draw.Draw(dst, dst.Bounds(), scale(cropped, w, h), image.Point{}, draw.Over)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decode reads the declared size first and refuses a bomb before decoding.
func decode(data []byte, t Type, maxPixels int64) (image.Image, error) {
	if err := CheckImage(data, t, maxPixels); err != nil {
		return nil, err
	}
	var err error
	var img image.Image
	switch t.ContentType {
	case "image/webp":
		img, err = webp.Decode(bytes.NewReader(data))
	case "image/gif":
		img, err = gif.Decode(bytes.NewReader(data))
	default:
		img, _, err = image.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUndecodable, err)
	}
	if b := img.Bounds(); b.Dx() <= 0 || b.Dy() <= 0 {
		return nil, ErrUndecodable
	}
	return img, nil
}

// fitArea scales w×h down (never up) to at most maxArea pixels.
func fitArea(w, h, maxArea int) (int, int) {
	if w*h <= maxArea {
		return w, h
	}
	f := math.Sqrt(float64(maxArea) / float64(w*h))
	return max(1, int(float64(w)*f)), max(1, int(float64(h)*f))
}

// fitSide scales w×h down (never up) so neither side passes side.
func fitSide(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, h*side/w)
	}
	return max(1, w*side/h), side
}

// toRGBA draws src into a new w×h RGBA image, scaling when the sizes differ.
func toRGBA(src image.Image, w, h int) *image.RGBA {
	if b := src.Bounds(); b.Dx() != w || b.Dy() != h {
		return scale(src, w, h)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), src, src.Bounds().Min, draw.Src)
	return dst
}

// encode writes img as PNG when its transparency must survive, else JPEG.
func encode(img *image.RGBA, keepAlpha bool) ([]byte, Type, error) {
	var buf bytes.Buffer
	if keepAlpha {
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		err := enc.Encode(&buf, img)
		return buf.Bytes(), Type{KindImage, "image/png", ".png"}, err
	}
	err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality})
	return buf.Bytes(), Type{KindImage, "image/jpeg", ".jpg"}, err
}

// thumbnail fills in the preview of out from the upright original.
func thumbnail(out *Image, upright *image.RGBA) error {
	b := upright.Bounds()
	w, h := fitSide(b.Dx(), b.Dy(), thumbnailSide)
	small := upright
	if w != b.Dx() || h != b.Dy() {
		small = scale(upright, w, h)
	}
	out.SmallSize = Size{w, h}
	data, t, err := encode(small, !small.Opaque())
	if err != nil {
		return err
	}
	out.Thumbnail, out.ThumbnailExt, out.ThumbnailCT = data, t.Ext, t.ContentType
	// A blurhash only needs a few dozen pixels; computing it on those keeps it cheap.
	tw, th := fitSide(w, h, 32)
	out.Blurhash = blurhash(scale(small, tw, th), 4, 3)
	return nil
}

// CheckImage reads only an image's declared size and refuses it when it is
// unreadable or over maxPixels, so a bomb is answered at once, before any
// work is queued.
func CheckImage(data []byte, t Type, maxPixels int64) error {
	var cfg image.Config
	var err error
	if t.ContentType == "image/webp" {
		cfg, err = webp.DecodeConfig(bytes.NewReader(data))
	} else {
		cfg, _, err = image.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUndecodable, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return ErrUndecodable
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return ErrTooManyPixels
	}
	return nil
}
