package media

import (
	"errors"
	"image"
	"math"
	"strings"
)

// No maintained Go blurhash library is on the module proxy's list we may
// use, and the encoder is short; this follows the reference algorithm at
// https://github.com/woltapp/blurhash/blob/master/Algorithm.md.

const base83Chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"

// blurhash encodes img (expected small, e.g. a thumbnail) with x by y
// components; Mastodon uses 4 by 3.
func blurhash(img *image.RGBA, xComponents, yComponents int) string {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 {
		return ""
	}
	// Linearise once; the sums below visit every pixel per component.
	linear := make([][3]float64, w*h)
	var table [256]float64
	for i := range table {
		table[i] = sRGBToLinear(i)
	}
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride:]
		for x := 0; x < w; x++ {
			p := row[x*4:]
			linear[y*w+x] = [3]float64{table[p[0]], table[p[1]], table[p[2]]}
		}
	}
	cosX := make([]float64, w)
	cosY := make([]float64, h)
	factors := make([][3]float64, 0, xComponents*yComponents)
	for j := 0; j < yComponents; j++ {
		for y := range cosY {
			cosY[y] = math.Cos(math.Pi * float64(j) * float64(y) / float64(h))
		}
		for i := 0; i < xComponents; i++ {
			for x := range cosX {
				cosX[x] = math.Cos(math.Pi * float64(i) * float64(x) / float64(w))
			}
			var sum [3]float64
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					basis := cosX[x] * cosY[y]
					px := linear[y*w+x]
					sum[0] += basis * px[0]
					sum[1] += basis * px[1]
					sum[2] += basis * px[2]
				}
			}
			norm := 1.0
			if i != 0 || j != 0 {
				norm = 2
			}
			scale := norm / float64(w*h)
			factors = append(factors, [3]float64{sum[0] * scale, sum[1] * scale, sum[2] * scale})
		}
	}
	var sb strings.Builder
	sb.WriteString(base83((xComponents-1)+(yComponents-1)*9, 1))
	maxAC := 0.0
	for _, f := range factors[1:] {
		for _, c := range f {
			maxAC = math.Max(maxAC, math.Abs(c))
		}
	}
	quantMax := 0
	if len(factors) > 1 {
		quantMax = int(math.Max(0, math.Min(82, math.Floor(maxAC*166-0.5))))
		maxAC = float64(quantMax+1) / 166
	} else {
		maxAC = 1
	}
	sb.WriteString(base83(quantMax, 1))
	dc := factors[0]
	sb.WriteString(base83(linearToSRGB(dc[0])<<16+linearToSRGB(dc[1])<<8+linearToSRGB(dc[2]), 4))
	for _, f := range factors[1:] {
		q := func(v float64) int {
			return int(math.Max(0, math.Min(18, math.Floor(signPow(v/maxAC, 0.5)*9+9.5))))
		}
		sb.WriteString(base83(q(f[0])*19*19+q(f[1])*19+q(f[2]), 2))
	}
	return sb.String()
}

func base83(v, length int) string {
	out := make([]byte, length)
	for i := length - 1; i >= 0; i-- {
		out[i] = base83Chars[v%83]
		v /= 83
	}
	return string(out)
}

func sRGBToLinear(v int) float64 {
	c := float64(v) / 255
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

func linearToSRGB(v float64) int {
	c := math.Max(0, math.Min(1, v))
	if c <= 0.0031308 {
		return int(c*12.92*255 + 0.5)
	}
	return int((1.055*math.Pow(c, 1/2.4)-0.055)*255 + 0.5)
}

func signPow(v, exp float64) float64 {
	return math.Copysign(math.Pow(math.Abs(v), exp), v)
}

// BlurhashImage draws a blurhash as a small picture (width × height), the
// placeholder shown in place of sensitive media until the reader asks.
func BlurhashImage(hash string, width, height int) (image.Image, error) {
	if len(hash) < 6 || width <= 0 || height <= 0 || width > 64 || height > 64 {
		return nil, errors.New("blurhash: bad input")
	}
	sizeFlag, err := decode83(hash[:1])
	if err != nil {
		return nil, err
	}
	nx, ny := sizeFlag%9+1, sizeFlag/9+1
	if len(hash) != 4+2*nx*ny {
		return nil, errors.New("blurhash: wrong length")
	}
	quantMax, err := decode83(hash[1:2])
	if err != nil {
		return nil, err
	}
	maxValue := float64(quantMax+1) / 166
	colors := make([][3]float64, nx*ny)
	for i := range colors {
		if i == 0 {
			v, err := decode83(hash[2:6])
			if err != nil {
				return nil, err
			}
			colors[0] = [3]float64{sRGBToLinear(v >> 16), sRGBToLinear(v >> 8 & 255), sRGBToLinear(v & 255)}
			continue
		}
		v, err := decode83(hash[4+i*2 : 6+i*2])
		if err != nil {
			return nil, err
		}
		q := [3]int{v / (19 * 19), v / 19 % 19, v % 19}
		for c := range q {
			colors[i][c] = signPow((float64(q[c])-9)/9, 2) * maxValue
		}
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := 0; y < height; y++ {
		for x := 0; x < width; x++ {
			var rgb [3]float64
			for j := 0; j < ny; j++ {
				for i := 0; i < nx; i++ {
					basis := math.Cos(math.Pi*float64(x*i)/float64(width)) * math.Cos(math.Pi*float64(y*j)/float64(height))
					for c := range rgb {
						rgb[c] += colors[i+j*nx][c] * basis
					}
				}
			}
			off := img.PixOffset(x, y)
			img.Pix[off], img.Pix[off+1], img.Pix[off+2], img.Pix[off+3] =
				uint8(linearToSRGB(rgb[0])), uint8(linearToSRGB(rgb[1])), uint8(linearToSRGB(rgb[2])), 255
		}
	}
	return img, nil
}

func decode83(s string) (int, error) {
	v := 0
	for _, r := range s {
		i := strings.IndexRune(base83Chars, r)
		if i < 0 {
			return 0, errors.New("blurhash: bad character")
		}
		v = v*83 + i
	}
	return v, nil
}
