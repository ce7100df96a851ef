package pyparse

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeSourceTable(t *testing.T) {
	tests := []struct {
		src  string
		want string
		err  string
		off  int
	}{
		{src: "", want: ""},
		{src: "x = 1\r\ny = 2\rz = 3\r", want: "x = 1\ny = 2\nz = 3\n"},
		{src: "\r\r\n\n", want: "\n\n\n"},
		{src: "\xef\xbb\xbfx = 1\n", want: "x = 1\n"},
		{src: "\xef\xbb\xbf\xef\xbb\xbfx\n", want: "\ufeffx\n"},
		{src: "# coding: latin-1\nx = '\xe9'\n", want: "# coding: latin-1\nx = 'é'\n"},
		{src: "#!/usr/bin/python\n# -*- coding: cp1252 -*-\nx = '\x80'", want: "#!/usr/bin/python\n# -*- coding: cp1252 -*-\nx = '€'"},
		{src: "\n# vim: set fileencoding=koi8-r :\n'\xc1'", want: "\n# vim: set fileencoding=koi8-r :\n'а'"},
		{src: "x = 1\n# coding: latin-1\n'\xc3\xa9'", want: "x = 1\n# coding: latin-1\n'é'"},
		{src: "\n\n# coding: latin-1\n'\xc3\xa9'", want: "\n\n# coding: latin-1\n'é'"},
		{src: "# coding: utf-8-sig\n'\xc3\xa9'", want: "# coding: utf-8-sig\n'é'"},
		{src: "\xef\xbb\xbf# coding: UTF_8\n'\xc3\xa9'", want: "# coding: UTF_8\n'é'"},
		{src: "# coding: shift_jis\nx = '\x82\xa0'\n", want: "# coding: shift_jis\nx = 'あ'\n"},
		{src: "# coding: euc-jp\nx = '\xa4\xa2'\n", want: "# coding: euc-jp\nx = 'あ'\n"},
		{src: "# coding: gbk\nx = '\xd6\xd0'\n", want: "# coding: gbk\nx = '中'\n"},
		{src: "# coding: big5\nx = '\xa4\xa4'\n", want: "# coding: big5\nx = '中'\n"},
		{src: "# coding: unicode_escape\nx = 1 # \\x0ay = 2\n", want: "# coding: unicode_escape\nx = 1 # \ny = 2\n"},
		{src: "# coding: unicode_escape\nx = 1\\", want: "# coding: unicode_escape\nx = 1"},
		{src: "x = 1\x00\n", err: "source code string cannot contain null bytes", off: 5},
		{src: "# coding: foo\n", err: "unknown encoding: foo", off: 10},
		{src: "\r\n# coding: foo\n", err: "unknown encoding: foo", off: 12},
		{src: "\xef\xbb\xbf# coding: latin-1\n", err: "encoding problem: iso-8859-1 with BOM", off: 13},
		{src: "# coding: hex\n", err: "'hex' is not a text encoding; use codecs.decode() to handle arbitrary codecs", off: 10},
		{src: "# coding: ascii\r\nx = '\xe9'\n", err: "'ascii' codec can't decode byte 0xe9 in position 21: ordinal not in range(128)", off: 22},
		{src: "# coding: cp1252\nx = '\x81'\n", err: "'charmap' codec can't decode byte 0x81 in position 22: character maps to <undefined>", off: 22},
		{src: "# coding: shift_jis\nx = '\x82'", err: "'shift_jis' codec can't decode byte 0x82 in position 25: illegal multibyte sequence", off: 25},
		{src: "# coding: utf-16\n", err: "unsupported encoding: utf-16 (Python codec utf-16 is not implemented)", off: 10},
		{src: "x = 1\ny = '\xff'\n", err: "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", off: 11},
		{src: "x = 1\r\ny = 'ab\xc3\xa9\xe9'\n", err: "(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 2: unexpected end of data", off: 16},
	}
	for _, tc := range tests {
		got, err := decodeSource([]byte(tc.src))
		if tc.err != "" {
			if err == nil || err.Msg != tc.err || err.Offset != tc.off {
				t.Errorf("%q: got %q, %+v; want error %q at %d", tc.src, got, err, tc.err, tc.off)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}

func TestDecodeSourceLenient(t *testing.T) {
	src := "x = 1 # caf\xe9\r\ny = 2\n"
	if _, err := decodeSource([]byte(src)); err == nil || err.Offset != 11 {
		t.Errorf("strict: got %v", err)
	}
	got, err := decodeSourceLenient([]byte(src))
	if err != nil || got != "x = 1 # caf\xe9\ny = 2\n" {
		t.Errorf("lenient: got %q, %v", got, err)
	}
}

// TestSourcesFromCPython checks decodeSource against what CPython 3.13 did
// with the synthetic sources (Q records) and with the standard library files
// that have a coding declaration or a BOM (D records).
func TestSourcesFromCPython(t *testing.T) {
	var qTotal, qSame int
	var files []literalRecord
	for _, r := range readLiteralRecords(t) {
		switch r.kind {
		case "Q":
			qTotal++
			src := unhex(t, r.fields[0])
			lenient, lerr := decodeSourceLenient([]byte(src))
			strict, serr := decodeSource([]byte(src))
			ok := true
			if r.fields[1] == "ERR" {
				want := unhex(t, r.fields[2])
				if lerr == nil || lerr.Msg != want || serr == nil || serr.Msg != want {
					t.Errorf("%q: got %q / %v / %v, want error %q", src, lenient, lerr, serr, want)
					ok = false
				}
			} else {
				want := unhex(t, r.fields[1])
				if lerr != nil || lenient != want {
					t.Errorf("%q: lenient got %q, %v; want %q", src, lenient, lerr, want)
					ok = false
				}
				// The strict variant only differs by rejecting invalid UTF-8.
				if utf8.ValidString(want) {
					if serr != nil || strict != want {
						t.Errorf("%q: strict got %q, %v; want %q", src, strict, serr, want)
						ok = false
					}
				} else if serr == nil {
					t.Errorf("%q: strict accepted invalid UTF-8", src)
					ok = false
				}
			}
			if ok {
				qSame++
			}
		case "D":
			files = append(files, r)
		}
	}
	t.Logf("synthetic sources: %d/%d identical", qSame, qTotal)

	// The records cover the standard libraries of the CPython versions the
	// data was generated from; look only at those.
	const root = "/root/.pyenv/versions"
	var dirs []string
	seen := map[string]bool{}
	for _, r := range files {
		parts := strings.SplitN(r.fields[0], "/", 4)
		if len(parts) == 4 && !seen[parts[0]] {
			seen[parts[0]] = true
			if d := filepath.Join(root, parts[0], parts[1], parts[2]); isDir(d) {
				dirs = append(dirs, d)
			}
		}
	}
	if len(dirs) == 0 {
		t.Skip("no CPython standard library under " + root)
	}
	known := map[string]bool{}
	var dTotal, dSame int
	for _, r := range files {
		rel := r.fields[0]
		known[rel] = true
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Logf("skipping %s: %v", rel, err)
			continue
		}
		dTotal++
		text, lerr := decodeSource(data)
		if r.fields[1] == "ERR" {
			want := unhex(t, r.fields[2])
			if lerr == nil || lerr.Msg != want {
				t.Errorf("%s: got %v, want error %q", rel, lerr, want)
				continue
			}
			dSame++
			continue
		}
		if lerr != nil {
			t.Errorf("%s: unexpected error %v", rel, lerr)
			continue
		}
		sum := sha256.Sum256([]byte(text))
		if hex.EncodeToString(sum[:]) != r.fields[1] || strconv.Itoa(len(text)) != r.fields[2] {
			t.Errorf("%s: decoded text differs from CPython's (%d bytes, want %s)", rel, len(text), r.fields[2])
			continue
		}
		dSame++
	}
	t.Logf("standard library files with a coding declaration or BOM: %d/%d identical", dSame, dTotal)

	// Every such file on this machine must be covered by a D record.
	cookie := regexp.MustCompile(`^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+`)
	blank := regexp.MustCompile(`^[ \t\f]*(#|\r|$)`)
	var missing []string
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && (d.Name() == "site-packages" || d.Name() == "__pycache__") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".py") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			lines := bytes.SplitN(data, []byte("\n"), 3)
			has := bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || cookie.Match(lines[0]) ||
				len(lines) > 1 && blank.Match(lines[0]) && cookie.Match(lines[1])
			rel, _ := filepath.Rel(root, path)
			if has && !known[rel] {
				missing = append(missing, rel)
			}
			return nil
		})
	}
	if len(missing) > 0 {
		t.Errorf("files without a record in testdata/literals.txt (regenerate it): %v", missing)
	}
}

