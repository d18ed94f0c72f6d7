module github.com/acme/panicdemo

go 1.19
