package deployfiles

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// node is a YAML value with the line it starts on. Aliases are resolved and
// merge keys (<<) applied, so readers of compose and Kubernetes files see
// plain maps, lists and scalars.
type node struct {
	kind nodeKind
	line int
	// str is a scalar's text, as the YAML value would be printed (true,
	// 8000, a string without its quotes).
	str string
	// keys and vals are a map's entries in order; seq is a list's items.
	keys []*node
	vals []*node
	seq  []*node
}

type nodeKind uint8

const (
	nullNode nodeKind = iota
	scalarNode
	mapNode
	seqNode
)

// get returns the value of a map's key, or nil.
func (n *node) get(key string) *node {
	_, v := n.entry(key)
	return v
}

// entry returns the key node and the value of a map's key, or nils.
func (n *node) entry(key string) (k, v *node) {
	if n == nil || n.kind != mapNode {
		return nil, nil
	}
	for i, k := range n.keys {
		if k.str == key {
			return k, n.vals[i]
		}
	}
	return nil, nil
}

// list returns a list's items, or nil when n is not a list.
func (n *node) list() []*node {
	if n == nil || n.kind != seqNode {
		return nil
	}
	return n.seq
}

// text returns a scalar's text and whether n is a scalar.
func (n *node) text() (string, bool) {
	if n == nil || n.kind != scalarNode {
		return "", false
	}
	return n.str, true
}

// kindName names the node's kind for error messages.
func (n *node) kindName() string {
	if n == nil {
		return "nothing"
	}
	switch n.kind {
	case scalarNode:
		return "a single value"
	case mapNode:
		return "a mapping"
	case seqNode:
		return "a list"
	}
	return "null"
}

// yamlLimits bound the work of one file: alias expansion can multiply a
// small document into a huge one ("billion laughs").
const (
	maxYAMLNodes = 200000
	maxYAMLDepth = 200
)

// parseYAML parses every document of a YAML file. On a syntax error it
// returns the error with its line and no documents.
func parseYAML(data []byte) (docs []*node, err error) {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(err)
	}
	c := &yamlConverter{anchors: map[string]*node{}}
	for _, d := range f.Docs {
		if d == nil {
			continue
		}
		n, err := c.convert(d.Body, 0)
		if err != nil {
			return docs, err
		}
		if n != nil {
			docs = append(docs, n)
		}
	}
	return docs, nil
}

// yamlSyntaxError is a YAML error with the line it points at.
type yamlSyntaxError struct {
	line int
	msg  string
}

func (e *yamlSyntaxError) Error() string { return e.msg }

func yamlError(err error) error {
	var te interface {
		GetMessage() string
		GetToken() *token.Token
	}
	if errors.As(err, &te) {
		line := 0
		if tk := te.GetToken(); tk != nil && tk.Position != nil {
			line = tk.Position.Line
		}
		return &yamlSyntaxError{line: line, msg: te.GetMessage()}
	}
	return &yamlSyntaxError{msg: err.Error()}
}

// errLine returns the line a YAML error points at, or 0.
func errLine(err error) int {
	var se *yamlSyntaxError
	if errors.As(err, &se) {
		return se.line
	}
	return 0
}

type yamlConverter struct {
	anchors map[string]*node
	count   int
}

