package backup

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"roost/store"
)

// ErrNotEmpty is returned when the restore target already holds files.
var ErrNotEmpty = errors.New("the data folder is not empty")

// ErrDamaged is wrapped by every error that says the archive is not a whole,
// unchanged Roost backup.
var ErrDamaged = errors.New("the backup is damaged or not a Roost backup")

// Restore unpacks a backup from r into dataDir, which must be empty or not
// exist yet. Every file is checked against the manifest; on any error the
// folder is left as empty as it was found. A backup of an older schema is
// fine (the next start migrates it); a newer one is refused.
func Restore(r io.Reader, dataDir string, progress func(Progress)) (m *Manifest, err error) {
	created, err := prepareEmpty(dataDir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			emptyFolder(dataDir, created)
		}
	}()
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	u := &unpacker{tr: tar.NewReader(gz), dir: dataDir, got: map[string]File{}, report: progress}
	header, err := u.header()
	if err != nil {
		return nil, err
	}
	manifest, err := u.files()
	if err != nil {
		return nil, err
	}
	// The gzip trailer's checksum is only read at the end of the stream.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if err := u.verify(header, manifest); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dataDir, "media"), 0o750); err != nil {
		return nil, err
	}
	return manifest, nil
}

// prepareEmpty creates dataDir or checks that it is empty; created says
// whether the folder is ours to remove again.
func prepareEmpty(dataDir string) (created bool, err error) {
	entries, err := os.ReadDir(dataDir)
	if errors.Is(err, os.ErrNotExist) {
		return true, os.MkdirAll(dataDir, 0o750)
	}
	if err != nil {
		return false, err
	}
	if len(entries) > 0 {
		return false, fmt.Errorf("%w: %s holds %s (and %d more); restore only into an empty or new folder, so that nothing is overwritten",
			ErrNotEmpty, dataDir, entries[0].Name(), len(entries)-1)
	}
	return false, nil
}

// emptyFolder removes what a failed restore wrote. The folder was empty
// before, so everything in it is ours.
func emptyFolder(dataDir string, created bool) {
	if created {
		os.RemoveAll(dataDir)
		return
	}
	entries, _ := os.ReadDir(dataDir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dataDir, e.Name()))
	}
}

type unpacker struct {
	tr     *tar.Reader
	dir    string
	got    map[string]File
	report func(Progress)
	done   Progress
}

// next reads the next entry header, naming a damaged archive as such.
func (u *unpacker) next() (*tar.Header, error) {
	hdr, err := u.tr.Next()
	if err == io.EOF {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return hdr, nil
}

// header reads the first entry and refuses a schema this binary cannot run.
func (u *unpacker) header() (*Manifest, error) {
	hdr, err := u.next()
	if err == io.EOF || (err == nil && hdr.Name != HeaderName) {
		return nil, fmt.Errorf("%w: it does not start with %s", ErrDamaged, HeaderName)
	}
	if err != nil {
		return nil, err
	}
	m, err := u.readJSON(hdr)
	if err != nil {
		return nil, err
	}
	if m.Format != format {
		return nil, fmt.Errorf("the backup has format %d; this roost reads format %d", m.Format, format)
	}
	if m.SchemaVersion > store.SchemaVersion() {
		return nil, fmt.Errorf("the backup was made by roost %s at schema version %d, newer than this roost knows (%d): restore it with roost %s or newer",
			m.RoostVersion, m.SchemaVersion, store.SchemaVersion(), m.RoostVersion)
	}
	return m, nil
}

// files unpacks every file up to the manifest, which must be the last entry.
func (u *unpacker) files() (*Manifest, error) {
	for {
		hdr, err := u.next()
		if err == io.EOF {
			return nil, fmt.Errorf("%w: it ends without %s (cut short?)", ErrDamaged, ManifestName)
		}
		if err != nil {
			return nil, err
		}
		if hdr.Name == ManifestName {
			m, err := u.readJSON(hdr)
			if err != nil {
				return nil, err
			}
			if _, err := u.next(); err != io.EOF {
				return nil, fmt.Errorf("%w: entries after %s", ErrDamaged, ManifestName)
			}
			return m, nil
		}
		if hdr.Typeflag != tar.TypeReg || !validName(hdr.Name) {
			return nil, fmt.Errorf("%w: unexpected entry %q", ErrDamaged, hdr.Name)
		}
		if _, dup := u.got[hdr.Name]; dup {
			return nil, fmt.Errorf("%w: %s appears twice", ErrDamaged, hdr.Name)
		}
		if err := u.unpack(hdr); err != nil {
			return nil, err
		}
	}
}

func (u *unpacker) unpack(hdr *tar.Header) error {
	dst := filepath.Join(u.dir, filepath.FromSlash(hdr.Name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), u.tr)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrDamaged, hdr.Name, err)
	}
	if !hdr.ModTime.IsZero() {
		os.Chtimes(dst, hdr.ModTime, hdr.ModTime)
	}
	u.got[hdr.Name] = File{Path: hdr.Name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	u.done.Files++
	u.done.Bytes += n
	if u.report != nil {
		u.report(u.done)
	}
	return nil
}

func (u *unpacker) readJSON(hdr *tar.Header) (*Manifest, error) {
	const limit = 64 << 20 // a manifest line is ~150 bytes: room for 400,000 files
	if hdr.Size > limit {
		return nil, fmt.Errorf("%w: %s is %d bytes", ErrDamaged, hdr.Name, hdr.Size)
	}
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(u.tr, limit)).Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, hdr.Name, err)
	}
	return &m, nil
}

// verify checks that the files unpacked are exactly the manifest's, byte
// for byte, and that the manifest repeats the header.
func (u *unpacker) verify(header, m *Manifest) error {
	if m.Format != header.Format || m.SchemaVersion != header.SchemaVersion || m.RoostVersion != header.RoostVersion ||
		!m.CreatedAt.Equal(header.CreatedAt) {
		return fmt.Errorf("%w: %s and %s disagree", ErrDamaged, HeaderName, ManifestName)
	}
	listed := map[string]bool{}
	for _, want := range m.Files {
		listed[want.Path] = true
		got, ok := u.got[want.Path]
		switch {
		case !ok:
			return fmt.Errorf("%w: %s is listed but missing", ErrDamaged, want.Path)
		case got.Size != want.Size:
			return fmt.Errorf("%w: %s has %d bytes, the manifest says %d", ErrDamaged, want.Path, got.Size, want.Size)
		case got.SHA256 != want.SHA256:
			return fmt.Errorf("%w: %s does not match its checksum", ErrDamaged, want.Path)
		}
	}
	for name := range u.got {
		if !listed[name] {
			return fmt.Errorf("%w: %s is not in the manifest", ErrDamaged, name)
		}
	}
	if !listed[store.FileName] {
		return fmt.Errorf("%w: it holds no database", ErrDamaged)
	}
	return nil
}
