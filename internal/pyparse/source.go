package pyparse

// This file turns the raw bytes of a Python source file into the UTF-8 text
// the tokenizer works on, following what CPython 3.13 does for
// ast.parse(<bytes>): reject NUL bytes, translate newlines, honour a UTF-8
// byte order mark and a PEP 263 coding declaration, and decode.

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// decodeSource turns the raw bytes of a .py file into UTF-8 text the way
// CPython's ast.parse(bytes) does:
//
//   - A NUL byte anywhere is an error, "source code string cannot contain
//     null bytes" (CPython checks this before anything else and gives no
//     line number; Offset is the first NUL).
//   - "\r\n" and lone "\r" become "\n". Nothing else moves, so columns within
//     a line are unchanged. (CPython also appends a "\n" when the text does
//     not end with one; decodeSource does not, the tokenizer has to act as
//     if it were there.)
//   - A leading UTF-8 BOM is dropped.
//   - A PEP 263 declaration (a comment matching coding[:=]\s*([-\w.]+)) is
//     looked for on line 1, and on line 2 if line 1 is blank or a comment.
//     Names are normalised like CPython's get_normal_name, so "UTF_8",
//     "utf-8-sig" and "utf-8-whatever" mean UTF-8 and "latin_1", "ISO-8859-1"
//     etc. mean iso-8859-1; other names go through Python's codec aliases.
//     A BOM combined with a declaration other than UTF-8 is an error
//     ("encoding problem: NAME with BOM"), and so is a name Python does not
//     know ("unknown encoding: NAME") or a codec that is not a text encoding.
//   - Text in another encoding is decoded to UTF-8; bytes that encoding
//     cannot decode are an error with CPython's message (whose "position" is
//     counted in the newline-translated text) and an Offset into src.
//   - UTF-8 text (no declaration, the declaration "utf-8", or a BOM) must be
//     valid UTF-8. The first bad byte is reported with the message CPython
//     gives for it inside a string literal: "(unicode error) 'utf-8' codec
//     can't decode byte 0xff in position N: invalid start byte", where N
//     counts from the start of the run of non-ASCII bytes that holds it.
//
// The last point is stricter than CPython: ast.parse only decodes the UTF-8
// it needs, so invalid bytes inside comments are silently accepted, and bad
// bytes in identifiers or string literals are reported at that token. Use
// decodeSourceLenient to get CPython's exact behaviour.
func decodeSource(src []byte) (string, *LiteralError) {
	return decodeSourceMode(src, true)
}

// decodeSourceLenient is decodeSource except that UTF-8 text is not
// validated: invalid byte sequences are passed through unchanged, as
// CPython's string tokenizer does. The tokenizer must then reject them where
// CPython does, which is when it decodes an identifier or a string literal
// (decodeString already does that for literals), and ignore them in comments.
// Text produced by another codec is always valid UTF-8.
func decodeSourceLenient(src []byte) (string, *LiteralError) {
	return decodeSourceMode(src, false)
}

// decodeSourceMode implements decodeSource and decodeSourceLenient.
func decodeSourceMode(src []byte, strictUTF8 bool) (string, *LiteralError) {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return "", &LiteralError{Msg: "source code string cannot contain null bytes", Offset: i}
	}
	text, drops := translateNewlines(src)
	base := 0
	hasBOM := bytes.HasPrefix(text, []byte("\xEF\xBB\xBF"))
	if hasBOM {
		base = 3
	}
	// toSrc maps an offset into text[base:] back to an offset into src.
	toSrc := func(p int) int {
		t := p + base
		return t + sort.SearchInts(drops, t)
	}
	body := text[base:]

	spec, specAt, found := findCodingSpec(body)
	if !found || spec == "utf-8" {
		if strictUTF8 {
			// Check each run of non-ASCII bytes on its own and word the
			// error as CPython does for such a run in a string literal.
			for i := 0; i < len(body); {
				if body[i] < 0x80 {
					i++
					continue
				}
				j := i
				for j < len(body) && body[j] >= 0x80 {
					j++
				}
				run := string(body[i:j])
				if e := checkUTF8(run); e != nil {
					return "", &LiteralError{Msg: "(unicode error) " + e.message(run), Offset: toSrc(i + e.start)}
				}
				i = j
			}
		}
		return string(body), nil
	}
	if hasBOM {
		return "", &LiteralError{Msg: fmt.Sprintf("encoding problem: %s with BOM", spec), Offset: toSrc(specAt)}
	}
	c, msg := lookupSourceCodec(spec)
	if c == nil {
		return "", &LiteralError{Msg: msg, Offset: toSrc(specAt)}
	}
	// CPython decodes the text with its final newline added.
	input := body
	added := len(input) > 0 && input[len(input)-1] != '\n'
	if added {
		input = append(input[:len(input):len(input)], '\n')
	}
	out, derr := c.decode(input)
	if derr != nil {
		off := derr.offset
		if off > len(body) {
			off = len(body)
		}
		return "", &LiteralError{Msg: derr.msg, Offset: toSrc(off)}
	}
	if added && len(out) > 0 && out[len(out)-1] == '\n' {
		out = out[:len(out)-1]
	}
	// CPython converts the decoded text back to UTF-8 (which fails on
	// surrogates) and then treats it as a C string.
	if e := surrogateError(out); e != "" {
		return "", &LiteralError{Msg: e, Offset: 0}
	}
	if i := strings.IndexByte(string(out), 0); i >= 0 {
		return "", &LiteralError{Msg: "source code string cannot contain null bytes", Offset: 0}
	}
	return string(out), nil
}