func tokenLine(n ast.Node) int {
	if n == nil {
		return 0
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 0
}

func (c *yamlConverter) convert(n ast.Node, depth int) (*node, error) {
	if n == nil {
		return nil, nil
	}
	c.count++
	if c.count > maxYAMLNodes {
		return nil, &yamlSyntaxError{line: tokenLine(n), msg: "document too large (too many values after expanding aliases)"}
	}
	if depth > maxYAMLDepth {
		return nil, &yamlSyntaxError{line: tokenLine(n), msg: "values nested too deeply"}
	}
	line := tokenLine(n)
	switch v := n.(type) {
	case *ast.DocumentNode:
		return c.convert(v.Body, depth+1)
	case *ast.NullNode:
		return &node{kind: nullNode, line: line}, nil
	case *ast.CommentNode, *ast.CommentGroupNode:
		return nil, nil
	case *ast.TagNode:
		return c.convert(v.Value, depth+1)
	case *ast.AnchorNode:
		val, err := c.convert(v.Value, depth+1)
		if err != nil {
			return nil, err
		}
		if v.Name != nil && val != nil {
			c.anchors[v.Name.GetToken().Value] = val
		}
		return val, nil
	case *ast.AliasNode:
		if v.Value == nil {
			return nil, &yamlSyntaxError{line: line, msg: "alias without a name"}
		}
		name := v.Value.GetToken().Value
		target, ok := c.anchors[name]
		if !ok {
			return nil, &yamlSyntaxError{line: line, msg: fmt.Sprintf("unknown anchor %q", name)}
		}
		c.count += target.size()
		if c.count > maxYAMLNodes {
			return nil, &yamlSyntaxError{line: line, msg: "document too large (too many values after expanding aliases)"}
		}
		return target, nil
	case *ast.MappingNode:
		m := &node{kind: mapNode, line: line}
		for _, mv := range v.Values {
			if err := c.addEntry(m, mv, depth+1); err != nil {
				return nil, err
			}
		}
		if len(v.Values) > 0 {
			m.line = tokenLine(v.Values[0].Key)
		}
		return m, nil
	case *ast.MappingValueNode:
		m := &node{kind: mapNode, line: tokenLine(v.Key)}
		if err := c.addEntry(m, v, depth+1); err != nil {
			return nil, err
		}
		return m, nil
	case *ast.SequenceNode:
		s := &node{kind: seqNode, line: line}
		for _, item := range v.Values {
			x, err := c.convert(item, depth+1)
			if err != nil {
				return nil, err
			}
			if x == nil {
				x = &node{kind: nullNode, line: tokenLine(item)}
			}
			s.seq = append(s.seq, x)
		}
		return s, nil
	case *ast.StringNode:
		return &node{kind: scalarNode, line: line, str: v.Value}, nil
	case *ast.LiteralNode:
		if v.Value == nil {
			return &node{kind: scalarNode, line: line}, nil
		}
		return &node{kind: scalarNode, line: line, str: v.Value.Value}, nil
	case ast.ScalarNode:
		// Numbers, booleans, infinities, NaN: keep them as written, which
		// is how compose passes them on as strings.
		return &node{kind: scalarNode, line: line, str: v.GetToken().Value}, nil
	}
	return nil, &yamlSyntaxError{line: line, msg: fmt.Sprintf("unexpected YAML node %s", n.Type())}
}

// addEntry adds one key: value pair to m, applying a merge key (<<).
func (c *yamlConverter) addEntry(m *node, mv *ast.MappingValueNode, depth int) error {
	if mv.Key != nil && mv.Key.IsMergeKey() {
		src, err := c.convert(mv.Value, depth)
		if err != nil {
			return err
		}
		var maps []*node
		switch {
		case src == nil:
		case src.kind == mapNode:
			maps = []*node{src}
		case src.kind == seqNode:
			maps = src.seq
		}
		for _, sm := range maps {
			if sm == nil || sm.kind != mapNode {
				continue
			}
			for i, k := range sm.keys {
				if m.get(k.str) == nil {
					m.keys = append(m.keys, k)
					m.vals = append(m.vals, sm.vals[i])
				}
			}
		}
		return nil
	}
	k, err := c.convert(mv.Key, depth)
	if err != nil {
		return err
	}
	if k == nil {
		k = &node{kind: nullNode, line: tokenLine(mv.Key)}
	}
	v, err := c.convert(mv.Value, depth)
	if err != nil {
		return err
	}
	if v == nil {
		v = &node{kind: nullNode, line: k.line}
	}
	// A later key replaces an earlier one, including one merged in.
	for i, old := range m.keys {
		if old.str == k.str {
			m.keys[i], m.vals[i] = k, v
			return nil
		}
	}
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
	return nil
}

// size counts the nodes under n, bounded by maxYAMLNodes.
func (n *node) size() int {
	if n == nil {
		return 0
	}
	total := 1
	for _, x := range n.vals {
		total += x.size()
		if total > maxYAMLNodes {
			return total
		}
	}
	for _, x := range n.seq {
		total += x.size()
		if total > maxYAMLNodes {
			return total
		}
	}
	return total
}
