package media_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"roost/server/media"
	"roost/server/media/mediatest"
)

const maxPixels = 40_000_000

func TestDetect(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		data []byte
		want string // content type; "" for unsupported
	}{
		{"jpeg", mediatest.JPEG(8, 8), "image/jpeg"},
		{"png", mediatest.PNG(8, 8), "image/png"},
		{"gif", mediatest.GIF(8, 8, 2), "image/gif"},
		{"webp", mediatest.WebP, "image/webp"},
		{"mp4", mediatest.MP4(), "video/mp4"},
		{"webm", mediatest.WebM(), "video/webm"},
		{"mp3", mediatest.MP3(), "audio/mpeg"},
		{"bare mp3 frame", append([]byte{0xFF, 0xFB, 0x90, 0x64}, make([]byte, 32)...), "audio/mpeg"},
		{"ogg", mediatest.OGG(), "audio/ogg"},
		{"pdf", mediatest.PDF(), ""},
		{"heic is not video", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), ""},
		{"html", []byte("<html><script>alert(1)</script>"), ""},
		{"empty", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := media.Detect(c.data)
			if c.want == "" {
				if !errors.Is(err, media.ErrUnsupported) {
					t.Fatalf("Detect = %+v, %v; want ErrUnsupported", got, err)
				}
				return
			}
			if err != nil || got.ContentType != c.want {
				t.Fatalf("Detect = %+v, %v; want %s", got, err, c.want)
			}
		})
	}
}

func TestProcessImage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		data     []byte
		wantType string
		wantSize media.Size
	}{
		{"jpeg", mediatest.JPEG(1000, 500), "image/jpeg", media.Size{1000, 500}},
		{"png keeps png", mediatest.PNG(300, 200), "image/png", media.Size{300, 200}},
		{"gif kept as is", mediatest.GIF(40, 30, 3), "image/gif", media.Size{40, 30}},
		{"opaque webp becomes jpeg", mediatest.WebP, "image/jpeg", media.Size{}},
		{"orientation 6 turns a landscape upright", mediatest.JPEGWithEXIF(200, 100, 6), "image/jpeg", media.Size{100, 200}},
		{"over 8.3 megapixels is scaled down", mediatest.JPEG(4000, 3000), "image/jpeg", media.Size{3325, 2494}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			typ, err := media.Detect(c.data)
			if err != nil {
				t.Fatal(err)
			}
			img, err := media.ProcessImage(c.data, typ, maxPixels)
			if err != nil {
				t.Fatal(err)
			}
			if img.OriginalType.ContentType != c.wantType {
				t.Errorf("type %s, want %s", img.OriginalType.ContentType, c.wantType)
			}
			if c.wantSize != (media.Size{}) && img.OriginalSize != c.wantSize {
				t.Errorf("size %v, want %v", img.OriginalSize, c.wantSize)
			}
			if img.SmallSize.Width > 640 || img.SmallSize.Height > 640 || len(img.Thumbnail) == 0 {
				t.Errorf("thumbnail %v (%d bytes)", img.SmallSize, len(img.Thumbnail))
			}
			if len(img.Blurhash) != 28 { // 4×3 components
				t.Errorf("blurhash %q", img.Blurhash)
			}
			if c.wantType == "image/gif" && !bytes.Equal(img.Original, c.data) {
				t.Error("a GIF must be kept byte for byte")
			}
		})
	}
}

func TestProcessImageDropsEXIFAndTurns(t *testing.T) {
	t.Parallel()
	data := mediatest.JPEGWithEXIF(200, 100, 6)
	img, err := media.ProcessImage(data, media.Type{Kind: "image", ContentType: "image/jpeg"}, maxPixels)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(img.Original, []byte("Exif")) || bytes.Contains(img.Original, []byte(mediatest.GPSMarker)) {
		t.Fatal("EXIF survived processing")
	}
	dec, err := jpeg.Decode(bytes.NewReader(img.Original))
	if err != nil {
		t.Fatal(err)
	}
	// The picture's left half is red: turned 90° clockwise, red is on top.
	if r, _, b, _ := dec.At(50, 20).RGBA(); r < b {
		t.Errorf("top is not red after orientation 6: r=%d b=%d", r>>8, b>>8)
	}
	if r, _, b, _ := dec.At(50, 180).RGBA(); r > b {
		t.Errorf("bottom is not blue after orientation 6: r=%d b=%d", r>>8, b>>8)
	}
}