// translateNewlines replaces "\r\n" and lone "\r" by "\n". It also returns,
// in increasing order, the offsets in the result of the "\n"s that stand for
// a two-byte "\r\n", so that offsets can be mapped back to the input.
func translateNewlines(src []byte) ([]byte, []int) {
	if bytes.IndexByte(src, '\r') < 0 {
		return src, nil
	}
	out := make([]byte, 0, len(src))
	var drops []int
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\r' {
			if i+1 < len(src) && src[i+1] == '\n' {
				drops = append(drops, len(out))
				i++
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out, drops
}

// findCodingSpec looks for a PEP 263 declaration the way CPython's tokenizer
// does: on line 1, or on line 2 when line 1 holds nothing but blanks (space,
// tab, form feed) and possibly a comment. It returns the normalised encoding
// name and the offset of the name in text.
func findCodingSpec(text []byte) (name string, at int, found bool) {
	line1, rest, _ := bytes.Cut(text, []byte("\n"))
	if name, at, found = codingSpecInLine(line1); found {
		return name, at, true
	}
	if len(text) == 0 {
		return "", 0, false
	}
	for _, c := range line1 {
		if c == '#' {
			break
		}
		if c != ' ' && c != '\t' && c != '\f' {
			return "", 0, false
		}
	}
	if len(rest) == 0 {
		return "", 0, false
	}
	line2, _, _ := bytes.Cut(rest, []byte("\n"))
	if name, at, found = codingSpecInLine(line2); found {
		return name, at + len(line1) + 1, true
	}
	return "", 0, false
}

// codingSpecInLine checks one line (without its newline) for a coding
// declaration: optional blanks, '#', then the first "coding" that is followed
// by ':' or '=', optional spaces or tabs and a non-empty name made of ASCII
// letters, digits, '-', '_' and '.'.
func codingSpecInLine(line []byte) (string, int, bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\f') {
		i++
	}
	if i >= len(line) || line[i] != '#' {
		return "", 0, false
	}
	for ; i+6 < len(line); i++ {
		if string(line[i:i+6]) != "coding" {
			continue
		}
		t := i + 6
		if line[t] != ':' && line[t] != '=' {
			continue
		}
		t++
		for t < len(line) && (line[t] == ' ' || line[t] == '\t') {
			t++
		}
		begin := t
		for t < len(line) && isCodingNameByte(line[t]) {
			t++
		}
		if t > begin {
			return normalCodingName(string(line[begin:t])), begin, true
		}
	}
	return "", 0, false
}

// isCodingNameByte reports whether c may appear in an encoding name of a
// coding declaration.
func isCodingNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}

// normalCodingName mirrors CPython's get_normal_name: looking at no more than
// the first 12 characters, lower-cased and with '_' read as '-', the UTF-8
// spellings become "utf-8" and the Latin-1 ones "iso-8859-1"; any other name
// is returned unchanged.
func normalCodingName(s string) string {
	n := len(s)
	if n > 12 {
		n = 12
	}
	buf := []byte(strings.ToLower(s[:n]))
	for i, c := range buf {
		if c == '_' {
			buf[i] = '-'
		}
	}
	b := string(buf)
	switch {
	case b == "utf-8" || strings.HasPrefix(b, "utf-8-"):
		return "utf-8"
	case b == "latin-1" || b == "iso-8859-1" || b == "iso-latin-1" ||
		strings.HasPrefix(b, "latin-1-") || strings.HasPrefix(b, "iso-8859-1-") || strings.HasPrefix(b, "iso-latin-1-"):
		return "iso-8859-1"
	}
	return s
}

