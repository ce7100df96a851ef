package pyeval

import (
	"encoding/json"
	"math/big"
	"sort"
	"strings"

	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// decodeJSON converts JSON text to Python values as json.loads does.
func decodeJSON(s string) (v.Value, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return v.Value{}, err
	}
	return fromJSON(x), nil
}

func fromJSON(x any) v.Value {
	switch t := x.(type) {
	case nil:
		return v.None
	case bool:
		return v.Bool(t)
	case string:
		return v.Str(t)
	case json.Number:
		if b, ok := new(big.Int).SetString(string(t), 10); ok {
			return v.BigInt(b)
		}
		f, _ := t.Float64()
		return v.Float(f)
	case []any:
		out := make([]v.Value, len(t))
		for i, e := range t {
			out[i] = fromJSON(e)
		}
		return v.NewList(out)
	case map[string]any:
		d := v.NewDictStore()
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		// encoding/json loses key order; sort for determinism.
		sort.Strings(keys)
		for _, k := range keys {
			d.Set(v.Str(k), fromJSON(t[k]))
		}
		return v.NewDict(d)
	}
	return v.Unknown("JSON value")
}