// Not parallel: it counts every allocation of the process.
func TestProcessImageRefusesBombBeforeDecoding(t *testing.T) {
	bomb := mediatest.BombPNG(50000, 50000)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := media.ProcessImage(bomb, media.Type{Kind: "image", ContentType: "image/png"}, maxPixels)
	if !errors.Is(err, media.ErrTooManyPixels) {
		t.Fatalf("err = %v, want ErrTooManyPixels", err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", grew)
	}
}

func TestFillImage(t *testing.T) {
	t.Parallel()
	out, err := media.FillImage(mediatest.PNG(900, 300), media.Type{Kind: "image", ContentType: "image/png"}, maxPixels, 400, 400)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(out))
	if err != nil || cfg.Width != 400 || cfg.Height != 400 {
		t.Fatalf("avatar %dx%d, %v", cfg.Width, cfg.Height, err)
	}
}

// FuzzProcessImage feeds malformed files to the image path: each must be
// a clear error or a result, never a panic.
func FuzzProcessImage(f *testing.F) {
	for _, seed := range [][]byte{mediatest.JPEG(16, 16), mediatest.PNG(16, 16), mediatest.GIF(8, 8, 2), mediatest.WebP,
		mediatest.JPEGWithEXIF(16, 8, 6), mediatest.BombPNG(50000, 50000), mediatest.JPEG(16, 16)[:100]} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		typ, err := media.Detect(data)
		if err != nil || typ.Kind != media.KindImage {
			return
		}
		img, err := media.ProcessImage(data, typ, 4_000_000)
		if err != nil {
			if !errors.Is(err, media.ErrUndecodable) && !errors.Is(err, media.ErrTooManyPixels) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if img.OriginalSize.Width <= 0 || len(img.Original) == 0 {
			t.Fatalf("empty result without an error: %+v", img.OriginalSize)
		}
	})
}

// BenchmarkProcessImage12MP processes a 4000×3000 JPEG upload. It reports
// the peak heap above the start (peak-MB) next to the time per upload.
func BenchmarkProcessImage12MP(b *testing.B) {
	src := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for i := range src.Pix { // noise-like content, as a photo's, not a flat colour
		src.Pix[i] = byte(i*7 + i/4001)
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, src, &jpeg.Options{Quality: 90})
	data := buf.Bytes()
	src = nil
	typ := media.Type{Kind: "image", ContentType: "image/jpeg"}
	// Each upload starts from a collected heap, as on a quiet board; the
	// sampler records how far the heap grows above that during the upload.
	var base, peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				if h := heapBytes(); h > base.Load() && h-base.Load() > peak.Load() {
					peak.Store(h - base.Load())
				}
			}
		}
	}()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		base.Store(heapBytes())
		b.StartTimer()
		if _, err := media.ProcessImage(data, typ, maxPixels); err != nil {
			b.Fatal(err)
		}
	}
	close(stop)
	<-done
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-MB")
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestScaleMatchesEveryPixelModel: the box filter reads YCbCr (each
// chroma layout), RGBA, NRGBA and paletted images alike.
func TestScaleMatchesEveryPixelModel(t *testing.T) {
	t.Parallel()
	want := mediatest.Picture(64, 32)
	sources := map[string]image.Image{"rgba": want}
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio411} {
		y := image.NewYCbCr(want.Bounds(), ratio)
		for py := 0; py < 32; py++ {
			for px := 0; px < 64; px++ {
				c := want.RGBAAt(px, py)
				yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
				y.Y[y.YOffset(px, py)] = yy
				y.Cb[y.COffset(px, py)], y.Cr[y.COffset(px, py)] = cb, cr
			}
		}
		sources[ratio.String()] = y
	}
	n := image.NewNRGBA(want.Bounds())
	draw.Draw(n, n.Bounds(), want, image.Point{}, draw.Src)
	sources["nrgba"] = n
	p := image.NewPaletted(want.Bounds(), color.Palette{color.RGBA{220, 20, 20, 255}, color.RGBA{20, 20, 220, 255}})
	draw.Draw(p, p.Bounds(), want, image.Point{}, draw.Src)
	sources["paletted"] = p
	for name, src := range sources {
		for _, size := range []media.Size{{16, 8}, {64, 32}, {200, 100}} {
			out := media.Scale(src, size.Width, size.Height)
			// Left quarter red, right quarter blue, whatever the model.
			l, r := out.RGBAAt(size.Width/8, size.Height/2), out.RGBAAt(size.Width*7/8, size.Height/2)
			if l.R < 150 || l.B > 80 || r.B < 150 || r.R > 80 {
				t.Errorf("%s to %v: left %v right %v", name, size, l, r)
			}
		}
	}
}
