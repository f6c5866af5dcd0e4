package media

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path"
	"strings"
)

// Storage keeps media files by relative, slash-separated name. The folder
// on disk is the only one today; an S3-compatible one can follow behind the
// same three methods.
type Storage interface {
	Put(name string, data []byte) error
	Remove(name string) error
	Open(name string) (fs.File, error)
}

// Folder is Storage in a folder of the local disk.
type Folder struct{ Dir string }

// Put writes a file, creating its folders; a partly written file never
// appears under its name.
func (f Folder) Put(name string, data []byte) error {
	root, err := f.root()
	if err != nil {
		return err
	}
	defer root.Close()
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o750); err != nil {
			return err
		}
	}
	tmp := name + ".part"
	if err := root.WriteFile(tmp, data, 0o640); err != nil {
		return err
	}
	return root.Rename(tmp, name)
}

// Remove deletes a file; a missing one is not an error.
func (f Folder) Remove(name string) error {
	if name == "" {
		return nil
	}
	root, err := f.root()
	if err != nil {
		return err
	}
	defer root.Close()
	if err := root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Open opens a file for serving; os.Root refuses any name that would leave
// the folder ("..", absolute paths, symlinks out).
func (f Folder) Open(name string) (fs.File, error) {
	if name == "" || strings.HasPrefix(name, ".") || strings.Contains(name, "/.") {
		return nil, fs.ErrNotExist
	}
	root, err := f.root()
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.Open(name)
}

func (f Folder) root() (*os.Root, error) {
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return nil, err
	}
	return os.OpenRoot(f.Dir)
}

// NewName is a fresh, unguessable file name under folder: media URLs are
// public, so a name must not reveal uploads nobody was shown.
func NewName(folder, ext string) string {
	b := make([]byte, 16)
	rand.Read(b)
	h := hex.EncodeToString(b)
	return folder + "/" + h[:2] + "/" + h[2:] + ext
}
