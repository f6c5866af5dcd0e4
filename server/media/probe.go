package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Video and audio are kept byte for byte, but Mastodon's MediaAttachment
// meta still tells apps their size and length. No well-kept pure-Go
// container library was on the module proxy (abema/go-mp4,
// remko/go-mkvparse and tcolgate/mp3 are not served), so this reads the few
// header fields needed straight from the bytes. Every read is bounds
// checked, nesting is capped, and each loop advances through a slice that
// was already in memory: a malformed file gives an error or zero values,
// never a panic (FuzzProbe keeps that true).

// Timing is what a video or audio container says about its stream.
// Zero values are unknown.
type Timing struct {
	Width, Height int
	Duration      float64 // seconds
	FrameRate     string  // a fraction, as Mastodon writes it ("30/1", "30000/1001")
	Bitrate       int64   // bits per second, over the whole file
}

// ErrNoTiming is a file whose headers could not be read.
var ErrNoTiming = errors.New("media: no readable stream headers")

// Probe reads the timing of an MP4, WebM, MP3 or Ogg file.
func Probe(data []byte, t Type) (Timing, error) {
	var out Timing
	var err error
	switch t.Ext {
	case ".mp4":
		out, err = probeMP4(data)
	case ".webm":
		out, err = probeWebM(data)
	case ".mp3":
		out, err = probeMP3(data)
	case ".ogg":
		out, err = probeOgg(data)
	default:
		return out, ErrNoTiming
	}
	if err != nil {
		return Timing{}, err
	}
	if math.IsNaN(out.Duration) || math.IsInf(out.Duration, 0) || out.Duration < 0 || out.Duration > 1e7 {
		out.Duration = 0
	}
	out.Duration = math.Round(out.Duration*1000) / 1000
	if out.Bitrate == 0 && out.Duration > 0 {
		out.Bitrate = int64(float64(len(data)) * 8 / out.Duration)
	}
	if out.Width < 0 || out.Height < 0 || out.Width > 1<<16 || out.Height > 1<<16 {
		out.Width, out.Height = 0, 0
	}
	return out, nil
}

// fraction writes num/den in lowest terms, "" if either is not positive.
func fraction(num, den uint64) string {
	if num == 0 || den == 0 {
		return ""
	}
	a, b := num, den
	for b != 0 {
		a, b = b, a%b
	}
	return fmt.Sprintf("%d/%d", num/a, den/a)
}

// maxBoxDepth bounds how deep the MP4 and WebM walks descend.
const maxBoxDepth = 8

// mp4Track is what one trak box says.
type mp4Track struct {
	width, height      int
	timescale          uint32
	duration           uint64
	samples, sampleDur uint64 // from stts: frame count, and the one delta if uniform
	uniform            bool
}

// probeMP4 reads mvhd (the movie's length), and for the first track with a
// picture, tkhd (its display size), mdhd and stts (its frame rate).
func probeMP4(data []byte) (Timing, error) {
	var out Timing
	var timescale uint32
	var duration uint64
	var tracks []mp4Track
	var walk func(b []byte, depth int, track *mp4Track)
	walk = func(b []byte, depth int, track *mp4Track) {
		for len(b) >= 8 && depth < maxBoxDepth {
			size := uint64(binary.BigEndian.Uint32(b))
			kind := string(b[4:8])
			header := uint64(8)
			switch size {
			case 0:
				size = uint64(len(b))
			case 1:
				if len(b) < 16 {
					return
				}
				size, header = binary.BigEndian.Uint64(b[8:16]), 16
			}
			if size < header || size > uint64(len(b)) {
				return
			}
			body := b[header:size]
			switch kind {
			case "moov", "mdia", "minf", "stbl":
				walk(body, depth+1, track)
			case "trak":
				tracks = append(tracks, mp4Track{})
				walk(body, depth+1, &tracks[len(tracks)-1])
			case "mvhd":
				timescale, duration = mp4Header(body)
			case "mdhd":
				if track != nil {
					track.timescale, track.duration = mp4Header(body)
				}
			case "tkhd":
				if track != nil && len(body) >= 84 {
					// Width and height end the box, as 16.16 fixed point.
					end := body[len(body)-8:]
					track.width, track.height = int(binary.BigEndian.Uint32(end)>>16), int(binary.BigEndian.Uint32(end[4:])>>16)
				}
			case "stts":
				if track != nil {
					track.samples, track.sampleDur, track.uniform = mp4SampleTimes(body)
				}
			}
			b = b[size:]
		}
	}
	walk(data, 0, nil)
	if timescale == 0 {
		return out, ErrNoTiming
	}
	out.Duration = float64(duration) / float64(timescale)
	for _, t := range tracks {
		if t.width == 0 || t.height == 0 {
			continue
		}
		out.Width, out.Height = t.width, t.height
		switch {
		case t.uniform && t.sampleDur > 0:
			out.FrameRate = fraction(uint64(t.timescale), t.sampleDur)
		case t.duration > 0 && t.samples > 0 && t.samples < math.MaxUint32:
			out.FrameRate = fraction(t.samples*uint64(t.timescale), t.duration)
		}
		break
	}
	return out, nil
}

