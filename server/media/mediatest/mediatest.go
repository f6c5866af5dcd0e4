// Package mediatest builds small image, audio and video files for tests.
package mediatest

import (
	"bytes"
	_ "embed" // WebP test picture
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
)

// GPSMarker is a byte string inside the GPS block of JPEGWithEXIF's files,
// so a test can prove that block did not survive.
const GPSMarker = "ROOSTGPSMARKER"

// Picture is a w×h image whose left half is red and right half blue, so a
// test can tell how it was turned.
func Picture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 220, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// JPEG encodes Picture(w, h).
func JPEG(w, h int) []byte {
	var buf bytes.Buffer
	jpeg.Encode(&buf, Picture(w, h), &jpeg.Options{Quality: 90})
	return buf.Bytes()
}

// PNG encodes Picture(w, h).
func PNG(w, h int) []byte {
	var buf bytes.Buffer
	png.Encode(&buf, Picture(w, h))
	return buf.Bytes()
}

// JPEGWithEXIF is JPEG(w, h) with an APP1 Exif segment spliced in after
// the start-of-image marker, holding an orientation tag and a GPS block
// (latitude 48°51'N and GPSMarker as its processing method).
func JPEGWithEXIF(w, h, orientation int) []byte {
	le := binary.LittleEndian
	var t bytes.Buffer
	t.WriteString("II*\x00")
	binary.Write(&t, le, uint32(8)) // IFD0 right after the header
	// IFD0: 2 entries (orientation, GPS pointer), then next-IFD = 0.
	ifd0 := 8
	gpsIFD := ifd0 + 2 + 2*12 + 4
	binary.Write(&t, le, uint16(2))
	binary.Write(&t, le, []uint16{0x0112, 3})
	binary.Write(&t, le, uint32(1))
	binary.Write(&t, le, []uint16{uint16(orientation), 0})
	binary.Write(&t, le, []uint16{0x8825, 4})
	binary.Write(&t, le, uint32(1))
	binary.Write(&t, le, uint32(gpsIFD))
	binary.Write(&t, le, uint32(0))
	// GPS IFD: LatitudeRef "N", Latitude (3 rationals), ProcessingMethod.
	entries := 3
	data := gpsIFD + 2 + entries*12 + 4
	binary.Write(&t, le, uint16(entries))
	binary.Write(&t, le, []uint16{0x0001, 2})
	binary.Write(&t, le, uint32(2))
	t.WriteString("N\x00\x00\x00")
	binary.Write(&t, le, []uint16{0x0002, 5})
	binary.Write(&t, le, uint32(3))
	binary.Write(&t, le, uint32(data))
	binary.Write(&t, le, []uint16{0x001B, 7})
	binary.Write(&t, le, uint32(len(GPSMarker)))
	binary.Write(&t, le, uint32(data+24))
	binary.Write(&t, le, uint32(0))
	binary.Write(&t, le, []uint32{48, 1, 51, 1, 0, 1})
	t.WriteString(GPSMarker)

	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	plain := JPEG(w, h)
	var out bytes.Buffer
	out.Write(plain[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(payload)+2))
	out.Write(payload)
	out.Write(plain[2:])
	return out.Bytes()
}

// BombPNG is a valid PNG signature and header claiming w×h pixels, with
// no pixel data: a decompression bomb's first bytes.
func BombPNG(w, h int) []byte {
	small := PNG(1, 1)
	out := append([]byte{}, small...)
	// The IHDR chunk's width and height sit at bytes 16..24; its CRC at 29..33.
	binary.BigEndian.PutUint32(out[16:], uint32(w))
	binary.BigEndian.PutUint32(out[20:], uint32(h))
	binary.BigEndian.PutUint32(out[29:], crc(out[12:29]))
	return out
}

func crc(b []byte) uint32 {
	var table [256]uint32
	for i := range table {
		c := uint32(i)
		for k := 0; k < 8; k++ {
			if c&1 == 1 {
				c = 0xEDB88320 ^ (c >> 1)
			} else {
				c >>= 1
			}
		}
		table[i] = c
	}
	c := ^uint32(0)
	for _, x := range b {
		c = table[byte(c)^x] ^ (c >> 8)
	}
	return ^c
}

// MP4 is the start of an MP4 file (an ftyp box); Roost stores video as
// uploaded, so these bytes are enough to exercise the path.
func MP4() []byte {
	return append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), make([]byte, 64)...)
}

// WebM is the start of a WebM file (an EBML header).
func WebM() []byte {
	return append([]byte("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01webm"), make([]byte, 64)...)
}

// MP3 is an ID3-tagged MPEG audio start.
func MP3() []byte { return append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), make([]byte, 64)...) }

// OGG is an Ogg page header.
func OGG() []byte { return append([]byte("OggS\x00\x02"), make([]byte, 64)...) }

// PDF is the start of a PDF document.
func PDF() []byte { return []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n") }

// WebP is a small lossy WebP picture (from golang.org/x/image's test data, BSD licence).
//
//go:embed testdata/blue-purple-pink.lossy.webp
var WebP []byte

// GIF encodes frames frames of Picture(w, h) as a GIF, animated when frames > 1.
func GIF(w, h, frames int) []byte {
	pal := color.Palette{color.RGBA{220, 20, 20, 255}, color.RGBA{20, 20, 220, 255}}
	anim := &gif.GIF{}
	for i := 0; i < frames; i++ {
		p := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		draw.Draw(p, p.Rect, Picture(w, h), image.Point{}, draw.Src)
		anim.Image = append(anim.Image, p)
		anim.Delay = append(anim.Delay, 10)
	}
	var buf bytes.Buffer
	gif.EncodeAll(&buf, anim)
	return buf.Bytes()
}
