// Command hydra-server builds the ORY Hydra server binary used by the
// ory-hydra-v1-client integration tests. It only runs Hydra's own CLI, exactly as
// Hydra's upstream main package does; see scripts/hydra.sh and QUIRKS.md.
package main

import (
	"github.com/ory/hydra/cmd"
	"github.com/ory/x/profilex"
)

func main() {
	defer profilex.Profile().Stop()

	cmd.Execute()
}