// ---------------------------------------------------------------------------
// Codecs

// sourceCodec decodes a whole source text.
type sourceCodec struct {
	name   string // Python's codec name
	decode func([]byte) ([]byte, *codecError)
}

// codecError is a decoding failure: msg is worded like CPython's, offset is
// the position of the offending byte in the decoder's input.
type codecError struct {
	msg    string
	offset int
}

// pythonCodec is an entry of Python's codec registry.
type pythonCodec struct {
	name   string // the CodecInfo name, e.g. "iso8859-15" or "shift_jis"
	isText bool
}

var (
	codecTableOnce sync.Once
	codecAliases   map[string]pythonCodec // keys of encodings.aliases
	codecModules   map[string]pythonCodec // module names in the encodings package
)

// loadCodecTables parses pythonCodecTable.
func loadCodecTables() {
	codecTableOnce.Do(func() {
		codecAliases = map[string]pythonCodec{}
		codecModules = map[string]pythonCodec{}
		for _, line := range strings.Split(strings.TrimSpace(pythonCodecTable), "\n") {
			f := strings.Fields(line)
			pc := pythonCodec{name: f[0], isText: true}
			if strings.HasPrefix(pc.name, "!") {
				pc.name, pc.isText = pc.name[1:], false
			}
			for _, k := range f[1:] {
				if strings.HasPrefix(k, "@") {
					codecModules[k[1:]] = pc
				} else {
					codecAliases[k] = pc
				}
			}
		}
	})
}

// normalizeCodecName is CPython's _Py_normalize_encoding: ASCII letters are
// lower-cased, letters, digits and dots are kept, and each run of other
// characters becomes a single '_' (dropped at the start and the end).
func normalizeCodecName(s string) string {
	var b strings.Builder
	punct := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c >= 'A' && c <= 'Z' {
			if punct && b.Len() > 0 {
				b.WriteByte('_')
			}
			punct = false
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		} else {
			punct = true
		}
	}
	return b.String()
}

// findPythonCodec resolves an encoding name the way Python's codec registry
// (encodings.search_function) does.
func findPythonCodec(enc string) (pythonCodec, bool) {
	loadCodecTables()
	n := normalizeCodecName(enc)
	if pc, ok := codecAliases[n]; ok {
		return pc, true
	}
	if strings.Contains(n, ".") {
		pc, ok := codecAliases[strings.ReplaceAll(n, ".", "_")]
		return pc, ok
	}
	pc, ok := codecModules[n]
	return pc, ok
}

// lookupSourceCodec returns the decoder for an encoding name from a coding
// declaration, or nil and the error message.
func lookupSourceCodec(enc string) (*sourceCodec, string) {
	pc, ok := findPythonCodec(enc)
	if !ok {
		return nil, "unknown encoding: " + enc
	}
	if !pc.isText {
		return nil, fmt.Sprintf("'%s' is not a text encoding; use codecs.decode() to handle arbitrary codecs", enc)
	}
	if c := codecByName(pc.name); c != nil {
		return c, ""
	}
	if pc.name == "undefined" {
		return nil, "undefined encoding"
	}
	return nil, fmt.Sprintf("unsupported encoding: %s (Python codec %s is not implemented)", enc, pc.name)
}

// singleByteCodecs are Python's one-byte codecs that x/text also provides.
var singleByteCodecs = map[string]*charmap.Charmap{
	"cp037": charmap.CodePage037, "cp437": charmap.CodePage437, "cp850": charmap.CodePage850,
	"cp852": charmap.CodePage852, "cp855": charmap.CodePage855, "cp858": charmap.CodePage858,
	"cp860": charmap.CodePage860, "cp862": charmap.CodePage862, "cp863": charmap.CodePage863,
	"cp865": charmap.CodePage865, "cp866": charmap.CodePage866, "cp1140": charmap.CodePage1140,
	"cp874": charmap.Windows874, "cp1250": charmap.Windows1250, "cp1251": charmap.Windows1251,
	"cp1252": charmap.Windows1252, "cp1253": charmap.Windows1253, "cp1254": charmap.Windows1254,
	"cp1255": charmap.Windows1255, "cp1256": charmap.Windows1256, "cp1257": charmap.Windows1257,
	"cp1258":    charmap.Windows1258,
	"iso8859-2": charmap.ISO8859_2, "iso8859-3": charmap.ISO8859_3, "iso8859-4": charmap.ISO8859_4,
	"iso8859-5": charmap.ISO8859_5, "iso8859-6": charmap.ISO8859_6, "iso8859-7": charmap.ISO8859_7,
	"iso8859-8": charmap.ISO8859_8, "iso8859-9": charmap.ISO8859_9, "iso8859-10": charmap.ISO8859_10,
	"iso8859-13": charmap.ISO8859_13, "iso8859-14": charmap.ISO8859_14, "iso8859-15": charmap.ISO8859_15,
	"iso8859-16": charmap.ISO8859_16,
	"koi8-r":     charmap.KOI8R, "koi8-u": charmap.KOI8U,
	"mac-roman": charmap.Macintosh, "mac-cyrillic": charmap.MacintoshCyrillic,
}

