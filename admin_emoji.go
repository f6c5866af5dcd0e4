package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"roost/server/actions"
)

// maxImportedEmoji bounds one file read from a folder or tar; the action
// refuses anything over its own, smaller limit with a clear message.
const maxImportedEmoji = 1 << 20

// emojiFile is one image to import, named by its shortcode.
type emojiFile struct {
	shortcode string
	data      []byte
}

// adminEmoji runs `roost admin emoji add --shortcode S [--category C] FILE`
// and `roost admin emoji import [--category C] DIR-or-TAR`.
func adminEmoji(args []string, out, progress io.Writer, environ []string) error {
	if len(args) < 1 || (args[0] != "add" && args[0] != "import") {
		return errors.New("usage: roost admin emoji add --shortcode S FILE | import DIR-or-TAR (see roost help)")
	}
	var shortcode, category string
	rest := remainingArgs(args[1:])
	flags := args[1 : len(args)-len(rest)]
	cfg, err := loadConfig("admin emoji "+args[0], flags, environ, func(fs *flag.FlagSet) {
		if args[0] == "add" {
			fs.StringVar(&shortcode, "shortcode", "", "the emoji's shortcode, without colons")
		}
		fs.StringVar(&category, "category", "", "the picker category")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("admin emoji %s: give exactly one FILE or folder", args[0])
	}
	var files []emojiFile
	if args[0] == "add" {
		data, err := readLimited(rest[0])
		if err != nil {
			return err
		}
		files = []emojiFile{{shortcode: shortcode, data: data}}
	} else if files, err = emojiFiles(rest[0]); err != nil {
		return err
	}
	ctx := context.Background()
	acts, closeStore, err := openActions(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeStore()
	bar := progressBar{out: progress, label: "emojis"}
	added, failed := 0, 0
	for i, f := range files {
		_, err := acts.AddCustomEmoji(ctx, actions.AddEmojiArgs{Shortcode: f.shortcode, Category: category, Data: f.data})
		if err != nil {
			failed++
			if len(files) == 1 {
				return fmt.Errorf(":%s:: %w", f.shortcode, err)
			}
			fmt.Fprintf(progress, "\r:%s: skipped: %v\n", f.shortcode, err)
		} else {
			added++
		}
		if len(files) > 1 {
			bar.show(i+1, len(files))
		}
	}
	bar.done()
	fmt.Fprintf(out, "added %d emojis", added)
	if failed > 0 {
		fmt.Fprintf(out, ", skipped %d", failed)
	}
	fmt.Fprintln(out)
	return nil
}

// remainingArgs is what follows the flags: the FILE or folder, which
// loadConfig would refuse.
func remainingArgs(args []string) []string {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("config", "", "")
	fs.String("shortcode", "", "")
	fs.String("category", "", "")
	_ = fs.Parse(args)
	return fs.Args()
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImportedEmoji+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxImportedEmoji {
		return nil, fmt.Errorf("%s: larger than 1 MB", path)
	}
	return data, nil
}

// emojiFiles reads the PNG and GIF files of a folder or a (gzipped) tar,
// each named after its shortcode.
func emojiFiles(path string) ([]emojiFile, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var files []emojiFile
	if info.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			code, ok := shortcodeOf(e.Name())
			if !ok || e.IsDir() {
				continue
			}
			data, err := readLimited(filepath.Join(path, e.Name()))
			if err != nil {
				return nil, err
			}
			files = append(files, emojiFile{code, data})
		}
	} else if files, err = tarEmojis(path); err != nil {
		return nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].shortcode < files[j].shortcode })
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no .png or .gif files", path)
	}
	return files, nil
}

func tarEmojis(path string) ([]emojiFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") || strings.HasSuffix(path, ".tgz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		defer gz.Close()
		r = gz
	}
	tr := tar.NewReader(r)
	var files []emojiFile
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		code, ok := shortcodeOf(h.Name)
		if !ok || h.Typeflag != tar.TypeReg {
			continue
		}
		if h.Size > maxImportedEmoji {
			return nil, fmt.Errorf("%s: %s is larger than 1 MB", path, h.Name)
		}
		data, err := io.ReadAll(io.LimitReader(tr, maxImportedEmoji))
		if err != nil {
			return nil, err
		}
		files = append(files, emojiFile{code, data})
	}
}

// shortcodeOf is a file's shortcode: its base name without .png or .gif.
func shortcodeOf(name string) (string, bool) {
	base := filepath.Base(name)
	ext := strings.ToLower(filepath.Ext(base))
	if ext != ".png" && ext != ".gif" {
		return "", false
	}
	return strings.TrimSuffix(base, filepath.Ext(base)), true
}
