package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"roost/store"
)

// mediaFixture writes a few media files, including a nested one, an empty
// one and one large enough to span many tar blocks.
func mediaFixture(t *testing.T, dir string) map[string][]byte {
	files := map[string][]byte{
		"avatars/01/ada.png":     bytes.Repeat([]byte{0x89, 'P', 'N', 'G', 0}, 1000),
		"attachments/big.bin":    bytes.Repeat([]byte("0123456789abcdef"), 64<<10),
		"attachments/empty":      {},
		"attachments/café ☕.jpg": []byte("not really a jpeg"),
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// writeLoad inserts settings rows through the store from a few goroutines
// until stop is closed, and keeps the keys whose transaction committed.
type writeLoad struct {
	mu        sync.Mutex
	committed []string
	wg        sync.WaitGroup
	stop      chan struct{}
}

func startWriteLoad(t *testing.T, db *store.DB, writers int) *writeLoad {
	l := &writeLoad{stop: make(chan struct{})}
	for w := 0; w < writers; w++ {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for i := 0; ; i++ {
				select {
				case <-l.stop:
					return
				default:
				}
				key := fmt.Sprintf("load-%d-%d", w, i)
				err := db.Write(context.Background(), func(tx *store.Tx) error { return tx.SetSetting(key, strings.Repeat("x", 200)) })
				if err != nil {
					t.Errorf("insert %s: %v", key, err)
					return
				}
				l.mu.Lock()
				l.committed = append(l.committed, key)
				l.mu.Unlock()
			}
		}()
	}
	return l
}

func (l *writeLoad) snapshot() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.committed...)
}

func (l *writeLoad) halt() int {
	close(l.stop)
	l.wg.Wait()
	return len(l.committed)
}

// TestBackupUnderWriteLoadRestoresEveryCommittedRow is the proof:
// a backup taken while writers run restores into an empty folder with every
// row committed before it began, a sound database and identical media.
func TestBackupUnderWriteLoadRestoresEveryCommittedRow(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	db, err := store.Open(ctx, dataDir, store.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	media := mediaFixture(t, filepath.Join(dataDir, "media"))

	load := startWriteLoad(t, db, 3)
	for deadline := time.Now().Add(5 * time.Second); len(load.snapshot()) < 100 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	before := load.snapshot()
	var archive bytes.Buffer
	var last Progress
	m, err := Create(ctx, db, filepath.Join(dataDir, "media"), &archive, Options{RoostVersion: "9.9.9-test", Progress: func(p Progress) { last = p }})
	during := len(load.snapshot()) - len(before)
	total := load.halt()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rows before the backup, %d committed while it ran, %d in all; archive %d bytes", len(before), during, total, archive.Len())
	if last.Files != len(media)+1 || last.Files != last.TotalFiles || last.Bytes != last.TotalBytes {
		t.Errorf("last progress %+v, want %d files with totals reached", last, len(media)+1)
	}
	if m.SchemaVersion != store.SchemaVersion() || m.RoostVersion != "9.9.9-test" || len(m.Files) != len(media)+1 {
		t.Errorf("manifest %+v", m)
	}
	if entries, _ := os.ReadDir(dataDir); len(entries) != 4 { // roost.db, -wal, -shm, media
		t.Errorf("backup left files behind in the data folder: %v", entries)
	}

	target := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(bytes.NewReader(archive.Bytes()), target, nil); err != nil {
		t.Fatal(err)
	}
	restored, err := store.Open(ctx, target, store.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	var check string
	if err := restored.R().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	for _, key := range before {
		if _, err := restored.Setting(ctx, key); err != nil {
			t.Fatalf("row %s committed before the backup: %v", key, err)
		}
	}
	for name, want := range media {
		got, err := os.ReadFile(filepath.Join(target, "media", filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("media %s: %d bytes, want %d (%v)", name, len(got), len(want), err)
		}
	}
}

// rewrite re-packs an archive, letting edit change or drop (nil) entries
// and append new ones.
func rewrite(t *testing.T, archive []byte, edit func(name string, body []byte) []byte, extra map[string][]byte) []byte {
	gz, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out bytes.Buffer
	gw := gzip.NewWriter(&out)
	tw := tar.NewWriter(gw)
	put := func(name string, body []byte) {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o640, Size: int64(len(body)), Typeflag: tar.TypeReg, Format: tar.FormatPAX})
		tw.Write(body)
	}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(tr)
		if hdr.Name == ManifestName {
			for name, body := range extra {
				put(name, body)
			}
		}
		if body = edit(hdr.Name, body); body != nil {
			put(hdr.Name, body)
		}
	}
	tw.Close()
	gw.Close()
	return out.Bytes()
}

