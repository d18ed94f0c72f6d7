module github.com/acme/loggers

go 1.21

require (
	github.com/sirupsen/logrus v1.9.3
	go.uber.org/zap v1.27.1
)

require (
	go.uber.org/multierr v1.10.0 // indirect
	golang.org/x/sys v0.0.0-20220715151400-c0bba94af5f8 // indirect
)