// isDir reports whether path is an existing directory.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// TestAllStdlibSourcesDecode runs decodeSource over every file of the
// CPython 3.13 standard library and checks that only files CPython itself
// cannot decode are rejected.
func TestAllStdlibSourcesDecode(t *testing.T) {
	dir := "/root/.pyenv/versions/3.13.0/lib/python3.13"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no CPython 3.13 standard library")
	}
	total, failed := 0, 0
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".py") {
			return nil
		}
		if strings.Contains(path, "site-packages") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		total++
		if _, lerr := decodeSource(data); lerr != nil {
			failed++
			t.Logf("%s: %s", path[len(dir)+1:], lerr.Msg)
		}
		return nil
	})
	t.Logf("%d files, %d rejected by decodeSource", total, failed)
	if failed > 5 {
		t.Errorf("too many files rejected")
	}
}

// TestSingleByteCodecsAgainstCPython compares every byte of every one-byte
// codec with CPython's own tables.
func TestSingleByteCodecsAgainstCPython(t *testing.T) {
	if _, err := os.Stat(cpythonPath); err != nil {
		t.Skip("CPython 3.13 not available")
	}
	var names []string
	for n := range singleByteCodecs {
		names = append(names, n)
	}
	script := `
import sys
for n in sys.argv[1:]:
    row = []
    for b in range(256):
        try:
            row.append('%x' % ord(bytes([b]).decode(n)))
        except UnicodeDecodeError:
            row.append('-')
    print(n, ' '.join(row))
`
	out, err := exec.Command(cpythonPath, append([]string{"-c", script}, names...)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	total, same := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		c := codecByName(f[0])
		for b, want := range f[1:] {
			total++
			got, cerr := c.decode([]byte{byte(b)})
			g := "-"
			if cerr == nil {
				r, _ := utf8.DecodeRune(got)
				g = fmt.Sprintf("%x", r)
			}
			if g == want {
				same++
			} else {
				t.Errorf("%s byte %#x: got %s, want %s", f[0], b, g, want)
			}
		}
	}
	t.Logf("one-byte codecs: %d codecs, %d/%d bytes identical", len(names), same, total)
}

