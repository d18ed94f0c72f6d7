// Triggers: panic: template: email:1: function "upper" not defined (template.Must).
package main

import (
	"os"
	"text/template"
)

const emailTmpl = `Hello {{.Name | upper}}, your order {{.ID}} has shipped.`

func loadTemplates() *template.Template {
	return template.Must(template.New("email").Parse(emailTmpl))
}

func main() {
	t := loadTemplates()
	t.Execute(os.Stdout, map[string]string{"Name": "ann", "ID": "42"})
}
