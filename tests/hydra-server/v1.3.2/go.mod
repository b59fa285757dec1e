module hydra-client/tests/hydra-server

go 1.22

// github.com/ory/hydra v1.2.3 (and v1.1.0-v1.3.1) are not served by the Go
// module proxy reachable here; v1.3.2 is the nearest version that is.
// See QUIRKS.md for the differences seen against a v1.2.3 build.
require (
	github.com/ory/hydra v1.3.2
	github.com/ory/x v0.0.93
)

require (
	github.com/PuerkitoBio/purell v1.1.1 // indirect
	github.com/PuerkitoBio/urlesc v0.0.0-20170810143723-de5bf2ad4578 // indirect
	github.com/asaskevich/govalidator v0.0.0-20190424111038-f61b66f89f4a // indirect
	github.com/beorn7/perks v1.0.1 // indirect
	github.com/cenkalti/backoff v2.2.1+incompatible // indirect
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/dgrijalva/jwt-go v3.2.0+incompatible // indirect
	github.com/fsnotify/fsnotify v1.4.7 // indirect
	github.com/go-bindata/go-bindata v3.1.1+incompatible // indirect
	github.com/go-openapi/analysis v0.19.6 // indirect
	github.com/go-openapi/errors v0.19.2 // indirect
	github.com/go-openapi/inflect v0.19.0 // indirect
	github.com/go-openapi/jsonpointer v0.19.3 // indirect
	github.com/go-openapi/jsonreference v0.19.2 // indirect
	github.com/go-openapi/loads v0.19.3 // indirect
	github.com/go-openapi/runtime v0.19.5 // indirect
	github.com/go-openapi/spec v0.19.3 // indirect
	github.com/go-openapi/strfmt v0.19.3 // indirect
	github.com/go-openapi/swag v0.19.5 // indirect
	github.com/go-openapi/validate v0.19.3 // indirect
	github.com/go-sql-driver/mysql v1.4.1 // indirect
	github.com/go-stack/stack v1.8.0 // indirect
	github.com/go-swagger/go-swagger v0.21.1-0.20200107003254-1c98855b472d // indirect
	github.com/gobuffalo/envy v1.6.15 // indirect
	github.com/gobuffalo/genny v0.0.0-20190315121735-8b38fb089e88 // indirect
	github.com/gobuffalo/gogen v0.0.0-20190315121717-8f38393713f5 // indirect
	github.com/gobuffalo/logger v0.0.0-20190315122211-86e12af44bc2 // indirect
	github.com/gobuffalo/mapi v1.0.1 // indirect
	github.com/gobuffalo/packd v0.0.0-20190315124812-a385830c7fc0 // indirect
	github.com/gobuffalo/packr v1.24.0 // indirect
	github.com/gobuffalo/packr/v2 v2.0.6 // indirect
	github.com/gobuffalo/syncx v0.0.0-20190224160051-33c29581e754 // indirect
	github.com/gobwas/glob v0.2.3 // indirect
	github.com/golang/gddo v0.0.0-20190904175337-72a348e765d2 // indirect
	github.com/golang/mock v1.3.1 // indirect
	github.com/golang/protobuf v1.3.2 // indirect
	github.com/google/uuid v1.1.1 // indirect
	github.com/gorilla/handlers v1.4.2 // indirect
	github.com/gorilla/securecookie v1.1.1 // indirect
	github.com/gorilla/sessions v1.1.4-0.20181208214519-12bd4761fc66 // indirect
	github.com/gtank/cryptopasta v0.0.0-20170601214702-1f550f6f2f69 // indirect
	github.com/hashicorp/hcl v1.0.0 // indirect
	github.com/inconshreveable/mousetrap v1.0.0 // indirect
	github.com/jessevdk/go-flags v1.4.0 // indirect
	github.com/jmoiron/sqlx v1.2.0 // indirect
	github.com/joho/godotenv v1.3.0 // indirect
	github.com/julienschmidt/httprouter v1.2.0 // indirect
	github.com/karrick/godirwalk v1.8.0 // indirect
	github.com/konsorten/go-windows-terminal-sequences v1.0.2 // indirect
	github.com/kr/pretty v0.1.0 // indirect
	github.com/kr/text v0.1.0 // indirect
	github.com/lib/pq v1.2.0 // indirect
	github.com/luna-duclos/instrumentedsql v1.1.2 // indirect
	github.com/magiconair/properties v1.8.1 // indirect
	github.com/mailru/easyjson v0.0.0-20190626092158-b2ccc519800e // indirect
	github.com/markbates/oncer v0.0.0-20181203154359-bf2de49a0be2 // indirect
	github.com/markbates/safe v1.0.1 // indirect
	github.com/mattn/go-runewidth v0.0.4 // indirect
	github.com/matttproud/golang_protobuf_extensions v1.0.1 // indirect
	github.com/mendsley/gojwk v0.0.0-20141217222730-4d5ec6e58103 // indirect
	github.com/mitchellh/go-homedir v1.1.0 // indirect
	github.com/mitchellh/mapstructure v1.1.2 // indirect
	github.com/mohae/deepcopy v0.0.0-20170929034955-c48cc78d4826 // indirect
	github.com/oleiade/reflections v1.0.0 // indirect
	github.com/olekukonko/tablewriter v0.0.1 // indirect
	github.com/opentracing/opentracing-go v1.1.1-0.20190913142402-a7454ce5950e // indirect
	github.com/ory/fosite v0.30.2 // indirect
	github.com/ory/go-acc v0.0.0-20181118080137-ddc355013f90 // indirect
	github.com/ory/go-convenience v0.1.0 // indirect
	github.com/ory/gojsonreference v0.0.0-20190720135523-6b606c2d8ee8 // indirect
	github.com/ory/gojsonschema v1.1.1-0.20190919112458-f254ca73d5e9 // indirect
	github.com/ory/graceful v0.1.1 // indirect
	github.com/ory/herodot v0.6.2 // indirect
	github.com/ory/sdk/swagutil v0.0.0-20200131170418-ead0c2285f93 // indirect
	github.com/ory/viper v1.5.6 // indirect
	github.com/pborman/uuid v1.2.0 // indirect
	github.com/pelletier/go-toml v1.6.0 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/pkg/profile v1.3.0 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	github.com/prometheus/client_golang v1.1.0 // indirect
	github.com/prometheus/client_model v0.0.0-20190129233127-fd36f4220a90 // indirect
	github.com/prometheus/common v0.6.0 // indirect
	github.com/prometheus/procfs v0.0.3 // indirect
	github.com/rogpeppe/go-internal v1.3.2 // indirect
	github.com/rs/cors v1.6.0 // indirect
	github.com/rubenv/sql-migrate v0.0.0-20190212093014-1007f53448d7 // indirect
	github.com/santhosh-tekuri/jsonschema v1.2.4 // indirect
	github.com/santhosh-tekuri/jsonschema/v2 v2.1.0 // indirect
	github.com/sawadashota/encrypta v0.0.2 // indirect
	github.com/segmentio/analytics-go v3.0.1+incompatible // indirect
	github.com/segmentio/backo-go v0.0.0-20160424052352-204274ad699c // indirect
	github.com/sirupsen/logrus v1.4.2 // indirect
	github.com/spf13/afero v1.2.2 // indirect
	github.com/spf13/cast v1.3.1 // indirect
	github.com/spf13/cobra v0.0.5 // indirect
	github.com/spf13/jwalterweatherman v1.1.0 // indirect
	github.com/spf13/pflag v1.0.5 // indirect
	github.com/spf13/viper v1.6.1 // indirect
	github.com/sqs/goreturns v0.0.0-20181028201513-538ac6014518 // indirect
	github.com/stretchr/testify v1.4.0 // indirect
	github.com/subosito/gotenv v1.2.0 // indirect
	github.com/tidwall/gjson v1.3.5 // indirect
	github.com/tidwall/match v1.0.1 // indirect
	github.com/tidwall/pretty v1.0.0 // indirect
	github.com/tidwall/sjson v1.0.4 // indirect
	github.com/toqueteos/webbrowser v1.2.0 // indirect
	github.com/uber/jaeger-client-go v2.16.0+incompatible // indirect
	github.com/uber/jaeger-lib v2.0.0+incompatible // indirect
	github.com/urfave/negroni v1.0.0 // indirect
	github.com/xeipuuv/gojsonpointer v0.0.0-20180127040702-4e3ac2762d5f // indirect
	github.com/xtgo/uuid v0.0.0-20140804021211-a0b114877d4c // indirect
	go.mongodb.org/mongo-driver v1.1.1 // indirect
	go.opentelemetry.io/otel v0.2.1 // indirect
	golang.org/x/crypto v0.0.0-20200117160349-530e935923ad // indirect
	golang.org/x/net v0.0.0-20200114155413-6afb5195e5aa // indirect
	golang.org/x/oauth2 v0.0.0-20190604053449-0f29369cfe45 // indirect
	golang.org/x/sync v0.0.0-20190423024810-112230192c58 // indirect
	golang.org/x/sys v0.0.0-20200122134326-e047566fdf82 // indirect
	golang.org/x/text v0.3.2 // indirect
	golang.org/x/tools v0.0.0-20200203023011-6f24f261dadb // indirect
	google.golang.org/appengine v1.6.2 // indirect
	google.golang.org/grpc v1.24.0 // indirect
	gopkg.in/gorp.v1 v1.7.2 // indirect
	gopkg.in/ini.v1 v1.51.1 // indirect
	gopkg.in/square/go-jose.v2 v2.3.1 // indirect
	gopkg.in/yaml.v2 v2.2.7 // indirect
)

// Repeated from github.com/ory/hydra's own go.mod (replace directives of a
// dependency are ignored by Go, so the main module has to restate them).
replace git.apache.org/thrift.git => github.com/apache/thrift v0.0.0-20180902110319-2566ecd5d999

replace github.com/golang/lint => github.com/golang/lint v0.0.0-20190227174305-8f45f776aaf1
