package main

import (
	"archive/tar"
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 16, 16))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAdminEmoji(t *testing.T) {
	dir := t.TempDir()
	env := []string{"ROOST_DATA=" + filepath.Join(dir, "data")}
	img := pngBytes(t)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	blob := write("blob.png", img)
	text := write("notes.png", []byte("not an image at all"))
	folder := filepath.Join(dir, "pack")
	os.Mkdir(folder, 0o700)
	os.WriteFile(filepath.Join(folder, "cat.png"), img, 0o600)
	os.WriteFile(filepath.Join(folder, "dog.gif"), img, 0o600) // a PNG named .gif is still a PNG: accepted
	os.WriteFile(filepath.Join(folder, "readme.txt"), []byte("ignored"), 0o600)
	var tarBuf bytes.Buffer
	tw := tar.NewWriter(&tarBuf)
	tw.WriteHeader(&tar.Header{Name: "pack/fox.png", Mode: 0o600, Size: int64(len(img)), Typeflag: tar.TypeReg})
	tw.Write(img)
	tw.Close()
	archive := write("pack.tar", tarBuf.Bytes())

	cases := []cliCase{
		{"add", []string{"admin", "emoji", "add", "--shortcode", "blob", blob}, "added 1 emojis", ""},
		{"duplicate shortcode", []string{"admin", "emoji", "add", "--shortcode", "blob", blob}, "", "already been taken"},
		{"unsupported type", []string{"admin", "emoji", "add", "--shortcode", "notes", text}, "", "must be a PNG or GIF"},
		{"bad shortcode", []string{"admin", "emoji", "add", "--shortcode", "a b", blob}, "", "shortcode"},
		{"no file", []string{"admin", "emoji", "add", "--shortcode", "x"}, "", "exactly one FILE"},
		{"import folder", []string{"admin", "emoji", "import", folder}, "added 2 emojis", ""},
		{"import tar", []string{"admin", "emoji", "import", "--category", "animals", archive}, "added 1 emojis", ""},
		{"import again skips", []string{"admin", "emoji", "import", folder}, "skipped 2", ""},
		{"unknown verb", []string{"admin", "emoji", "list"}, "", "usage: roost admin emoji"},
	}
	runCLICases(t, env, cases)
}
