// Triggers: panic: reflect.Set: value of type string is not assignable to type int.
package main

import (
	"fmt"
	"reflect"
)

type Settings struct {
	Port int
	Host string
}

func setField(dst interface{}, name string, value interface{}) {
	f := reflect.ValueOf(dst).Elem().FieldByName(name)
	f.Set(reflect.ValueOf(value))
}

func main() {
	s := &Settings{}
	setField(s, "Host", "localhost")
	setField(s, "Port", "8080") // env value not converted
	fmt.Println(s)
}