// singleByteFixes lists the bytes for which Python's tables differ from
// x/text's beyond the systematic differences handled in singleByteTable;
// -1 means the byte is undefined in Python.
var singleByteFixes = map[string]map[byte]rune{
	"cp1255": {0xCA: -1},
	"koi8-u": {0xAE: 0x255D, 0xBE: 0x256C},
}

// multiByteCodecs are Python's CJK codecs mapped to the closest x/text
// decoders. Those follow the WHATWG Encoding Standard, which differs from
// Python in places; multiByteFixes, multiByteRejects and the user-defined
// area mappings close most of the gap. Over all two-byte sequences with a
// non-ASCII first byte, shift_jis, cp932, euc_jp and cp949 then agree with
// CPython exactly; euc_kr, gb2312, gbk, gb18030, big5 and cp950 differ in
// 1 to 337 of the 32768 sequences (Big5-HKSCS and GBK additions that
// Python rejects, some variant mappings, GB 18030 private-use mappings).
var multiByteCodecs = map[string]encoding.Encoding{
	"shift_jis": japanese.ShiftJIS, "cp932": japanese.ShiftJIS,
	"euc_jp": japanese.EUCJP, "iso2022_jp": japanese.ISO2022JP,
	"euc_kr": korean.EUCKR, "cp949": korean.EUCKR,
	"gb2312": simplifiedchinese.GBK, "gbk": simplifiedchinese.GBK,
	"gb18030": simplifiedchinese.GB18030, "hz": simplifiedchinese.HZGB2312,
	"big5": traditionalchinese.Big5, "cp950": traditionalchinese.Big5,
}

// multiByteFixes maps byte sequences that Python decodes differently from
// x/text (JIS X 0208 and GB 2312 as opposed to their Microsoft variants).
var multiByteFixes = map[string]map[string]rune{
	"shift_jis": {"\x81\x60": 0x301C, "\x81\x61": 0x2016, "\x81\x7C": 0x2212, "\x81\x91": 0xA2, "\x81\x92": 0xA3, "\x81\xCA": 0xAC},
	"euc_jp":    {"\xA1\xC1": 0x301C, "\xA1\xC2": 0x2016, "\xA1\xDD": 0x2212, "\xA1\xF1": 0xA2, "\xA1\xF2": 0xA3, "\xA2\xCC": 0xAC},
	"gb2312":    {"\xA1\xA4": 0x30FB, "\xA1\xAA": 0x2015},
	"cp932":     {"\xA0": 0xF8F0, "\xFD": 0xF8F1, "\xFE": 0xF8F2, "\xFF": 0xF8F3},
}

// codecByName returns the decoder for a Python codec name, or nil if this
// package does not implement it.
func codecByName(name string) *sourceCodec {
	switch name {
	case "utf-8":
		return &sourceCodec{name, decodeStrictUTF8}
	case "ascii":
		return &sourceCodec{name, decodeASCII}
	case "iso8859-1", "charmap":
		return &sourceCodec{name, decodeLatin1}
	case "unicode-escape":
		return &sourceCodec{name, func(b []byte) ([]byte, *codecError) {
			out, _, err := decodeUnicodeEscape(string(b))
			if err != nil {
				return nil, &codecError{err.message(string(b)), err.start}
			}
			return out, nil
		}}
	case "raw-unicode-escape":
		return &sourceCodec{name, decodeRawUnicodeEscape}
	}
	if cm, ok := singleByteCodecs[name]; ok {
		table := singleByteTable(name, cm)
		return &sourceCodec{name, func(b []byte) ([]byte, *codecError) {
			out := make([]byte, 0, len(b)+len(b)/2)
			for i, c := range b {
				r := table[c]
				if r < 0 {
					return nil, &codecError{fmt.Sprintf("'charmap' codec can't decode byte 0x%02x in position %d: character maps to <undefined>", c, i), i}
				}
				out = utf8.AppendRune(out, r)
			}
			return out, nil
		}}
	}
	if enc, ok := multiByteCodecs[name]; ok {
		return &sourceCodec{name, func(b []byte) ([]byte, *codecError) {
			return decodeMultiByte(name, enc, b)
		}}
	}
	return nil
}

