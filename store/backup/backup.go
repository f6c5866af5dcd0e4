// Package backup writes and reads Roost's backup archive: a consistent
// snapshot of the database and the media folder in one .tar.gz file.
//
// The archive holds, in order:
//
//	roost-backup.json  versions and creation time, so a restore can refuse early
//	roost.db           the database, copied with VACUUM INTO
//	media/...          every media file
//	manifest.json      the same header plus every file's size and SHA-256
//
// The manifest comes last because media checksums are computed while the
// files stream into the archive: reading a large media folder twice would
// double the time a backup takes on a small board.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"roost/store"
)

// Archive entry names.
const (
	HeaderName   = "roost-backup.json"
	ManifestName = "manifest.json"
	mediaPrefix  = "media/"
	format       = 1
)

// Manifest describes a backup.
type Manifest struct {
	Format        int       `json:"format"`
	RoostVersion  string    `json:"roost_version"`
	SchemaVersion int       `json:"schema_version"`
	CreatedAt     time.Time `json:"created_at"`
	Files         []File    `json:"files,omitempty"`
}

// File is one file of the archive, named by its path inside the data folder.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Progress reports how far a backup or restore has got. The totals are only
// known when backing up (from a listing taken at the start).
type Progress struct {
	Files, TotalFiles int
	Bytes, TotalBytes int64
}

// Options tune Create.
type Options struct {
	// RoostVersion is recorded in the manifest.
	RoostVersion string
	// Progress, if set, is called after each file.
	Progress func(Progress)
}

// Create writes a backup of db and mediaDir to w. It works while the server
// runs: the database copy is one read transaction on a connection of its own,
// so writers go on, and the copy holds exactly the rows committed before it
// began. Media is listed after that copy, so every file the copied database
// refers to is there (unless it was deleted meanwhile, which is skipped).
func Create(ctx context.Context, db *store.DB, mediaDir string, w io.Writer, opts Options) (*Manifest, error) {
	// The copy goes beside the database, not to /tmp: on a small board /tmp
	// is often memory, and the data folder is known to have room.
	tmp, err := os.MkdirTemp(filepath.Dir(db.Path()), ".backup-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	snapshot := filepath.Join(tmp, store.FileName)
	if err := db.VacuumInto(ctx, snapshot); err != nil {
		return nil, fmt.Errorf("copying the database: %w", err)
	}
	schema, err := schemaVersion(ctx, snapshot)
	if err != nil {
		return nil, err
	}
	media, err := listMedia(mediaDir)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Format: format, RoostVersion: opts.RoostVersion, SchemaVersion: schema, CreatedAt: time.Now().UTC().Truncate(time.Second)}
	gz := gzip.NewWriter(w)
	a := &archiver{tw: tar.NewWriter(gz), report: opts.Progress, done: Progress{TotalFiles: len(media) + 1}}
	for _, f := range media {
		a.done.TotalBytes += f.Size
	}
	if st, err := os.Stat(snapshot); err == nil {
		a.done.TotalBytes += st.Size()
	}
	if err := a.addJSON(HeaderName, m); err != nil {
		return nil, err
	}
	if err := a.addFile(store.FileName, snapshot); err != nil {
		return nil, err
	}
	for _, f := range media {
		err := a.addFile(f.Path, filepath.Join(mediaDir, filepath.FromSlash(f.Path[len(mediaPrefix):])))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	m.Files = a.files
	if err := a.addJSON(ManifestName, m); err != nil {
		return nil, err
	}
	if err := a.tw.Close(); err != nil {
		return nil, err
	}
	return m, gz.Close()
}

// schemaVersion reads the copy's migration level, which is what a restore
// has to be able to run.
func schemaVersion(ctx context.Context, dbPath string) (int, error) {
	conn, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var v int
	if err := conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("reading the copy's schema version: %w", err)
	}
	return v, nil
}

// listMedia lists the regular files under dir (which may not exist), with
// their archive paths. Sizes are a first estimate, for progress only.
func listMedia(dir string) ([]File, error) {
	var list []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipAll
		}
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		list = append(list, File{Path: mediaPrefix + filepath.ToSlash(rel), Size: info.Size()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing media: %w", err)
	}
	return list, nil
}

type archiver struct {
	tw     *tar.Writer
	files  []File
	report func(Progress)
	done   Progress
}

func (a *archiver) addJSON(name string, v any) error {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: name, Mode: 0o640, Size: int64(len(body)), ModTime: time.Now(), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := a.tw.WriteHeader(hdr); err != nil {
		return err
	}
	_, err = a.tw.Write(body)
	return err
}

// addFile copies one file into the archive, hashing it on the way. The size
// is taken from the open file, so a file replaced meanwhile is read whole.
func (a *archiver) addFile(name, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: name, Mode: 0o640, Size: info.Size(), ModTime: info.ModTime(), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := a.tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(a.tw, h), f, info.Size()); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	a.files = append(a.files, File{Path: name, Size: info.Size(), SHA256: hex.EncodeToString(h.Sum(nil))})
	a.done.Files++
	a.done.Bytes += info.Size()
	if a.report != nil {
		a.report(a.done)
	}
	return nil
}

// validName accepts only the paths a backup writes: the database and clean,
// relative paths under media/. Anything else (.., absolute paths) could
// write outside the data folder.
func validName(name string) bool {
	if name == store.FileName {
		return true
	}
	rest, ok := strings.CutPrefix(name, mediaPrefix)
	return ok && rest != "" && path.Clean(name) == name && !path.IsAbs(name) && fs.ValidPath(name)
}
