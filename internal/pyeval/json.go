package pyeval

import (
	v "github.com/deploycheck/deploycheck/internal/pyvalue"
)

// decodeJSON converts JSON text to Python values as json.loads does,
// keeping the order of object keys.
func decodeJSON(s string) (v.Value, error) {
	return jsonLoadsOrdered(s)
}
