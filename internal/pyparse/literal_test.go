package pyparse

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"math"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// cpythonPath is the CPython 3.13 used as the reference by the tests that
// need a live interpreter (they are skipped when it is missing).
const cpythonPath = "/root/.pyenv/versions/3.13.0/bin/python3"

var regenLiterals = flag.Bool("regen-literals", false, "rewrite testdata/literals.txt using CPython 3.13")

func TestDecodeStringTable(t *testing.T) {
	tests := []struct {
		body         string
		isBytes, raw bool
		want         string
		warn         string
		err          string
		off          int
	}{
		{body: `abc`, want: "abc"},
		{body: `a\nb\tc\\d\'e\"f`, want: "a\nb\tc\\d'e\"f"},
		{body: `\a\b\f\v\r`, want: "\a\b\f\v\r"},
		{body: "a\\\nb", want: "ab"},
		{body: `\0\12\101\1234`, want: "\x00\nAS4"},
		{body: `\777`, want: "\u01ff", warn: `invalid octal escape sequence '\777'`},
		{body: `\400`, isBytes: true, want: "\x00", warn: `invalid octal escape sequence '\400'`},
		{body: `\777`, isBytes: true, want: "\xff", warn: `invalid octal escape sequence '\777'`},
		{body: `\x41\x4a\xfF`, want: "AJ\u00ff"},
		{body: `\xfF`, isBytes: true, want: "\xff"},
		{body: `\u00e9\U0001F600`, want: "é😀"},
		{body: `\ud800`, want: "\xed\xa0\x80"},
		{body: `\ud83d\ude00`, want: "\xed\xa0\xbd\xed\xb8\x80"},
		{body: `\d\N{LATIN SMALL LETTER A}`, want: `\da`, warn: `invalid escape sequence '\d'`},
		{body: `\d`, isBytes: true, want: `\d`, warn: `invalid escape sequence '\d'`},
		{body: `\N{A}\u1234`, isBytes: true, want: `\N{A}\u1234`, warn: `invalid escape sequence '\N'`},
		{body: `\N{nbsp}\N{line feed}\N{VS17}`, want: "\u00a0\n\U000E0100"},
		{body: `\N{CJK UNIFIED IDEOGRAPH-4E00}\N{HANGUL SYLLABLE GAG}`, want: "一각"},
		{body: `\N{CJK UNIFIED IDEOGRAPH-4e00}`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 0-29: unknown Unicode character name`},
		{body: `\N{KATAKANA LETTER AINU P}`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 0-25: unknown Unicode character name`},
		{body: `\é`, want: `\é`},
		{body: `é\`, want: `é\`},
		{body: `\\é`, want: `\é`},
		{body: `é\x`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 10-11: truncated \xXX escape`, off: 2},
		{body: `ab\é\x`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 18-19: truncated \xXX escape`, off: 5},
		{body: `\x`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \xXX escape`},
		{body: `ab\xZ`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 2-3: truncated \xXX escape`, off: 2},
		{body: `abc\u12`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 3-6: truncated \uXXXX escape`, off: 3},
		{body: `\U00110000`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character`},
		{body: `\N`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: malformed \N character escape`},
		{body: `\N{}`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: malformed \N character escape`},
		{body: `x\N{foo`, err: `(unicode error) 'unicodeescape' codec can't decode bytes in position 1-6: malformed \N character escape`, off: 1},
		{body: `\x4`, isBytes: true, err: `(value error) invalid \x escape at position 0`},
		{body: `ab\xg0`, isBytes: true, err: `(value error) invalid \x escape at position 2`, off: 2},
		{body: `ab\`, isBytes: true, err: `(value error) Trailing \ in string`, off: 2},
		{body: `aé`, isBytes: true, err: "bytes can only contain ASCII literal characters", off: 1},
		{body: `aé`, isBytes: true, raw: true, err: "bytes can only contain ASCII literal characters", off: 1},
		{body: `\x4\N`, isBytes: true, raw: true, want: `\x4\N`},
		{body: `\x4\N{é`, raw: true, want: `\x4\N{é`},
		{body: "ab\xff", raw: true, err: `(unicode error) 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte`, off: 2},
		{body: "ab\\n\xc3\xa9\xe9", err: `(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 2: unexpected end of data`, off: 6},
		{body: "\\x\xed\xa0\x80", err: `(unicode error) 'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte`, off: 2},
		{body: "\xef\xbb", err: `(unicode error) 'utf-8' codec can't decode bytes in position 0-1: unexpected end of data`},
	}
	for _, tc := range tests {
		got, warn, err := decodeStringWarn(tc.body, tc.isBytes, tc.raw)
		name := tc.body
		if tc.isBytes {
			name = "b:" + name
		}
		if tc.raw {
			name = "r:" + name
		}
		if tc.err != "" {
			if err == nil {
				t.Errorf("%q: got %q, want error %q", name, got, tc.err)
			} else if err.Msg != tc.err || err.Offset != tc.off {
				t.Errorf("%q: got error %q at %d, want %q at %d", name, err.Msg, err.Offset, tc.err, tc.off)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: unexpected error %v", name, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%q: got %q, want %q", name, got, tc.want)
		}
		gotWarn := ""
		if warn != nil {
			gotWarn = warn.Msg
		}
		if gotWarn != tc.warn {
			t.Errorf("%q: got warning %q, want %q", name, gotWarn, tc.warn)
		}
		plain, plainErr := decodeString(tc.body, tc.isBytes, tc.raw)
		if plain != got || plainErr != nil {
			t.Errorf("%q: decodeString disagrees with decodeStringWarn", name)
		}
	}
}

func TestDecodeStringWarningOffset(t *testing.T) {
	_, w, err := decodeStringWarn(`é\q \d`, false, false)
	if err != nil || w == nil || w.Offset != 2 || w.Msg != `invalid escape sequence '\q'` {
		t.Fatalf("got %+v, %v", w, err)
	}
}

func TestParseNumberTable(t *testing.T) {
	huge, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	tests := []struct {
		tok  string
		want Number
		err  string
	}{
		{tok: "0", want: Number{Kind: NumInt}},
		{tok: "00", want: Number{Kind: NumInt}},
		{tok: "0_0", want: Number{Kind: NumInt}},
		{tok: "1_000", want: Number{Kind: NumInt, Int: 1000}},
		{tok: "0x_FF", want: Number{Kind: NumInt, Int: 255}},
		{tok: "0o777", want: Number{Kind: NumInt, Int: 511}},
		{tok: "0B1_0", want: Number{Kind: NumInt, Int: 2}},
		{tok: "9223372036854775807", want: Number{Kind: NumInt, Int: math.MaxInt64}},
		{tok: "123456789012345678901234567890", want: Number{Kind: NumInt, Big: huge}},
		{tok: "1e-5", want: Number{Kind: NumFloat, Float: 1e-5}},
		{tok: "1E500", want: Number{Kind: NumFloat, Float: math.Inf(1)}},
		{tok: "1e-500", want: Number{Kind: NumFloat, Float: 0}},
		{tok: "1.", want: Number{Kind: NumFloat, Float: 1}},
		{tok: ".5", want: Number{Kind: NumFloat, Float: 0.5}},
		{tok: "09.5", want: Number{Kind: NumFloat, Float: 9.5}},
		{tok: "0e5", want: Number{Kind: NumFloat, Float: 0}},
		{tok: "3.14j", want: Number{Kind: NumComplex, Float: 3.14}},
		{tok: "00j", want: Number{Kind: NumComplex, Float: 0}},
		{tok: "1E500J", want: Number{Kind: NumComplex, Float: math.Inf(1)}},
		{tok: "1_0.5_5e1_0", want: Number{Kind: NumFloat, Float: 10.55e10}},
		{tok: strings.Repeat("1", 4301), err: "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits."},
		{tok: strings.Repeat("1_", 4300) + "1", err: "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits."},
		{tok: "0777", err: "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"},
		{tok: "", err: `invalid numeric literal ""`},
		{tok: "0x", err: `invalid numeric literal "0x"`},
		{tok: "0b2", err: `invalid numeric literal "0b2"`},
		{tok: "1e", err: `invalid numeric literal "1e"`},
		{tok: "inf", err: `invalid numeric literal "inf"`},
		{tok: "0x1p3", err: `invalid numeric literal "0x1p3"`},
		{tok: "j", err: `invalid numeric literal "j"`},
	}
	for _, tc := range tests {
		got, err := parseNumber(tc.tok)
		name := tc.tok
		if len(name) > 40 {
			name = name[:40] + "..."
		}
		if tc.err != "" {
			if err == nil || err.Msg != tc.err {
				t.Errorf("%s: got %+v, %v; want error %q", name, got, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: unexpected error %v", name, err)
			continue
		}
		if !sameNumber(got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", name, got, tc.want)
		}
	}
	// Large integers of any size in power-of-two bases have no digit limit.
	n, err := parseNumber("0x" + strings.Repeat("f", 5000))
	if err != nil || n.Big == nil || n.Big.BitLen() != 20000 {
		t.Errorf("huge hex literal: %v", err)
	}
	n, err = parseNumber(strings.Repeat("9", 4300))
	if err != nil || n.Big == nil || len(n.Big.String()) != 4300 {
		t.Errorf("4300-digit literal: %v", err)
	}
}

// sameNumber compares two Numbers, floats bit for bit.
func sameNumber(a, b Number) bool {
	if a.Kind != b.Kind || a.Int != b.Int || math.Float64bits(a.Float) != math.Float64bits(b.Float) {
		return false
	}
	if (a.Big == nil) != (b.Big == nil) {
		return false
	}
	return a.Big == nil || a.Big.Cmp(b.Big) == 0
}

// splitStringToken separates a string token into its prefix flags and body.
func splitStringToken(tok string) (body string, isBytes, isRaw, ok bool) {
	i := 0
	for i < len(tok) && strings.IndexByte("bBrRuU", tok[i]) >= 0 {
		switch tok[i] {
		case 'b', 'B':
			isBytes = true
		case 'r', 'R':
			isRaw = true
		}
		i++
	}
	rest := tok[i:]
	for _, q := range []string{`'''`, `"""`, `'`, `"`} {
		if len(rest) >= 2*len(q) && strings.HasPrefix(rest, q) && strings.HasSuffix(rest, q) {
			return rest[len(q) : len(rest)-len(q)], isBytes, isRaw, true
		}
	}
	return "", false, false, false
}

// literalRecord is one line of testdata/literals.txt, hex fields decoded.
type literalRecord struct {
	kind   string
	fields []string // raw fields after the kind
}

func readLiteralRecords(t *testing.T) []literalRecord {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "literals.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []literalRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		parts := strings.Fields(line)
		recs = append(recs, literalRecord{kind: parts[0], fields: parts[1:]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return recs
}

// unhex decodes a hex field; "-" stands for the empty string.
func unhex(t *testing.T, s string) string {
	t.Helper()
	if s == "-" {
		return ""
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex field %q: %v", s, err)
	}
	return string(b)
}

// TestLiteralsFromCPython checks decodeString and parseNumber against the
// values CPython 3.13 computed for real literals of the standard library
// and for a set of tricky synthetic ones (see TestRegenerateLiterals).
func TestLiteralsFromCPython(t *testing.T) {
	var strTotal, strSame, numTotal, numSame, errTotal, errSame int
	for _, r := range readLiteralRecords(t) {
		switch r.kind {
		case "S", "X":
			tok := unhex(t, r.fields[0])
			body, isBytes, isRaw, ok := splitStringToken(tok)
			if !ok {
				t.Errorf("cannot split token %q", tok)
				continue
			}
			got, warn, err := decodeStringWarn(body, isBytes, isRaw)
			if r.kind == "X" {
				errTotal++
				want := unhex(t, r.fields[1])
				if err != nil && err.Msg == want {
					errSame++
				} else {
					t.Errorf("%q: got %q, %v; want error %q", tok, got, err, want)
				}
				continue
			}
			strTotal++
			want, wantWarn := unhex(t, r.fields[1]), unhex(t, r.fields[2])
			gotWarn := ""
			if warn != nil {
				gotWarn = warn.Msg
			}
			if err != nil {
				t.Errorf("%q: unexpected error %v", tok, err)
			} else if got != want || gotWarn != wantWarn {
				t.Errorf("%q: got %q (warning %q), want %q (warning %q)", tok, got, gotWarn, want, wantWarn)
			} else {
				strSame++
			}
		case "I", "F", "C":
			numTotal++
			tok := unhex(t, r.fields[0])
			got, err := parseNumber(tok)
			if err != nil {
				t.Errorf("%s: unexpected error %v", tok, err)
				continue
			}
			var want Number
			switch r.kind {
			case "I":
				b, ok := new(big.Int).SetString(r.fields[1], 10)
				if !ok {
					t.Fatalf("bad int %q", r.fields[1])
				}
				want = Number{Kind: NumInt}
				if b.IsInt64() {
					want.Int = b.Int64()
				} else {
					want.Big = b
				}
			case "F", "C":
				raw := unhex(t, r.fields[1])
				want = Number{Kind: NumFloat, Float: math.Float64frombits(binary.LittleEndian.Uint64([]byte(raw)))}
				if r.kind == "C" {
					want.Kind = NumComplex
				}
			}
			if sameNumber(got, want) {
				numSame++
			} else {
				t.Errorf("%s: got %+v, want %+v", tok, got, want)
			}
		}
	}
	t.Logf("strings/bytes: %d/%d identical; error messages: %d/%d identical; numbers: %d/%d identical",
		strSame, strTotal, errSame, errTotal, numSame, numTotal)
	if strTotal < 300 || numTotal < 300 {
		t.Errorf("too few records in testdata/literals.txt")
	}
}

// TestUnicodeNamesAgainstCPython compares lookupUnicodeName with CPython's
// \N{...} handling for every character name, every alias, every named
// sequence and some case variants. It needs the CPython interpreter.
func TestUnicodeNamesAgainstCPython(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	if _, err := os.Stat(cpythonPath); err != nil {
		t.Skip("CPython 3.13 not available")
	}
	// The script prints "name;hex" for each name that \N{} accepts and
	// "name;-" for the ones it rejects.
	const script = `
import ctypes, unicodedata, sys
ptr_get = ctypes.pythonapi.PyCapsule_GetPointer
ptr_get.restype = ctypes.c_void_p
ptr_get.argtypes = [ctypes.py_object, ctypes.c_char_p]
fns = (ctypes.c_void_p * 2).from_address(ptr_get(unicodedata._ucnhash_CAPI, b"unicodedata._ucnhash_CAPI"))
getname = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_int, ctypes.c_int)(fns[0])
buf = ctypes.create_string_buffer(256)
names = set()
for c in range(0x110000):
    n = unicodedata.name(chr(c), None)
    if n:
        names.add(n)
for c in range(0xF0000, 0xF0400):
    if getname(c, buf, 256, 1):
        names.add(buf.value.decode())
extra = set()
for i, n in enumerate(sorted(names)):
    if i % 7 == 0:
        extra.add(n.lower())
    if i % 11 == 0:
        extra.add(n.title())
    if i % 13 == 0:
        extra.add(n + ' ')
extra.update(['HANGUL SYLLABLE GAGX', 'hangul syllable ga', 'CJK UNIFIED IDEOGRAPH-2EE5E', 'TANGUT IDEOGRAPH-17000', 'VS0', 'VS257', ''])
out = []
for n in sorted(names | extra):
    try:
        v = eval('"\\N{%s}"' % n)
        out.append('%s;%x' % (n, ord(v)))
    except SyntaxError:
        out.append('%s;-' % n)
sys.stdout.write('\n'.join(out))
`
	out, err := exec.Command(cpythonPath, "-c", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	total, same := 0, 0
	for _, line := range strings.Split(string(out), "\n") {
		i := strings.LastIndexByte(line, ';')
		if i < 0 {
			continue
		}
		name, want := line[:i], line[i+1:]
		total++
		r, ok := lookupUnicodeName(name)
		got := "-"
		if ok {
			got = hexRune(r)
		}
		if got == want {
			same++
		} else if total-same <= 20 {
			t.Errorf("\\N{%s}: got %s, want %s", name, got, want)
		}
	}
	t.Logf("\\N{} names: %d/%d identical", same, total)
	if same != total || total < 100000 {
		t.Errorf("%d of %d names differ", total-same, total)
	}
}

// hexRune formats r in lower-case hex without leading zeros.
func hexRune(r rune) string {
	const digits = "0123456789abcdef"
	if r == 0 {
		return "0"
	}
	var b []byte
	for ; r > 0; r >>= 4 {
		b = append([]byte{digits[r&0xF]}, b...)
	}
	return string(b)
}

func TestUnicodeNameTableVersion(t *testing.T) {
	// The name table is x/text's Unicode 15.0.0 plus the 15.1.0 additions;
	// a newer x/text table would also accept names CPython 3.13 rejects.
	if r, ok := lookupUnicodeName("IDEOGRAPHIC DESCRIPTION CHARACTER ROTATION"); !ok || r != 0x2FFF {
		t.Errorf("Unicode 15.1 addition missing")
	}
	if _, ok := lookupUnicodeName("CJK UNIFIED IDEOGRAPH-31350"); !ok {
		t.Errorf("CJK Extension H missing")
	}
}

func TestAppendWTF8(t *testing.T) {
	for _, r := range []rune{0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF} {
		got := appendWTF8(nil, r)
		if r < 0xD800 || r > 0xDFFF {
			if string(got) != string(r) {
				t.Errorf("%U: got % x", r, got)
			}
			continue
		}
		want := []byte{0xED, byte(0x80 | (r>>6)&0x3F), byte(0x80 | r&0x3F)}
		if string(got) != string(want) || utf8.Valid(got) {
			t.Errorf("%U: got % x, want % x", r, got, want)
		}
	}
}

func FuzzDecodeString(f *testing.F) {
	for _, s := range []string{`abc`, `\x41\u00e9\U0001F600\N{BULLET}`, `\777\d\N{`, "é\\x", "\\é\\\n", `\N{HANGUL SYLLABLE GAG}`, "\xff\\", `\x4`} {
		for mode := 0; mode < 4; mode++ {
			f.Add(s, mode&1 != 0, mode&2 != 0)
		}
	}
	f.Fuzz(func(t *testing.T, body string, isBytes, isRaw bool) {
		got, warn, err := decodeStringWarn(body, isBytes, isRaw)
		if err != nil {
			if err.Offset < 0 || err.Offset > len(body) || err.Msg == "" {
				t.Fatalf("bad error %+v for %q", err, body)
			}
			return
		}
		if warn != nil && (warn.Offset < 0 || warn.Offset >= len(body) || body[warn.Offset] != '\\') {
			t.Fatalf("bad warning %+v for %q", warn, body)
		}
		if isRaw && got != body {
			t.Fatalf("raw literal changed: %q -> %q", body, got)
		}
		if !isBytes && !isRaw && strings.IndexByte(body, '\\') < 0 && got != body {
			t.Fatalf("literal without escapes changed: %q -> %q", body, got)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"0", "00", "1_000", "0x_FF", "0o777", "0b1", "1e-5", "3.14j", "1E500", "0e5", ".5", "5.", "9223372036854775808", "1e", "0x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		n, err := parseNumber(tok)
		if err != nil {
			if err.Msg == "" {
				t.Fatalf("empty error message for %q", tok)
			}
			return
		}
		switch n.Kind {
		case NumInt:
			if n.Big != nil && n.Big.IsInt64() {
				t.Fatalf("%q: small value stored as big.Int", tok)
			}
		case NumFloat, NumComplex:
			if math.IsNaN(n.Float) || n.Float < 0 {
				t.Fatalf("%q: impossible value %v", tok, n.Float)
			}
		default:
			t.Fatalf("%q: no kind", tok)
		}
	})
}

// TestRegenerateLiterals rewrites testdata/literals.txt when run with
// -regen-literals:
//
//	go test ./internal/pyparse -run TestRegenerateLiterals -args -regen-literals
//
// The data comes from CPython 3.13 running
// literalsGenerator; the standard libraries of the CPython 3.11-3.13
// installations under /root/.pyenv are its input.
func TestRegenerateLiterals(t *testing.T) {
	if !*regenLiterals {
		t.Skip("run with -regen-literals to regenerate testdata/literals.txt")
	}
	script := filepath.Join(t.TempDir(), "gen.py")
	if err := os.WriteFile(script, []byte(literalsGenerator), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(cpythonPath, script, filepath.Join("testdata", "literals.txt")).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("%s", out)
}

// literalsGenerator is the Python program that produces
// testdata/literals.txt. Every value in that file is computed by CPython
// itself: string values via ast.parse, source texts either from the value
// of a raw string literal placed in the source or from the bytes as CPython
// leaves them.
const literalsGenerator = `# Generates internal/pyparse/testdata/literals.txt with CPython 3.13 as the oracle.
import ast, hashlib, io, os, random, re, struct, sys, tokenize, warnings, importlib.util

OUT = sys.argv[1]
ROOT = '/root/.pyenv/versions'
LIB313 = ROOT + '/3.13.0/lib/python3.13'

def pyfiles(root):
    for dp, dns, fns in os.walk(root):
        dns[:] = sorted(d for d in dns if d not in ('site-packages', '__pycache__'))
        for fn in sorted(fns):
            if fn.endswith('.py'):
                yield os.path.join(dp, fn)

def h(b):
    return b.hex() if b else '-'

def strval(v):
    return v.encode('utf-8', 'surrogatepass') if isinstance(v, str) else bytes(v)

def parse_literal(src):
    """Parse src (bytes) as a lone expression; return (value, warning, error)."""
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter('always')
        try:
            tree = ast.parse(src)
        except SyntaxError as e:
            return None, None, e.msg
    warn = next((str(w.message) for w in ws if issubclass(w.category, SyntaxWarning)), None)
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None, None, '?'
    node = tree.body[0].value
    if not isinstance(node, ast.Constant):
        return None, None, '?'
    return node.value, warn, None

LITERAL_ERRORS = ('(unicode error)', '(value error)', 'bytes can only contain', 'Exceeds the limit')

lines = []
def add_string(tok):
    v, w, e = parse_literal(tok)
    if e is not None:
        if e.startswith(LITERAL_ERRORS):
            lines.append('X %s %s' % (h(tok), h(e.encode())))
        return
    if isinstance(v, (str, bytes)):
        lines.append('S %s %s %s' % (h(tok), h(strval(v)), h(w.encode()) if w else '-'))

def add_number(tok):
    v, w, e = parse_literal(tok.encode())
    if e is not None:
        if e.startswith(LITERAL_ERRORS):
            lines.append('X %s %s' % (h(tok.encode()), h(e.encode())))
        return
    if isinstance(v, bool):
        return
    if isinstance(v, int):
        lines.append('I %s %d' % (h(tok.encode()), v))
    elif isinstance(v, float):
        lines.append('F %s %s' % (h(tok.encode()), struct.pack('<d', v).hex()))
    elif isinstance(v, complex):
        lines.append('C %s %s' % (h(tok.encode()), struct.pack('<d', v.imag).hex()))

# --- real literals from the 3.13 standard library -------------------------
strs, nums = set(), set()
for path in pyfiles(LIB313):
    try:
        with open(path, 'rb') as f:
            toks = list(tokenize.tokenize(f.readline))
    except Exception:
        continue
    for t in toks:
        if t.type == tokenize.STRING:
            strs.add(t.string.replace('\r\n', '\n').replace('\r', '\n'))
        elif t.type == tokenize.NUMBER:
            nums.add(t.string)

rnd = random.Random(313)
def prefix(s):
    return s[:len(s) - len(s.lstrip('bBrRuU'))].lower()
groups = {}
for s in sorted(strs):
    p = prefix(s)
    body = s[len(p):]
    if 'r' not in p and '\\' in body:
        g = 'escape-bytes' if 'b' in p else 'escape'
    elif any(ord(c) > 127 for c in s):
        g = 'nonascii'
    elif 'r' in p:
        g = 'raw'
    elif 'b' in p:
        g = 'bytes'
    else:
        g = 'plain'
    groups.setdefault(g, []).append(s)
quota = {'escape': 650, 'escape-bytes': 250, 'nonascii': 120, 'raw': 100, 'bytes': 50, 'plain': 60}
for g, items in sorted(groups.items()):
    items = [s for s in items if len(s) < 400]
    pick = items if len(items) <= quota[g] else rnd.sample(items, quota[g])
    for s in sorted(pick):
        add_string(s.encode('utf-8', 'surrogatepass'))
numgroups = {}
for n in sorted(nums):
    low = n.lower()
    if low.endswith('j'):
        g = 'complex'
    elif low.startswith(('0x', '0o', '0b')):
        g = 'based'
    elif '.' in low or 'e' in low:
        g = 'float'
    else:
        g = 'int'
    numgroups.setdefault(g, []).append(n)
nquota = {'complex': 80, 'based': 250, 'float': 600, 'int': 250}
for g, items in sorted(numgroups.items()):
    items = [s for s in items if len(s) < 200]
    pick = items if len(items) <= nquota[g] else rnd.sample(items, nquota[g])
    for n in sorted(pick):
        add_number(n)
real_count = len(lines)

# --- synthetic literals: escapes, errors and warnings ---------------------
bodies = []
for c in range(0x20, 0x7f):
    bodies.append('\\' + chr(c))
bodies += [
    r'\0', r'\7', r'\07', r'\077', r'\0777', r'\1234', r'\400', r'\777', r'\8', r'\9', r'\08', r'a\1b\12c\123d',
    r'\x', r'\x4', r'\x41', r'\xg1', r'\x4g', r'\xFF', r'\xff', r'ab\x4', r'\x41\x', 
    r'\u', r'\u1', r'\u12', r'\u123', r'\u1234', r'\uD800', r'\udc00', r'\ud83d\ude00', r'\uFFFF', r'\u123g',
    r'\U', r'\U0001F600', r'\U00110000', r'\UFFFFFFFF', r'\U0010FFFF', r'\U0000D800', r'\U1', r'\U0000004',
    r'\N', r'\N{', r'\N{}', r'\Nx', r'\N{LATIN SMALL LETTER A', r'x\N{LATIN SMALL LETTER A}y', r'\N{latin small letter a}',
    r'\N{NBSP}', r'\N{nbsp}', r'\N{LINE FEED}', r'\N{BEL}', r'\N{BELL}', r'\N{ALERT}', r'\N{VS1}', r'\N{vs17}',
    r'\N{VS256}', r'\N{VS257}', r'\N{VS0}', r'\N{CJK UNIFIED IDEOGRAPH-4E00}', r'\N{CJK UNIFIED IDEOGRAPH-4e00}',
    r'\N{cjk unified ideograph-4E00}', r'\N{CJK UNIFIED IDEOGRAPH-2EBF0}', r'\N{CJK UNIFIED IDEOGRAPH-2EE5D}',
    r'\N{CJK UNIFIED IDEOGRAPH-2EE5E}', r'\N{CJK UNIFIED IDEOGRAPH-9FFF}', r'\N{CJK UNIFIED IDEOGRAPH-A000}',
    r'\N{CJK UNIFIED IDEOGRAPH-03400}', r'\N{CJK UNIFIED IDEOGRAPH-340}', r'\N{CJK UNIFIED IDEOGRAPH-323AF}',
    r'\N{HANGUL SYLLABLE GA}', r'\N{HANGUL SYLLABLE GAG}', r'\N{HANGUL SYLLABLE GGAE}', r'\N{HANGUL SYLLABLE A}',
    r'\N{HANGUL SYLLABLE HIH}', r'\N{HANGUL SYLLABLE GAGX}', r'\N{HANGUL SYLLABLE }', r'\N{HANGUL SYLLABLE G}',
    r'\N{hangul syllable ga}', r'\N{HANGUL SYLLABLE ga}', r'\N{HANGUL SYLLABLE YEOLB}', r'\N{HANGUL SYLLABLE SSANG}',
    r'\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}', r'\N{KATAKANA LETTER AINU P}',
    r'\N{IDEOGRAPHIC DESCRIPTION CHARACTER ROTATION}', r'\N{CJK STROKE HXG}', r'\N{TANGUT IDEOGRAPH-17000}',
    r'\N{CJK COMPATIBILITY IDEOGRAPH-F900}', r'\N{ LATIN SMALL LETTER A}', r'\N{LATIN SMALL LETTER A }',
    r'\N{BYTE ORDER MARK}', r'\N{LATIN CAPITAL LETTER GHA}', r'\N{LATIN CAPITAL LETTER OI}', r'\N{NULL}',
    r'\N{EM DASH}\N{EN DASH}', r'\N{SPACE}', r'\N{space}', r'\N{Space}', r'\N{GREEK SMALL LETTER ALPHA}',
    r'\N{EULER CONSTANT}', r'\N{PILE OF POO}', r'\N{LATIN SMALL LETTER SHARP S}', r'\N{KELVIN SIGN}',
    r'\N{SNOWMAN}\N{COMET}', r'\N{DIGIT ZERO}', r'\N{HYPHEN-MINUS}', r'\N{LATIN SMALL LETTER A WITH GRAVE}x',
    'a\\\nb', '\\\n', 'x\\\n\\\ny', '\\\\\n', 
    'é\\x', 'é\\d', '\\é', 'é\\N{foo}', '😀\\x41', '\\😀', '\\\\é', '\\\\\\é', 'é\\', 'a\\N{é}', 'a\\N{é',
    'é\\777', '\\N{\\é}', 'ÿ\\u00ff\\xff', '\\t\\é\\x',
]
quotes = ["'''%s'''", "'%s'"]
for body in bodies:
    for pre in ('', 'b', 'r', 'rb'):
        if 'b' in pre and any(ord(c) > 127 for c in body):
            if pre == 'rb':
                continue
        q = "'''%s'''" if '\n' in body or "'" in body else "'%s'"
        if body.endswith('\\') and not body.endswith('\\\\'):
            continue
        tok = pre + (q % body)
        if q == "'''%s'''" and body.endswith("'"):
            continue
        add_string(tok.encode('utf-8'))
for raw in [b"'\xff'", b"'a\x80b'", b"'\xed\xa0\x80'", b"'\xe9'", b"r'\xff'", b"'\\x\xff'", b"'\xc3\xa9\xff'",
            b"'\xe0\x80'", b"'\xf0\x90\x80'", b"'\xf0\x90\x80a'", b"'ab\xef\xbb'", b"'\xf4\x90\x80\x80'",
            b"'\xc0\x80'", b"'\xc3'", b"'x\\n\xc3'", b"r'ab\xe9cd'", b"'ab\\d\xe9cd'", b"b'\xe9'", b"b'a\\x\xe9'"]:
    add_string(raw)

for n in ['0', '00', '0_0', '1_000', '0x_FF', '0XFF', '0o777', '0O7', '0b1', '0B1_0', '1e500', '1E500', '1e-500',
          '1e-400', '4.9e-324', '2.4703282292062327e-324', '2.4703282292062328e-324', '1.7976931348623157e308',
          '1.7976931348623158e308', '1.7976931348623159e308', '9007199254740993', '9007199254740993.0', '0.1', '.5',
          '5.', '1_0.5_5e1_0', '3.14j', '10j', '0j', '00j', '09.5', '0e0', '0E+0', '9223372036854775807',
          '9223372036854775808', '18446744073709551616', '0xffffffffffffffff', '0x8000000000000000',
          '0x7fffffffffffffff', '0b' + '1' * 64, '0o' + '7' * 30, '1e1_0', '1_1j', '1.e5j', '.0', '0.0', '1e22',
          '1e23', '8.98846567431158e307', '123456789012345678901234567890', '0.30000000000000004',
          '2.2250738585072011e-308', '2.2250738585072014e-308', '1' + '0' * 400 + '.5', '0.' + '0' * 300 + '1e300',
          '1' * 40, '0' * 50, '7' * 60 + 'j', '0x' + 'f' * 100]:
    add_number(n)
synth_count = len(lines) - real_count

# --- sources with a coding declaration or a BOM ----------------------------
cookie = re.compile(rb'^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)')
def has_cookie(data):
    ls = data.split(b'\n', 2)
    if cookie.match(ls[0]):
        return True
    if len(ls) > 1 and re.match(rb'^[ \t\f]*(#|\r|$)', ls[0]) and cookie.match(ls[1]):
        return True
    return False
srclines = []
for ver in sorted(os.listdir(ROOT)):
    m = re.match(r'3\.1[123]\.', ver)
    if not m:
        continue
    libs = [d for d in os.listdir(os.path.join(ROOT, ver, 'lib')) if d.startswith('python3.')]
    for lib in libs:
        for path in pyfiles(os.path.join(ROOT, ver, 'lib', lib)):
            data = open(path, 'rb').read()
            if not (data.startswith(b'\xef\xbb\xbf') or has_cookie(data)):
                continue
            rel = os.path.relpath(path, ROOT)
            err = None
            try:
                ast.parse(data)
            except SyntaxError as e:
                if not e.lineno or e.msg.startswith('(unicode error)') or 'null bytes' in e.msg:
                    err = e.msg
            except Exception as e:
                err = str(e)
            if err is None:
                try:
                    text = importlib.util.decode_source(data)
                except SyntaxError as e:
                    err = e.msg
            if err is not None and (err.startswith('(unicode error)') or err == 'invalid syntax'):
                err = None  # a token-level error: decoding itself works
                text = importlib.util.decode_source(data)
            if err is not None:
                srclines.append('D %s ERR %s' % (rel, err.encode().hex()))
                continue
            enc = text.encode('utf-8', 'surrogatepass')
            # the C tokenizer must agree with importlib on the decoded text
            try:
                a = ast.dump(ast.parse(data)); b = ast.dump(ast.parse(text))
                assert a == b, rel
            except SyntaxError:
                pass
            srclines.append('D %s %s %d' % (rel, hashlib.sha256(enc).hexdigest(), len(enc)))

def translate(b):
    return b.replace(b'\r\n', b'\n').replace(b'\r', b'\n')
def add_source(src, mode='value'):
    try:
        tree = ast.parse(src)
    except SyntaxError as e:
        if not e.lineno:
            srclines.append('Q %s ERR %s' % (h(src), h(e.msg.encode())))
            return
        if mode != 'raw':
            raise
        tree = None
    if mode == 'raw':
        t = translate(src)
        if t.startswith(b'\xef\xbb\xbf'):
            t = t[3:]
        srclines.append('Q %s %s' % (h(src), h(t)))
        return
    i = src.index(b'x = r"""') + len(b'x = r"""')
    j = src.rindex(b'"""')
    val = next(n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str))
    head = translate(src[:i])
    if head.startswith(b'\xef\xbb\xbf'):
        head = head[3:]
    text = head.decode('ascii') + val + translate(src[j:]).decode('ascii')
    srclines.append('Q %s %s' % (h(src), h(text.encode('utf-8', 'surrogatepass'))))

samples = [
    ('utf-8', 'h\u00e9llo w\u00f6rld \u20ac \U0001F600'), ('latin-1', 'h\u00e9llo \u00ff'), ('iso-8859-1', '\u00e9'),
    ('iso-8859-15', '\u20ac \u0161'), ('cp1252', '\u20ac \u201cq\u201d'), ('ascii', 'plain'), ('koi8-r', '\u043f\u0440\u0438'),
    ('utf-8-sig', '\u00e9'), ('euc-jp', '\u3053\u3093 \u65e5\u672c \u301c'), ('shift_jis', '\u3053\u3093 \u65e5\u672c \u301c\u2016'),
    ('gbk', '\u4e2d\u6587 \u6c49\u5b57'), ('gb2312', '\u4e2d\u6587 \u30fb\u2015'), ('big5', '\u4e2d\u6587 \u7e41\u9ad4'),
    ('cp1251', '\u043f\u0440\u0438'), ('cp437', '\u00c7\u00fc\u00e9\u20a7\u0192\u2591'), ('iso-8859-5', '\u043f\u0440'),
    ('iso8859-7', '\u03b1\u03b2\u03b3'), ('cp949', '\ud55c\uad6d\uc5b4'), ('cp932', '\u65e5\u672c\uff5e'),
    ('euc_kr', '\ud55c\uad6d'), ('gb18030', '\u4e2d\U00020000\ufffd'), ('hz', '\u4e2d\u6587'), ('iso2022_jp', '\u65e5\u672c'),
    ('cp950', '\u4e2d\u6587'), ('mac-roman', '\u00e9\u2020'), ('koi8-u', '\u0491\u255d'), ('cp866', '\u043f\u0440'),
    ('cp850', '\u00e9\u00c6'), ('latin1', '\u00e9'), ('l1', '\u00e9'), ('LATIN', '\u00e9'), ('utf8', '\u00e9'),
    ('UTF-8', '\u00e9'), ('Latin-1', '\u00e9'), ('iso_8859_15', '\u20ac'), ('iso.8859_15', '\u20ac'), ('iso8859.1', '\u00e9'),
    ('windows-1252', '\u20ac'), ('cp1250', '\u0161'), ('iso8859-2', '\u0161'), ('macintosh', '\u00e9'),
    ('sjis', '\u65e5'), ('eucjp', '\u65e5'), ('charmap', '\u00e9'), ('cp037', None),
]
for enc, payload in samples:
    if payload is None:
        continue
    body = payload.encode(enc.replace('utf-8-sig', 'utf-8'))
    for head in (b'# -*- coding: %s -*-\n' % enc.encode(), b'#!/usr/bin/env python\r\n# vim: set fileencoding=%s :\r\n' % enc.encode()):
        add_source(head + b'x = r"""' + body + b'"""\n')
add_source(b'# coding: unicode_escape\nx = r"""\\u00e9 \\N{BULLET} \\x41"""\n')
add_source(b'# coding: raw_unicode_escape\nx = r"""\\u00e9 \\x41 \\\\u0041"""\n')
add_source(b'\xef\xbb\xbfx = r"""\xc3\xa9"""\n')
add_source(b'\xef\xbb\xbf# coding: utf-8\nx = r"""\xc3\xa9"""\n')
add_source(b'\xef\xbb\xbf# coding: UTF_8-sig\nx = r"""\xc3\xa9"""\n')
for head in [b'#\n# coding: latin-1\n', b'\n# coding: latin-1\n', b'x = 1\n# coding: latin-1\n', b'\n\n# coding: latin-1\n',
             b' \t\x0c\n#coding=latin-1\n', b'\x0c# coding: latin-1\n', b'# coding latin-1\n', b'# coding: \n# coding: latin-1\n',
             b'# codingcoding: latin-1\n', b'#coding:latin-1', b'  # vim:fileencoding=latin-1\n', b'y = 1 # coding: latin-1\n',
             b'\\\n# coding: latin-1\n', b'#\r# coding: latin-1\r', b'#\r\n# coding: latin-1\r\n', b'# coding: latin-1 # coding: foo\n',
             b'# coding: foo # coding: latin-1\n', b'# coding=latin-1-foo\n', b'# coding=iso-latin-1-unix\n', b'# coding=utf-8-foo\n',
             b'# coding:\tlatin-1\n', b'# -*- coding: latin-1 -*- coding: foo\n', b'#encoding=latin-1\n']:
    src = head + (b'\n' if not head.endswith((b'\n', b'\r')) else b'') + b'x = r"""\xe9\xff"""\n'
    try:
        add_source(src)
    except SyntaxError:
        add_source(src, mode='raw')
for src in [b'# coding: foo\nx=1\n', b'# coding: uft-8\n', b'\xef\xbb\xbf# coding: latin-1\n', b'\xef\xbb\xbf# coding: utf8\n',
            b'\xef\xbb\xbf\n# coding: cp1252\n', b'# coding: base64\n', b'# coding: rot13\n', b'# coding: undefined\n',
            b'# coding: ascii\nx = "\xe9"\n', b'# coding: cp1252\nx = "\x81"\n', b'# coding: shift_jis\nx = "\x82"\n',
            b'# coding: euc-jp\nx = "\xa4"\n', b'# coding: utf8\nx = 1 # \xff\n', b'# coding: u8\r\n\r\nx = "\xc3\r\n"',
            b'# coding: gbk\nx = "\x81 "\n', b'# coding: big5\nx = "\x81\x40"\n', b'# coding: iso8859-3\nx = "\xa5"\n',
            b'# coding: unicode_escape\nx = "\\x4"\n', b'# coding: raw_unicode_escape\nx = "\\u00"\n',
            b'# coding: unicode_escape\nx = "\\ud800"\n', b'# coding: mbcs\n', b'# coding: cp.1252\n', b'x = 1\x00\n',
            b'# coding: foo\x00\n', b'# coding: cp1255\nx = "\xca"\n', b'# coding: cp1253\nx = "\xaa"\n']:
    add_source(src)
for src in [b'x = 1 # \xff\n', b'# \xe9t\xe9\r\nx = 1\r\n', b'x = 1\r\ny = 2\rz = 3', b'', b'\n', b'\xef\xbb\xbf', b'\xef\xbb\xbf\r\n',
            b'# coding: utf-8\nx = 1 # \xff\n', b'#!x\nx = 1 # \xff\n', b'\xef\xbb\xbfx = 1 # \xff\n', b'# coding: utf-8-sig\n# \xfe\n',
            b'\xef\xbb\xbf\xef\xbb\xbfx = 1 # \xff\n'.replace(b'x = 1 # \xff', b'# x')]:
    add_source(src, mode='raw')

with open(OUT, 'w') as f:
    f.write('# Generated by TestRegenerateLiterals (see literal_test.go) with CPython %s.\n' % sys.version.split()[0])
    f.write('# S token value warning | X token message | I/F/C token value | D file sha256 length | D file ERR message | Q source text | Q source ERR message (hex fields)\n')
    for l in lines + srclines:
        f.write(l + '\n')
print('real', real_count, 'synthetic', synth_count, 'sources', len(srclines), file=sys.stderr)
`
