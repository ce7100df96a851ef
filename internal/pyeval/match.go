package pyeval

import (
	"github.com/deploycheck/deploycheck/internal/pyast"
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// execMatch runs a match statement with Python's pattern semantics for the
// patterns settings use; a case whose outcome cannot be told makes every
// name the remaining cases assign Unknown.
func (in *Interp) execMatch(fr *frame, n *pyast.Match) (ctl, v.Value) {
	subj := in.eval(fr, n.Subject)
	f2 := withTaint(fr, subj.EnvSet())
	for i, c := range n.Cases {
		binds := map[string]v.Value{}
		matched, known := in.matchPattern(fr, c.Pattern, subj, binds)
		if !known {
			var rest [][]pyast.Stmt
			for _, cc := range n.Cases[i:] {
				rest = append(rest, cc.Body)
			}
			in.unknownBranch(fr, n.Pos, "assigned in a match statement on a value that could not be evaluated", subj.EnvSet(), rest...)
			return ctlNext, v.None
		}
		if !matched {
			continue
		}
		for name, val := range binds {
			in.store(f2, name, val.WithEnvFrom(subj), n.Pos)
		}
		if c.Guard != nil {
			g := in.eval(f2, c.Guard)
			truth, known := g.Truthy()
			if !known {
				var rest [][]pyast.Stmt
				for _, cc := range n.Cases[i:] {
					rest = append(rest, cc.Body)
				}
				in.unknownBranch(fr, n.Pos, "assigned in a match statement whose guard could not be evaluated", g.EnvSet(), rest...)
				return ctlNext, v.None
			}
			if !truth {
				continue
			}
			f2 = withTaint(f2, g.EnvSet())
		}
		return in.execBlock(f2, c.Body)
	}
	return ctlNext, v.None
}

// matchPattern tells whether subj matches p, collecting capture bindings.
func (in *Interp) matchPattern(fr *frame, p pyast.Pattern, subj v.Value, binds map[string]v.Value) (matched, known bool) {
	switch pt := p.(type) {
	case *pyast.MatchAs:
		if pt.Pattern != nil {
			m, k := in.matchPattern(fr, pt.Pattern, subj, binds)
			if !k || !m {
				return m, k
			}
		}
		if pt.Name != "" {
			binds[pt.Name] = subj
		}
		return true, true
	case *pyast.MatchValue:
		if subj.IsUnknown() {
			return false, false
		}
		want := in.eval(fr, pt.Value)
		eq, k := v.Equal(subj, want)
		return eq, k
	case *pyast.MatchSingleton:
		if subj.IsUnknown() {
			return false, false
		}
		switch pt.Value {
		case pyast.ConstNone:
			return subj.IsNone(), true
		case pyast.ConstTrue:
			return subj.IsTrue(), true
		default:
			return subj.IsFalse(), true
		}
	case *pyast.MatchOr:
		for _, alt := range pt.Patterns {
			m, k := in.matchPattern(fr, alt, subj, binds)
			if !k {
				return false, false
			}
			if m {
				return true, true
			}
		}
		return false, true
	case *pyast.MatchSequence:
		if subj.IsUnknown() {
			return false, false
		}
		if subj.Kind() != v.KindList && subj.Kind() != v.KindTuple {
			if _, isObj := subj.AsObject(); isObj {
				return false, false
			}
			return false, true
		}
		elems, _ := subj.Elems()
		star := -1
		for i, sp := range pt.Patterns {
			if _, ok := sp.(*pyast.MatchStar); ok {
				star = i
			}
		}
		if star < 0 {
			if len(elems) != len(pt.Patterns) {
				return false, true
			}
			for i, sp := range pt.Patterns {
				if m, k := in.matchPattern(fr, sp, elems[i], binds); !k || !m {
					return m, k
				}
			}
			return true, true
		}
		after := len(pt.Patterns) - star - 1
		if len(elems) < star+after {
			return false, true
		}
		for i := 0; i < star; i++ {
			if m, k := in.matchPattern(fr, pt.Patterns[i], elems[i], binds); !k || !m {
				return m, k
			}
		}
		for i := 0; i < after; i++ {
			if m, k := in.matchPattern(fr, pt.Patterns[star+1+i], elems[len(elems)-after+i], binds); !k || !m {
				return m, k
			}
		}
		if name := pt.Patterns[star].(*pyast.MatchStar).Name; name != "" {
			binds[name] = v.NewList(append([]v.Value(nil), elems[star:len(elems)-after]...))
		}
		return true, true
	case *pyast.MatchMapping:
		if subj.IsUnknown() {
			return false, false
		}
		d, ok := subj.AsDict()
		if !ok {
			if _, isObj := subj.AsObject(); isObj {
				return false, false
			}
			return false, true
		}
		used := map[int]bool{}
		for i, kexpr := range pt.Keys {
			key := in.eval(fr, kexpr)
			val, found, hashable := d.Get(key)
			if !hashable {
				return false, false
			}
			if !found {
				return false, true
			}
			for j, k := range d.Keys() {
				if eq, _ := v.Equal(k, key); eq {
					used[j] = true
				}
			}
			if m, k := in.matchPattern(fr, pt.Patterns[i], val, binds); !k || !m {
				return m, k
			}
		}
		if pt.Rest != "" {
			rest := v.NewDictStore()
			for j, k := range d.Keys() {
				if !used[j] {
					rest.Set(k, d.Values()[j])
				}
			}
			binds[pt.Rest] = v.NewDict(rest)
		}
		return true, true
	case *pyast.MatchClass:
		cls := in.eval(fr, pt.Cls)
		c, ok := classOf(cls)
		if !ok || c.builtin == "" || subj.IsUnknown() || len(pt.KwdAttrs) > 0 || len(pt.Patterns) > 1 {
			return false, false
		}
		tn := subj.TypeName()
		if !(tn == c.builtin || c.builtin == "int" && tn == "bool") {
			return false, true
		}
		if len(pt.Patterns) == 1 {
			return in.matchPattern(fr, pt.Patterns[0], subj, binds)
		}
		return true, true
	}
	return false, false
}