var (
	singleByteMu     sync.Mutex
	singleByteTables = map[string]*[256]rune{}
)

// singleByteTable builds the Python-compatible decoding table of a one-byte
// codec from x/text's: bytes x/text decodes to U+FFFD are undefined, the
// ISO 8859 parts map 0x80-0x9F to the C1 controls as Python does, and
// singleByteFixes is applied.
func singleByteTable(name string, cm *charmap.Charmap) *[256]rune {
	singleByteMu.Lock()
	defer singleByteMu.Unlock()
	if t, ok := singleByteTables[name]; ok {
		return t
	}
	t := new([256]rune)
	for i := 0; i < 256; i++ {
		r := cm.DecodeByte(byte(i))
		if r == utf8.RuneError {
			r = -1
		}
		if strings.HasPrefix(name, "iso8859-") && i >= 0x80 && i <= 0x9F {
			r = rune(i)
		}
		t[i] = r
	}
	for b, r := range singleByteFixes[name] {
		t[b] = r
	}
	singleByteTables[name] = t
	return t
}

// decodeMultiByte decodes with an x/text decoder one character at a time, so
// that a malformed sequence (which x/text turns into U+FFFD) can be reported
// at its first byte, like Python's "illegal multibyte sequence".
func decodeMultiByte(name string, enc encoding.Encoding, src []byte) ([]byte, *codecError) {
	dec := enc.NewDecoder()
	fixes := multiByteFixes[name]
	out := make([]byte, 0, len(src)+len(src)/2)
	var dst [64]byte
	pos := 0
	for pos < len(src) {
		// Offer the decoder one more byte at a time until it produces
		// something: then the bytes it consumed form one character.
		var nDst, nSrc int
		for k := 1; ; k++ {
			end := pos + k
			if end > len(src) {
				end = len(src)
			}
			nDst, nSrc, _ = dec.Transform(dst[:], src[pos:end], end == len(src))
			if nSrc > 0 || end == len(src) {
				break
			}
		}
		if nSrc == 0 {
			return nil, &codecError{fmt.Sprintf("'%s' codec can't decode byte 0x%02x in position %d: incomplete multibyte sequence", name, src[pos], pos), pos}
		}
		chunk := src[pos : pos+nSrc]
		got := dst[:nDst]
		if r, ok := fixes[string(chunk)]; ok {
			got = utf8.AppendRune(nil, r)
		} else if name == "gb18030" && len(chunk) == 2 {
			if r, ok := gb18030UserDefined(chunk[0], chunk[1]); ok {
				got = utf8.AppendRune(nil, r)
			}
		} else if name == "cp932" && len(chunk) == 2 {
			if r, ok := cp932UserDefined(chunk[0], chunk[1]); ok {
				got = utf8.AppendRune(nil, r)
			}
		}
		if multiByteRejects(name, chunk) || bytes.Contains(got, []byte("\uFFFD")) && !(name == "gb18030" && string(chunk) == "\x84\x31\xA4\x37") {
			return nil, &codecError{fmt.Sprintf("'%s' codec can't decode byte 0x%02x in position %d: illegal multibyte sequence", name, src[pos], pos), pos}
		}
		out = append(out, got...)
		pos += nSrc
	}
	return out, nil
}

// multiByteRejects reports whether a character that x/text decodes lies
// outside the repertoire of Python's stricter codec of the same name, judged
// by its lead and trail bytes (vendor extension rows and, for the EUC
// encodings, bytes outside 0xA1-0xFE).
func multiByteRejects(name string, chunk []byte) bool {
	in := func(c, lo, hi byte) bool { return c >= lo && c <= hi }
	if len(chunk) == 1 {
		return chunk[0] == 0x80 && (name == "shift_jis" || name == "gbk" || name == "gb2312" || name == "gb18030")
	}
	if len(chunk) != 2 {
		return false
	}
	a, b := chunk[0], chunk[1]
	switch name {
	case "shift_jis":
		return a == 0x87 || in(a, 0xED, 0xEE) || in(a, 0xFA, 0xFC)
	case "euc_jp":
		return a == 0xAD || in(a, 0xF9, 0xFC)
	case "gb2312":
		return !in(a, 0xA1, 0xF7) || !in(b, 0xA1, 0xFE) || in(a, 0xAA, 0xAF)
	case "euc_kr":
		return !in(a, 0xA1, 0xFE) || !in(b, 0xA1, 0xFE)
	case "big5", "cp950":
		return in(a, 0x81, 0xA0) || a == 0xC8 || in(a, 0xFA, 0xFE)
	}
	return false
}