// mp4Header reads the timescale and duration of an mvhd or mdhd box (they
// share that layout after the version byte).
func mp4Header(b []byte) (uint32, uint64) {
	if len(b) >= 32 && b[0] == 1 {
		return binary.BigEndian.Uint32(b[20:24]), binary.BigEndian.Uint64(b[24:32])
	}
	if len(b) >= 20 {
		return binary.BigEndian.Uint32(b[12:16]), uint64(binary.BigEndian.Uint32(b[16:20]))
	}
	return 0, 0
}

// mp4SampleTimes sums an stts box: the sample count, and the one sample
// duration when every sample has the same.
func mp4SampleTimes(b []byte) (samples, delta uint64, uniform bool) {
	if len(b) < 8 {
		return 0, 0, false
	}
	n := uint64(binary.BigEndian.Uint32(b[4:8]))
	b = b[8:]
	uniform = true
	for i := uint64(0); i < n && len(b) >= 8; i++ {
		count, d := uint64(binary.BigEndian.Uint32(b)), uint64(binary.BigEndian.Uint32(b[4:]))
		if i > 0 && d != delta {
			uniform = false
		}
		samples, delta = samples+count, d
		b = b[8:]
	}
	return samples, delta, uniform && samples > 0
}

// EBML element ids WebM uses for what Probe reads.
const (
	ebmlSegment         = 0x18538067
	ebmlInfo            = 0x1549A966
	ebmlTimecodeScale   = 0x2AD7B1
	ebmlDuration        = 0x4489
	ebmlTracks          = 0x1654AE6B
	ebmlTrackEntry      = 0xAE
	ebmlDefaultDuration = 0x23E383
	ebmlVideo           = 0xE0
	ebmlPixelWidth      = 0xB0
	ebmlPixelHeight     = 0xBA
)

// probeWebM reads the segment's Info (duration) and the first video track
// (pixel size, frame duration); clusters (the frames) are never entered.
func probeWebM(data []byte) (Timing, error) {
	var out Timing
	scale := uint64(1_000_000) // nanoseconds per tick, Matroska's default
	var ticks float64
	var frameNanos uint64
	found := false
	var walk func(b []byte, depth int)
	walk = func(b []byte, depth int) {
		for len(b) > 0 && depth < maxBoxDepth {
			id, n := ebmlVarint(b, false)
			if n == 0 {
				return
			}
			size, m := ebmlVarint(b[n:], true)
			if m == 0 {
				return
			}
			b = b[n+m:]
			if size > uint64(len(b)) {
				size = uint64(len(b)) // unknown or overlong sizes run to the end
			}
			body := b[:size]
			switch id {
			case ebmlSegment, ebmlInfo, ebmlTracks, ebmlTrackEntry, ebmlVideo:
				found = found || id == ebmlSegment
				walk(body, depth+1)
			case ebmlTimecodeScale:
				if v := ebmlUint(body); v > 0 {
					scale = v
				}
			case ebmlDuration:
				ticks = ebmlFloat(body)
			case ebmlDefaultDuration:
				if frameNanos == 0 {
					frameNanos = ebmlUint(body)
				}
			case ebmlPixelWidth:
				if out.Width == 0 {
					out.Width = int(min(ebmlUint(body), 1<<20))
				}
			case ebmlPixelHeight:
				if out.Height == 0 {
					out.Height = int(min(ebmlUint(body), 1<<20))
				}
			}
			b = b[size:]
		}
	}
	walk(data, 0)
	if !found {
		return out, ErrNoTiming
	}
	out.Duration = ticks * float64(scale) / 1e9
	if frameNanos > 0 {
		out.FrameRate = fraction(1_000_000_000, frameNanos)
	}
	return out, nil
}

// ebmlVarint reads an EBML variable-length integer; as a size, the marker
// bit is dropped and all ones means unknown (MaxUint64). n is 0 when b
// holds no valid one.
func ebmlVarint(b []byte, size bool) (v uint64, n int) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0
	}
	n = 1
	for mask := byte(0x80); b[0]&mask == 0; mask >>= 1 {
		n++
	}
	if n > 8 || len(b) < n {
		return 0, 0
	}
	v = uint64(b[0])
	if size {
		v &^= uint64(0x80) >> (n - 1)
	}
	allOnes := v == uint64(0xFF)>>n
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
		allOnes = allOnes && c == 0xFF
	}
	if size && allOnes {
		return math.MaxUint64, n
	}
	return v, n
}

