package media

import (
	"image"
	"image/color"
	"testing"
)

// TestBlurhashRoundTrip encodes a two-colour picture and draws its hash
// back: the left stays reddish and the right bluish.
func TestBlurhashRoundTrip(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 64; x++ {
			c := color.RGBA{220, 30, 30, 255}
			if x >= 32 {
				c = color.RGBA{30, 30, 220, 255}
			}
			img.Set(x, y, c)
		}
	}
	hash := blurhash(img, 4, 3)
	out, err := BlurhashImage(hash, 32, 32)
	if err != nil {
		t.Fatal(err)
	}
	left := color.RGBAModel.Convert(out.At(2, 16)).(color.RGBA)
	right := color.RGBAModel.Convert(out.At(29, 16)).(color.RGBA)
	if left.R <= left.B || right.B <= right.R {
		t.Fatalf("hash %s drew left %v right %v", hash, left, right)
	}
	if _, err := BlurhashImage("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 32, 32); err != nil {
		t.Errorf("the reference example: %v", err)
	}
	for _, bad := range []string{"", "x", "LEHV6nWB2yk8pyo0adR*.7kCMdn", "~~~~~~~~", "LEHV6nWB2yk8pyo0adR*.7kCMd("} {
		if _, err := BlurhashImage(bad, 32, 32); err == nil {
			t.Errorf("BlurhashImage(%q) accepted", bad)
		}
	}
}