// gb18030UserDefined maps the two-byte user-defined areas of GB 18030 to
// the Private Use Area the way Python's gb18030 codec does (x/text leaves
// them undefined).
func gb18030UserDefined(a, b byte) (rune, bool) {
	switch {
	case a >= 0xAA && a <= 0xAF && b >= 0xA1 && b <= 0xFE:
		return 0xE000 + rune(a-0xAA)*94 + rune(b-0xA1), true
	case a >= 0xF8 && a <= 0xFE && b >= 0xA1 && b <= 0xFE:
		return 0xE234 + rune(a-0xF8)*94 + rune(b-0xA1), true
	case a >= 0xA1 && a <= 0xA7 && b >= 0x40 && b <= 0xA0 && b != 0x7F:
		t := rune(b - 0x40)
		if b > 0x7F {
			t--
		}
		return 0xE4C6 + rune(a-0xA1)*96 + t, true
	}
	return 0, false
}

// cp932UserDefined maps the user-defined rows 0xF0-0xF9 of Windows code
// page 932 to the Private Use Area the way Python's cp932 codec does.
func cp932UserDefined(a, b byte) (rune, bool) {
	if a < 0xF0 || a > 0xF9 || b < 0x40 || b > 0xFC || b == 0x7F {
		return 0, false
	}
	t := rune(b - 0x40)
	if b > 0x7F {
		t--
	}
	return 0xE000 + rune(a-0xF0)*188 + t, true
}

// decodeStrictUTF8 is Python's UTF-8 decoder with errors='strict'.
func decodeStrictUTF8(b []byte) ([]byte, *codecError) {
	if e := checkUTF8(string(b)); e != nil {
		return nil, &codecError{e.message(string(b)), e.start}
	}
	return b, nil
}

// decodeASCII is Python's ASCII decoder with errors='strict'.
func decodeASCII(b []byte) ([]byte, *codecError) {
	for i, c := range b {
		if c >= 0x80 {
			return nil, &codecError{fmt.Sprintf("'ascii' codec can't decode byte 0x%02x in position %d: ordinal not in range(128)", c, i), i}
		}
	}
	return b, nil
}

// decodeLatin1 maps each byte to the code point of the same value.
func decodeLatin1(b []byte) ([]byte, *codecError) {
	out := make([]byte, 0, len(b)+len(b)/4)
	for _, c := range b {
		out = utf8.AppendRune(out, rune(c))
	}
	return out, nil
}

// decodeRawUnicodeEscape is a port of CPython's raw_unicode_escape decoder:
// only \uXXXX and \UXXXXXXXX are escapes, and a backslash pairs with the
// character after it, so "\\u0041" stays as it is.
func decodeRawUnicodeEscape(b []byte) ([]byte, *codecError) {
	out := make([]byte, 0, len(b))
	i := 0
	for i < len(b) {
		c := b[i]
		i++
		if c != '\\' {
			out = appendWTF8(out, rune(c))
			continue
		}
		if i >= len(b) {
			out = append(out, '\\')
			break
		}
		c = b[i]
		i++
		count, msg := 0, ""
		switch c {
		case 'u':
			count, msg = 4, `truncated \uXXXX escape`
		case 'U':
			count, msg = 8, `truncated \UXXXXXXXX escape`
		default:
			out = append(out, '\\')
			out = appendWTF8(out, rune(c))
			continue
		}
		start := i - 2
		var ch uint32
		for ; count > 0; count-- {
			if i >= len(b) {
				return nil, &codecError{decodeErrorMessage("rawunicodeescape", string(b), start, i, msg), start}
			}
			d, ok := hexDigit(b[i])
			if !ok {
				return nil, &codecError{decodeErrorMessage("rawunicodeescape", string(b), start, i, msg), start}
			}
			ch = ch<<4 | uint32(d)
			i++
		}
		if ch > utf8.MaxRune {
			return nil, &codecError{decodeErrorMessage("rawunicodeescape", string(b), start, i, `\Uxxxxxxxx out of range`), start}
		}
		out = appendWTF8(out, rune(ch))
	}
	return out, nil
}

