package settings

import (
	"strings"
	"sync"
)

// djangoViewModules maps a Django views module to its top-level names.
var djangoViewModules = sync.OnceValue(func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, line := range strings.Split(djangoViewNames, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		names := map[string]bool{}
		for _, n := range fields[1:] {
			names[n] = true
		}
		out[fields[0]] = names
	}
	return out
})

// DjangoViewAttr tells whether a Django views module defines name at top
// level; known is false for modules outside the table.
func DjangoViewAttr(module, name string) (has, known bool) {
	names, ok := djangoViewModules()[module]
	if !ok {
		return false, false
	}
	return names[name], true
}
