// Command deploycheck audits a Django project against the deployment
// checklist. See README.md.
package main

import (
	"os"

	"github.com/deploycheck/deploycheck/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