func keep(_ string, body []byte) []byte { return body }

func TestRestoreRefusesDamagedArchives(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	db, err := store.Open(ctx, dataDir, store.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mediaFixture(t, filepath.Join(dataDir, "media"))
	var buf bytes.Buffer
	if _, err := Create(ctx, db, filepath.Join(dataDir, "media"), &buf, Options{RoostVersion: "0.1.0"}); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 0xff

	cases := []struct {
		name    string
		archive []byte
		want    string
	}{
		{"media file changed", rewrite(t, good, func(name string, body []byte) []byte {
			if name == "media/attachments/big.bin" {
				body[100] = 'X'
			}
			return body
		}, nil), "media/attachments/big.bin does not match its checksum"},
		{"database changed", rewrite(t, good, func(name string, body []byte) []byte {
			if name == store.FileName {
				body[len(body)-1] ^= 1
			}
			return body
		}, nil), "roost.db does not match its checksum"},
		{"media file dropped", rewrite(t, good, func(name string, body []byte) []byte {
			if name == "media/avatars/01/ada.png" {
				return nil
			}
			return body
		}, nil), "media/avatars/01/ada.png is listed but missing"},
		{"file smuggled in", rewrite(t, good, keep, map[string][]byte{"media/extra.txt": []byte("hi")}), "media/extra.txt is not in the manifest"},
		{"path escapes the folder", rewrite(t, good, keep, map[string][]byte{"media/../../evil": []byte("hi")}), `unexpected entry "media/../../evil"`},
		{"no manifest", rewrite(t, good, func(name string, body []byte) []byte {
			if name == ManifestName {
				return nil
			}
			return body
		}, nil), "ends without manifest.json"},
		{"newer schema", rewrite(t, good, func(name string, body []byte) []byte {
			if name == HeaderName {
				return bytes.Replace(body, []byte(fmt.Sprintf(`"schema_version": %d`, store.SchemaVersion())), []byte(`"schema_version": 999`), 1)
			}
			return body
		}, nil), "at schema version 999, newer than this roost knows"},
		{"cut short", good[:len(good)*2/3], "damaged"},
		{"bit flipped", flipped, "damaged"},
		{"not an archive", []byte("hello, this is not gzip"), "damaged or not a Roost backup"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			target := t.TempDir()
			_, err := Restore(bytes.NewReader(c.archive), target, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want error containing %q, got %v", c.want, err)
			}
			if entries, _ := os.ReadDir(target); len(entries) != 0 {
				t.Errorf("a failed restore left %d entries behind", len(entries))
			}
		})
	}
	t.Run("good archive into a new folder", func(t *testing.T) {
		if _, err := Restore(bytes.NewReader(good), filepath.Join(t.TempDir(), "new"), nil); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRestoreRefusesANonEmptyFolder(t *testing.T) {
	target := t.TempDir()
	os.WriteFile(filepath.Join(target, store.FileName), []byte("precious"), 0o640)
	_, err := Restore(strings.NewReader("anything"), target, nil)
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "roost.db") {
		t.Fatalf("want ErrNotEmpty naming roost.db, got %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(target, store.FileName)); string(got) != "precious" {
		t.Fatal("the existing file was touched")
	}
}
