package media

import (
	"image"
	"image/color"
)

// scale resizes src to w×h with a box filter: each output pixel is the
// average of the source pixels under it (one pixel, the nearest, when
// enlarging). For the large reductions Roost makes this is both sharp and
// cheap, and it spares the binary golang.org/x/image/draw's quarter
// megabyte of generated scalers. JPEG's YCbCr and PNG's NRGBA and RGBA are
// read directly; other models go through color conversion.
func scale(src image.Image, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	if sw == 0 || sh == 0 || w == 0 || h == 0 {
		return dst
	}
	read := pixelReader(src)
	// Each output column's source columns, [cols[x], cols[x+1]) when
	// reducing; a single column when enlarging.
	span := func(i, n, sn int) (int, int) {
		lo := i * sn / n
		hi := (i + 1) * sn / n
		if hi <= lo {
			hi = lo + 1
		}
		return lo, hi
	}
	sums := make([]uint32, w*4)
	counts := make([]uint32, w)
	row := make([]uint8, sw*4)
	for y := 0; y < h; y++ {
		clear(sums)
		clear(counts)
		y0, y1 := span(y, h, sh)
		for sy := y0; sy < y1; sy++ {
			read(row, b.Min.X, b.Min.Y+sy, sw)
			for x := 0; x < w; x++ {
				x0, x1 := span(x, w, sw)
				var r, g, bl, a uint32
				for sx := x0; sx < x1; sx++ {
					p := row[sx*4 : sx*4+4 : sx*4+4]
					r += uint32(p[0])
					g += uint32(p[1])
					bl += uint32(p[2])
					a += uint32(p[3])
				}
				s := sums[x*4 : x*4+4 : x*4+4]
				s[0] += r
				s[1] += g
				s[2] += bl
				s[3] += a
				counts[x] += uint32(x1 - x0)
			}
		}
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w*4]
		for x := 0; x < w; x++ {
			n, s := counts[x], sums[x*4:x*4+4]
			half := n / 2
			out[x*4] = uint8((s[0] + half) / n)
			out[x*4+1] = uint8((s[1] + half) / n)
			out[x*4+2] = uint8((s[2] + half) / n)
			out[x*4+3] = uint8((s[3] + half) / n)
		}
	}
	return dst
}

// pixelReader returns a function that fills row with n premultiplied RGBA
// pixels of src starting at (x, y).
func pixelReader(src image.Image) func(row []uint8, x, y, n int) {
	switch s := src.(type) {
	case *image.YCbCr:
		// The chroma planes are shared by 1 or 2 columns (4:4:4, 4:2:2 and
		// 4:2:0, which JPEG cameras write); other ratios ask per pixel.
		shift := -1
		switch s.SubsampleRatio {
		case image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio440:
			shift = 0
		case image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420:
			shift = 1
		}
		return func(row []uint8, x, y, n int) {
			yi := s.YOffset(x, y)
			c0 := s.COffset(x, y)
			for i := 0; i < n; i++ {
				var ci int
				if shift >= 0 {
					ci = c0 + ((x+i)>>shift - x>>shift)
				} else {
					ci = s.COffset(x+i, y)
				}
				r, g, b := color.YCbCrToRGB(s.Y[yi+i], s.Cb[ci], s.Cr[ci])
				row[i*4], row[i*4+1], row[i*4+2], row[i*4+3] = r, g, b, 0xff
			}
		}
	case *image.RGBA:
		return func(row []uint8, x, y, n int) {
			o := s.PixOffset(x, y)
			copy(row[:n*4], s.Pix[o:o+n*4])
		}
	case *image.NRGBA:
		return func(row []uint8, x, y, n int) {
			o := s.PixOffset(x, y)
			for i := 0; i < n*4; i += 4 {
				p := s.Pix[o+i : o+i+4 : o+i+4]
				a := uint32(p[3])
				row[i] = uint8((uint32(p[0])*a + 127) / 255)
				row[i+1] = uint8((uint32(p[1])*a + 127) / 255)
				row[i+2] = uint8((uint32(p[2])*a + 127) / 255)
				row[i+3] = p[3]
			}
		}
	}
	return func(row []uint8, x, y, n int) {
		for i := 0; i < n; i++ {
			c := color.RGBAModel.Convert(src.At(x+i, y)).(color.RGBA)
			row[i*4], row[i*4+1], row[i*4+2], row[i*4+3] = c.R, c.G, c.B, c.A
		}
	}
}
