package pyparse

import "github.com/deploycheck/deploycheck/internal/pyast"

// slab hands out nodes of one type from shared chunks, so a parse makes a
// few large allocations instead of one per node. The whole tree lives and
// dies together, so sharing chunks costs no memory in practice.
type slab[T any] struct {
	buf []T
}

func (s *slab[T]) alloc() *T {
	if len(s.buf) == cap(s.buf) {
		s.buf = make([]T, 0, 128)
	}
	s.buf = s.buf[:len(s.buf)+1]
	return &s.buf[len(s.buf)-1]
}

// nodeSlabs holds the slabs of the most frequent node types.
type nodeSlabs struct {
	names     slab[pyast.Name]
	constants slab[pyast.Constant]
	attrs     slab[pyast.Attribute]
	calls     slab[pyast.Call]
}

func (p *parser) newName(pos pyast.Pos, id string, ctx pyast.ExprContext) *pyast.Name {
	n := p.slabs.names.alloc()
	n.Pos, n.ID, n.Ctx = pos, id, ctx
	return n
}

func (p *parser) newConst(c pyast.Constant) *pyast.Constant {
	n := p.slabs.constants.alloc()
	*n = c
	return n
}
