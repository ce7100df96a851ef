package pyeval

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// joinedStr evaluates an f-string.
func (in *Interp) joinedStr(fr *frame, n *pyast.JoinedStr) v.Value {
	var b strings.Builder
	var env []v.Value
	for _, part := range n.Values {
		val := in.eval(fr, part)
		if val.IsUnknown() {
			return unknownOf("", val).WithEnvFrom(env...)
		}
		env = append(env, val)
		s, _ := val.AsStr()
		b.WriteString(s)
		in.checkStr(b.Len(), n.Pos, fr.file)
	}
	return v.Str(b.String()).WithEnvFrom(env...)
}

func (in *Interp) formattedValue(fr *frame, n *pyast.FormattedValue) v.Value {
	val := in.eval(fr, n.Value)
	if val.IsUnknown() {
		return val
	}
	switch n.Conversion {
	case 'r', 'a':
		val = v.Str(v.Repr(val)).WithEnvFrom(val)
	case 's':
		val = in.toStr(fr, val)
	}
	spec := ""
	if n.FormatSpec != nil {
		sv := in.eval(fr, n.FormatSpec)
		if sv.IsUnknown() {
			return unknownOf("", sv, val)
		}
		spec, _ = sv.AsStr()
		val = val.WithEnvFrom(sv)
	}
	return in.formatSpec(fr, val, spec, n.Pos)
}

// formatSpec applies Python's format mini-language (format(val, spec)).
func (in *Interp) formatSpec(fr *frame, val v.Value, spec string, pos pyast.Pos) v.Value {
	if val.IsUnknown() {
		return val
	}
	if spec == "" {
		return in.toStr(fr, val)
	}
	fs, ok := parseSpec(spec)
	if !ok {
		in.raise("ValueError", pos, fr.file, "Invalid format specifier '%s'", spec)
	}
	var body string
	numeric := false
	switch val.Kind() {
	case v.KindStr:
		s, _ := val.AsStr()
		if fs.typ != 0 && fs.typ != 's' {
			in.raise("ValueError", pos, fr.file, "Unknown format code '%c' for object of type 'str'", fs.typ)
		}
		if fs.precision >= 0 && utf8.RuneCountInString(s) > fs.precision {
			s = string([]rune(s)[:fs.precision])
		}
		body = s
	case v.KindInt, v.KindBool:
		numeric = true
		bi, _ := val.AsBigInt()
		switch fs.typ {
		case 0, 'd', 'n':
			body = groupDigits(new(big.Int).Abs(bi).String(), fs.group)
		case 'x':
			body = new(big.Int).Abs(bi).Text(16)
		case 'X':
			body = strings.ToUpper(new(big.Int).Abs(bi).Text(16))
		case 'o':
			body = new(big.Int).Abs(bi).Text(8)
		case 'b':
			body = new(big.Int).Abs(bi).Text(2)
		case 'c':
			body = string(rune(bi.Int64()))
			numeric = false
		case 'e', 'E', 'f', 'F', 'g', 'G', '%':
			f, _ := new(big.Float).SetInt(bi).Float64()
			body = formatFloat(math.Abs(f), fs)
		default:
			in.raise("ValueError", pos, fr.file, "Unknown format code '%c' for object of type 'int'", fs.typ)
		}
		if fs.alt && (fs.typ == 'x' || fs.typ == 'X' || fs.typ == 'o' || fs.typ == 'b') {
			body = "0" + string(fs.typ) + body
		}
		body = sign(bi.Sign() < 0, fs.sign) + body
	case v.KindFloat:
		numeric = true
		f, _ := val.AsFloat()
		if fs.typ == 0 && fs.precision < 0 {
			body = v.FormatFloat(math.Abs(f))
		} else {
			body = formatFloat(math.Abs(f), fs)
		}
		body = sign(math.Signbit(f), fs.sign) + body
	default:
		s := in.toStr(fr, val)
		if s.IsUnknown() {
			return s
		}
		body, _ = s.AsStr()
	}
	return v.Str(pad2(body, fs, numeric)).WithEnvFrom(val)
}

type spec struct {
	fill      rune
	align     byte
	sign      byte
	alt       bool
	zero      bool
	width     int
	group     byte
	precision int
	typ       byte
}

