// Triggers: panic: reflect: Call with too few input arguments.
package main

import (
	"fmt"
	"reflect"
)

type Service struct{}

func (Service) Greet(name string, times int) string {
	return fmt.Sprint(name, times)
}

func invoke(target interface{}, method string, args ...interface{}) []reflect.Value {
	m := reflect.ValueOf(target).MethodByName(method)
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	return m.Call(in)
}

func main() {
	fmt.Println(invoke(Service{}, "Greet", "ann"))
}
