// Triggers: panic: regexp: Compile(`...`): error parsing regexp: ...
package main

import (
	"fmt"
	"regexp"
)

var routes = map[string]string{
	"user":  `^/users/(\d+)$`,
	"order": `^/orders/(?P<id>[0-9+)$`,
}

func compileRoutes() map[string]*regexp.Regexp {
	out := map[string]*regexp.Regexp{}
	for _, name := range []string{"user", "order"} {
		out[name] = regexp.MustCompile(routes[name])
	}
	return out
}

func main() {
	fmt.Println(len(compileRoutes()))
}