func parseSpec(s string) (spec, bool) {
	fs := spec{fill: ' ', precision: -1}
	r := []rune(s)
	i := 0
	isAlign := func(c rune) bool { return c == '<' || c == '>' || c == '^' || c == '=' }
	if len(r) >= 2 && isAlign(r[1]) {
		fs.fill, fs.align = r[0], byte(r[1])
		i = 2
	} else if len(r) >= 1 && isAlign(r[0]) {
		fs.align = byte(r[0])
		i = 1
	}
	if i < len(r) && (r[i] == '+' || r[i] == '-' || r[i] == ' ') {
		fs.sign = byte(r[i])
		i++
	}
	if i < len(r) && r[i] == '#' {
		fs.alt = true
		i++
	}
	if i < len(r) && r[i] == '0' {
		fs.zero = true
		i++
	}
	start := i
	for i < len(r) && r[i] >= '0' && r[i] <= '9' {
		i++
	}
	if i > start {
		fs.width, _ = strconv.Atoi(string(r[start:i]))
	}
	if i < len(r) && (r[i] == ',' || r[i] == '_') {
		fs.group = byte(r[i])
		i++
	}
	if i < len(r) && r[i] == '.' {
		i++
		start = i
		for i < len(r) && r[i] >= '0' && r[i] <= '9' {
			i++
		}
		if i == start {
			return fs, false
		}
		fs.precision, _ = strconv.Atoi(string(r[start:i]))
	}
	if i < len(r) {
		fs.typ = byte(r[i])
		i++
	}
	if i != len(r) || fs.width > 1<<20 || fs.precision > 1<<16 {
		return fs, false
	}
	return fs, true
}

func sign(neg bool, mode byte) string {
	switch {
	case neg:
		return "-"
	case mode == '+':
		return "+"
	case mode == ' ':
		return " "
	}
	return ""
}

func groupDigits(digits string, sep byte) string {
	if sep == 0 || len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	first := len(digits) % 3
	if first > 0 {
		b.WriteString(digits[:first])
	}
	for i := first; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

func formatFloat(f float64, fs spec) string {
	prec := fs.precision
	switch fs.typ {
	case 'f', 'F':
		if prec < 0 {
			prec = 6
		}
		s := strconv.FormatFloat(f, 'f', prec, 64)
		if fs.group != 0 {
			ip, fp, _ := strings.Cut(s, ".")
			s = groupDigits(ip, fs.group)
			if fp != "" {
				s += "." + fp
			}
		}
		return s
	case 'e', 'E':
		if prec < 0 {
			prec = 6
		}
		s := strconv.FormatFloat(f, 'e', prec, 64)
		s = fixExp(s)
		if fs.typ == 'E' {
			s = strings.ToUpper(s)
		}
		return s
	case '%':
		if prec < 0 {
			prec = 6
		}
		return strconv.FormatFloat(f*100, 'f', prec, 64) + "%"
	case 'g', 'G', 0:
		if prec < 0 {
			prec = 6
		}
		if prec == 0 {
			prec = 1
		}
		s := strconv.FormatFloat(f, 'g', prec, 64)
		s = fixExp(s)
		if fs.typ == 'G' {
			s = strings.ToUpper(s)
		}
		return s
	}
	return v.FormatFloat(f)
}

// fixExp makes exponents at least two digits, as Python prints them.
func fixExp(s string) string {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return s
	}
	mant, exp := s[:i+1], s[i+1:]
	sgn := ""
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		sgn, exp = exp[:1], exp[1:]
	}
	if len(exp) < 2 {
		exp = "0" + exp
	}
	return mant + sgn + exp
}

func pad2(body string, fs spec, numeric bool) string {
	n := utf8.RuneCountInString(body)
	if n >= fs.width {
		return body
	}
	fill := string(fs.fill)
	align := fs.align
	if fs.zero && align == 0 {
		fill, align = "0", '='
	}
	if align == 0 {
		if numeric {
			align = '>'
		} else {
			align = '<'
		}
	}
	total := fs.width - n
	switch align {
	case '<':
		return body + strings.Repeat(fill, total)
	case '>':
		return strings.Repeat(fill, total) + body
	case '^':
		left := total / 2
		return strings.Repeat(fill, left) + body + strings.Repeat(fill, total-left)
	case '=':
		signPart := ""
		if body != "" && (body[0] == '-' || body[0] == '+' || body[0] == ' ') {
			signPart, body = body[:1], body[1:]
		}
		return signPart + strings.Repeat(fill, total) + body
	}
	return body
}

