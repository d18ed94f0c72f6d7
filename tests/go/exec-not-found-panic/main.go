// Triggers: panic with `exec: "wkhtmltopdf": executable file not found in $PATH`.
package main

import (
	"os/exec"
)

func renderPDF(htmlPath, pdfPath string) []byte {
	out, err := exec.Command("wkhtmltopdf", "--quiet", htmlPath, pdfPath).Output()
	if err != nil {
		panic(err)
	}
	return out
}

func main() {
	renderPDF("/tmp/invoice.html", "/tmp/invoice.pdf")
}
