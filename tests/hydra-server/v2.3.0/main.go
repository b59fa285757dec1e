// Command hydra-server builds the ORY Hydra v2 server binary the live v2 suite runs
// against. It only runs Hydra's own CLI, as Hydra's upstream main package does;
// see scripts/hydra.sh and QUIRKS.md ("v2.3.0").
package main

import (
	"github.com/ory/hydra/v2/cmd"
	"github.com/ory/x/profilex"
)

func main() {
	defer profilex.Profile().Stop()

	cmd.Execute()
}