func ebmlUint(b []byte) uint64 {
	var v uint64
	for _, c := range b[:min(len(b), 8)] {
		v = v<<8 | uint64(c)
	}
	return v
}

func ebmlFloat(b []byte) float64 {
	switch len(b) {
	case 4:
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b)))
	case 8:
		return math.Float64frombits(binary.BigEndian.Uint64(b))
	}
	return 0
}

// MPEG audio tables, indexed by the header's fields.
var (
	mp3Bitrates = [2][16]int{ // kbit/s, layer III: MPEG-1, then MPEG-2/2.5
		{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0},
		{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0},
	}
	mp3Rates = [4][4]int{{11025, 12000, 8000, 0}, {}, {22050, 24000, 16000, 0}, {44100, 48000, 32000, 0}} // index 3: reserved
)

// probeMP3 reads the first layer III frame header after any ID3v2 tag;
// a Xing/Info frame gives a VBR file's frame count, otherwise the length
// follows from the constant bitrate.
func probeMP3(data []byte) (Timing, error) {
	var out Timing
	start := 0
	if len(data) >= 10 && bytes.HasPrefix(data, []byte("ID3")) {
		start = 10 + (int(data[6]&0x7F)<<21 | int(data[7]&0x7F)<<14 | int(data[8]&0x7F)<<7 | int(data[9]&0x7F))
	}
	for i := start; i >= 0 && i+4 <= len(data) && i < start+64*1024; i++ {
		h := data[i:]
		if h[0] != 0xFF || h[1]&0xE0 != 0xE0 || h[1]&0x06 != 0x02 {
			continue
		}
		version := int(h[1] >> 3 & 3) // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
		table := 1
		if version == 3 {
			table = 0
		}
		kbps, rate := mp3Bitrates[table][h[2]>>4], mp3Rates[version][h[2]>>2&3]
		if kbps == 0 || rate == 0 {
			continue
		}
		samples := 1152
		if version != 3 {
			samples = 576
		}
		if frames := xingFrames(h, version == 3, h[3]>>6 == 3); frames > 0 {
			out.Duration = float64(frames) * float64(samples) / float64(rate)
			return out, nil
		}
		out.Bitrate = int64(kbps) * 1000
		out.Duration = float64(len(data)-i) * 8 / float64(out.Bitrate)
		return out, nil
	}
	return out, ErrNoTiming
}

// xingFrames reads the frame count of a Xing or Info header, which sits
// after the side information of a file's first frame.
func xingFrames(frame []byte, mpeg1, mono bool) uint32 {
	offset := 4 + 17
	switch {
	case mpeg1 && !mono:
		offset = 4 + 32
	case !mpeg1 && mono:
		offset = 4 + 9
	}
	if len(frame) < offset+12 {
		return 0
	}
	tag := string(frame[offset : offset+4])
	if (tag != "Xing" && tag != "Info") || frame[offset+7]&1 == 0 {
		return 0
	}
	return binary.BigEndian.Uint32(frame[offset+8:])
}

// probeOgg reads the first packet (Vorbis or Opus identification header)
// for the sample rate, and the last page's granule position for the length.
func probeOgg(data []byte) (Timing, error) {
	var out Timing
	if len(data) < 28 || !bytes.HasPrefix(data, []byte("OggS")) {
		return out, ErrNoTiming
	}
	segments := int(data[26])
	if len(data) < 27+segments {
		return out, ErrNoTiming
	}
	packet := data[27+segments:]
	var rate, preSkip uint64
	switch {
	case len(packet) >= 24 && bytes.HasPrefix(packet, []byte("\x01vorbis")):
		rate = uint64(binary.LittleEndian.Uint32(packet[12:16]))
		if nominal := int32(binary.LittleEndian.Uint32(packet[20:24])); nominal > 0 {
			out.Bitrate = int64(nominal)
		}
	case len(packet) >= 12 && bytes.HasPrefix(packet, []byte("OpusHead")):
		rate, preSkip = 48000, uint64(binary.LittleEndian.Uint16(packet[10:12])) // Opus granules count 48 kHz samples
	default:
		return out, ErrNoTiming
	}
	last := bytes.LastIndex(data, []byte("OggS"))
	if rate == 0 || last < 0 || len(data) < last+14 {
		return out, nil
	}
	if granule := binary.LittleEndian.Uint64(data[last+6:]); granule > preSkip && granule < 1<<62 {
		out.Duration = float64(granule-preSkip) / float64(rate)
	}
	return out, nil
}