// strFormat implements str.format.
func (in *Interp) strFormat(fr *frame, tmpl string, args []v.Value, kwargs []kwarg, pos pyast.Pos) v.Value {
	var b strings.Builder
	auto := 0
	env := append([]v.Value(nil), args...)
	for _, k := range kwargs {
		env = append(env, k.val)
	}
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		if c == '}' {
			if i+1 < len(tmpl) && tmpl[i+1] == '}' {
				i++
			}
			b.WriteByte('}')
			continue
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(tmpl) && tmpl[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		// Find the matching close brace (format specs may nest one level).
		depth, j := 1, i+1
		for ; j < len(tmpl) && depth > 0; j++ {
			switch tmpl[j] {
			case '{':
				depth++
			case '}':
				depth--
			}
		}
		if depth != 0 {
			in.raise("ValueError", pos, fr.file, "Single '{' encountered in format string")
		}
		field := tmpl[i+1 : j-1]
		i = j - 1
		name, specStr, _ := strings.Cut(field, ":")
		conv := byte(0)
		if k := strings.IndexByte(name, '!'); k >= 0 {
			if k+1 < len(name) {
				conv = name[k+1]
			}
			name = name[:k]
		}
		// The head of the field name selects the argument.
		head, rest := name, ""
		if k := strings.IndexAny(name, ".["); k >= 0 {
			head, rest = name[:k], name[k:]
		}
		var val v.Value
		switch {
		case head == "":
			if auto >= len(args) {
				in.raise("IndexError", pos, fr.file, "Replacement index %d out of range for positional args tuple", auto)
			}
			val = args[auto]
			auto++
		case head[0] >= '0' && head[0] <= '9':
			idx, _ := strconv.Atoi(head)
			if idx >= len(args) {
				in.raise("IndexError", pos, fr.file, "Replacement index %d out of range for positional args tuple", idx)
			}
			val = args[idx]
		default:
			found := false
			for _, k := range kwargs {
				if k.name == head {
					val, found = k.val, true
				}
			}
			if !found {
				in.raise("KeyError", pos, fr.file, "'%s'", head)
			}
		}
		for rest != "" {
			if rest[0] == '.' {
				end := strings.IndexAny(rest[1:], ".[")
				attr := rest[1:]
				if end >= 0 {
					attr, rest = rest[1:end+1], rest[end+1:]
				} else {
					rest = ""
				}
				val = in.getAttr(fr, val, attr, pos)
			} else {
				end := strings.IndexByte(rest, ']')
				if end < 0 {
					in.raise("ValueError", pos, fr.file, "Missing ']' in format string")
				}
				key := rest[1:end]
				rest = rest[end+1:]
				var kv v.Value = v.Str(key)
				if n, err := strconv.Atoi(key); err == nil {
					kv = v.Int(int64(n))
				}
				val = in.getItem(fr, val, kv, pos)
			}
		}
		if val.IsUnknown() {
			return val.WithEnvFrom(env...)
		}
		switch conv {
		case 'r', 'a':
			val = v.Str(v.Repr(val))
		case 's':
			val = in.toStr(fr, val)
		}
		if strings.Contains(specStr, "{") {
			nested := in.strFormat(fr, specStr, args[min(auto, len(args)):], kwargs, pos)
			if nested.IsUnknown() {
				return nested
			}
			specStr, _ = nested.AsStr()
		}
		res := in.formatSpec(fr, val, specStr, pos)
		if res.IsUnknown() {
			return res.WithEnvFrom(env...)
		}
		s, _ := res.AsStr()
		b.WriteString(s)
		in.checkStr(b.Len(), pos, fr.file)
	}
	return v.Str(b.String()).WithEnvFrom(env...)
}

// percentFormat implements `str % args`.
func (in *Interp) percentFormat(fr *frame, tmpl v.Value, args v.Value, pos pyast.Pos) v.Value {
	if args.IsUnknown() {
		return unknownOf("", args)
	}
	t := rawStr(tmpl)
	var items []v.Value
	var mapping *v.Dict
	if args.Kind() == v.KindTuple {
		items, _ = args.Elems()
	} else if d, ok := args.AsDict(); ok {
		mapping = d
		items = []v.Value{args}
	} else {
		items = []v.Value{args}
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(t); i++ {
		if t[i] != '%' {
			b.WriteByte(t[i])
			continue
		}
		i++
		if i >= len(t) {
			in.raise("ValueError", pos, fr.file, "incomplete format")
		}
		if t[i] == '%' {
			b.WriteByte('%')
			continue
		}
		var val v.Value
		if t[i] == '(' {
			end := strings.IndexByte(t[i:], ')')
			if end < 0 || mapping == nil {
				in.raise("TypeError", pos, fr.file, "format requires a mapping")
			}
			key := t[i+1 : i+end]
			got, ok := mapping.GetStr(key)
			if !ok {
				in.raise("KeyError", pos, fr.file, "'%s'", key)
			}
			val = got
			i += end + 1
		}
		// flags, width, precision
		j := i
		for j < len(t) && strings.IndexByte("#0- +", t[j]) >= 0 {
			j++
		}
		for j < len(t) && (t[j] >= '0' && t[j] <= '9' || t[j] == '.') {
			j++
		}
		if j >= len(t) {
			in.raise("ValueError", pos, fr.file, "incomplete format")
		}
		flags := t[i:j]
		conv := t[j]
		i = j
		if val.Kind() == v.KindNone && mapping == nil || mapping == nil {
			if next >= len(items) {
				in.raise("TypeError", pos, fr.file, "not enough arguments for format string")
			}
			val = items[next]
			next++
		}
		if val.IsUnknown() {
			return val.WithEnvFrom(tmpl, args)
		}
		specText := ""
		width, prec := "", ""
		f := flags
		for f != "" && strings.IndexByte("#0- +", f[0]) >= 0 {
			f = f[1:]
		}
		width, prec, _ = strings.Cut(f, ".")
		align := ""
		if strings.Contains(flags[:len(flags)-len(f)], "-") {
			align = "<"
		}
		zero := ""
		if strings.Contains(flags[:len(flags)-len(f)], "0") && align == "" {
			zero = "0"
		}
		signFlag := ""
		if strings.Contains(flags[:len(flags)-len(f)], "+") {
			signFlag = "+"
		}
		var res v.Value
		switch conv {
		case 's', 'r', 'a':
			s := val
			if conv == 's' {
				s = in.toStr(fr, val)
			} else {
				s = v.Str(v.Repr(val))
			}
			if s.IsUnknown() {
				return s
			}
			specText = align + width
			if prec != "" {
				specText += "." + prec
			}
			res = in.formatSpec(fr, s, specText, pos)
		case 'd', 'i', 'u':
			n := val
			if val.Kind() == v.KindFloat {
				f, _ := val.AsFloat()
				n = v.Int(int64(f))
			}
			specText = align + signFlag + zero + width + "d"
			res = in.formatSpec(fr, n, specText, pos)
		case 'f', 'F', 'e', 'E', 'g', 'G':
			specText = align + signFlag + zero + width
			if prec != "" {
				specText += "." + prec
			}
			specText += string(conv)
			res = in.formatSpec(fr, v.Float(toF(val)), specText, pos)
		case 'x', 'X', 'o':
			specText = align + zero + width + string(conv)
			res = in.formatSpec(fr, val, specText, pos)
		case 'c':
			res = in.toStr(fr, val)
		default:
			in.raise("ValueError", pos, fr.file, "unsupported format character '%c'", conv)
		}
		if res.IsUnknown() {
			return res
		}
		s, _ := res.AsStr()
		b.WriteString(s)
		in.checkStr(b.Len(), pos, fr.file)
	}
	if mapping == nil && next < len(items) {
		in.raise("TypeError", pos, fr.file, "not all arguments converted during string formatting")
	}
	if tmpl.Kind() == v.KindBytes {
		return v.Bytes(b.String()).WithEnvFrom(tmpl, args)
	}
	return v.Str(b.String()).WithEnvFrom(tmpl, args)
}