func TestCodecLookup(t *testing.T) {
	for _, tc := range []struct{ name, codec string }{
		{"latin1", "iso8859-1"}, {"L1", "iso8859-1"}, {"utf8", "utf-8"}, {"U8", "utf-8"},
		{"iso.8859_15", "iso8859-15"}, {"Windows-1252", "cp1252"}, {"sjis", "shift_jis"},
		{"eucjp", "euc_jp"}, {"koi8_r", "koi8-r"}, {"cp437", "cp437"}, {"IBM437", "cp437"},
	} {
		pc, ok := findPythonCodec(tc.name)
		if !ok || pc.name != tc.codec {
			t.Errorf("%s: got %+v, %v; want %s", tc.name, pc, ok, tc.codec)
		}
		if codecByName(pc.name) == nil {
			t.Errorf("%s: codec %s not implemented", tc.name, pc.name)
		}
	}
	for _, name := range []string{"cp.1252", "mbcs", "foo", "uft-8", ""} {
		if pc, ok := findPythonCodec(name); ok {
			t.Errorf("%s: unexpectedly found %+v", name, pc)
		}
	}
}

func TestNormalCodingName(t *testing.T) {
	for in, want := range map[string]string{
		"utf-8": "utf-8", "UTF_8": "utf-8", "utf-8-sig": "utf-8", "utf-8-anything": "utf-8", "utf8": "utf8",
		"Latin-1": "iso-8859-1", "latin_1_x": "iso-8859-1", "ISO-8859-1": "iso-8859-1", "iso-latin-1-unix": "iso-8859-1",
		"latin-1x": "latin-1x", "utf-8xxxxxxxxx": "utf-8xxxxxxxxx", "koi8-r": "koi8-r",
	} {
		if got := normalCodingName(in); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
}

func FuzzDecodeSource(f *testing.F) {
	for _, s := range []string{
		"x = 1\n", "\xef\xbb\xbf# coding: latin-1\n", "# coding: shift_jis\nx = '\x82\xa0\x82'\n",
		"#\r# coding: cp1252\r\x81", "# coding: unicode_escape\n\\N{BULLET}\\u", "# coding: raw_unicode_escape\n\\U0011ffff",
		"# coding: iso2022_jp\n\x1b$B$\"\x1b(B", "# coding: gb18030\n\x84\x31\xa4\x37\x81", "x\x00", "# coding: hz\n~{",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, strict := range []bool{true, false} {
			text, err := decodeSourceMode(src, strict)
			if err != nil {
				if err.Offset < 0 || err.Offset > len(src) || err.Msg == "" {
					t.Fatalf("bad error %+v", err)
				}
				continue
			}
			if strings.IndexByte(text, '\r') >= 0 && !bytes.Contains(src, []byte("coding")) {
				t.Fatalf("carriage return left in %q", text)
			}
			if strict && !utf8.ValidString(text) {
				t.Fatalf("invalid UTF-8 returned for %q", src)
			}
		}
	})
}