// surrogateError returns CPython's message for WTF-8 text that holds a
// surrogate (which cannot be encoded as UTF-8), or "".
func surrogateError(b []byte) string {
	n := 0
	for i := 0; i < len(b); n++ {
		if b[i] == 0xED && i+2 < len(b) && b[i+1] >= 0xA0 {
			r := rune(b[i]&0x0F)<<12 | rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F)
			return fmt.Sprintf("'utf-8' codec can't encode character '\\u%04x' in position %d: surrogates not allowed", r, n)
		}
		_, size := utf8.DecodeRune(b[i:])
		i += size
	}
	return ""
}

// pythonCodecTable lists Python 3.13's codec registry: each line gives a
// codec name (after '!' if it is not a text encoding) and the names that
// find it, either as keys of encodings.aliases or, after '@', as module
// names in the encodings package. Keys are in normalised form.
const pythonCodecTable = `
ascii 646 ansi_x3.4_1968 ansi_x3.4_1986 ansi_x3_4_1968 cp367 csascii ibm367 iso646_us iso_646.irv_1991 iso_ir_6 us us_ascii @ascii
!base64 base64 base_64 @base64_codec
big5 big5_tw csbig5 x_mac_trad_chinese @big5
big5hkscs big5_hkscs hkscs @big5hkscs
!bz2 bz2 @bz2_codec
charmap @charmap
cp037 037 csibm037 ebcdic_cp_ca ebcdic_cp_nl ebcdic_cp_us ebcdic_cp_wt ibm037 ibm039 @cp037
cp1006 @cp1006
cp1026 1026 csibm1026 ibm1026 @cp1026
cp1125 1125 cp866u ibm1125 ruscii @cp1125
cp1140 1140 ibm1140 @cp1140
cp1250 1250 windows_1250 @cp1250
cp1251 1251 windows_1251 @cp1251
cp1252 1252 windows_1252 @cp1252
cp1253 1253 windows_1253 @cp1253
cp1254 1254 windows_1254 @cp1254
cp1255 1255 windows_1255 @cp1255
cp1256 1256 windows_1256 @cp1256
cp1257 1257 windows_1257 @cp1257
cp1258 1258 windows_1258 @cp1258
cp273 273 csibm273 ibm273 @cp273
cp424 424 csibm424 ebcdic_cp_he ibm424 @cp424
cp437 437 cspc8codepage437 ibm437 @cp437
cp500 500 csibm500 ebcdic_cp_be ebcdic_cp_ch ibm500 @cp500
cp720 @cp720
cp737 @cp737
cp775 775 cspc775baltic ibm775 @cp775
cp850 850 cspc850multilingual ibm850 @cp850
cp852 852 cspcp852 ibm852 @cp852
cp855 855 csibm855 ibm855 @cp855
cp856 @cp856
cp857 857 csibm857 ibm857 @cp857
cp858 858 csibm858 ibm858 @cp858
cp860 860 csibm860 ibm860 @cp860
cp861 861 cp_is csibm861 ibm861 @cp861
cp862 862 cspc862latinhebrew ibm862 @cp862
cp863 863 csibm863 ibm863 @cp863
cp864 864 csibm864 ibm864 @cp864
cp865 865 csibm865 ibm865 @cp865
cp866 866 csibm866 ibm866 @cp866
cp869 869 cp_gr csibm869 ibm869 @cp869
cp874 @cp874
cp875 @cp875
cp932 932 ms932 ms_kanji mskanji windows_31j @cp932
cp949 949 ms949 uhc @cp949
cp950 950 ms950 @cp950
euc_jis_2004 euc_jis2004 eucjis2004 jisx0213 @euc_jis_2004
euc_jisx0213 eucjisx0213 @euc_jisx0213
euc_jp eucjp u_jis ujis @euc_jp
euc_kr euckr korean ks_c_5601 ks_c_5601_1987 ks_x_1001 ksc5601 ksx1001 x_mac_korean @euc_kr
gb18030 gb18030_2000 @gb18030
gb2312 chinese csiso58gb231280 euc_cn euccn eucgb2312_cn gb2312_1980 gb2312_80 iso_ir_58 x_mac_simp_chinese @gb2312
gbk 936 cp936 ms936 @gbk
!hex hex @hex_codec
hp-roman8 cp1051 ibm1051 r8 roman8 @hp_roman8
hz hz_gb hz_gb_2312 hzgb @hz
idna @idna
iso2022_jp csiso2022jp iso2022jp iso_2022_jp @iso2022_jp
iso2022_jp_1 iso2022jp_1 iso_2022_jp_1 @iso2022_jp_1
iso2022_jp_2 iso2022jp_2 iso_2022_jp_2 @iso2022_jp_2
iso2022_jp_2004 iso2022jp_2004 iso_2022_jp_2004 @iso2022_jp_2004
iso2022_jp_3 iso2022jp_3 iso_2022_jp_3 @iso2022_jp_3
iso2022_jp_ext iso2022jp_ext iso_2022_jp_ext @iso2022_jp_ext
iso2022_kr csiso2022kr iso2022kr iso_2022_kr @iso2022_kr
iso8859-1 8859 cp819 csisolatin1 ibm819 iso8859 iso8859_1 iso_8859_1 iso_8859_1_1987 iso_ir_100 l1 latin latin1 @latin_1
iso8859-10 csisolatin6 iso_8859_10 iso_8859_10_1992 iso_ir_157 l6 latin6 @iso8859_10
iso8859-11 iso_8859_11 iso_8859_11_2001 thai @iso8859_11
iso8859-13 iso_8859_13 l7 latin7 @iso8859_13
iso8859-14 iso_8859_14 iso_8859_14_1998 iso_celtic iso_ir_199 l8 latin8 @iso8859_14
iso8859-15 iso_8859_15 l9 latin9 @iso8859_15
iso8859-16 iso_8859_16 iso_8859_16_2001 iso_ir_226 l10 latin10 @iso8859_16
iso8859-2 csisolatin2 iso_8859_2 iso_8859_2_1987 iso_ir_101 l2 latin2 @iso8859_2
iso8859-3 csisolatin3 iso_8859_3 iso_8859_3_1988 iso_ir_109 l3 latin3 @iso8859_3
iso8859-4 csisolatin4 iso_8859_4 iso_8859_4_1988 iso_ir_110 l4 latin4 @iso8859_4
iso8859-5 csisolatincyrillic cyrillic iso_8859_5 iso_8859_5_1988 iso_ir_144 @iso8859_5
iso8859-6 arabic asmo_708 csisolatinarabic ecma_114 iso_8859_6 iso_8859_6_1987 iso_ir_127 @iso8859_6
iso8859-7 csisolatingreek ecma_118 elot_928 greek greek8 iso_8859_7 iso_8859_7_1987 iso_ir_126 @iso8859_7
iso8859-8 csisolatinhebrew hebrew iso_8859_8 iso_8859_8_1988 iso_ir_138 @iso8859_8
iso8859-9 csisolatin5 iso_8859_9 iso_8859_9_1989 iso_ir_148 l5 latin5 @iso8859_9
johab cp1361 ms1361 @johab
koi8-r cskoi8r @koi8_r
koi8-t @koi8_t
koi8-u @koi8_u
kz1048 kz_1048 rk1048 strk1048_2002 @kz1048
mac-arabic @mac_arabic
mac-croatian @mac_croatian
mac-cyrillic maccyrillic @mac_cyrillic
mac-farsi @mac_farsi
mac-greek macgreek @mac_greek
mac-iceland maciceland @mac_iceland
mac-latin2 mac_centeuro maccentraleurope maclatin2 @mac_latin2
mac-roman macintosh macroman @mac_roman
mac-romanian @mac_romanian
mac-turkish macturkish @mac_turkish
palmos @palmos
ptcp154 cp154 csptcp154 cyrillic_asian pt154 @ptcp154
punycode @punycode
!quopri quopri quoted_printable quotedprintable @quopri_codec
raw-unicode-escape @raw_unicode_escape
!rot-13 rot13 @rot_13
shift_jis csshiftjis s_jis shiftjis sjis x_mac_japanese @shift_jis
shift_jis_2004 s_jis_2004 shiftjis2004 sjis_2004 @shift_jis_2004
shift_jisx0213 s_jisx0213 shiftjisx0213 sjisx0213 @shift_jisx0213
tis-620 iso_ir_166 tis620 tis_620_0 tis_620_2529_0 tis_620_2529_1 @tis_620
undefined @undefined
unicode-escape @unicode_escape
utf-16 u16 utf16 @utf_16
utf-16-be unicodebigunmarked utf_16be @utf_16_be
utf-16-le unicodelittleunmarked utf_16le @utf_16_le
utf-32 u32 utf32 @utf_32
utf-32-be utf_32be @utf_32_be
utf-32-le utf_32le @utf_32_le
utf-7 u7 unicode_1_1_utf_7 utf7 @utf_7
utf-8 cp65001 u8 utf utf8 utf8_ucs2 utf8_ucs4 @utf_8
utf-8-sig @utf_8_sig
!uu uu @uu_codec
!zlib zip zlib @zlib_codec
`
