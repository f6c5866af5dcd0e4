package mediatest

import (
	"bytes"
	"encoding/binary"
	"math"
)

// The files below carry real container headers (as ffmpeg writes them)
// around empty payloads: enough for a parser of headers, a few hundred
// bytes each, and built here so no binary test file is committed.

// TimedMP4 is an MP4 of a w×h video track at 30000/1001 frames per second
// (75 frames, 2.5 s) and an audio track, with the movie header saying 2.5 s.
func TimedMP4(w, h int) []byte {
	video := box("trak", box("tkhd", tkhd(w, h)), box("mdia", box("mdhd", mdhd(30000, 75075)),
		box("minf", box("stbl", box("stts", u32(0), u32(1), u32(75), u32(1001))))))
	audio := box("trak", box("tkhd", tkhd(0, 0)), box("mdia", box("mdhd", mdhd(44100, 110250)),
		box("minf", box("stbl", box("stts", u32(0), u32(1), u32(108), u32(1024))))))
	mvhd := box("mvhd", u32(0), u32(0), u32(0), u32(1000), u32(2500), make([]byte, 80))
	return concat(box("ftyp", []byte("isom"), u32(512), []byte("isomiso2avc1mp41")), box("moov", mvhd, video, audio),
		box("mdat", make([]byte, 32)))
}

func tkhd(w, h int) []byte {
	// version+flags, times, track id, reserved, duration, reserved, layer,
	// group, volume, reserved, matrix, then width and height in 16.16.
	return concat(u32(3), u32(0), u32(0), u32(1), u32(0), u32(2500), make([]byte, 8), make([]byte, 8),
		make([]byte, 36), u32(uint32(w)<<16), u32(uint32(h)<<16))
}

func mdhd(timescale, duration uint32) []byte {
	return concat(u32(0), u32(0), u32(0), u32(timescale), u32(duration), u32(0))
}

func box(kind string, parts ...[]byte) []byte {
	body := concat(parts...)
	return concat(u32(uint32(8+len(body))), []byte(kind), body)
}

// TimedWebM is a WebM of a w×h video track at 25 frames per second,
// 1.5 s long, its segment of unknown size as live encoders write it.
func TimedWebM(w, h int) []byte {
	header := ebml(0x1A45DFA3, ebml(0x4282, []byte("webm")))
	info := ebml(0x1549A966, ebml(0x2AD7B1, []byte{0x0F, 0x42, 0x40}), ebml(0x4489, f64(1500)))
	track := ebml(0xAE, ebml(0xD7, []byte{1}), ebml(0x83, []byte{1}), ebml(0x23E383, u32(40_000_000)),
		ebml(0xE0, ebml(0xB0, u16(uint16(w))), ebml(0xBA, u16(uint16(h)))))
	segment := concat([]byte{0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
		info, ebml(0x1654AE6B, track), ebml(0x1F43B675, make([]byte, 16)))
	return concat(header, segment)
}

// ebml writes an element: its id's bytes, an 8-byte size, the body.
func ebml(id uint32, parts ...[]byte) []byte {
	body := concat(parts...)
	var idBytes []byte
	for shift := 24; shift >= 0; shift -= 8 {
		if b := byte(id >> shift); b != 0 || len(idBytes) > 0 {
			idBytes = append(idBytes, b)
		}
	}
	size := make([]byte, 8)
	binary.BigEndian.PutUint64(size, uint64(len(body)))
	size[0] = 0x01
	return concat(idBytes, size, body)
}

// CBRMP3 is frames frames of 128 kbit/s, 44.1 kHz stereo MPEG-1 layer III
// after an empty ID3v2 tag: frames × 1152 / 44100 seconds.
func CBRMP3(frames int) []byte {
	out := []byte("ID3\x04\x00\x00\x00\x00\x00\x00")
	for i := 0; i < frames; i++ {
		frame := make([]byte, 417) // 144 × 128000 / 44100
		copy(frame, []byte{0xFF, 0xFB, 0x90, 0x00})
		out = append(out, frame...)
	}
	return out
}

// VBRMP3 is a 44.1 kHz stereo MP3 whose first frame is a Xing header
// announcing frames frames; only that frame is present.
func VBRMP3(frames uint32) []byte {
	frame := make([]byte, 417)
	copy(frame, []byte{0xFF, 0xFB, 0x90, 0x00})
	copy(frame[36:], concat([]byte("Xing"), u32(1), u32(frames)))
	return frame
}

// VorbisOgg is an Ogg Vorbis stream at 44.1 kHz, 96 kbit/s nominal, whose
// last page ends at sample 88200 (2 s).
func VorbisOgg() []byte {
	ident := concat([]byte("\x01vorbis"), u32le(0), []byte{2}, u32le(44100), u32le(0), u32le(96000), u32le(0), []byte{0xB8, 1})
	return concat(oggPage(2, 0, ident), oggPage(4, 88200, make([]byte, 40)))
}

// OpusOgg is an Ogg Opus stream with a pre-skip of 312 samples lasting 3 s.
func OpusOgg() []byte {
	head := concat([]byte("OpusHead"), []byte{1, 2}, []byte{0x38, 0x01}, u32le(48000), []byte{0, 0, 0})
	return concat(oggPage(2, 0, head), oggPage(4, 3*48000+312, make([]byte, 40)))
}

func oggPage(flags byte, granule uint64, packet []byte) []byte {
	g := make([]byte, 8)
	binary.LittleEndian.PutUint64(g, granule)
	return concat([]byte("OggS\x00"), []byte{flags}, g, u32le(1), u32le(0), u32le(0), []byte{1, byte(len(packet))}, packet)
}

func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func u16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func f64(v float64) []byte {
	return binary.BigEndian.AppendUint64(nil, math.Float64bits(v))
}
func u32le(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