// TestMultiByteCodecsAgainstCPython decodes every two-byte sequence that
// starts with a non-ASCII byte with each CJK codec and compares the result
// with CPython's. The x/text decoders behind them follow the WHATWG
// standard, so a few known differences remain; the test fails if there are
// more than those.
func TestMultiByteCodecsAgainstCPython(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	if _, err := os.Stat(cpythonPath); err != nil {
		t.Skip("CPython 3.13 not available")
	}
	known := map[string]int{ // differences measured when the test was written
		"shift_jis": 0, "cp932": 0, "euc_jp": 0, "cp949": 0, "euc_kr": 1, "gb2312": 35, "gbk": 82,
		"gb18030": 174, "big5": 337, "cp950": 285,
	}
	var names []string
	for n := range known {
		names = append(names, n)
	}
	script := `
import sys
for n in sys.argv[1:]:
    row = []
    for a in range(0x80, 0x100):
        for b in range(0x100):
            try:
                row.append('.'.join('%x' % ord(c) for c in bytes([a, b]).decode(n)))
            except UnicodeDecodeError:
                row.append('-')
    print(n, ' '.join(row))
`
	out, err := exec.Command(cpythonPath, append([]string{"-c", script}, names...)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		c := codecByName(f[0])
		same := 0
		for i, want := range f[1:] {
			got, cerr := c.decode([]byte{byte(0x80 + i/256), byte(i % 256)})
			g := "-"
			if cerr == nil {
				var parts []string
				for _, r := range string(got) {
					parts = append(parts, fmt.Sprintf("%x", r))
				}
				g = strings.Join(parts, ".")
			}
			if g == want {
				same++
			}
		}
		total := len(f) - 1
		t.Logf("%s: %d/%d two-byte sequences identical", f[0], same, total)
		if total-same > known[f[0]] {
			t.Errorf("%s: %d differences, expected at most %d", f[0], total-same, known[f[0]])
		}
	}
}
